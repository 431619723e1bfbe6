// Searching stored calls for the admin API: French-aware full text (FTS5) combined with filters.
import { createRequire } from 'node:module';
import type { Db } from '../db/connection.js';
import { rowToCall, sourcesOfCalls, type CallRow } from './repository.js';
import type { Call } from './types.js';

export interface CallFilters {
  /** Free text: words (prefix-matched after French stemming) and "exact phrases". */
  q?: string;
  /** Only calls carried by this source id. */
  source?: string;
  /** Funder type (eu, state, region...) or one of the call's categories. */
  category?: string;
  region?: string;
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
  items: Call[];
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
const EFFECTIVE_DEADLINE = `COALESCE((SELECT min(value) FROM json_each(c.deadlines) WHERE value >= @today), c.next_deadline)`;

interface Query {
  from: string;
  where: string[];
  params: Record<string, string | number>;
  order: string;
}

function buildQuery(filters: CallFilters): Query {
  const params: Record<string, string | number> = { today: filters.today ?? new Date().toISOString().slice(0, 10) };
  const where: string[] = [];
  let from = 'calls c';
  let order = 'c.first_seen_at DESC, c.id DESC';
  const fts = filters.q === undefined ? null : toFtsQuery(filters.q);
  if (fts) {
    from = 'calls_fts JOIN calls c ON c.id = calls_fts.rowid';
    where.push('calls_fts MATCH @fts');
    params.fts = fts;
    // Title words weigh most, then the summary, then the full text.
    order = 'bm25(calls_fts, 10.0, 4.0, 1.0), c.id';
  }
  if (filters.source !== undefined) {
    where.push('EXISTS (SELECT 1 FROM call_sources cs WHERE cs.call_id = c.id AND cs.source_id = @source)');
    params.source = filters.source;
  }
  if (filters.category !== undefined) {
    where.push('(c.funder = @category COLLATE NOCASE OR EXISTS (SELECT 1 FROM json_each(c.categories) WHERE value = @category COLLATE NOCASE))');
    params.category = filters.category;
  }
  if (filters.region !== undefined) {
    where.push('EXISTS (SELECT 1 FROM json_each(c.regions) WHERE value = @region COLLATE NOCASE)');
    params.region = filters.region;
  }
  if (filters.open !== undefined) {
    const open = `(c.status = 'open' AND (${EFFECTIVE_DEADLINE} IS NULL OR ${EFFECTIVE_DEADLINE} >= @today))`;
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
  return { from, where, params, order };
}

/** Calls matching the filters with their sources, one page of them, and how many match in all. */
export function searchCalls(db: Db, filters: CallFilters, page: CallPage): CallSearchResult {
  const query = buildQuery(filters);
  const clause = query.where.length > 0 ? `WHERE ${query.where.join(' AND ')}` : '';
  const { total } = db.prepare(`SELECT count(*) AS total FROM ${query.from} ${clause}`).get(query.params) as { total: number };
  const rows = db
    .prepare(`SELECT c.* FROM ${query.from} ${clause} ORDER BY ${query.order} LIMIT @limit OFFSET @offset`)
    .all({ ...query.params, limit: page.limit, offset: page.offset }) as CallRow[];
  const sources = sourcesOfCalls(db, rows.map((r) => r.id));
  return { items: rows.map((row) => rowToCall(row, sources.get(row.id) ?? [])), total };
}
