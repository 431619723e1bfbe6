// Each source's attribution and public flag from feeds.yaml, kept with its calls: through the real `fundwatch fetch`
// into a SQLite file, then read back by calls/attribution.ts and through the API (list built on a search thread).
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { callAttributions } from '../../src/calls/attribution.js';
import { fundwatch } from '../helpers/cli.js';
import { startSite, serve, type Site } from '../reader/helpers/site.js';
import { createTestApp, type TestApp } from '../api/helpers.js';

function rss(items: { title: string; link: string; text: string }[]): string {
  const body = items
    .map((i) => `<item><title>${i.title}</title><link>${i.link}</link><guid>${i.link}</guid><description>${i.text}</description></item>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title><link>https://x.example/</link>${body}</channel></rss>`;
}

const SHARED = { title: 'Appel à projets « Médiation numérique 2027 »', link: 'https://region.example/aap/mediation-2027', text: 'Date limite : 30 avril 2027.' };
const REGION_ONLY = { title: 'Tiers-lieux numériques', link: 'https://region.example/aap/tiers-lieux', text: 'Dépôt avant le 15 mai 2027.' };
const PRIVATE_ONLY = { title: 'Fonds interne du réseau', link: 'https://reseau.example/fonds-interne', text: 'Réservé aux adhérents.' };

let site: Site;
let t: TestApp;

beforeEach(async () => {
  site = await startSite({
    '/region.xml': serve(rss([SHARED, REGION_ONLY]), { 'content-type': 'application/rss+xml' }),
    '/prive.xml': serve(rss([SHARED, PRIVATE_ONLY]), { 'content-type': 'application/rss+xml' }),
  });
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
  await site.close();
});

function writeFeeds(regionAttribution: string): void {
  writeFileSync(
    t.ctx.config.feedsPath,
    [
      'sources:',
      '  - id: region',
      '    name: Région test',
      '    type: rss',
      `    url: ${site.url}/region.xml`,
      '    funder: region',
      `    attribution: ${regionAttribution}`,
      '  - id: prive',
      '    name: Liste interne',
      '    type: rss',
      `    url: ${site.url}/prive.xml`,
      '    funder: other',
      '    attribution: "Liste du réseau, diffusion interne"',
      '    public: false',
      '',
    ].join('\n'),
  );
}

function cli(args: string[]) {
  return fundwatch(args, { FUNDWATCH_DB: t.ctx.config.dbPath, FUNDWATCH_FEEDS: t.ctx.config.feedsPath, FUNDWATCH_OUTBOX: t.ctx.config.outboxDir });
}

function callId(title: string): number {
  const row = t.ctx.db.prepare('SELECT id FROM calls WHERE title = ?').get(title) as { id: number } | undefined;
  if (!row) throw new Error(`no call ${title}`);
  return row.id;
}

describe('attribution and public flag of sources', () => {
  test('are stored with the calls, exposed per call, and returned by GET /api/calls and /api/calls/:id', async () => {
    writeFeeds('"Données Région test, Licence Ouverte 2.0"');
    const run = await cli(['fetch']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('region ok new=2');

    const shared = callId(SHARED.title);
    const regionOnly = callId(REGION_ONLY.title);
    const privateOnly = callId(PRIVATE_ONLY.title);
    const byCall = callAttributions(t.ctx.db, [shared, regionOnly, privateOnly]);
    // Both sources fetched in the same run: their order is not the point, both attributions are.
    expect(byCall.get(shared)?.public).toBe(true);
    expect(byCall.get(shared)?.attribution.sort()).toEqual(['Données Région test, Licence Ouverte 2.0', 'Liste du réseau, diffusion interne']);
    expect(byCall.get(regionOnly)).toMatchObject({ attribution: ['Données Région test, Licence Ouverte 2.0'], public: true });
    // A call whose only source is `public: false` stays off public pages.
    expect(byCall.get(privateOnly)).toMatchObject({
      attribution: ['Liste du réseau, diffusion interne'],
      public: false,
      sources: [{ id: 'prive', attribution: 'Liste du réseau, diffusion interne', public: false }],
    });

    const list = await t.api({ url: '/api/calls?limit=10' });
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { id: number; attribution: string[]; sources: { id: string; attribution: string | null; public: boolean }[] }[];
    const listed = items.find((c) => c.id === shared)!;
    expect(listed.attribution.sort()).toEqual(['Données Région test, Licence Ouverte 2.0', 'Liste du réseau, diffusion interne']);
    expect(listed.sources.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'prive', name: 'Liste interne', url: SHARED.link, attribution: 'Liste du réseau, diffusion interne', public: false },
      { id: 'region', name: 'Région test', url: SHARED.link, attribution: 'Données Région test, Licence Ouverte 2.0', public: true },
    ]);
    const one = await t.api({ url: `/api/calls/${privateOnly}` });
    expect(one.json()).toMatchObject({ attribution: ['Liste du réseau, diffusion interne'], sources: [{ id: 'prive', public: false }] });
  });

  test('an edited attribution reaches stored calls at the next fetch, even of another source', async () => {
    writeFeeds('"Données Région test, Licence Ouverte 2.0"');
    expect((await cli(['fetch'])).code).toBe(0);
    writeFeeds('"Région test (Licence Ouverte 2.0)"');
    const run = await cli(['fetch', '--source', 'prive']);
    expect(run.code, run.stderr).toBe(0);
    const one = await t.api({ url: `/api/calls/${callId(REGION_ONLY.title)}` });
    expect(one.json().attribution).toEqual(['Région test (Licence Ouverte 2.0)']);
  });

  test('a call of a source without attribution has an empty list', async () => {
    writeFileSync(
      t.ctx.config.feedsPath,
      ['sources:', '  - id: region', '    name: Région test', '    type: rss', `    url: ${site.url}/region.xml`, '    funder: region', ''].join('\n'),
    );
    expect((await cli(['fetch'])).code).toBe(0);
    const one = await t.api({ url: `/api/calls/${callId(REGION_ONLY.title)}` });
    expect(one.json()).toMatchObject({ attribution: [], sources: [{ id: 'region', attribution: null, public: true }] });
  });
});
