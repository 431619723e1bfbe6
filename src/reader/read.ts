// Reading one source: fetch (conditional), decode, and for a listing page scrape it and its detail pages. A feed's
// text is handed on unparsed: parsing it is CPU work for prepare/, which may run it on a worker thread.
import pLimit from 'p-limit';
import type { Logger } from '../log.js';
import type { SourceConfig } from '../sources/load.js';
import { FetchError } from './fetcher/errors.js';
import { Fetcher } from './fetcher/index.js';
import { scrapeDetail, scrapeListing } from './html/scrape.js';
import { parseListingDate, type RawItem } from './items.js';
import { readJsonSource, type JsonReadResult } from './json/read.js';
import { resolveSpec } from './json/spec.js';

export interface ReadOptions {
  etag?: string | null;
  lastModified?: string | null;
  userAgent?: string;
  /** Detail pages read per run and source at most (the rest keep their listing text). */
  maxDetailPages: number;
  log: Logger;
  /** Where a json source's instants become days (FUNDWATCH_TZ). */
  timeZone?: string;
  /** What `${NAME}` values and API keys of json sources are read from (config.sourceEnv with the keys it parses). */
  env?: Record<string, string | undefined>;
  /** A json source reads its first page only (`sources test`). */
  firstPageOnly?: boolean;
}

/** What a source gave: a feed still to parse, or the items scraped from a listing page. */
export type SourceContent = { kind: 'feed'; text: string } | { kind: 'items'; items: RawItem[] };

export type ReadOutcome =
  | { notModified: true }
  | { notModified: false; url: string; etag: string | null; lastModified: string | null; content: SourceContent; json?: JsonReadResult };

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

export async function readSource(fetcher: Fetcher, source: SourceConfig, options: ReadOptions): Promise<ReadOutcome> {
  if (source.type === 'json') return readJson(fetcher, source, options);
  const page = await fetcher.get(source.url, {
    etag: options.etag ?? null,
    lastModified: options.lastModified ?? null,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    accept: source.type === 'rss' ? FEED_ACCEPT : HTML_ACCEPT,
  });
  // 304: nothing changed, nothing to parse.
  if (page.notModified) return { notModified: true };
  const text = Fetcher.text(page);
  const content: SourceContent =
    source.type === 'rss' ? { kind: 'feed', text } : { kind: 'items', items: await listingItems(fetcher, source, text, page.url, options) };
  return { notModified: false, url: page.url, etag: page.etag, lastModified: page.lastModified, content };
}

/** An API read page after page (no conditional GET: a page's validators say nothing of the next pages). */
async function readJson(fetcher: Fetcher, source: SourceConfig, options: ReadOptions): Promise<ReadOutcome> {
  const env = options.env ?? {};
  const spec = resolveSpec(source.json ?? {}, source.url || undefined, env);
  if (options.firstPageOnly) spec.paging.maxPages = 1;
  const json = await readJsonSource(fetcher, spec, {
    sourceId: source.id,
    timeZone: options.timeZone ?? 'Europe/Paris',
    env,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    log: options.log,
  });
  if (options.firstPageOnly) json.notes = json.notes.filter((note) => !note.includes('pagination.max_pages'));
  // Every item skipped (no title or no link where `fields` say): the mapping is wrong, as an html scraper finding
  // nothing is; an error for staff, never an empty success.
  if (json.received > 0 && json.items.length === 0 && json.error === null) {
    throw new FetchError(
      'no_items',
      `L’API a renvoyé ${json.received} élément${json.received > 1 ? 's' : ''}, mais aucun n’a à la fois un titre et une adresse là où fields ` +
        `les cherche — vérifiez fields.title et fields.url de la source ${source.id}`,
      spec.url,
    );
  }
  return { notModified: false, url: spec.url, etag: null, lastModified: null, content: { kind: 'items', items: json.items }, json };
}

async function listingItems(fetcher: Fetcher, source: SourceConfig, html: string, url: string, options: ReadOptions): Promise<RawItem[]> {
  const selectors = source.selectors;
  if (!selectors) throw new FetchError('no_items', `La source ${source.id} est de type html mais n'a pas de sélecteurs`, url);
  const { matched, entries } = scrapeListing(html, url, selectors);
  if (entries.length === 0) {
    // The page changed under the scraper: an error for staff, never an empty success.
    const what = matched === 0 ? `le sélecteur item « ${selectors.item} »` : `le sélecteur title « ${selectors.title} »`;
    throw new FetchError('no_items', `Aucune annonce trouvée sur la page : ${what} ne trouve plus rien (la page a sans doute changé) — corrigez les sélecteurs de la source : ${url}`, url);
  }
  const bodies = selectors.detail ? await detailBodies(fetcher, entries.map((e) => e.link), selectors.detail, options) : [];
  return entries.map((entry, index) => ({
    guid: null,
    link: entry.link,
    title: entry.title,
    summary: entry.summaryHtml,
    body: bodies[index] ?? '',
    published: parseListingDate(entry.dateText),
    deadlineText: entry.deadlineText,
  }));
}

/** Full text of each linked page; one that fails keeps its listing text and is logged, the others carry on. */
async function detailBodies(fetcher: Fetcher, links: (string | null)[], selector: string, options: ReadOptions): Promise<string[]> {
  const limit = pLimit(2);
  const seen = new Set<string>();
  return Promise.all(
    links.map((link, index) =>
      limit(async () => {
        if (!link || index >= options.maxDetailPages || seen.has(link)) return '';
        seen.add(link);
        try {
          const page = await fetcher.get(link, { ...(options.userAgent ? { userAgent: options.userAgent } : {}), accept: HTML_ACCEPT });
          return scrapeDetail(Fetcher.text(page), selector);
        } catch (error) {
          options.log.warn({ url: link, err: error instanceof Error ? error.message : String(error) }, 'detail page unreadable, listing text kept');
          return '';
        }
      }),
    ),
  );
}
