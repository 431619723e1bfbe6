// Reading a JSON source page after page: request, auth, paging, and the checks that turn an API's bad answers into
// errors a staff member can act on. What pages were read before a failure is kept and stored (nothing is lost);
// the failure is still reported.
import { isAscii, transcode } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../log.js';
import { FetchError } from '../fetcher/errors.js';
import { Fetcher } from '../fetcher/index.js';
import type { RawItem } from '../items.js';
import { bearerToken, dropToken } from './auth.js';
import { ItemFolder } from './map.js';
import { scalarText, valueAt } from './path.js';
import { firstRequest, pageRequest, withQuery, type PageRequest } from './request.js';
import type { FieldName, JsonSpec } from './spec.js';

export interface JsonReadOptions {
  sourceId: string;
  timeZone: string;
  env: Record<string, string | undefined>;
  userAgent?: string;
  log: Logger;
}

export interface JsonReadResult {
  items: RawItem[];
  pages: number;
  /** Items the API gave, before those without a title or link were skipped and repeated ids folded. */
  received: number;
  skipped: number;
  empty: Record<FieldName, number>;
  /** What staff should know though the read went on (page size ignored, page cap reached, a loop stopped). */
  notes: string[];
  /** A page after the first failed: the items before it are kept, the failure is reported. */
  error: FetchError | null;
}

interface PageState {
  page: number;
  offset: number;
}

function pagingPairs(spec: JsonSpec, state: PageState): [string, string][] {
  const { paging } = spec;
  const pairs: [string, string][] = [];
  if (paging.style === 'page') pairs.push([paging.param, String(state.page)]);
  if (paging.style === 'offset') pairs.push([paging.param, String(state.offset)]);
  if ((paging.style === 'page' || paging.style === 'offset') && paging.sizeParam && paging.size !== null) {
    pairs.push([paging.sizeParam, String(paging.size)]);
  }
  if (paging.style === 'next_url' && state.page === 1 && paging.sizeParam && paging.size !== null) pairs.push([paging.sizeParam, String(paging.size)]);
  return pairs;
}

/** JSON is UTF-8 (RFC 8259): read as such unless the server names another charset, which the fetcher decodes. */
function pageText(page: { body: Buffer; contentType: string | null; url: string }): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(page.contentType ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return Fetcher.text({ ...page, notModified: false, etag: null, lastModified: null });
  const text = utf8Text(page.body);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * UTF-8 bytes as text, as `toString('utf8')` gives it. On Node 20 that decoder runs at under 1 GB/s on French text,
 * slower than JSON.parse itself, while `transcode` to UTF-16 (simdutf) is about five times faster; it throws on
 * invalid UTF-8, which then goes through the ordinary decoder and its U+FFFD replacements. ASCII stays one-byte.
 */
export function utf8Text(body: Buffer): string {
  if (isAscii(body)) return body.toString('latin1');
  try {
    if (body.length <= DECODE_CHUNK) return transcode(body, 'utf8', 'utf16le').toString('utf16le');
    const parts: string[] = [];
    for (let start = 0; start < body.length; ) {
      const end = chunkEnd(body, start);
      parts.push(transcode(body.subarray(start, end), 'utf8', 'utf16le').toString('utf16le'));
      start = end;
    }
    return parts.join('');
  } catch {
    return body.toString('utf8');
  }
}

/**
 * Pages are decoded in pieces of this many bytes. `transcode` returns its UTF-16 in memory of its own (twice the
 * bytes), freed only when the garbage collector gets to it: for whole pages of 80 KB, that was 8 MB of memory the
 * system handed back fresh on almost every read of the bench's 50 pages, about 2,000 page faults (1952 counted per
 * decoding of the pages, 2010 per read, in the bench's own process), which made decoding take 4.5-6 ms instead of
 * 2-3. Pieces of 16 KB (32 KB of UTF-16) were served from memory already in use (0 faults counted in the same
 * process); pieces of 32 KB still faulted about 900 times. How the C library decides is not established here.
 */
const DECODE_CHUNK = 16 * 1024;

/** Where the piece from `start` ends: at most DECODE_CHUNK bytes on, never inside a character's bytes. */
function chunkEnd(body: Buffer, start: number): number {
  let end = Math.min(body.length, start + DECODE_CHUNK);
  // Back over continuation bytes (10xxxxxx) to the first byte of their character: at most three in valid UTF-8.
  // Invalid bytes stay invalid in whichever piece they fall, so a page decodes in pieces exactly when it decodes whole.
  for (let back = 0; back < 3 && end < body.length && end > start + 1 && (body[end]! & 0xc0) === 0x80; back++) end -= 1;
  return end;
}

/** The parsed JSON of a page; an HTML page (an error page served with 200) or broken JSON is a clear error. */
export function parsePage(page: { body: Buffer; contentType: string | null; url: string }): unknown {
  return readPage(page).json;
}

/** A page's JSON, and a digest of its text (to notice a server answering the same page again). */
function readPage(page: { body: Buffer; contentType: string | null; url: string }): { json: unknown; digest: string } {
  const text = pageText(page);
  // JSON never starts with '<': that test alone covers `<!doctype html>`, `<html>` and any other markup.
  if (/^text\/html|xhtml/i.test(page.contentType ?? '') || text.trimStart().startsWith('<')) {
    throw new FetchError(
      'not_a_feed',
      `L'API a renvoyé une page HTML au lieu de JSON (page d'erreur ou de maintenance ?) : ${page.url} — vérifiez l'adresse et les paramètres de la source`,
      page.url,
    );
  }
  try {
    // Pages differ from their first items on: the length and both ends tell a repeated page without hashing it all.
    return { json: JSON.parse(text) as unknown, digest: `${text.length}:${text.slice(0, 1024)}:${text.slice(-256)}` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FetchError('parse_error', `Réponse JSON invalide (${reason}) : ${page.url}`, page.url);
  }
}

/** The items array of a page, or a clear error naming the path that found nothing. */
export function itemsOf(json: unknown, spec: JsonSpec, url: string): unknown[] {
  const value = valueAt(json, spec.items);
  if (Array.isArray(value)) return value;
  const where = spec.itemsText === '' ? 'la réponse elle-même' : `le chemin items « ${spec.itemsText} »`;
  const found = value === undefined ? 'ne mène à rien' : 'ne mène pas à une liste';
  throw new FetchError('no_items', `${where} ${found} dans la réponse de l'API : ${url} — corrigez « items » dans feeds.yaml (ou l'API a changé)`, url);
}

function totalOf(json: unknown, spec: JsonSpec): number | null {
  if (!spec.paging.total) return null;
  const value = Number(scalarText(valueAt(json, spec.paging.total)));
  return Number.isFinite(value) ? value : null;
}

class PageReader {
  private retriedAuth = false;

  constructor(
    private readonly fetcher: Fetcher,
    private readonly spec: JsonSpec,
    private readonly options: JsonReadOptions,
  ) {}

  /** One page's JSON, with the bearer token when the source has one (exchanged again once on a 401). */
  async read(request: PageRequest): Promise<{ json: unknown; digest: string }> {
    const { auth } = this.spec;
    const key = auth ? (this.options.env[auth.keyEnv] ?? '') : '';
    for (;;) {
      const headers = { ...request.headers };
      if (auth) headers.authorization = `Bearer ${await bearerToken(this.fetcher, auth, key, this.options.userAgent)}`;
      try {
        const page = await this.fetcher.get(request.url, {
          method: request.method,
          headers,
          ...(request.body ? { body: request.body } : {}),
          accept: headers.accept ?? 'application/json',
          ...(this.options.userAgent ? { userAgent: this.options.userAgent } : {}),
        });
        return readPage(page);
      } catch (error) {
        // A token the API stops accepting before its expiry (A-T does so now and then): one new exchange per read.
        if (auth && !this.retriedAuth && error instanceof FetchError && error.status === 401) {
          this.retriedAuth = true;
          dropToken(auth, key);
          this.options.log.info({ source: this.options.sourceId }, 'bearer token refused (401): exchanging the key again');
          continue;
        }
        throw error;
      }
    }
  }
}

/** Reads every page of a JSON source (within max_pages) and maps its items. Throws FetchError when page 1 fails. */
export async function readJsonSource(fetcher: Fetcher, spec: JsonSpec, options: JsonReadOptions): Promise<JsonReadResult> {
  const reader = new PageReader(fetcher, spec, options);
  // Each page is mapped as it arrives: its parsed JSON is garbage by the next page instead of living to the end.
  let folder = new ItemFolder(spec, options.timeZone);
  let received = 0;
  const notes: string[] = [];
  const seenUrls = new Set<string>();
  const seenPages = new Set<string>();
  const state: PageState = { page: 1, offset: 0 };
  const { paging } = spec;
  let request: PageRequest | null = firstRequest(spec, pagingPairs(spec, state));
  let pages = 0;
  let error: FetchError | null = null;
  while (request) {
    if (pages >= paging.maxPages) {
      notes.push(`limite de ${paging.maxPages} pages atteinte (pagination.max_pages) : la suite n'a pas été lue`);
      break;
    }
    if (pages > 0 && paging.delayMs > 0) await sleep(paging.delayMs);
    seenUrls.add(request.url);
    let json: unknown;
    let items: unknown[];
    let digest: string;
    try {
      ({ json, digest } = await reader.read(request));
      items = itemsOf(json, spec, request.url);
    } catch (failure) {
      if (pages === 0 || !(failure instanceof FetchError)) throw failure;
      error = new FetchError(
        failure.kind,
        `page ${pages + 1} : ${failure.message} — les ${received} annonce(s) des pages précédentes sont enregistrées`,
        failure.url,
        failure.status,
        failure.retryAt,
      );
      break;
    }
    pages += 1;
    // The same text as an earlier page: the server ignores the paging parameter (a next URL differing in a
    // parameter the server does not read comes here too).
    const signature = digest;
    if (items.length > 0 && seenPages.has(signature)) {
      notes.push(`la page ${pages} répète une page déjà lue (le serveur ignore sans doute le paramètre de pagination) : lecture arrêtée`);
      break;
    }
    seenPages.add(signature);
    folder.add(items);
    received += items.length;
    request = nextRequest(spec, json, items, state, request, seenUrls, notes, pages);
    if (request === EXPORT) {
      request = null;
      try {
        const exported = await readExport(reader, spec, notes);
        if (exported) {
          folder = new ItemFolder(spec, options.timeZone);
          folder.add(exported);
          received = exported.length;
          pages += 1;
        }
      } catch (failure) {
        if (!(failure instanceof FetchError)) throw failure;
        error = new FetchError(failure.kind, `export : ${failure.message} — la première page (${received} annonce(s)) est enregistrée`, failure.url, failure.status, failure.retryAt);
      }
    }
  }
  const mapped = folder.result();
  return { items: mapped.items, pages, received, skipped: mapped.skipped, empty: mapped.empty, notes, error };
}

const EXPORT = { url: '', method: 'GET', headers: {}, body: undefined } as PageRequest;

/** The request of the next page, EXPORT to read the export endpoint instead, or null when paging ends. */
function nextRequest(
  spec: JsonSpec,
  json: unknown,
  items: unknown[],
  state: PageState,
  current: PageRequest,
  seenUrls: Set<string>,
  notes: string[],
  pages: number,
): PageRequest | null {
  const { paging } = spec;
  if (paging.style === 'none' || items.length === 0) return null;
  if (paging.style === 'next_url') {
    const next = scalarText(valueAt(json, paging.next));
    if (next === null) return null;
    let url: string;
    try {
      url = new URL(next, current.url).toString();
    } catch {
      notes.push(`adresse de page suivante illisible « ${next} » : lecture arrêtée`);
      return null;
    }
    if (seenUrls.has(url)) {
      notes.push(`la page suivante (${url}) renvoie à une page déjà lue : lecture arrêtée`);
      return null;
    }
    return pageRequest(spec, url);
  }
  const size = paging.size;
  if (size !== null && items.length > size && pages === 1) {
    notes.push(`le serveur ignore la taille de page demandée (${paging.sizeParam ?? 'taille'}=${size}) et en renvoie ${items.length} : la lecture continue avec ses pages`);
  }
  const total = totalOf(json, spec);
  state.page += 1;
  state.offset += items.length;
  if (total !== null && state.offset >= total) return null;
  // A short page is the last one (a page of exactly `size` may still be followed by more).
  if (size !== null && items.length < size) return null;
  // More rows than the API pages through (OpenDataSoft: 10,000): the export endpoint gives them all at once.
  if (paging.style === 'offset' && pages === 1 && paging.window !== null && total !== null && total > paging.window && paging.exportUrl) return EXPORT;
  if (paging.style === 'offset' && paging.window !== null && state.offset + (size ?? 0) > paging.window) {
    notes.push(`fenêtre de pagination de l'API atteinte (${paging.window} lignes) : la suite n'a pas été lue`);
    return null;
  }
  return firstRequest(spec, pagingPairs(spec, state));
}

/** Every row from the export endpoint (a bare array), when the set is larger than the paging window. */
async function readExport(reader: PageReader, spec: JsonSpec, notes: string[]): Promise<unknown[] | null> {
  const url = withQuery(spec.paging.exportUrl!, spec.query);
  const { json } = await reader.read(pageRequest(spec, url));
  if (!Array.isArray(json)) {
    notes.push(`l'export ${url} n'a pas renvoyé une liste : seules les pages lues sont gardées`);
    return null;
  }
  notes.push(`plus de ${spec.paging.window} lignes : jeu de données lu par son export (${json.length} lignes)`);
  return json;
}
