// Every file of the feedparser corpus served over real HTTP with the Content-Type its comment names, then read
// by the whole pipeline (fetcher, charset, parser, cleaning, extraction, storage): nothing crashes, well-formed
// feeds yield their items, charsets decode to the right characters, and no active markup is ever stored.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fetcher } from '../../src/reader/fetcher/index.js';
import { fetchSources, type FetchResult } from '../../src/reader/ingest.js';
import { parseFeed } from '../../src/reader/rss/parse.js';
import { fixEncodingSlips, htmlToPlainText } from '../../src/reader/text/plain.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { loadCorpus, pythonString, type CorpusFile } from './helpers/corpus.js';
import { source } from './helpers/fixtures.js';
import { startSite, type Site } from './helpers/site.js';

const NOW = new Date('2027-01-10T08:00:00Z');
const FAST = { hostDelayMs: 0, concurrency: 8, timeoutMs: 10_000 };

// Broken beyond repair, each on purpose in the corpus: no complete item before the break.
const UNREADABLE = [
  'encoding/bozo_invalid-bytes-with-bom.xml', // truncated at `</rss`, with no item
  'illformed/aaa_illformed.xml', // a mismatched closing tag
  'illformed/rss_empty_document.xml', // an empty body
  'illformed/rss_incomplete_cdata.xml', // cut in the middle of the only item's CDATA
];

const files = loadCorpus();
let site: Site;
let ctx: TestContext;
let result: FetchResult;
const sourceIdOf = new Map<string, string>();

beforeAll(async () => {
  site = await startSite();
  for (const file of files) site.route(`/${file.path}`, (_req, res) => void res.writeHead(200, file.headers).end(file.bytes));
  ctx = createTestContext();
  const sources = files.map((file, index) => {
    sourceIdOf.set(file.path, `corpus-${index}`);
    return source(`corpus-${index}`, { url: urlOf(file) });
  });
  result = await fetchSources(ctx, sources, { now: NOW, fetcher: FAST });
}, 120_000);

afterAll(async () => {
  await site.close();
  ctx.cleanup();
});

function urlOf(file: CorpusFile): string {
  return `${site.url}/${file.path}`;
}

interface StoredText {
  source_id: string;
  title: string;
  summary: string;
  body: string;
  canonical_url: string | null;
  url: string | null;
}

function storedTexts(): StoredText[] {
  return ctx.db
    .prepare(
      `SELECT s.source_id, c.title, c.summary, c.body, c.canonical_url, s.url
         FROM call_sources s JOIN calls c ON c.id = s.call_id`,
    )
    .all() as StoredText[];
}

async function fetchedText(file: CorpusFile): Promise<string> {
  return Fetcher.text(await new Fetcher({ userAgent: 'fundwatch-test', ...FAST }).get(urlOf(file)));
}

describe('the feedparser corpus over HTTP', () => {
  it('has every file of the shared corpus', () => {
    expect(files.length).toBeGreaterThan(1_200);
    expect(files.filter((f) => f.headers['content-type']).length).toBeGreaterThan(40);
  });

  it('reads every file without crashing: only the irreparable ones fail, as parse errors', () => {
    expect(result.summaries).toHaveLength(files.length);
    const failed = result.summaries.flatMap((summary, index) => (summary.status === 'ok' ? [] : [[files[index]!.path, summary.status]]));
    expect(failed).toEqual(UNREADABLE.map((path) => [path, 'error']));
    const kinds = ctx.db.prepare("SELECT DISTINCT last_error_kind AS kind FROM sources WHERE last_status = 'error'").all() as { kind: string }[];
    expect(kinds).toEqual([{ kind: 'parse_error' }]);
    for (const summary of result.summaries.filter((s) => s.error)) {
      expect(summary.error).toMatch(/^(?:Flux illisible \(XML invalide : .+\)|Le site a renvoyé une réponse vide au lieu du flux) : http/);
    }
  });

  it('yields the items of well-formed feeds', async () => {
    let checked = 0;
    for (const file of files.filter((f) => f.path.startsWith('wellformed/'))) {
      const text = await fetchedText(file);
      const declared = (text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, '').match(/<(?:item|entry)[\s>/]/g) ?? []).length;
      const feed = await parseFeed(text, urlOf(file));
      expect.soft(feed.entries.length, file.path).toBe(declared);
      checked += declared;
    }
    expect(checked).toBeGreaterThan(800);
    // Items with a title or some text become calls (a title-less item is named after its text).
    const stored = ctx.db.prepare('SELECT count(DISTINCT call_id) AS n FROM call_sources').get() as { n: number };
    expect(stored.n).toBeGreaterThan(200);
  }, 60_000);

  it('decodes each file with the encoding it declares (HTTP header, BOM, prolog) or shows in its bytes', async () => {
    const declared = files.filter((f) => !f.bozo && /encoding == '(?!us-ascii)[\w-]+'/.test(f.expect));
    expect(declared.length).toBeGreaterThan(30);
    for (const file of declared) {
      const encoding = /encoding == '([\w-]+)'/.exec(file.expect)![1]!;
      const expected = iconv.decode(file.bytes, encoding).replace(/^\uFEFF/, '');
      expect.soft(await fetchedText(file), `${file.path} (${encoding})`).toBe(expected);
    }
  });

  it('keeps the characters feedparser expects in titles and descriptions', async () => {
    const literal = /(feed\['title'\]|entries\[0\]\['description'\]|entries\[0\]\.summary) == (u?'(?:[^'\\]|\\.)*'|u?"(?:[^"\\]|\\.)*")/;
    const cases = files.filter((f) => f.path.startsWith('encoding/') && !f.bozo && literal.test(f.expect));
    expect(cases.length).toBeGreaterThanOrEqual(6);
    for (const file of cases) {
      const [, field, quoted] = literal.exec(file.expect)!;
      const expected = pythonString(quoted!);
      const feed = await parseFeed(await fetchedText(file), urlOf(file));
      const actual = field === "feed['title']" ? feed.title : feed.entries[0]!.content;
      // Stored text is the plain text of the HTML: compare on that; an attribute's characters are checked in the raw
      // content, with the windows-1252 slips that cleaning repairs.
      expect.soft(htmlToPlainText(actual), file.path).toBe(htmlToPlainText(expected));
      for (const run of expected.match(/[^\x00-\x7f]+/g) ?? []) expect.soft(fixEncodingSlips(actual), file.path).toContain(run);
    }
    for (const path of ['encoding/double-encoded-html.xml', 'encoding/bozo_double-encoded-html.xml']) {
      const file = files.find((f) => f.path === path)!;
      const feed = await parseFeed(await fetchedText(file), urlOf(file));
      expect(htmlToPlainText(feed.entries[0]!.content), path).toBe('…');
    }
  });

  it('stores no script, event handler or javascript: URL from the sanitize set', () => {
    const texts = storedTexts();
    const sanitize = new Set(files.filter((f) => f.path.startsWith('wellformed/sanitize/')).map((f) => sourceIdOf.get(f.path)!));
    // The set is meant to inject: check there is something stored from it to look at.
    expect(texts.filter((t) => sanitize.has(t.source_id)).length).toBeGreaterThan(20);
    for (const text of texts) {
      for (const value of [text.title, text.summary, text.body]) {
        expect.soft(value).not.toMatch(/<\s*\/?\s*[a-z!?]/i);
        expect.soft(value).not.toMatch(/(?:java|vb)script\s*:/i);
        expect.soft(value).not.toMatch(/\bon[a-z]+\s*=\s*["']?[\w(]/i);
      }
      for (const url of [text.canonical_url, text.url]) if (url !== null) expect.soft(url).toMatch(/^https?:\/\//);
    }
  });
});
