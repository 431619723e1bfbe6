// Searching stored calls for the admin API: French-aware full text (FTS5) combined with filters.
import { createRequire } from 'node:module';
import type { Db } from '../db/connection.js';
import { cachedStatement, getCallSummaries, type CallSummary } from './repository.js';

export interface CallFilters {
  /** Free text: words (prefix-matched after French stemming) and "exact phrases". */
  q?: string;
  /** Only calls carried by this source id. */
  source?: string;
  /** Funder type (eu, state, region...) or one of the call's categories. */
  category?: string;
  /** A region as stored on calls, or every spelling of one (see calls/regions.ts). */
  region?: string | readonly string[];
  /** true: still open on `today` (status open, deadline unknown or not passed); false: the rest. */
  open?: boolean;
  /** YYYY-MM-DD, inclusive, on the call's next deadline. */
  deadlineBefore?: string;
  deadlineAfter?: string;
  /** YYYY-MM-DD the open filter and the next deadline are judged on; defaults to today in UTC. */
  today?: string;
}

export interface CallPage {
  limit: number;
  offset: number;
}

export interface CallSearchResult {
  items: CallSummary[];
  total: number;
}

// Words that carry no meaning in a French query; kept out so "appel pour les associations" still finds calls.
const STOPWORDS = new Set([
  'a', 'au', 'aux', 'avec', 'ce', 'ces', 'dans', 'de', 'des', 'du', 'en', 'et', 'la', 'le', 'les', 'leur', 'leurs',
  'ou', 'par', 'pour', 'sur', 'un', 'une', 'the', 'of', 'and',
]);

// snowball-stemmers ships no types; required with its shape declared here, so no ambient module declaration
// can collide with another one.
const snowball = createRequire(import.meta.url)('snowball-stemmers') as { newStemmer(language: string): { stem(word: string): string } };
const stemmer = snowball.newStemmer('french');

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The stem of a word as a prefix of the word itself (so `stem*` still finds the word), or the word when too short. */
function prefixOf(word: string): string {
  const folded = fold(word);
  const stem = fold(stemmer.stem(word.toLowerCase()));
  let common = 0;
  while (common < stem.length && common < folded.length && stem[common] === folded[common]) common += 1;
  return common >= 4 ? folded.slice(0, common) : folded;
}

function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Turns what a person typed into a safe FTS5 query: every token is quoted, so FTS operators, quotes, `*`,
 * `NEAR(`, `-` or `:` are searched as text, never parsed. Words become stemmed prefixes (`"associ"*`), text in
 * double quotes becomes a phrase. Returns null when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | null {
  const parts: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|[^\s"]+/gu)) {
    if (match[1] !== undefined) {
      const words = tokens(match[1]).map(fold);
      if (words.length > 0) parts.push(`"${words.join(' ')}"`);
      continue;
    }
    for (const word of tokens(match[0])) {
      if (word.length < 2 || STOPWORDS.has(fold(word))) continue;
      parts.push(`"${prefixOf(word)}"*`);
    }
  }
  return parts.length > 0 ? parts.join(' ') : null;
}

// The next deadline judged on @today: the first one not passed, else what ingestion stored (the last one).
export const EFFECTIVE_DEADLINE = `COALESCE((SELECT min(value) FROM json_each(c.deadlines) WHERE value >= @today), c.next_deadline)`;

export interface FilterQuery {
  /** The FTS5 query, when q left something searchable. */
  fts: string | null;
  /** Conditions on the call `c`, besides the full-text match. */
  where: string[];
  params: Record<string, string | number>;
}

/**
 * The search's filters as SQL on the call `c` (and the FTS5 query, to match against calls_fts), for other listings of
 * calls that filter alike but order their own way (the public watch).
 */
export function buildQuery(filters: CallFilters): FilterQuery {
  const params: Record<string, string | number> = { today: filters.today ?? new Date().toISOString().slice(0, 10) };
  const where: string[] = [];
  const fts = filters.q === undefined ? null : toFtsQuery(filters.q);
  if (fts) params.fts = fts;
  if (filters.source !== undefined) {
    where.push('EXISTS (SELECT 1 FROM call_sources cs WHERE cs.call_id = c.id AND cs.source_id = @source)');
    params.source = filters.source;
  }
  if (filters.category !== undefined) {
    where.push('(c.funder = @category COLLATE NOCASE OR EXISTS (SELECT 1 FROM json_each(c.categories) WHERE value = @category COLLATE NOCASE))');
    params.category = filters.category;
  }
  if (filters.region !== undefined) {
    // Any of the region's spellings (slug, name...), each compared without case.
    where.push('EXISTS (SELECT 1 FROM json_each(c.regions) r WHERE r.value COLLATE NOCASE IN (SELECT value FROM json_each(@region)))');
    params.region = JSON.stringify(typeof filters.region === 'string' ? [filters.region] : filters.region);
  }
  if (filters.open !== undefined) {
    // The next deadline (EFFECTIVE_DEADLINE) unknown or not passed, said so that the usual case (the stored next
    // deadline is ahead) is settled without reading the deadlines array; never NULL, so NOT is its exact opposite.
    const open = `(c.status = 'open' AND (c.next_deadline IS NULL OR c.next_deadline >= @today OR EXISTS (SELECT 1 FROM json_each(c.deadlines) WHERE value >= @today)))`;
    where.push(filters.open ? open : `NOT ${open}`);
  }
  if (filters.deadlineBefore !== undefined) {
    where.push(`${EFFECTIVE_DEADLINE} <= @deadlineBefore`);
    params.deadlineBefore = filters.deadlineBefore;
  }
  if (filters.deadlineAfter !== undefined) {
    where.push(`${EFFECTIVE_DEADLINE} >= @deadlineAfter`);
    params.deadlineAfter = filters.deadlineAfter;
  }
  return { fts, where, params };
}

// Title words weigh most, then the summary, then the full text; ties by id, so pages are stable.
const BM25 = 'bm25(calls_fts, 10.0, 4.0, 1.0)';

/** FROM, WHERE and ORDER BY of the search, selecting call ids only. */
function idQuery(query: FilterQuery): { sql: string; order: string } {
  if (query.fts && query.where.length === 0) {
    // Ranked on the index alone: the calls table (about 1 KiB of text per row) is read for the page only.
    return { sql: 'SELECT rowid AS id FROM calls_fts WHERE calls_fts MATCH @fts', order: `${BM25}, rowid` };
  }
  const where = query.fts ? ['calls_fts MATCH @fts', ...query.where] : query.where;
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  if (query.fts) {
    return { sql: `SELECT c.id FROM calls_fts JOIN calls c ON c.id = calls_fts.rowid ${clause}`, order: `${BM25}, c.id` };
  }
  return { sql: `SELECT c.id FROM calls c ${clause}`, order: 'c.first_seen_at DESC, c.id DESC' };
}

/**
 * Calls matching the filters (without their full text, which GET /api/calls/:id gives), one page of them with their
 * sources, and how many match in all. Only ids are sorted, so a query matching every call sorts 20,000 small
 * records, not 20,000 calls; the page's calls are read afterwards.
 */
export function searchCalls(db: Db, filters: CallFilters, page: CallPage): CallSearchResult {
  const query = buildQuery(filters);
  const { sql, order } = idQuery(query);
  const { ids, total } = pageOfIds(db, sql, order, query.params, page);
  return { items: getCallSummaries(db, ids), total };
}

/** One page of the ids `sql` selects in `order`, and how many it selects in all. */
export function pageOfIds(db: Db, sql: string, order: string, params: Record<string, unknown>, page: CallPage): { ids: number[]; total: number } {
  const ids = cachedStatement(db, `${sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit: page.limit, offset: page.offset }) as number[];
  // A page that is not full, and not past the end, already says how many there are.
  const total =
    ids.length < page.limit && (ids.length > 0 || page.offset === 0)
      ? page.offset + ids.length
      : (cachedStatement(db, `SELECT count(*) FROM (${sql})`).pluck().get(params) as number);
  return { ids, total };
}
