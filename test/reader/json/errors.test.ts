// What goes wrong with APIs, each case a source of its own in one `fundwatch fetch`: every failure is a clear error
// naming the source, the other sources carry on, and what was read before a failure is kept.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, onTestFinished, test } from 'vitest';
import { fetchSources } from '../../../src/reader/ingest.js';
import { parseSourcesText } from '../../../src/sources/load.js';
import { createTestContext, type TestContext } from '../../helpers/context.js';
import { fundwatch } from '../../helpers/cli.js';
import type { Site } from '../helpers/site.js';
import { aidesTerritoiresRoutes, json, startApiSite, type AidesTerritoiresServer } from './apis.js';

let site: Site;
let ctx: TestContext;

const item = (n: number) => ({ id: `i${n}`, titre: `Appel numérique n°${n}`, lien: `https://example.org/appels/${n}` });

beforeEach(async () => {
  site = await startApiSite();
  ctx = createTestContext();
});
afterEach(async () => {
  await site.close();
  ctx.cleanup();
});

function source(id: string, path: string, extra = ''): string {
  return `  - id: ${id}
    name: Source ${id}
    type: json
    url: ${site.url}${path}
    funder: other
    items: results
    fields: { id: id, title: titre, url: lien }
${extra}`;
}

describe('bad answers from APIs', () => {
  test('invalid JSON, HTML with 200, a missing items path, 429, a failing second page, untitled items, an ignored page size, a loop', async () => {
    site.route('/invalide', (_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"results": [ {"id": 1,'));
    site.route('/html', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Maintenance</body></html>'));
    site.route('/sans-items', (_req, res) => json(res, 200, { data: { items: [item(1)] } }));
    // On a host of its own: a Retry-After holds every request to its host, as the fetcher is polite per host.
    const slow = await startApiSite();
    slow.route('/lent', (_req, res) => json(res, 429, { error: 'slow down' }, { 'retry-after': '7200' }));
    const slowUrl = slow.url;
    onTestFinished(() => slow.close());
    site.route('/page-2-en-panne', (req, res) => {
      const page = new URL(req.url!, site.url).searchParams.get('page');
      if (page === '2') return void res.writeHead(500).end('oops');
      json(res, 200, { results: [item(10), item(11)] });
    });
    site.route('/sans-titre', (_req, res) => json(res, 200, { results: [item(20), { id: 'x', titre: '', lien: 'https://example.org/x' }, { id: 'y', titre: 'Sans lien' }] }));
    // Asked for 2 a page, answers 5 at once, whatever the offset.
    site.route('/taille-ignoree', (_req, res) => json(res, 200, { total: 5, results: [30, 31, 32, 33, 34].map(item) }));
    site.route('/boucle', (req, res) => {
      const page = new URL(req.url!, site.url).searchParams.get('p') ?? '1';
      if (page === '1') return json(res, 200, { results: [item(40)], next: `${site.url}/boucle?p=2` });
      json(res, 200, { results: [item(41)], next: `${site.url}/boucle` });
    });
    site.route('/bien', (_req, res) => json(res, 200, { results: [item(50)] }));
    // Every item skipped: `fields.url` names a key these items do not have (the API renamed it).
    site.route('/champ-renomme', (_req, res) => json(res, 200, { results: [60, 61].map((n) => ({ id: `i${n}`, titre: `Appel ${n}`, url: `https://example.org/${n}` })) }));
    writeFileSync(
      ctx.config.feedsPath,
      [
        'sources:',
        source('invalide', '/invalide'),
        source('html', '/html'),
        source('sans-items', '/sans-items'),
        source('lent', '/lent').replace(site.url, slowUrl),
        source('page-2', '/page-2-en-panne', '    pagination: { style: page, size: 2 }'),
        source('sans-titre', '/sans-titre'),
        source('taille', '/taille-ignoree', '    pagination: { style: offset, size_param: limit, size: 2, total: total }'),
        source('boucle', '/boucle', '    pagination: { style: next_url, next: next }'),
        source('bien', '/bien'),
        source('champ-renomme', '/champ-renomme'),
      ].join('\n'),
    );
    const run = await fundwatch(['fetch'], { FUNDWATCH_DB: ctx.config.dbPath, FUNDWATCH_FEEDS: ctx.config.feedsPath, LOG_LEVEL: 'warn' });
    expect(run.code, run.stderr).toBe(0);
    const line = (id: string) => run.stdout.split('\n').find((l) => l.startsWith(`${id} `)) ?? '';
    expect(line('invalide')).toMatch(/^invalide error .*error=Réponse JSON invalide/);
    expect(line('html')).toMatch(/^html error .*page HTML au lieu de JSON/);
    expect(line('sans-items')).toMatch(/^sans-items error .*le chemin items « results » ne mène à rien/);
    expect(line('lent')).toMatch(/^lent error .*ralentir \(trop de requêtes\) \(HTTP 429\)/);
    // Page 1 is kept though page 2 failed; the failure is still reported.
    expect(line('page-2')).toMatch(/^page-2 error new=2 .*page 2 : .*HTTP 500.*les 2 annonce\(s\) des pages précédentes sont enregistrées/);
    expect(line('sans-titre')).toMatch(/^sans-titre ok new=1 /);
    expect(line('taille')).toMatch(/^taille ok new=5 /);
    expect(line('boucle')).toMatch(/^boucle ok new=2 /);
    expect(line('bien')).toMatch(/^bien ok new=1 /);
    expect(line('champ-renomme')).toMatch(/^champ-renomme error new=0 .*L’API a renvoyé 2 éléments, mais aucun n’a à la fois un titre et une adresse .*fields\.url/);
    expect(run.stderr).toMatch(/"source":"sans-titre"[^\n]*2 item\(s\) without a title or a link skipped/);
    expect(run.stderr).toMatch(/"source":"taille"[^\n]*ignore la taille de page demandée \(limit=2\) et en renvoie 5/);
    expect(run.stderr).toMatch(/"source":"boucle"[^\n]*renvoie à une page déjà lue : lecture arrêtée/);
    // The server's Retry-After is kept: no new attempt before it.
    const lent = ctx.db.prepare("SELECT next_attempt_at, consecutive_failures FROM sources WHERE id = 'lent'").get() as { next_attempt_at: string; consecutive_failures: number };
    expect(Date.parse(lent.next_attempt_at) - Date.now()).toBeGreaterThan(7_000_000);
    expect(site.hits('/boucle?p=1')).toHaveLength(0);
    expect(site.requests.filter((r) => r.path.startsWith('/boucle'))).toHaveLength(2);
  });

  test('a key the token endpoint refuses is an error naming the variable; a token is kept while valid and exchanged again once expired', async () => {
    const at: AidesTerritoiresServer = { key: 'bonne-cle', tokensIssued: 0, ttlSeconds: 3600, flaky401Pages: new Set(), valid: new Set(), pageRequests: [] };
    aidesTerritoiresRoutes(site, [{ id: 1, slug: 'a', url: '/aides/a/', name: 'Aide A', submission_deadline: '2027-06-30' }], at);
    const yaml = `sources:\n  - id: at\n    name: A-T\n    type: json\n    preset: aides-territoires\n    url: ${site.url}/api/aids/\n    funder: state\n`;
    const { sources } = parseSourcesText(yaml, 'feeds.yaml');
    const options = { fetcher: { hostDelayMs: 0, timeoutMs: 2_000, maxRetryAfterWaitMs: 0 } };

    const refused = createTestContext({ AIDES_TERRITOIRES_API_KEY: 'mauvaise-cle' });
    try {
      const result = await fetchSources(refused, sources, options);
      expect(result.summaries[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/refuse la clé AIDES_TERRITOIRES_API_KEY \(HTTP 401\)/) });
    } finally {
      refused.cleanup();
    }

    const keyed = createTestContext({ AIDES_TERRITOIRES_API_KEY: 'bonne-cle' });
    try {
      await fetchSources(keyed, sources, options);
      await fetchSources(keyed, sources, options);
      expect(at.tokensIssued).toBe(1);
      expect(at.pageRequests).toHaveLength(2);
      // A token about to expire (within its last half minute) is not used: the key is exchanged again.
      at.ttlSeconds = 31;
      at.valid.clear();
      await fetchSources(keyed, sources, options);
      expect(at.tokensIssued).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const last = await fetchSources(keyed, sources, options);
      expect(last.summaries[0]!.status).toBe('ok');
      expect(at.tokensIssued).toBe(3);
    } finally {
      keyed.cleanup();
    }
  });
});
