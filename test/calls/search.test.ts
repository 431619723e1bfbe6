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
