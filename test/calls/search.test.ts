import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { searchCalls, toFtsQuery } from '../../src/calls/search.js';
import { seedCall } from '../api/helpers.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
const ids: Record<string, number> = {};
const TODAY = '2026-03-10';
const page = { limit: 50, offset: 0 };

beforeEach(() => {
  ctx = createTestContext();
  const db = ctx.db;
  ids.fse = seedCall(db, {
    title: 'FSE+ : inclusion numérique des publics éloignés',
    summary: "Le Fonds social européen soutient les associations d'accompagnement au numérique.",
    funder: 'eu', regions: ['Provence-Alpes-Côte d’Azur'], deadlines: ['2026-04-30'], source: 'europe-paca', firstSeen: '2026-03-01T08:00:00Z',
  });
  ids.fondation = seedCall(db, {
    title: 'Appel à projets Tiers-lieux solidaires',
    summary: 'Une fondation finance les tiers-lieux et fablabs associatifs.',
    body: 'Les structures de médiation numérique peuvent candidater.',
    funder: 'foundation', categories: ['inclusion'], deadlines: ['2026-02-15'], source: 'fondation-de-france', firstSeen: '2026-02-01T08:00:00Z',
  });
  ids.etat = seedCall(db, {
    title: 'Conseillers numériques : nouvelle vague',
    summary: "L'État finance des postes de conseillers numériques.",
    funder: 'state', deadlines: [], source: 'anct', firstSeen: '2026-03-05T08:00:00Z',
  });
  ids.closed = seedCall(db, {
    title: 'Programme clos pour les associations',
    funder: 'region', regions: ['Provence-Alpes-Côte d’Azur'], status: 'closed', deadlines: ['2026-12-01'], source: 'anct', firstSeen: '2026-01-01T08:00:00Z',
  });
  // Two deadlines: the first passed, the second ahead, though next_deadline was stored before the first passed.
  ids.twoRounds = seedCall(db, {
    title: 'Appel en deux vagues : Numérique responsable',
    funder: 'department', deadlines: ['2026-02-01', '2026-06-01'], source: 'departement', firstSeen: '2026-01-15T08:00:00Z',
  });
  db.prepare(`UPDATE calls SET next_deadline = '2026-02-01' WHERE id = ?`).run(ids.twoRounds);
  // The same call carried by a second source.
  db.prepare(`INSERT INTO sources (id, name, created_at) VALUES ('aides-territoires', 'Aides-territoires', 'x')`).run();
  db.prepare(
    `INSERT INTO call_sources (source_id, item_key, call_id, url, first_seen_at, last_seen_at) VALUES ('aides-territoires', 'a1', ?, 'https://aides.example/a1', 'y', 'y')`,
  ).run(ids.fse);
});
afterEach(() => ctx.cleanup());

function found(filters: Parameters<typeof searchCalls>[1]): number[] {
  return searchCalls(ctx.db, { today: TODAY, ...filters }, page).items.map((c) => c.id);
}

describe('toFtsQuery', () => {
  test('every token is quoted; operators and punctuation become text', () => {
    expect(toFtsQuery('tiers-lieux')).toBe('"tier"* "lieux"*');
    expect(toFtsQuery('associations')).toBe('"associ"*');
    expect(toFtsQuery('"médiation numérique"')).toBe('"mediation numerique"');
    expect(toFtsQuery('AND OR NOT NEAR( * : - "')).toBe('"or"* "not"* "near"*');
    expect(toFtsQuery('pour les')).toBeNull();
    expect(toFtsQuery('"" * :')).toBeNull();
  });
});

describe('searchCalls', () => {
  test('full text: accents folded, French word forms, prefixes, phrases', () => {
    expect(found({ q: 'numerique' }).sort()).toEqual([ids.fse, ids.fondation, ids.etat, ids.twoRounds].sort());
    expect(found({ q: 'NUMÉRIQUE inclusion' })).toEqual([ids.fse]);
    expect(found({ q: 'association' })).toEqual(expect.arrayContaining([ids.fse, ids.closed, ids.fondation]));
    expect(found({ q: 'tiers lieu' })).toEqual([ids.fondation]);
    expect(found({ q: 'fabl' })).toEqual([ids.fondation]);
    expect(found({ q: '"médiation numérique"' })).toEqual([ids.fondation]);
    expect(found({ q: '"numérique médiation"' })).toEqual([]);
    expect(found({ q: 'conseiller' })).toEqual([ids.etat]);
  });

  test('the title weighs most in the ranking', () => {
    const res = found({ q: 'numérique' });
    expect(res.indexOf(ids.fondation)).toBeGreaterThan(res.indexOf(ids.fse));
  });

  test('FTS syntax and SQL in q never break the query', () => {
    for (const q of ['"', '""', '*', 'NEAR(', 'NEAR(a b', 'AND OR NOT', '-numérique', 'title:fse', 'a:b', "'; DROP TABLE calls; --", '^2', '(((', 'numérique*"', '\\', '%_']) {
      expect(() => searchCalls(ctx.db, { q, today: TODAY }, page), q).not.toThrow();
    }
    expect(found({ q: 'title:inclusion' })).toEqual([]);
    expect(found({ q: '-numérique inclusion' })).toEqual([ids.fse]);
    expect(ctx.db.prepare('SELECT count(*) AS n FROM calls').get()).toEqual({ n: 5 });
  });

  test('filters: source, category (funder type or category), region', () => {
    expect(found({ source: 'anct' }).sort()).toEqual([ids.etat, ids.closed].sort());
    expect(found({ source: 'aides-territoires' })).toEqual([ids.fse]);
    expect(found({ category: 'eu' })).toEqual([ids.fse]);
    expect(found({ category: 'inclusion' })).toEqual([ids.fondation]);
    expect(found({ region: 'provence-alpes-côte d’azur' }).sort()).toEqual([ids.fse, ids.closed].sort());
    expect(found({ source: 'nope' })).toEqual([]);
  });

  test('open: status open and deadline unknown or not passed, judged on today', () => {
    expect(found({ open: true }).sort()).toEqual([ids.fse, ids.etat, ids.twoRounds].sort());
    expect(found({ open: false }).sort()).toEqual([ids.fondation, ids.closed].sort());
    expect(found({ open: true, today: '2026-02-10' }).sort()).toEqual([ids.fse, ids.fondation, ids.etat, ids.twoRounds].sort());
  });

  test('deadline_before and deadline_after are inclusive, on the next deadline', () => {
    expect(found({ deadlineBefore: '2026-04-30' })).toEqual(expect.arrayContaining([ids.fse, ids.fondation]));
    expect(found({ deadlineBefore: '2026-04-30' })).not.toContain(ids.twoRounds);
    expect(found({ deadlineAfter: '2026-05-01' }).sort()).toEqual([ids.closed, ids.twoRounds].sort());
    expect(found({ deadlineAfter: '2026-04-01', deadlineBefore: '2026-06-01', open: true }).sort()).toEqual([ids.fse, ids.twoRounds].sort());
  });

  test('results carry their sources; pages are stable and total counts them all', () => {
    const [fse] = searchCalls(ctx.db, { q: 'FSE', today: TODAY }, page).items;
    expect(fse!.sources.map((s) => s.id).sort()).toEqual(['aides-territoires', 'europe-paca']);
    const all = found({});
    expect(all).toEqual([ids.etat, ids.fse, ids.fondation, ids.twoRounds, ids.closed]);
    const paged = [0, 2, 4].flatMap((offset) => searchCalls(ctx.db, { today: TODAY }, { limit: 2, offset }).items.map((c) => c.id));
    expect(paged).toEqual(all);
    expect(searchCalls(ctx.db, { today: TODAY }, { limit: 2, offset: 0 }).total).toBe(5);
    expect(searchCalls(ctx.db, { q: 'numérique', today: TODAY }, { limit: 1, offset: 0 }).total).toBe(4);
  });
});

// A few hundred calls drawn from a small vocabulary, so that queries match more than a page and tie on scores.
describe('searchCalls on a larger corpus', () => {
  const WORDS = ['numérique', 'inclusion', 'associations', 'tiers-lieux', 'médiation', 'fonds', 'emploi', 'jeunesse', 'culture', 'dépôt', 'solidaire', 'formation'];
  const REGIONS = ['Occitanie', 'Bretagne', 'Île-de-France'];
  const FUNDERS = ['eu', 'state', 'region', 'foundation'];
  let big: TestContext;

  function seeded(): void {
    big = createTestContext();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
    for (let i = 0; i < 300; i += 1) {
      seedCall(big.db, {
        title: `Appel ${words(3)}`,
        summary: words(6),
        body: words(20),
        funder: pick(FUNDERS),
        regions: random() < 0.5 ? [pick(REGIONS)] : [],
        categories: random() < 0.3 ? ['inclusion'] : [],
        deadlines: random() < 0.7 ? [`2026-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`] : [],
        status: random() < 0.1 ? 'closed' : 'open',
        source: pick(['anct', 'europe', 'fdf']),
        // Many calls seen at the same second: the order must still be total.
        firstSeen: `2026-02-0${1 + Math.floor(random() * 5)}T08:00:00Z`,
      });
    }
  }
  afterEach(() => big?.cleanup());

  const all = (filters: Parameters<typeof searchCalls>[1]) => searchCalls(big.db, { today: TODAY, ...filters }, { limit: 200, offset: 0 });
  const everyId = (filters: Parameters<typeof searchCalls>[1]): number[] => {
    const ids: number[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = searchCalls(big.db, { today: TODAY, ...filters }, { limit: 200, offset });
      ids.push(...page.items.map((c) => c.id));
      if (page.items.length < 200) return ids;
    }
  };
  const FILTERS: Parameters<typeof searchCalls>[1][] = [
    {}, { source: 'anct' }, { category: 'eu' }, { category: 'inclusion' }, { region: 'bretagne' }, { open: true }, { open: false },
    { deadlineBefore: '2026-05-01' }, { deadlineAfter: '2026-04-15', open: true }, { source: 'europe', region: 'occitanie', open: true },
  ];
  const QUERIES = ['numérique', 'numeriques inclusion', 'dép', 'tiers lieu', '"fonds emploi"', 'jeunesse culture formation', 'appel'];

  test('ranking on the index alone gives the order of ranking joined rows: bm25 weights, then id', () => {
    seeded();
    for (const q of QUERIES) {
      const fts = toFtsQuery(q)!;
      const joined = big.db
        .prepare(`SELECT c.id FROM calls_fts JOIN calls c ON c.id = calls_fts.rowid WHERE calls_fts MATCH ? ORDER BY bm25(calls_fts, 10.0, 4.0, 1.0), c.id`)
        .pluck()
        .all(fts) as number[];
      expect(joined.length, q).toBeGreaterThan(0);
      expect(everyId({ q }), q).toEqual(joined);
      expect(all({ q }).total, q).toBe(joined.length);
    }
  });

  test('q with filters keeps the ranking of q alone, restricted to what the filters keep', () => {
    seeded();
    for (const filters of FILTERS) {
      const kept = new Set(everyId(filters));
      for (const q of QUERIES) {
        const expected = everyId({ q }).filter((id) => kept.has(id));
        expect(everyId({ q, ...filters }), `${q} ${JSON.stringify(filters)}`).toEqual(expected);
        expect(all({ q, ...filters }).total, `${q} ${JSON.stringify(filters)}`).toBe(expected.length);
      }
    }
  });

  test('pages of any size put together give the whole list once, each with the same total', () => {
    seeded();
    for (const filters of [{}, { q: 'numérique' }, { q: 'inclusion', open: true }, { region: 'bretagne' }]) {
      const whole = everyId(filters);
      const total = all(filters).total;
      expect(total).toBe(whole.length);
      for (const limit of [1, 7, 50]) {
        const pieces: number[] = [];
        for (let offset = 0; offset < whole.length + limit; offset += limit) {
          const page = searchCalls(big.db, { today: TODAY, ...filters }, { limit, offset });
          expect(page.total, `${JSON.stringify(filters)} limit ${limit} offset ${offset}`).toBe(total);
          pieces.push(...page.items.map((c) => c.id));
        }
        expect(pieces).toEqual(whole);
      }
    }
  });

  test('filters keep exactly the calls a plain reading of each row keeps', () => {
    seeded();
    // Some stored next deadlines left behind, as before the daily refresh moves them on.
    big.db.prepare(`UPDATE calls SET next_deadline = json_extract(deadlines, '$[0]') WHERE id % 4 = 0`).run();
    big.db.prepare(`UPDATE calls SET deadlines = json_insert(deadlines, '$[#]', '2026-09-30') WHERE id % 8 = 0`).run();
    const rows = big.db.prepare('SELECT c.*, (SELECT group_concat(source_id) FROM call_sources WHERE call_id = c.id) AS srcs FROM calls c').all() as {
      id: number; status: string; funder: string; regions: string; categories: string; deadlines: string; next_deadline: string | null; srcs: string;
    }[];
    const next = (r: (typeof rows)[number]) => (JSON.parse(r.deadlines) as string[]).filter((d) => d >= TODAY).sort()[0] ?? r.next_deadline;
    const isOpen = (r: (typeof rows)[number]) => r.status === 'open' && (next(r) === null || next(r)! >= TODAY);
    const expected = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).map((r) => r.id).sort((a, b) => a - b);
    const got = (filters: Parameters<typeof searchCalls>[1]) => everyId(filters).sort((a, b) => a - b);
    expect(got({ open: true })).toEqual(expected(isOpen));
    expect(got({ open: false })).toEqual(expected((r) => !isOpen(r)));
    expect(got({ open: true }).length).toBeGreaterThan(20);
    expect(got({ open: false }).length).toBeGreaterThan(20);
    expect(got({ deadlineBefore: '2026-05-01' })).toEqual(expected((r) => next(r) !== null && next(r)! <= '2026-05-01'));
    expect(got({ deadlineAfter: '2026-04-15' })).toEqual(expected((r) => next(r) !== null && next(r)! >= '2026-04-15'));
    expect(got({ region: 'BRETAGNE' })).toEqual(expected((r) => JSON.parse(r.regions).includes('Bretagne')));
    expect(got({ category: 'inclusion' })).toEqual(expected((r) => JSON.parse(r.categories).includes('inclusion')));
    expect(got({ category: 'eu' })).toEqual(expected((r) => r.funder === 'eu'));
    expect(got({ source: 'fdf', open: true })).toEqual(expected((r) => r.srcs === 'fdf' && isOpen(r)));
  });

  test('list items leave the full text out', () => {
    seeded();
    const [first] = all({ q: 'numérique' }).items;
    expect(first).not.toHaveProperty('body');
    expect(first!.sources).toHaveLength(1);
  });
});
