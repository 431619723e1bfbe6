// Parsing and extraction off the event loop: the worker pool (its threads run the build's worker, dist/, kept fresh
// by the global setup) must give exactly what the calling thread gives, carry feed errors across threads with their
// kind and French message, and feed a real fetch run that stores the same calls.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/reader/fetcher/errors.js';
import { fetchSources } from '../../src/reader/ingest.js';
import { createPreparer, inThreadPreparer, type Preparer } from '../../src/reader/prepare/pool.js';
import { prepareCalls, type PrepareTask } from '../../src/reader/prepare/prepare.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { fixture, fixtureSources, source, startFixtureSite } from './helpers/fixtures.js';
import type { Site } from './helpers/site.js';

const URL_OF_FEED = 'https://www.region.example.fr/aides/flux.xml';
const NOW = new Date('2027-01-10T08:00:00Z');

const FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Région</title>
  <item>
    <title>Appel à projets « Inclusion numérique 2027 »</title>
    <link>/aides/inclusion-numerique-2027</link>
    <guid>aap-inclusion-2027</guid>
    <pubDate>Mon, 04 Jan 2027 09:00:00 GMT</pubDate>
    <description>&lt;p&gt;Date limite de dépôt des dossiers : 15 mars 2027.&lt;/p&gt;&lt;p&gt;Subvention jusqu'à 20 000 € par projet.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Fonds pour les tiers-lieux</title>
    <link>https://www.region.example.fr/aides/tiers-lieux</link>
    <description>Candidatures avant le 30/04/2027.</description>
  </item>
</channel></rss>`;

function feedTask(text: string): PrepareTask {
  return { content: { kind: 'feed', text }, source: source('region', { url: URL_OF_FEED }), url: URL_OF_FEED };
}

describe('prepareCalls', () => {
  it('parses a feed and extracts each call’s link, deadline and amount', async () => {
    const calls = await prepareCalls(feedTask(FEED));
    expect(calls.map((c) => [c.title, c.url, c.deadlines, c.amount?.max ?? null])).toEqual([
      ['Appel à projets « Inclusion numérique 2027 »', 'https://www.region.example.fr/aides/inclusion-numerique-2027', ['2027-03-15'], 20_000],
      ['Fonds pour les tiers-lieux', 'https://www.region.example.fr/aides/tiers-lieux', ['2027-04-30'], null],
    ]);
  });

  it('refuses an HTML page served as a feed with a French message naming the address', async () => {
    const error = await prepareCalls(feedTask('<!DOCTYPE html><html><body>Accueil</body></html>')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ kind: 'not_a_feed', message: expect.stringContaining(URL_OF_FEED) });
  });
});

describe('the worker pool', () => {
  let pool: Preparer;

  beforeAll(() => {
    pool = createPreparer({ threads: 2 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('runs on worker threads and answers exactly what the calling thread answers', async () => {
    expect(pool.threads).toBe(2);
    const texts = [FEED, fixture('site/fondation-atom.xml').toString('utf8'), FEED.replaceAll('2027', '2028')];
    const [inPool, inThread] = await Promise.all([
      Promise.all(texts.map((text) => pool.prepare(feedTask(text)))),
      Promise.all(texts.map((text) => inThreadPreparer.prepare(feedTask(text)))),
    ]);
    expect(inPool).toEqual(inThread);
    expect(inPool[2]!.map((c) => c.deadlines)).toEqual([['2028-03-15'], ['2028-04-30']]);
  });

  it('carries a feed error across threads with its kind and message, and keeps working after it', async () => {
    const error = await pool.prepare(feedTask('<!DOCTYPE html><html><body>Accueil</body></html>')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ kind: 'not_a_feed', url: URL_OF_FEED, message: expect.stringMatching(/page HTML et non un flux/) });
    expect(await pool.prepare(feedTask(FEED))).toHaveLength(2);
  });

  describe('in a fetch run over HTTP', () => {
    let site: Site;
    let contexts: TestContext[];

    beforeEach(async () => {
      site = await startFixtureSite();
      contexts = [createTestContext(), createTestContext()];
    });
    afterEach(async () => {
      await site.close();
      contexts.forEach((ctx) => ctx.cleanup());
    });

    it('stores the same calls as a run that prepares on the calling thread', async () => {
      const stored = async (ctx: TestContext, preparer: Preparer) => {
        const result = await fetchSources(ctx, fixtureSources(site), { now: NOW, fetcher: { hostDelayMs: 0 }, preparer });
        expect(result.summaries.map((s) => s.status)).toEqual(['ok', 'ok', 'ok']);
        return ctx.db.prepare('SELECT title, canonical_url, deadlines, amount_max, summary, body FROM calls ORDER BY title').all();
      };
      const viaPool = await stored(contexts[0]!, pool);
      const inThread = await stored(contexts[1]!, inThreadPreparer);
      expect(viaPool.length).toBeGreaterThanOrEqual(5);
      expect(viaPool).toEqual(inThread);
    });
  });
});
