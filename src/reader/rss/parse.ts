// RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom through rss-parser's string parser, guarded so that one bad item or date
// cannot lose the feed, with the common breakage (BOM, leading garbage, stray "&") repaired before giving up. Pure.
import { decodeHTMLStrict } from 'entities';
import Parser from 'rss-parser';
import { FetchError } from '../fetcher/errors.js';
import { parseListingDate } from '../items.js';

export interface FeedEntry {
  guid: string | null;
  link: string | null;
  /** Raw title, may hold entities or markup. */
  title: string;
  /** Raw HTML or text: the longest of content and summary. */
  content: string;
  /** ISO timestamp when the item's date could be read. */
  published: string | null;
}

export interface ParsedFeed {
  title: string;
  entries: FeedEntry[];
}

type RawItem = Parser.Item & { id?: unknown; 'content:encoded'?: unknown; 'rdf:about'?: unknown; [key: string]: unknown };

/** Parses a decoded feed; throws FetchError (not_a_feed or parse_error) when nothing can be made of it. */
export async function parseFeed(text: string, url: string): Promise<ParsedFeed> {
  const cleaned = stripLeadingGarbage(text);
  if (cleaned.trim() === '') {
    throw new FetchError('parse_error', `Le site a renvoyé une réponse vide au lieu du flux : ${url} — réessayez plus tard ou vérifiez l'URL de la source`, url);
  }
  if (looksLikeHtml(cleaned)) {
    throw new FetchError(
      'not_a_feed',
      `L'adresse renvoie une page HTML et non un flux RSS/Atom : ${url} — corrigez l'URL du flux ou passez la source en type html avec des sélecteurs`,
      url,
    );
  }
  const document = wrapChannel(wrapLoneEntry(unprefixFeed(dropDeclaration(cleaned))));
  let firstError: unknown = null;
  // The document as sent, then with every repair for what real feeds get wrong.
  for (const candidate of [document, repair(document)]) {
    try {
      return toParsedFeed(await parseWithRssParser(candidate));
    } catch (error) {
      firstError ??= error;
    }
  }
  throw asFeedError(firstError, url);
}

/** Entities of an internal DTD and of HTML expanded, stray `&` escaped, and a truncated document closed. */
export function repair(text: string): string {
  return closeTruncated(escapeStrayAmpersands(replaceHtmlEntities(expandDtdEntities(text))));
}

function asFeedError(error: unknown, url: string): FetchError {
  const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  if (/not recognized as RSS/i.test(reason)) {
    return new FetchError('not_a_feed', `Le document n'est ni un flux RSS ni un flux Atom : ${url} — vérifiez l'URL de la source`, url);
  }
  // A TypeError comes from rss-parser meeting a structure it does not expect, not from the XML itself.
  const why = error instanceof TypeError ? 'structure de flux inattendue' : `XML invalide : ${reason}`;
  return new FetchError('parse_error', `Flux illisible (${why}) : ${url} — le site publie un flux cassé, prévenez-le ou réessayez plus tard`, url);
}

/** A BOM, whitespace, or stray bytes before the first tag make XML parsers refuse the whole document. */
export function stripLeadingGarbage(text: string): string {
  const noBom = text.replace(/^\uFEFF/, '');
  const start = noBom.search(/<(\?xml|rss|feed|rdf:RDF|!--|!DOCTYPE|[a-zA-Z])/);
  return start > 0 ? noBom.slice(start) : noBom.trimStart();
}

/**
 * The XML declaration, dropped: the text is already decoded, and feeds mangle it (`<?xml version="1.0">` without
 * its `?`, `<? xml …?>`), which XML parsers refuse although every other reader shrugs it off.
 */
export function dropDeclaration(text: string): string {
  return text.replace(/^\s*<\s*\?\s*xml\b[^>]*>\s*/i, '');
}

/**
 * RSS or Atom whose elements all carry a namespace prefix (`<rss:rss>`, `<rss:item>`, `<atom:entry>`): the prefix
 * taken off every element, as readers that match names by namespace see them. RDF's own `rdf:` is left alone.
 */
export function unprefixFeed(text: string): string {
  const prefixed = /<([A-Za-z_][\w.-]*):(?:rss|channel|item|feed|entry)\b/.exec(text);
  if (!prefixed || prefixed[1]!.toLowerCase() === 'rdf' || /<(?:item|entry)\b/.test(text)) return text;
  const prefix = prefixed[1]!.replace(/[.-]/g, (c) => `\\${c}`);
  return text.replace(new RegExp(`(</?)${prefix}:`, 'g'), '$1');
}

/** A document that is one Atom `<entry>` (RFC 4287 allows it), put in a `<feed>` so it reads as a feed of one. */
export function wrapLoneEntry(text: string): string {
  const root = rootTag(text);
  if (!root || root[1] !== 'entry') return text;
  const withNs = /\bxmlns=/.test(root[0]) ? '' : ' xmlns="http://www.w3.org/2005/Atom"';
  return `${text.slice(0, root.index)}<feed${withNs}>${text.slice(root.index)}</feed>`;
}

/** `&` not starting an entity reference, as in `?a=1&b=2` written raw. */
export function escapeStrayAmpersands(text: string): string {
  return text.replace(/&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9._-]*);)/g, '&amp;');
}

/** The document element's opening tag, past the prolog, comments and DOCTYPE; null when there is none. */
function rootTag(text: string): RegExpExecArray | null {
  return /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)*<([A-Za-z][\w:.-]*)\b[^>]*>/.exec(text);
}

/** RSS 0.9x and RDF documents with no `<channel>` (items straight under the root, or nothing at all) make
 * rss-parser throw: give them one. */
export function wrapChannel(text: string): string {
  const root = rootTag(text);
  if (!root || root[0].endsWith('/>') || /<channel\b/i.test(text)) return text;
  const name = root[1]!.toLowerCase();
  const at = root.index + root[0].length;
  if (name === 'rdf:rdf') return `${text.slice(0, at)}<channel></channel>${text.slice(at)}`;
  if (name !== 'rss') return text;
  const close = text.search(/<\/rss\s*>/i);
  if (close < at) return `${text.slice(0, at)}<channel>${text.slice(at)}</channel>`;
  return `${text.slice(0, at)}<channel>${text.slice(at, close)}</channel>${text.slice(close)}`;
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** HTML named entities (`&eacute;`, `&nbsp;`), which XML does not know, as character references. */
export function replaceHtmlEntities(text: string): string {
  return text.replace(/&([A-Za-z][A-Za-z0-9]{1,31});/g, (entity: string, name: string) => {
    if (XML_ENTITIES.has(name)) return entity;
    const decoded = decodeHTMLStrict(entity);
    if (decoded === entity) return entity;
    return [...decoded].map((c) => `&#${c.codePointAt(0)};`).join('');
  });
}

/** Entities declared in the document's internal DTD, expanded in place (the XML parser does not read DTDs). */
export function expandDtdEntities(text: string): string {
  const doctype = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i.exec(text);
  if (!doctype) return text;
  const values = new Map<string, string>();
  for (const m of doctype[1]!.matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g)) {
    values.set(m[1]!, m[2] ?? m[3] ?? '');
  }
  const rest = text.slice(doctype.index + doctype[0].length);
  const expanded = rest.replace(/&([A-Za-z_][\w.-]*);/g, (entity: string, name: string) => values.get(name) ?? entity);
  return text.slice(0, doctype.index) + expanded;
}

/** A document cut short (a server error mid-output): kept up to its last complete item, then closed. */
export function closeTruncated(text: string): string {
  const root = rootTag(text);
  if (!root || !/^(rss|feed|rdf:rdf)$/i.test(root[1]!) || new RegExp(`</${root[1]}\\s*>\\s*$`, 'i').test(text.trimEnd())) return text;
  const ends = ['</item>', '</entry>'].map((tag) => text.lastIndexOf(tag) + (text.includes(tag) ? tag.length : 0));
  const lastItem = Math.max(...ends);
  if (lastItem === 0) return text;
  const inChannel = root[1]!.toLowerCase() === 'rss' && /<channel\b/i.test(text) && !/<\/channel\s*>/i.test(text.slice(0, lastItem));
  return `${text.slice(0, lastItem)}${inChannel ? '</channel>' : ''}</${root[1]}>`;
}

function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 1024).toLowerCase();
  return /^(?:<!--[\s\S]*?-->\s*)*(<!doctype html|<html)/.test(head);
}

/** rss-parser with its per-item builders wrapped, so a throwing item is dropped rather than the feed. */
function parseWithRssParser(xml: string): Promise<Parser.Output<RawItem>> {
  const parser = new Parser<Record<string, unknown>, RawItem>({
    defaultRSS: 2,
    customFields: { item: ['content:encoded', 'id'] },
    xml2js: { strict: true },
  });
  guardItemBuilders(parser);
  // xml2js may report an error twice or throw synchronously: settle once.
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void): void => {
      if (!settled) {
        settled = true;
        action();
      }
    };
    try {
      parser.parseString(xml).then(
        (feed) => settle(() => resolve(feed)),
        (error: unknown) => settle(() => reject(error)),
      );
    } catch (error) {
      settle(() => reject(error));
    }
  });
}

type ItemBuilder = (this: unknown, xmlItem: Record<string, unknown>, ...rest: unknown[]) => unknown;

function guardItemBuilders(parser: object): void {
  // rss-parser exposes no hook; its builders are plain methods, so wrap them on this instance.
  const target = parser as Record<'parseItemAtom' | 'parseItemRss', ItemBuilder>;
  for (const name of ['parseItemAtom', 'parseItemRss'] as const) {
    const original = target[name];
    target[name] = function (this: unknown, xmlItem, ...rest) {
      try {
        return original.call(this, xmlItem, ...rest);
      } catch {
        // Most often an unreadable date (Atom's published/updated go through Date#toISOString): retry without dates.
        try {
          const { published: _p, updated: _u, pubDate: _d, 'dc:date': _dc, ...withoutDates } = xmlItem;
          return original.call(this, withoutDates, ...rest);
        } catch {
          return null;
        }
      }
    };
  }
}

function toParsedFeed(feed: Parser.Output<RawItem>): ParsedFeed {
  const entries = (feed.items ?? []).flatMap((item) => {
    if (!item || typeof item !== 'object') return [];
    try {
      return [toEntry(item)];
    } catch {
      return [];
    }
  });
  return { title: textOf(feed.title), entries };
}

function toEntry(item: RawItem): FeedEntry {
  const contents = [textOf(item['content:encoded']), textOf(item.content), textOf(item.summary)];
  const content = contents.reduce((longest, c) => (c.length > longest.length ? c : longest), '');
  return {
    guid: firstText(item.guid, item.id, item['rdf:about']),
    // RSS 2.0: a GUID is a permalink unless it says otherwise, which feeds without <link> rely on.
    link: firstText(item.link) ?? permalinkGuid(item.guid),
    title: textOf(item.title),
    content,
    published: isoDate(item.isoDate ?? item.pubDate),
  };
}

/** A GUID that is an http(s) URL (rss-parser drops the isPermaLink attribute; such GUIDs are the item's page). */
function permalinkGuid(guid: unknown): string | null {
  const text = textOf(guid).trim();
  return /^https?:\/\//i.test(text) ? text : null;
}

/** xml2js gives strings, or objects with `_` for text and `$` for attributes; anything else is not text. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (value && typeof value === 'object' && '_' in value) return textOf((value as { _: unknown })._);
  return '';
}

function firstText(...values: unknown[]): string | null {
  for (const value of values) {
    const text = textOf(value).trim();
    if (text !== '') return text;
  }
  return null;
}

function isoDate(value: unknown): string | null {
  const text = textOf(value).trim();
  if (text === '') return null;
  const time = Date.parse(text);
  // Some French CMS localise the date of their feed ("mardi 12 janvier 2027"): read it as a listing's date.
  return Number.isNaN(time) ? parseListingDate(text) : new Date(time).toISOString();
}
