// Two feed shapes other readers accept: a document that is a lone Atom <entry> (no <feed>, no link), and RSS whose
// elements all carry a namespace prefix, sometimes behind a mangled XML declaration. Parsed, then fetched and stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchSources } from '../../src/reader/ingest.js';
import { parseFeed } from '../../src/reader/rss/parse.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { source } from './helpers/fixtures.js';
import { serve, startSite, type Site } from './helpers/site.js';

const LONE_ENTRY = `<?xml version="1.0" encoding="utf-8"?>
<entry xmlns="http://www.w3.org/2005/Atom">
  <id>urn:uuid:7f3c2a10-aap-numerique-2027</id>
  <title>Appel à projets « Numérique solidaire » 2027</title>
  <updated>2027-01-10T10:00:00Z</updated>
  <summary>Soutien aux associations de médiation numérique. Date limite : 15 mars 2027.</summary>
</entry>`;

const PREFIXED = `<?xml version="1.0" encoding="utf-8">
<rss:rss xmlns:rss="http://backend.userland.com/rss2" version="2.0">
  <rss:channel>
    <rss:title>Département : appels à projets</rss:title>
    <rss:link>https://departement.example/aap</rss:link>
    <rss:item>
      <rss:title>Ateliers numériques des seniors</rss:title>
      <rss:link>https://departement.example/aap/ateliers-seniors</rss:link>
      <rss:description>Dépôt avant le 30 avril 2027. Subvention jusqu'à 8 000 euros.</rss:description>
    </rss:item>
    <rss:item>
      <rss:title>Fabriques de territoire</rss:title>
      <rss:link>https://departement.example/aap/fabriques</rss:link>
    </rss:item>
  </rss:channel>
</rss:rss>`;

// The same shape behind a declaration with a space before its question mark, and an Atom feed prefixed likewise.
const MANGLED = PREFIXED.replace('<?xml version="1.0" encoding="utf-8">', '< ?xml version="1.0" encoding="utf-8" ?>');
const PREFIXED_ATOM = `<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>F</atom:title>
<atom:entry><atom:id>tag:f,2027:1</atom:id><atom:title>Atom préfixé</atom:title><atom:link href="https://f.example/1"/><atom:updated>2027-01-02T00:00:00Z</atom:updated></atom:entry></atom:feed>`;

describe('parseFeed on shapes other readers accept', () => {
  it('reads a lone Atom entry as a feed of one, without a link', async () => {
    const { entries } = await parseFeed(LONE_ENTRY, 'https://x.example/entree.xml');
    expect(entries).toEqual([
      {
        guid: 'urn:uuid:7f3c2a10-aap-numerique-2027',
        link: null,
        title: 'Appel à projets « Numérique solidaire » 2027',
        content: 'Soutien aux associations de médiation numérique. Date limite : 15 mars 2027.',
        published: '2027-01-10T10:00:00.000Z',
      },
    ]);
  });

  it('reads RSS and Atom whose elements carry a prefix, with a mangled XML declaration', async () => {
    for (const doc of [PREFIXED, MANGLED]) {
      const { title, entries } = await parseFeed(doc, 'https://x.example/flux.xml');
      expect(title).toBe('Département : appels à projets');
      expect(entries.map((e) => [e.title, e.link])).toEqual([
        ['Ateliers numériques des seniors', 'https://departement.example/aap/ateliers-seniors'],
        ['Fabriques de territoire', 'https://departement.example/aap/fabriques'],
      ]);
    }
    expect((await parseFeed(PREFIXED_ATOM, 'https://f.example/')).entries.map((e) => e.title)).toEqual(['Atom préfixé']);
  });
});

describe('fetching those shapes', () => {
  let site: Site;
  let ctx: TestContext;
  beforeEach(async () => {
    site = await startSite({
      '/entree.xml': serve(LONE_ENTRY, { 'content-type': 'application/atom+xml; type=entry' }),
      '/prefixe.xml': serve(MANGLED, { 'content-type': 'application/rss+xml' }),
    });
    ctx = createTestContext();
  });
  afterEach(async () => {
    await site.close();
    ctx.cleanup();
  });

  it('stores their calls with deadlines and amounts', async () => {
    const result = await fetchSources(
      ctx,
      [source('entree', { url: `${site.url}/entree.xml` }), source('prefixe', { url: `${site.url}/prefixe.xml` })],
      { now: new Date('2027-01-10T08:00:00Z'), fetcher: { hostDelayMs: 0, timeoutMs: 2_000 } },
    );
    expect(result.summaries.map((s) => [s.id, s.status, s.new])).toEqual([
      ['entree', 'ok', 1],
      ['prefixe', 'ok', 2],
    ]);
    const rows = ctx.db.prepare('SELECT title, deadlines, amount_max FROM calls ORDER BY title').all();
    expect(rows).toEqual([
      { title: 'Appel à projets « Numérique solidaire » 2027', deadlines: '["2027-03-15"]', amount_max: null },
      { title: 'Ateliers numériques des seniors', deadlines: '["2027-04-30"]', amount_max: 8000 },
      { title: 'Fabriques de territoire', deadlines: '[]', amount_max: null },
    ]);
  });
});
