import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCall } from '../../src/calls/repository.js';
import { fetchSources, formatSummaryLine, previewSource, type FetchSourcesOptions } from '../../src/reader/ingest.js';
import { listSourceHealth } from '../../src/sources/health.js';
import { BACKOFF_MAX_MS, backoffDelayMs } from '../../src/sources/state.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { fixtureSources, source, startFixtureSite } from './helpers/fixtures.js';
import { serve, type Site } from './helpers/site.js';

const NOW = new Date('2027-01-10T08:00:00Z');
const FAST: FetchSourcesOptions['fetcher'] = { hostDelayMs: 0, timeoutMs: 1_000, maxRetryAfterWaitMs: 0 };

let ctx: TestContext;
let site: Site;

beforeEach(async () => {
  ctx = createTestContext();
  site = await startFixtureSite();
});
afterEach(async () => {
  await site.close();
  ctx.cleanup();
});

function run(sources = fixtureSources(site), options: FetchSourcesOptions = {}) {
  return fetchSources(ctx, sources, { now: NOW, fetcher: FAST, ...options });
}

interface Row {
  id: number;
  title: string;
  summary: string;
  body: string;
  canonical_url: string | null;
  deadlines: string;
  next_deadline: string | null;
  status: string;
  first_seen_at: string;
  updated_at: string;
}

function calls(): Row[] {
  return ctx.db.prepare('SELECT * FROM calls ORDER BY id').all() as Row[];
}

function callByTitle(fragment: string): Row {
  const row = calls().find((c) => c.title.includes(fragment));
  if (!row) throw new Error(`no call titled like ${fragment}: ${calls().map((c) => c.title).join(' | ')}`);
  return row;
}

describe('fetchSources on the fixture site', () => {
  it('stores the calls of an ISO-8859-1 RSS feed, an Atom feed and an HTML listing with its detail pages', async () => {
    const result = await run();
    expect(result.summaries).toEqual([
      { id: 'region', status: 'ok', new: 3, updated: 0, unchanged: 0, error: null },
      { id: 'fondation', status: 'ok', new: 1, updated: 0, unchanged: 0, error: null },
      { id: 'dept', status: 'ok', new: 2, updated: 0, unchanged: 0, error: null },
    ]);
    expect(result.changedCallIds).toHaveLength(6);

    const seniors = callByTitle('seniors');
    // Accents and French quotes survive the ISO-8859-1 route; the relative link is resolved and cleaned.
    expect(seniors.title).toBe('Appel à projets « Inclusion numérique des seniors »');
    expect(seniors.summary).toContain('médiation numérique qui accompagnent les personnes âgées');
    expect(seniors.canonical_url).toBe(`${site.url}/aides/inclusion-numerique-seniors`);
    expect(JSON.parse(seniors.deadlines)).toEqual(['2027-03-15']);
    expect(seniors.status).toBe('open');

    const tiersLieux = callByTitle('Tiers-lieux');
    expect(tiersLieux.title).toBe("Tiers-lieux & fabriques numériques : appel à manifestation d'intérêt");
    expect(tiersLieux.summary).not.toMatch(/<|script|alert/);

    // A call whose only deadline has passed is stored closed.
    expect(callByTitle('Ancien appel').status).toBe('closed');

    const prix = callByTitle('Numérique pour tous');
    expect(prix.canonical_url).toBe('https://fondation.example/prix-2027');
    expect(prix.summary).toBe("Le prix récompense les actions d'inclusion numérique.\n\nDate limite de dépôt : 31 mai 2027.\n\nCandidater");
    expect(JSON.parse(prix.deadlines)).toEqual(['2027-05-31']);

    const ateliers = callByTitle('Ateliers numériques');
    expect(ateliers.canonical_url).toBe(`${site.url}/dept/appels/ateliers-numeriques.html`);
    expect(ateliers.summary).toBe("Soutien aux ateliers d'initiation au numérique.");
    expect(ateliers.body).toContain('quartiers prioritaires');
    expect(ateliers.body).not.toContain('Menu du site');
    expect(JSON.parse(ateliers.deadlines)).toEqual(['2027-03-15']);
    const stored = getCall(ctx.db, ateliers.id)!;
    expect(stored.amount).toEqual({ min: 5000, max: 15000, currency: 'EUR', scope: 'project' });
    expect(stored.sources).toEqual([{ id: 'dept', name: 'Source dept', url: `${site.url}/dept/appels/ateliers-numeriques.html`, attribution: null, public: true }]);
    expect(stored.publishedAt).toBe('2027-01-12T00:00:00.000Z');

    const aidants = callByTitle('Aidants');
    expect(aidants.canonical_url).toBe(`${site.url}/dept/appels/aidants-connect.html`);
    expect(JSON.parse(aidants.deadlines)).toEqual(['2027-06-30']);
  });

  it('makes a conditional GET the second time: 304s, nothing parsed, nothing new stored', async () => {
    await run();
    const before = calls();
    const requestsBefore = site.requests.length;
    const second = await run(fixtureSources(site), { now: new Date(NOW.getTime() + 3_600_000) });
    expect(second.summaries.map((s) => [s.id, s.status, s.new, s.updated])).toEqual([
      ['region', 'not_modified', 0, 0],
      ['fondation', 'not_modified', 0, 0],
      ['dept', 'not_modified', 0, 0],
    ]);
    expect(second.changedCallIds).toEqual([]);
    expect(calls()).toEqual(before);
    const paths = site.requests.slice(requestsBefore).map((r) => r.path).filter((p) => p !== '/robots.txt').sort();
    // No detail page is read again when the listing has not changed.
    expect(paths).toEqual(['/dept/appels-a-projets.html', '/fondation/atom.xml', '/region/flux.xml']);
    expect(site.hits('/region/flux.xml')[1]!.headers['if-none-match']).toBe('"rss-1"');
    const health = listSourceHealth(ctx.db, fixtureSources(site), NOW);
    expect(health.map((h) => h.lastStatus)).toEqual(['not_modified', 'not_modified', 'not_modified']);
  });

  it('keeps every stored call when a source fails (500) or its page breaks, and backs off', async () => {
    await run();
    const before = calls();
    site.route('/region/flux.xml', (_req, res) => void res.writeHead(500).end('Internal error'));
    site.route('/dept/appels-a-projets.html', serve('<html><body><p>Nouveau site en construction</p></body></html>', { 'content-type': 'text/html' }));
    site.route('/fondation/atom.xml', serve('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>coupé', { 'content-type': 'application/atom+xml' }));
    const later = new Date(NOW.getTime() + 6 * 3_600_000);
    const failed = await run(fixtureSources(site), { now: later });
    expect(failed.summaries.map((s) => s.status)).toEqual(['error', 'error', 'error']);
    expect(failed.summaries[0]!.error).toMatch(/HTTP 500/);
    expect(failed.summaries[2]!.error).toMatch(/sélecteur item « li\.aap »/);
    expect(calls()).toEqual(before);

    const health = listSourceHealth(ctx.db, fixtureSources(site), later);
    expect(health.map((h) => [h.id, h.lastErrorKind, h.consecutiveFailures])).toEqual([
      ['region', 'http_status', 1],
      ['fondation', 'parse_error', 1],
      ['dept', 'no_items', 1],
    ]);
    expect(health[0]!.lastError).toMatch(/en panne/);

    // Within the backoff delay the sources are skipped, not hammered; a forced fetch still tries.
    const requests = site.requests.length;
    const soon = await run(fixtureSources(site), { now: new Date(later.getTime() + 60_000) });
    expect(soon.summaries.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(site.requests.length).toBe(requests);
    const forced = await run(fixtureSources(site).slice(0, 1), { now: new Date(later.getTime() + 60_000), force: true });
    expect(forced.summaries[0]!.status).toBe('error');
    expect(listSourceHealth(ctx.db, fixtureSources(site), later)[0]!.consecutiveFailures).toBe(2);

    // Once the source is back, it is fetched after its backoff and recovers.
    site.route('/region/flux.xml', serve(Buffer.from('<rss version="2.0"><channel></channel></rss>'), { 'content-type': 'application/rss+xml' }));
    const recovered = await run(fixtureSources(site).slice(0, 1), { now: new Date(later.getTime() + 3 * 3_600_000) });
    expect(recovered.summaries[0]).toMatchObject({ status: 'ok', new: 0 });
    expect(calls()).toEqual(before);
    expect(listSourceHealth(ctx.db, fixtureSources(site), later)[0]!.consecutiveFailures).toBe(0);
  });

  it('comes back no earlier than a long Retry-After asks, then fetches again', async () => {
    site.route('/region/flux.xml', (_req, res) => void res.writeHead(503, { 'retry-after': String(12 * 3600) }).end());
    const sources = fixtureSources(site).slice(0, 1);
    // Retry-After counts from the real clock, so this run does too.
    const now = new Date();
    const first = await run(sources, { now });
    expect(first.summaries[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/HTTP 503/) });
    const row = ctx.db.prepare('SELECT next_attempt_at FROM sources WHERE id = ?').get('region') as { next_attempt_at: string };
    // The server's 12 hours win over the 30 minutes of a first failure.
    expect(Date.parse(row.next_attempt_at) - now.getTime()).toBeGreaterThanOrEqual(12 * 3_600_000 - 1_000);
    const hits = site.hits('/region/flux.xml').length;
    expect((await run(sources, { now: new Date(now.getTime() + 6 * 3_600_000) })).summaries[0]!.status).toBe('skipped');
    expect(site.hits('/region/flux.xml')).toHaveLength(hits);
    site.route('/region/flux.xml', serve(Buffer.from('<rss version="2.0"><channel></channel></rss>'), { 'content-type': 'application/rss+xml' }));
    expect((await run(sources, { now: new Date(now.getTime() + 13 * 3_600_000) })).summaries[0]!.status).toBe('ok');
  });

  it('defers, without counting a failure, the other sources of a host that asked one of them to wait', async () => {
    site.route('/quota.xml', (_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end());
    site.route('/voisine.xml', serve(Buffer.from('<rss version="2.0"><channel></channel></rss>'), { 'content-type': 'application/rss+xml' }));
    const now = new Date();
    const result = await run(
      [source('quota', { url: `${site.url}/quota.xml` }), source('voisine', { url: `${site.url}/voisine.xml` })],
      { now, fetcher: { ...FAST, concurrency: 1 } },
    );
    expect(result.summaries.map((s) => s.status)).toEqual(['error', 'skipped']);
    expect(result.summaries[1]!.error).toMatch(/demandé de patienter/);
    const row = ctx.db.prepare("SELECT consecutive_failures, next_attempt_at, last_error_kind FROM sources WHERE id = 'voisine'").get() as {
      consecutive_failures: number;
      next_attempt_at: string;
      last_error_kind: string;
    };
    expect(row).toMatchObject({ consecutive_failures: 0, last_error_kind: 'held' });
    expect(Date.parse(row.next_attempt_at) - now.getTime()).toBeGreaterThanOrEqual(3_599_000);
    expect(site.hits('/voisine.xml')).toHaveLength(0);
  });

  it('backs off exponentially and keeps retrying a failing source forever', async () => {
    expect([1, 2, 3, 4].map(backoffDelayMs)).toEqual([30, 60, 120, 240].map((m) => m * 60_000));
    expect(backoffDelayMs(50)).toBe(BACKOFF_MAX_MS);
    site.route('/region/flux.xml', (_req, res) => void res.writeHead(500).end());
    const sources = fixtureSources(site).slice(0, 1);
    let now = NOW;
    for (let i = 0; i < 12; i++) {
      const result = await run(sources, { now });
      expect(result.summaries[0]!.status).toBe('error');
      const row = ctx.db.prepare('SELECT next_attempt_at, consecutive_failures, gone_at FROM sources WHERE id = ?').get('region') as {
        next_attempt_at: string;
        consecutive_failures: number;
        gone_at: string | null;
      };
      expect(row).toMatchObject({ consecutive_failures: i + 1, gone_at: null });
      expect(Date.parse(row.next_attempt_at) - now.getTime()).toBe(backoffDelayMs(i + 1));
      now = new Date(row.next_attempt_at);
    }
    expect(listSourceHealth(ctx.db, sources, now)[0]).toMatchObject({ enabled: true, gone: false, consecutiveFailures: 12 });
  });

  it('names fundwatch and its base URL in the User-Agent, unless the source sets its own', async () => {
    const sources = fixtureSources(site);
    sources[1] = { ...sources[1]!, userAgent: 'fundwatch-fondation (+https://reseau.example)' };
    await run(sources);
    expect(site.hits('/region/flux.xml')[0]!.headers['user-agent']).toBe(`fundwatch/0.1 (veille de financements; +${ctx.config.baseUrl})`);
    expect(site.hits('/fondation/atom.xml')[0]!.headers['user-agent']).toBe('fundwatch-fondation (+https://reseau.example)');
  });

  it('disables a source answering 410 Gone and says so in its health', async () => {
    site.route('/region/flux.xml', (_req, res) => void res.writeHead(410).end());
    const sources = fixtureSources(site).slice(0, 1);
    const first = await run(sources);
    expect(first.summaries[0]).toMatchObject({ status: 'gone', error: expect.stringMatching(/410.*relancez-la avec « fundwatch fetch --source region »/) });
    const hits = site.hits('/region/flux.xml').length;
    const again = await run(sources, { now: new Date(NOW.getTime() + 30 * 86_400_000) });
    expect(again.summaries[0]!.status).toBe('gone');
    expect(site.hits('/region/flux.xml').length).toBe(hits);
    expect(listSourceHealth(ctx.db, sources, NOW)[0]).toMatchObject({ gone: true, enabled: false, lastStatus: 'gone' });
    // The site answers again at the same address: a forced fetch (what `fundwatch fetch --source` does) re-enables it.
    site.route('/region/flux.xml', serve(Buffer.from('<rss version="2.0"><channel></channel></rss>'), { 'content-type': 'application/rss+xml' }));
    expect((await run(sources, { force: true })).summaries[0]!.status).toBe('ok');
    expect(listSourceHealth(ctx.db, sources, NOW)[0]).toMatchObject({ gone: false, enabled: true, lastStatus: 'ok' });
    expect((await run(sources, { now: new Date(NOW.getTime() + 86_400_000) })).summaries[0]!.status).toBe('ok');
  });

  it('starts a source afresh when staff change its address: no old validators, no backoff, no 410', async () => {
    site.route('/ancien/flux.xml', (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"ancien-1"' }).end('<rss version="2.0"><channel></channel></rss>'));
    const old = source('region', { url: `${site.url}/ancien/flux.xml` });
    expect((await run([old])).summaries[0]!.status).toBe('ok');
    site.route('/ancien/flux.xml', (_req, res) => void res.writeHead(410).end());
    const later = new Date(NOW.getTime() + 86_400_000);
    expect((await run([old], { now: later })).summaries[0]!.status).toBe('gone');
    expect((await run([old], { now: later })).summaries[0]!.status).toBe('gone');

    const moved = { ...old, url: `${site.url}/region/flux.xml` };
    const result = await run([moved], { now: later });
    expect(result.summaries[0]).toMatchObject({ status: 'ok', new: 3 });
    expect(site.hits('/region/flux.xml')[0]!.headers['if-none-match']).toBeUndefined();
    const row = ctx.db.prepare('SELECT url, etag, gone_at, consecutive_failures FROM sources WHERE id = ?').get('region');
    expect(row).toEqual({ url: moved.url, etag: '"rss-1"', gone_at: null, consecutive_failures: 0 });
  });

  it('times out on a slow source without holding the others back', async () => {
    site.route('/lent.xml', (_req, res) => void setTimeout(() => res.writeHead(200).end('<rss/>'), 3_000));
    const sources = [source('lent', { url: `${site.url}/lent.xml` }), ...fixtureSources(site).slice(0, 1)];
    const result = await run(sources, { fetcher: { hostDelayMs: 0, timeoutMs: 300 } });
    expect(result.summaries[0]).toMatchObject({ status: 'error', error: expect.stringMatching(/ne répond pas/) });
    expect(result.summaries[1]).toMatchObject({ status: 'ok', new: 3 });
  });

  it('reports robots.txt refusals and an HTML page given as a feed', async () => {
    site.route('/prive/flux.xml', serve('<rss/>', {}));
    site.route('/accueil.html', serve('<!DOCTYPE html><html><body>Bienvenue</body></html>', { 'content-type': 'text/html' }));
    const result = await run([source('prive', { url: `${site.url}/prive/flux.xml` }), source('accueil', { url: `${site.url}/accueil.html` })]);
    expect(result.summaries.map((s) => s.status)).toEqual(['error', 'error']);
    const health = listSourceHealth(ctx.db, [source('prive', { url: '' }), source('accueil', { url: '' })], NOW);
    expect(health.map((h) => h.lastErrorKind)).toEqual(['robots', 'not_a_feed']);
    expect(site.hits('/prive/flux.xml')).toHaveLength(0);
  });

  it('keeps French accents on an HTML route: a windows-1252 listing named by its meta tag, UTF-8 detail pages', async () => {
    const listing = `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>
      <div class="appel"><h3><a href="/cd/aap/seniors">Médiation numérique : « Aînés connectés »</a></h3>
      <p class="chapo">Dépôt jusqu’au 30 avril 2027 — subvention plafonnée à 8 000 €</p></div></body></html>`;
    site.route('/cd/aap.html', serve(iconv.encode(listing, 'windows-1252'), { 'content-type': 'text/html' }));
    site.route('/cd/aap/seniors', serve('<html><body><main><p>Élus, associations : l’appel s’adresse à vous.</p></main></body></html>', { 'content-type': 'text/html' }));
    const scraper = source('cd', {
      url: `${site.url}/cd/aap.html`,
      type: 'html',
      funder: 'department',
      selectors: { item: 'div.appel', title: 'h3', link: 'h3 a', summary: '.chapo', detail: 'main' },
    });
    const result = await run([scraper]);
    expect(result.summaries[0]).toMatchObject({ status: 'ok', new: 1 });
    const call = getCall(ctx.db, callByTitle('Aînés').id)!;
    expect(call.title).toBe('Médiation numérique : « Aînés connectés »');
    expect(call.summary).toBe('Dépôt jusqu’au 30 avril 2027 — subvention plafonnée à 8 000 €');
    expect(call.body).toBe('Élus, associations : l’appel s’adresse à vous.');
    expect(call.deadlines).toEqual(['2027-04-30']);
    expect(call.amount).toMatchObject({ max: 8000 });
  });

  it('stores a call carried by two sources once, with both sources', async () => {
    const sameCall = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Relais</title>
      <item><title>Appel à projets « Inclusion numérique des seniors »</title>
      <link>${site.url}/aides/inclusion-numerique-seniors?fbclid=xyz#details</link><guid>relais-1</guid>
      <description>Relayé : date limite de dépôt : 15 mars 2027.</description></item>
      <item><title>Tiers-lieux et fabriques numériques : appel à manifestation d’intérêt</title>
      <link>https://relais.example/ami-tiers-lieux</link><guid>relais-2</guid>
      <description>Clôture le 30 avril 2027.</description></item></channel></rss>`;
    site.route('/relais.xml', serve(sameCall, { 'content-type': 'application/rss+xml' }));
    const result = await run([fixtureSources(site)[0]!, source('relais', { url: `${site.url}/relais.xml`, categories: ['tiers-lieux'] })]);
    expect(result.summaries[1]).toMatchObject({ status: 'ok', new: 0 });
    expect(calls()).toHaveLength(3);
    const seniors = getCall(ctx.db, callByTitle('seniors').id)!;
    expect(seniors.sources.map((s) => s.id).sort()).toEqual(['region', 'relais']);
    // Same title, funder and deadline, different URL: the same call.
    const tiersLieux = getCall(ctx.db, callByTitle('Tiers-lieux').id)!;
    expect(tiersLieux.sources.map((s) => s.id).sort()).toEqual(['region', 'relais']);
    expect(tiersLieux.categories).toEqual(['numerique', 'tiers-lieux']);
  });

  it('keeps apart two calls of one title published for two different departments', async () => {
    const fdva = (place: string, amount: string) => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>SDJES</title>
      <item><title>FDVA 2 – Fonctionnement et innovation</title><link>${site.url}/${place}/fdva</link><guid>${place}-fdva</guid>
      <description>Subvention de ${amount} € au plus pour les petites associations du département.</description></item></channel></rss>`;
    site.route('/var.xml', serve(fdva('var', '10 000'), { 'content-type': 'application/rss+xml' }));
    site.route('/vaucluse.xml', serve(fdva('vaucluse', '8 000'), { 'content-type': 'application/rss+xml' }));
    site.route('/region.xml', serve(fdva('region', '8 000'), { 'content-type': 'application/rss+xml' }));
    const result = await run([
      source('sdjes-var', { url: `${site.url}/var.xml`, funder: 'state', regions: ['var'] }),
      source('sdjes-vaucluse', { url: `${site.url}/vaucluse.xml`, funder: 'state', regions: ['84'] }),
    ]);
    expect(result.summaries.map((s) => s.new)).toEqual([1, 1]);
    const stored = calls().map((c) => getCall(ctx.db, c.id)!);
    expect(stored.map((c) => [c.regions, c.canonicalUrl, c.amount?.max])).toEqual([
      [['var'], `${site.url}/var/fdva`, 10000],
      [['84'], `${site.url}/vaucluse/fdva`, 8000],
    ]);
    // Relayed for the whole region, the title fits either department's call: it joins the first, as before.
    await run([source('drajes', { url: `${site.url}/region.xml`, funder: 'state', regions: ['provence-alpes-cote-d-azur'] })]);
    expect(calls()).toHaveLength(2);
  });

  it('updates a call whose deadline was edited, keeping when it was first seen', async () => {
    await run();
    const before = callByTitle('seniors');
    const edited = (await import('./helpers/fixtures.js')).fixture('site/region-rss.xml').toString('latin1').replace('15 mars 2027', '2 avril 2027');
    site.route('/region/flux.xml', serve(Buffer.from(edited, 'latin1'), { 'content-type': 'application/rss+xml; charset=ISO-8859-1' }, '"rss-2"'));
    const later = new Date(NOW.getTime() + 86_400_000);
    const result = await run(fixtureSources(site).slice(0, 1), { now: later });
    expect(result.summaries[0]).toMatchObject({ status: 'ok', new: 0, updated: 1, unchanged: 2 });
    expect(result.changedCallIds).toEqual([before.id]);
    const after = callByTitle('seniors');
    expect(JSON.parse(after.deadlines)).toEqual(['2027-04-02']);
    expect(after.next_deadline).toBe('2027-04-02');
    expect(after.first_seen_at).toBe(before.first_seen_at);
    expect(after.updated_at).toBe(later.toISOString());
  });

  it('closes calls once all their deadlines have passed, without deleting them', async () => {
    await run();
    const count = calls().length;
    const result = await run(fixtureSources(site), { now: new Date('2027-04-01T08:00:00Z') });
    expect(calls()).toHaveLength(count);
    expect(callByTitle('seniors').status).toBe('closed');
    expect(callByTitle('Tiers-lieux').status).toBe('open');
    expect(result.changedCallIds).toContain(callByTitle('seniors').id);
  });

  it('flags a source with nothing new for longer than expected as stale', async () => {
    const sources = fixtureSources(site).slice(0, 1);
    await run(sources);
    expect(listSourceHealth(ctx.db, sources, new Date(NOW.getTime() + 80 * 86_400_000))[0]).toMatchObject({ stale: false, itemsSeen: 3, lastNewAt: NOW.toISOString() });
    expect(listSourceHealth(ctx.db, sources, new Date(NOW.getTime() + 91 * 86_400_000))[0]!.stale).toBe(true);
    expect(listSourceHealth(ctx.db, [{ ...sources[0]!, expectNewWithinDays: 120 }], new Date(NOW.getTime() + 91 * 86_400_000))[0]!.stale).toBe(false);
  });

  it('skips disabled sources unless forced', async () => {
    const disabled = { ...fixtureSources(site)[1]!, enabled: false };
    expect((await run([disabled])).summaries[0]).toMatchObject({ status: 'skipped' });
    expect(site.hits('/fondation/atom.xml')).toHaveLength(0);
    expect((await run([disabled], { force: true })).summaries[0]).toMatchObject({ status: 'ok', new: 1 });
  });
});

describe('previewSource', () => {
  it('shows what would be stored, without storing it', async () => {
    const items = await previewSource(ctx, fixtureSources(site)[2]!, { fetcher: FAST, now: NOW });
    expect(items).toEqual([
      expect.objectContaining({ title: 'Ateliers numériques dans les quartiers', url: `${site.url}/dept/appels/ateliers-numeriques.html`, deadline: '2027-03-15', amount: { min: 5000, max: 15000, currency: 'EUR', scope: 'project' } }),
      expect.objectContaining({ title: 'Aidants numériques & accès aux droits', deadline: '2027-06-30' }),
    ]);
    expect(calls()).toHaveLength(0);
  });
});

describe('formatSummaryLine', () => {
  it('names the source, status, counts and error', () => {
    expect(formatSummaryLine({ id: 'region', status: 'ok', new: 2, updated: 1, unchanged: 5, error: null })).toBe('region ok new=2 updated=1 unchanged=5');
    expect(formatSummaryLine({ id: 'dept', status: 'error', new: 0, updated: 0, unchanged: 0, error: 'La source ne répond pas' })).toBe(
      'dept error new=0 updated=0 unchanged=0 error=La source ne répond pas',
    );
  });
});
