import { afterEach, describe, expect, test } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { openDb } from '../../src/db/connection.js';
import { silentLogger } from '../../src/log.js';
import { createTestApp, seedCall, snapshot, TOKEN, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

// The app's clock says 2026-03-10.
async function seeded() {
  t = await createTestApp();
  const db = t.ctx.db;
  return {
    fse: seedCall(db, {
      title: 'FSE+ : inclusion numérique', summary: 'Accompagnement des publics <b>éloignés</b>', body: 'Texte complet.',
      funder: 'eu', regions: ['Occitanie'], deadlines: ['2026-04-30'], source: 'europe', url: 'https://europe.example/fse', amountMax: 50000, firstSeen: '2026-03-02T00:00:00Z',
    }),
    past: seedCall(db, { title: 'Tiers-lieux numériques', funder: 'foundation', deadlines: ['2026-03-09'], source: 'fdf', firstSeen: '2026-03-01T00:00:00Z' }),
    unknown: seedCall(db, { title: 'Fonds pour l’emploi', funder: 'state', source: 'fdf', firstSeen: '2026-03-03T00:00:00Z' }),
  };
}

describe('GET /api/calls', () => {
  test('lists calls newest first with their sources, amount and dates', async () => {
    const ids = await seeded();
    const res = await t.api({ url: '/api/calls' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items.map((c: { id: number }) => c.id)).toEqual([ids.unknown, ids.fse, ids.past]);
    expect(body.items[1]).toEqual({
      id: ids.fse,
      title: 'FSE+ : inclusion numérique',
      url: 'https://europe.example/fse',
      summary: 'Accompagnement des publics <b>éloignés</b>',
      funder: 'eu',
      funder_name: null,
      regions: ['Occitanie'],
      categories: [],
      deadlines: ['2026-04-30'],
      next_deadline: '2026-04-30',
      open: true,
      amount: { min: null, max: 50000, currency: 'EUR', scope: null },
      opens: null,
      rate: null,
      recurrence: null,
      expected_next: null,
      eu_funds: [],
      // funder eu: the EU-funds notice (issue 18), without a rate as the text gives none.
      eu_notice: expect.stringMatching(/^Fonds européens\u00a0: l’aide est versée après justification des dépenses.*trouver des cofinancements\.$/),
      published_at: null,
      status: 'open',
      first_seen: '2026-03-02T00:00:00Z',
      last_seen: '2026-03-02T00:00:00Z',
      updated_at: '2026-03-02T00:00:00Z',
      sources: [{ id: 'europe', name: 'Source europe', url: 'https://europe.example/fse', attribution: null, public: true }],
      attribution: [],
    });
    // Stored text goes out as a JSON string, never as markup of the response.
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  test('filters combine; open is judged on today in FUNDWATCH_TZ', async () => {
    const ids = await seeded();
    const ids_of = async (qs: string) => (await t.api({ url: `/api/calls?${qs}` })).json().items.map((c: { id: number }) => c.id);
    expect(await ids_of('open=true')).toEqual([ids.unknown, ids.fse]);
    expect(await ids_of('open=false')).toEqual([ids.past]);
    expect(await ids_of('q=numerique&open=true')).toEqual([ids.fse]);
    expect(await ids_of('q=numerique')).toHaveLength(2);
    expect(await ids_of('source=fdf')).toEqual([ids.unknown, ids.past]);
    expect(await ids_of('category=eu')).toEqual([ids.fse]);
    expect(await ids_of('region=occitanie')).toEqual([ids.fse]);
    expect(await ids_of('deadline_after=2026-03-10')).toEqual([ids.fse]);
    expect(await ids_of('deadline_before=2026-03-31')).toEqual([ids.past]);
    expect(await ids_of('limit=1&offset=1')).toEqual([ids.fse]);
    // Empty filters, as a form with nothing chosen sends them, filter nothing.
    expect(await ids_of('source=&category=&region=&open=true')).toEqual([ids.unknown, ids.fse]);
  });

  test('a q full of FTS operators, quotes and SQL still answers 200 and changes nothing', async () => {
    await seeded();
    const before = snapshot(t.ctx.db);
    for (const q of ['"', '"""', '*', 'NEAR(', 'NEAR(numérique inclusion, 2)', 'AND OR NOT', '-', ':', 'title:fse', '"inclusion AND', "x' OR '1'='1", "'; DELETE FROM calls; --", '^', '{}', '((numérique']) {
      const res = await t.api({ url: `/api/calls?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, q).toBe(200);
      expect(res.json()).toEqual({ items: expect.any(Array), total: expect.any(Number) });
    }
    expect((await t.api({ url: `/api/calls?q=${encodeURIComponent('"inclusion numérique"')}` })).json().total).toBe(1);
    expect(snapshot(t.ctx.db)).toBe(before);
  });

  test('pages made on the search threads are the very JSON the schema makes on the event loop', async () => {
    const ids = await seeded();
    // A database in memory cannot be opened by a thread: that app searches on its event loop and its pages go
    // through the response schema's serializer.
    const db = openDb(':memory:');
    const inMemory = await buildApp({ config: t.ctx.config, db, log: silentLogger }, { now: () => new Date('2026-03-10T09:00:00Z') });
    try {
      for (const table of ['sources', 'calls', 'call_sources']) {
        for (const row of t.ctx.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
          const columns = Object.keys(row);
          db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
        }
      }
      for (const qs of ['', 'q=numerique', 'q=tiers&open=false', 'limit=1&offset=1', 'q=rien']) {
        const threaded = await t.api({ url: `/api/calls?${qs}` });
        const onLoop = await inMemory.inject({ url: `/api/calls?${qs}`, headers: { authorization: `Bearer ${TOKEN}` } });
        expect(threaded.statusCode, qs).toBe(200);
        expect(threaded.headers['content-type'], qs).toBe(onLoop.headers['content-type']);
        expect(threaded.json(), qs).toEqual(onLoop.json());
      }
      expect((await t.api({ url: '/api/calls?q=numerique' })).json().items.map((c: { id: number }) => c.id)).toContain(ids.fse);
    } finally {
      await inMemory.close();
      db.close();
    }
  });

  test('bad query parameters get 400 naming them', async () => {
    await seeded();
    for (const qs of ['limit=100000', 'limit=0', 'offset=-1', 'open=maybe', 'deadline_before=demain', 'deadline_after=2026-13-45', 'colour=red', `q=${'x'.repeat(501)}`]) {
      const res = await t.api({ url: `/api/calls?${qs}` });
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().message).toMatch(/paramètre/);
    }
  });
});

describe('GET /api/calls/:id', () => {
  test('one call with its full text and every source', async () => {
    const ids = await seeded();
    t.ctx.db.prepare(`INSERT INTO sources (id, name, created_at) VALUES ('at', 'Aides-territoires', 'x')`).run();
    t.ctx.db.prepare(`INSERT INTO call_sources (source_id, item_key, call_id, url, first_seen_at, last_seen_at) VALUES ('at', 'k', ?, 'https://at.example/1', 'z', 'z')`).run(ids.fse);
    const res = await t.api({ url: `/api/calls/${ids.fse}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: ids.fse, body: 'Texte complet.', first_seen: '2026-03-02T00:00:00Z', sources: [{ id: 'europe' }, { id: 'at', name: 'Aides-territoires' }] });
    const missing = await t.api({ url: '/api/calls/999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Appel 999 introuvable.' });
    expect((await t.api({ url: '/api/calls/x' })).statusCode).toBe(400);
  });
});
