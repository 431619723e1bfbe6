// The routes that reuse ingestion, the matcher and the digest: a real feed on 127.0.0.1, fetched through the API.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestApp, snapshot, type TestApp } from './helpers.js';

const FEED = readFileSync(new URL('../fixtures/api/feed.xml', import.meta.url));

let t: TestApp;
let server: Server;
let feedUrl: string;
let feedHits = 0;
let robotsHits = 0;

beforeEach(async () => {
  feedHits = 0;
  robotsHits = 0;
  server = createServer((req, res) => {
    if (req.url === '/robots.txt') robotsHits += 1;
    if (req.url === '/feed.xml') {
      feedHits += 1;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(FEED);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
  t = await createTestApp();
  writeFileSync(
    t.ctx.config.feedsPath,
    [
      'sources:',
      '  - id: region-test',
      '    name: Région test',
      '    type: rss',
      `    url: ${feedUrl}`,
      '    funder: region',
      '    regions: [Provence-Alpes-Côte d’Azur]',
      '  - id: endormie',
      '    name: Source désactivée',
      '    type: rss',
      '    url: http://127.0.0.1:9/rien.xml',
      '    funder: foundation',
      '    enabled: false',
      '',
    ].join('\n'),
  );
});
afterEach(async () => {
  await t.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function memberWithProfile() {
  const res = await t.api({
    method: 'POST',
    url: '/api/members',
    payload: { email: 'tiers@lieu.fr', name: 'Tiers-lieu du Panier', profiles: [{ name: 'Tiers-lieu', keywords: ['tiers-lieux', '"inclusion numérique"'], min_score: 1 }] },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: number; profiles: { id: number }[] };
}

describe('sources', () => {
  test('GET /api/sources lists feeds.yaml with health; POST fetch answers the CLI summary', async () => {
    const before = await t.api({ url: '/api/sources' });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({
      total: 2,
      items: [
        { id: 'region-test', name: 'Région test', type: 'rss', enabled: true, last_fetch_at: null, consecutive_failures: 0, items_seen: 0, last_error: null },
        { id: 'endormie', enabled: false },
      ],
    });
    expect((await t.api({ url: '/api/sources?limit=1&offset=1' })).json()).toMatchObject({ total: 2, items: [{ id: 'endormie' }] });

    const fetched = await t.api({ method: 'POST', url: '/api/sources/region-test/fetch' });
    expect(fetched.statusCode, fetched.body).toBe(200);
    expect(fetched.json()).toEqual({ id: 'region-test', status: 'ok', new: 2, updated: 0, unchanged: 0, error: null });
    expect(feedHits).toBe(1);

    const after = (await t.api({ url: '/api/sources' })).json();
    expect(after.items[0]).toMatchObject({ last_status: 'ok', items_seen: 2, last_fetch_at: expect.any(String), last_new_at: expect.any(String) });

    const calls = (await t.api({ url: '/api/calls?source=region-test&q=tiers-lieux' })).json();
    expect(calls.total).toBe(1);
    expect(calls.items[0]).toMatchObject({ title: expect.stringContaining('Tiers-lieux'), deadlines: ['2026-04-30'], sources: [{ id: 'region-test' }] });
    // Feed markup never comes back as markup.
    expect(calls.items[0].summary).not.toMatch(/<\/?(p|b)>/);
  });

  test('fetches asked through the API share one fetcher: robots.txt is read once, not on every request', async () => {
    for (const expected of [2, 0]) {
      const fetched = await t.api({ method: 'POST', url: '/api/sources/region-test/fetch' });
      expect(fetched.json()).toMatchObject({ id: 'region-test', status: 'ok', new: expected });
    }
    expect(feedHits).toBe(2);
    expect(robotsHits).toBe(1);
  });

  test('a feeds.yaml broken before any valid one was read: a clear 500; unknown source: 404, nothing fetched', async () => {
    const valid = readFileSync(t.ctx.config.feedsPath, 'utf8');
    writeFileSync(t.ctx.config.feedsPath, 'sources:\n  - id: x\n    type: ftp\n');
    const broken = await t.api({ url: '/api/sources' });
    expect(broken.statusCode).toBe(500);
    expect(broken.json().message).toMatch(/sources.*invalide/);
    expect(broken.json().message).toContain(t.ctx.config.feedsPath);
    writeFileSync(t.ctx.config.feedsPath, valid);
    const res = await t.api({ method: 'POST', url: '/api/sources/inconnue/fetch' });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toContain('inconnue');
    expect(feedHits).toBe(0);
  });

  test('a feeds.yaml broken after a valid one: the last valid sources, their health and fetch-now, with the errors', async () => {
    expect((await t.api({ url: '/api/sources' })).json()).toMatchObject({ total: 2 });
    const valid = readFileSync(t.ctx.config.feedsPath, 'utf8');
    writeFileSync(t.ctx.config.feedsPath, `${valid}  - id: x\n    type: ftp\n`);
    const listed = await t.api({ url: '/api/sources' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({ total: 2, items: [{ id: 'region-test' }, { id: 'endormie' }] });
    expect(listed.json().feeds_error).toMatch(/^Le fichier des sources est invalide.*type.*dernière version valide restent en service\.$/);
    const fetched = await t.api({ method: 'POST', url: '/api/sources/region-test/fetch' });
    expect(fetched.json()).toMatchObject({ id: 'region-test', status: 'ok', new: 2 });
    writeFileSync(t.ctx.config.feedsPath, valid);
    expect((await t.api({ url: '/api/sources' })).json().feeds_error).toBeUndefined();
  });
});

describe('matches and digests', () => {
  test('a profile created before a fetch is matched after it; matches, preview, run and runs', async () => {
    const member = await memberWithProfile();
    await t.api({ method: 'POST', url: '/api/sources/region-test/fetch' });

    const matches = await t.api({ url: `/api/members/${member.id}/matches` });
    expect(matches.statusCode, matches.body).toBe(200);
    const body = matches.json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      title: expect.stringContaining('Tiers-lieux'),
      score: expect.any(Number),
      terms: expect.arrayContaining(['tiers-lieux']),
      profile_id: member.profiles[0]!.id,
      profile_name: 'Tiers-lieu',
      call: { sources: [{ id: 'region-test' }] },
    });
    expect(body.items[0].score).toBeGreaterThan(0);
    expect((await t.api({ url: '/api/members/999/matches' })).statusCode).toBe(404);

    const preview = await t.api({ url: `/api/members/${member.id}/digest/preview` });
    expect(preview.statusCode, preview.body.slice(0, 300)).toBe(200);
    expect(preview.headers['content-type']).toMatch(/text\/html/);
    expect(preview.body).toContain('Tiers-lieux');
    expect(preview.body).not.toContain('exploitations agricoles');
    const asJson = (await t.api({ url: `/api/members/${member.id}/digest/preview?format=json` })).json();
    expect(asJson).toEqual({ subject: expect.any(String), html: preview.body, text: expect.stringContaining('Tiers-lieux') });
    expect((await t.api({ url: '/api/members/999/digest/preview' })).statusCode).toBe(404);

    const before = snapshot(t.ctx.db);
    for (const payload of [{ dry_run: 'yes' }, { member: 'pas-une-adresse' }, { force: true }, { now: 'lundi' }]) {
      expect((await t.api({ method: 'POST', url: '/api/digests/run', payload })).statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await t.api({ method: 'POST', url: '/api/digests/run', payload: { member: 'personne@nulle.part' } })).statusCode).toBe(404);
    expect(snapshot(t.ctx.db)).toBe(before);

    const run = await t.api({ method: 'POST', url: '/api/digests/run', payload: { dry_run: true } });
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json()).toMatchObject({ run_id: expect.any(Number), week: '2026-W11', sent: 1, failed: 0, errors: [] });
    const runs = (await t.api({ url: '/api/digests' })).json();
    expect(runs).toMatchObject({ total: 1, items: [{ id: run.json().run_id, week: '2026-W11', dry_run: true, sent: 1, finished_at: expect.any(String) }] });

    // With no body at all, the real run (SMTP_URL unset: the outbox) sends once, and a second run skips.
    const real = await t.api({ method: 'POST', url: '/api/digests/run' });
    expect(real.statusCode, real.body).toBe(200);
    expect(real.json()).toMatchObject({ sent: 1 });
    const again = (await t.api({ method: 'POST', url: '/api/digests/run' })).json();
    expect(again.sent).toBe(0);
    expect((await t.api({ url: '/api/digests?limit=1' })).json()).toMatchObject({ total: 3, items: [{ id: again.run_id }] });
  });

  test('unsubscribed members have no preview; editing a profile rescores it', async () => {
    const member = await memberWithProfile();
    await t.api({ method: 'POST', url: '/api/sources/region-test/fetch' });
    const profileId = member.profiles[0]!.id;
    await t.api({ method: 'PATCH', url: `/api/profiles/${profileId}`, payload: { keywords: ['agricoles'] } });
    const matches = (await t.api({ url: `/api/members/${member.id}/matches` })).json();
    expect(matches.items.map((m: { title: string }) => m.title)).toEqual([expect.stringContaining('agricoles')]);
    await t.api({ method: 'PATCH', url: `/api/members/${member.id}`, payload: { status: 'unsubscribed' } });
    expect((await t.api({ url: `/api/members/${member.id}/matches` })).json().total).toBe(0);
    const preview = await t.api({ url: `/api/members/${member.id}/digest/preview` });
    expect(preview.statusCode).toBe(409);
    expect(preview.json().message).toMatch(/désinscrit/);
  });
});
