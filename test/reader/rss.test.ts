import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/reader/fetcher/errors.js';
import { escapeStrayAmpersands, parseFeed } from '../../src/reader/rss/parse.js';

const URL = 'http://127.0.0.1/flux.xml';

const RSS2 = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Appels à projets</title>
<item><title>Inclusion numérique 2027</title><link>https://example.org/aap/1</link><guid>aap-1</guid>
<description>&lt;p&gt;Date limite : &lt;b&gt;15 mars 2027&lt;/b&gt;&lt;/p&gt;</description><pubDate>Mon, 04 Jan 2027 10:00:00 +0100</pubDate></item>
<item><title>Second appel</title><link>https://example.org/aap/2</link><pubDate>pas une date</pubDate></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fondation</title>
<entry><title>Entrée valide</title><id>urn:1</id><link rel="alternate" href="https://example.org/e/1"/><published>2027-01-02T00:00:00Z</published>
<content type="html">&lt;p&gt;Texte&lt;/p&gt;</content></entry>
<entry><title>Date illisible</title><id>urn:2</id><link href="https://example.org/e/2"/><published>le deux janvier</published></entry>
</feed>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="https://example.org/"><title>RDF</title></channel>
<item rdf:about="https://example.org/r/1"><title>Appel RDF</title><link>https://example.org/r/1</link><description>Un texte</description></item>
</rdf:RDF>`;

describe('parseFeed', () => {
  it('reads RSS 2.0 items, an unreadable date costing only that date', async () => {
    const feed = await parseFeed(RSS2, URL);
    expect(feed.title).toBe('Appels à projets');
    expect(feed.entries).toHaveLength(2);
    expect(feed.entries[0]).toMatchObject({ guid: 'aap-1', link: 'https://example.org/aap/1', title: 'Inclusion numérique 2027', published: '2027-01-04T09:00:00.000Z' });
    expect(feed.entries[0]!.content).toContain('15 mars 2027');
    expect(feed.entries[1]).toMatchObject({ title: 'Second appel', published: null });
  });

  it('reads Atom, keeping an entry whose date would make rss-parser throw', async () => {
    const feed = await parseFeed(ATOM, URL);
    expect(feed.entries.map((e) => e.title)).toEqual(['Entrée valide', 'Date illisible']);
    expect(feed.entries[0]).toMatchObject({ guid: 'urn:1', link: 'https://example.org/e/1', published: '2027-01-02T00:00:00.000Z' });
    expect(feed.entries[1]).toMatchObject({ guid: 'urn:2', link: 'https://example.org/e/2', published: null });
  });

  it('reads RSS 1.0 (RDF)', async () => {
    const feed = await parseFeed(RDF, URL);
    expect(feed.entries).toEqual([expect.objectContaining({ title: 'Appel RDF', link: 'https://example.org/r/1', guid: 'https://example.org/r/1' })]);
  });

  it('recovers a BOM, leading garbage and stray ampersands', async () => {
    const broken = `\uFEFF\n  junk before the prolog ${RSS2.replace('Second appel', 'Culture & numérique').replace('https://example.org/aap/2', 'https://example.org/aap?id=2&type=aap')}`;
    const feed = await parseFeed(broken, URL);
    expect(feed.entries.map((e) => e.title)).toEqual(['Inclusion numérique 2027', 'Culture & numérique']);
    expect(feed.entries[1]!.link).toBe('https://example.org/aap?id=2&type=aap');
  });

  it('reads RSS 0.9x documents with no channel, empty or with items straight under <rss>', async () => {
    expect((await parseFeed('<rss version="0.92">\n</rss>', URL)).entries).toEqual([]);
    expect((await parseFeed('<rss><item><title>Sans canal</title></item></rss>', URL)).entries.map((e) => e.title)).toEqual(['Sans canal']);
    expect((await parseFeed('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', URL)).entries).toEqual([]);
  });

  it('reads HTML entities that XML does not know, and entities declared in the DTD', async () => {
    const html = '<rss version="2.0"><channel><item><title>R&eacute;gion&nbsp;: d&eacute;p&ocirc;t &amp; suivi</title></item></channel></rss>';
    expect((await parseFeed(html, URL)).entries[0]!.title).toBe('Région\u00a0: dépôt & suivi');
    const dtd = '<!DOCTYPE rss [<!ENTITY org "Fondation Num">]><rss version="2.0"><channel><item><title>&org; 2027</title></item></channel></rss>';
    expect((await parseFeed(dtd, URL)).entries[0]!.title).toBe('Fondation Num 2027');
  });

  it('keeps the complete items of a feed cut short', async () => {
    const cut = `${RSS2.slice(0, RSS2.indexOf('<item><title>Second'))}<item><title>Coupé en plein`;
    expect((await parseFeed(cut, URL)).entries.map((e) => e.title)).toEqual(['Inclusion numérique 2027']);
    const atom = `${ATOM.slice(0, ATOM.indexOf('<entry><title>Date illisible'))}<entry><title>Coup`;
    expect((await parseFeed(atom, URL)).entries.map((e) => e.title)).toEqual(['Entrée valide']);
  });

  it('reads localised French dates, and takes a permalink GUID for a missing link', async () => {
    const feed = await parseFeed(
      `<rss version="2.0"><channel>
        <item><title>A</title><guid>https://example.org/aap/a</guid><pubDate>lun. 12 avril 2027</pubDate></item>
        <item><title>B</title><guid>b-42</guid><pubDate>1er décembre 2026</pubDate></item></channel></rss>`,
      URL,
    );
    expect(feed.entries.map((e) => [e.link, e.published])).toEqual([
      ['https://example.org/aap/a', '2027-04-12T00:00:00.000Z'],
      [null, '2026-12-01T00:00:00.000Z'],
    ]);
  });

  it('reads an RSS document without a version attribute', async () => {
    const feed = await parseFeed('<rss><channel><item><title>Sans version</title></item></channel></rss>', URL);
    expect(feed.entries.map((e) => e.title)).toEqual(['Sans version']);
  });

  it('refuses an HTML page as not a feed', async () => {
    const error = await parseFeed('<!DOCTYPE html><html><body>Accueil</body></html>', URL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ kind: 'not_a_feed' });
    expect((error as Error).message).toMatch(/page HTML/);
  });

  it('gives up on truncated XML with a parse error naming the URL', async () => {
    const error = await parseFeed('<rss version="2.0"><channel><item><title><![CD', URL).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'parse_error' });
    expect((error as Error).message).toContain(URL);
  });

  it('says so when the body is empty', async () => {
    await expect(parseFeed('\uFEFF \n', URL)).rejects.toMatchObject({ kind: 'parse_error', message: expect.stringMatching(/réponse vide/) });
  });

  it('says "not a feed" for well-formed XML of another kind', async () => {
    await expect(parseFeed('<?xml version="1.0"?><html-list><a/></html-list>', URL)).rejects.toMatchObject({ kind: 'not_a_feed' });
  });
});

describe('escapeStrayAmpersands', () => {
  it('escapes only ampersands that start no entity', () => {
    expect(escapeStrayAmpersands('a & b &amp; c &#233; &eacute; ?x=1&y=2')).toBe('a &amp; b &amp; c &#233; &eacute; ?x=1&amp;y=2');
  });
});
