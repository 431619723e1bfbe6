import { afterEach, beforeAll, afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { callPageJson } from '../../src/api/json.js';
import { SearchError, SearchPool } from '../../src/calls/search-pool.js';
import { searchCalls, type CallFilters } from '../../src/calls/search.js';
import { seedCall } from '../api/helpers.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

const TODAY = '2026-03-10';
const WORDS = ['numérique', 'inclusion', 'associations', 'tiers-lieux', 'médiation', 'fonds', 'emploi', 'dépôt', 'culture'];

let ctx: TestContext;
let pool: SearchPool | null = null;

beforeAll(() => {
  ctx = createTestContext();
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  for (let i = 0; i < 200; i += 1) {
    seedCall(ctx.db, {
      title: `Appel ${words(3)}`,
      summary: words(6),
      body: words(15),
      funder: pick(['eu', 'state', 'region']),
      regions: random() < 0.5 ? [pick(['Occitanie', 'Bretagne'])] : [],
      deadlines: random() < 0.7 ? [`2026-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`] : [],
      source: pick(['anct', 'europe']),
      firstSeen: `2026-02-0${1 + Math.floor(random() * 5)}T08:00:00Z`,
    });
  }
});
afterAll(() => ctx.cleanup());
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('SearchPool', () => {
  test('answers exactly what the search on this thread answers: same calls, order, sources and total', async () => {
    pool = new SearchPool(ctx.db.name, 2);
    const cases: CallFilters[] = [
      {}, { q: 'numérique' }, { q: 'dép' }, { q: 'tiers lieu', open: true }, { q: '"fonds emploi"' }, { region: 'bretagne' },
      { q: 'inclusion', source: 'anct', deadlineAfter: '2026-04-01' }, { q: 'rien-de-tel' }, { q: 'NEAR( "' },
    ];
    for (const filters of cases) {
      for (const page of [{ limit: 20, offset: 0 }, { limit: 7, offset: 14 }]) {
        const here = searchCalls(ctx.db, { ...filters, today: TODAY }, page);
        const there = await pool.search({ ...filters, today: TODAY }, page);
        expect(there, `${JSON.stringify(filters)} ${JSON.stringify(page)}`).toEqual(here);
      }
    }
    expect((await pool.search({ q: 'numérique', today: TODAY }, { limit: 5, offset: 0 })).total).toBeGreaterThan(5);
  });

  test('answers the JSON text of the API page, the same as the page made on this thread', async () => {
    pool = new SearchPool(ctx.db.name, 1);
    for (const filters of [{ q: 'numérique' }, {}, { q: 'rien-de-tel' }]) {
      const json = await pool.searchJson({ ...filters, today: TODAY }, { limit: 10, offset: 0 });
      expect(json).toBe(JSON.stringify(callPageJson(searchCalls(ctx.db, { ...filters, today: TODAY }, { limit: 10, offset: 0 }), TODAY)));
    }
  });

  test('searches sent together are all answered, each with its own result', async () => {
    pool = new SearchPool(ctx.db.name, 2);
    const queries = ['numérique', 'culture', 'dép', 'médiation fonds', 'emploi'].flatMap((q) => [q, q, q]);
    const results = await Promise.all(queries.map((q) => pool!.search({ q, today: TODAY }, { limit: 10, offset: 0 })));
    results.forEach((result, i) => expect(result).toEqual(searchCalls(ctx.db, { q: queries[i], today: TODAY }, { limit: 10, offset: 0 })));
  });

  test('sees what was written after it started', async () => {
    pool = new SearchPool(ctx.db.name, 1);
    expect((await pool.search({ q: 'zythologie', today: TODAY }, { limit: 10, offset: 0 })).total).toBe(0);
    const id = seedCall(ctx.db, { title: 'Zythologie associative', source: 'anct' });
    expect((await pool.search({ q: 'zythologie', today: TODAY }, { limit: 10, offset: 0 })).items.map((c) => c.id)).toEqual([id]);
    ctx.db.prepare('DELETE FROM calls WHERE id = ?').run(id);
    expect((await pool.search({ q: 'zythologie', today: TODAY }, { limit: 10, offset: 0 })).total).toBe(0);
  });

  test('a search that fails is rejected, and the next ones are answered', async () => {
    pool = new SearchPool(ctx.db.name, 1);
    // A value SQLite cannot bind: the search throws inside the thread.
    const bad = { source: { not: 'a string' } } as unknown as CallFilters;
    await expect(pool.search(bad, { limit: 10, offset: 0 })).rejects.toThrow(SearchError);
    // Filters that cannot even be sent to a thread.
    const unsendable = { q: 'numérique', today: () => TODAY } as unknown as CallFilters;
    await expect(pool.search(unsendable, { limit: 10, offset: 0 })).rejects.toThrow(/not sent/);
    const again = await pool.search({ q: 'numérique', today: TODAY }, { limit: 10, offset: 0 });
    expect(again).toEqual(searchCalls(ctx.db, { q: 'numérique', today: TODAY }, { limit: 10, offset: 0 }));
  });

  test('a thread that cannot open the database fails each search instead of hanging or restarting in a loop', async () => {
    pool = new SearchPool(join(ctx.dir, 'missing', 'nothing.db'), 2);
    const results = await Promise.allSettled([1, 2, 3].map(() => pool!.search({ q: 'numérique', today: TODAY }, { limit: 10, offset: 0 })));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(SearchError);
    }
  });

  test('threads started ahead answer searches, and a pool that never searched closes at once', async () => {
    pool = new SearchPool(ctx.db.name, 2);
    pool.start();
    const results = await Promise.all(['numérique', 'culture'].map((q) => pool!.search({ q, today: TODAY }, { limit: 5, offset: 0 })));
    expect(results[1]).toEqual(searchCalls(ctx.db, { q: 'culture', today: TODAY }, { limit: 5, offset: 0 }));
    const idle = new SearchPool(ctx.db.name, 2);
    idle.start();
    await idle.close();
  });

  test('close rejects searches not answered yet and every later one', async () => {
    pool = new SearchPool(ctx.db.name, 1);
    const pending = [1, 2, 3].map(() => pool!.search({ q: 'numérique', today: TODAY }, { limit: 10, offset: 0 }));
    const settling = Promise.allSettled(pending);
    await pool.close();
    const settled = await settling;
    // The one a thread had taken may have been answered before the thread stopped; the waiting ones were not.
    expect(settled.filter((s) => s.status === 'rejected').length).toBeGreaterThanOrEqual(2);
    await expect(pool.search({ q: 'numérique', today: TODAY }, { limit: 10, offset: 0 })).rejects.toThrow(/closed/);
  });
});
