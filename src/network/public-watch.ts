// The public watch (issue 18), the stored part: the network's open calls as anyone may see them on /veille and
// /veille.atom. Pinned calls first (with staff's note), then the ones closing soonest; filtered like the admin
// search (same French-aware full text, category, region).
//
// Only what public sources say goes out. A call carried by no public source is left out; a call carried by a public
// and a non-public source is shown, through its public sources only: they alone are named, their attribution alone
// given, and its link is a public source's item link (the non-public source's URL never appears). Nothing about
// members is read here: no matches, no partners; a pin aimed at tagged members stays theirs (neither its note nor
// its place at the top).
import { cachedStatement, getCallSummaries, type CallSummary } from '../calls/repository.js';
import type { Region } from '../calls/regions.js';
import { regionSpellings } from '../calls/regions.js';
import { buildQuery, EFFECTIVE_DEADLINE, pageOfIds } from '../calls/search.js';
import { FUNDER_TYPES } from '../calls/types.js';
import type { Db } from '../db/connection.js';
import { safeHttpUrl } from '../digest/view.js';

export interface WatchFilters {
  q?: string;
  /** A funder type or a call category (checked by knownCategory). */
  category?: string;
  region?: Region;
}

export interface WatchCall {
  /** The call, with its public sources only. */
  call: CallSummary;
  /** The link shown: a public source's item link; null when none is http(s). */
  url: string | null;
  /** Staff's note when the call is pinned. */
  note: string | null;
  /** The next deadline on the day asked, null when unknown. */
  deadline: string | null;
}

export interface WatchPage {
  items: WatchCall[];
  total: number;
}

// Carried by at least one source that is not `public: false` (a source not recorded yet counts as public, as the
// sources table's default does).
const PUBLIC_SOURCE = `EXISTS (SELECT 1 FROM call_sources pcs LEFT JOIN sources ps ON ps.id = pcs.source_id
  WHERE pcs.call_id = c.id AND COALESCE(ps.public, 1) = 1)`;

// A call's own text gathers what every source carrying it says. One that a non-public source also carries is shown
// in a public source's own words (call_sources keeps each source's), never in the gathered text, which may hold the
// private source's; until a public source's words are known (stored before migration 026), it is not shown at all.
const ALSO_PRIVATE = `EXISTS (SELECT 1 FROM call_sources xcs JOIN sources xs ON xs.id = xcs.source_id
  WHERE xcs.call_id = c.id AND xs.public = 0)`;
const PUBLIC_WORDS_KNOWN = `EXISTS (SELECT 1 FROM call_sources tcs LEFT JOIN sources ts ON ts.id = tcs.source_id
  WHERE tcs.call_id = c.id AND COALESCE(ts.public, 1) = 1 AND tcs.title IS NOT NULL)`;
const SHOWABLE = `(NOT ${ALSO_PRIVATE} OR ${PUBLIC_WORDS_KNOWN})`;

interface PublicWords {
  title: string;
  summary: string;
  funder: CallSummary['funder'];
  funderName: string | null;
}

/** A public source's own words for each call (the first such source to have carried it). */
function publicWordsOf(db: Db, ids: number[]): Map<number, PublicWords> {
  if (ids.length === 0) return new Map();
  const rows = cachedStatement(
    db,
    `SELECT cs.call_id, cs.title, cs.summary, cs.funder, cs.funder_name FROM call_sources cs LEFT JOIN sources s ON s.id = cs.source_id
      WHERE cs.call_id IN (SELECT value FROM json_each(?)) AND COALESCE(s.public, 1) = 1 AND cs.title IS NOT NULL
      ORDER BY cs.call_id, cs.first_seen_at, cs.source_id`,
  ).all(JSON.stringify(ids)) as { call_id: number; title: string; summary: string | null; funder: string | null; funder_name: string | null }[];
  const words = new Map<number, PublicWords>();
  for (const row of rows) {
    if (words.has(row.call_id)) continue;
    words.set(row.call_id, {
      title: row.title,
      summary: row.summary ?? '',
      funder: (FUNDER_TYPES as readonly string[]).includes(row.funder ?? '') ? (row.funder as CallSummary['funder']) : 'other',
      funderName: row.funder_name,
    });
  }
  return words;
}

/** Whether a category filter names something calls can have: a funder type, or a category some call has. */
export function knownCategory(db: Db, value: string): boolean {
  if ((FUNDER_TYPES as readonly string[]).includes(value.toLowerCase())) return true;
  return cachedStatement(db, `SELECT EXISTS (SELECT 1 FROM calls, json_each(calls.categories) j WHERE j.value = ? COLLATE NOCASE)`)
    .pluck()
    .get(value) === 1;
}


/** The link of a call as the public watch shows it: the call's canonical link when a public source gives it, else a public source's. */
function publicLink(call: CallSummary): string | null {
  const urls = call.sources.map((s) => safeHttpUrl(s.url)).filter((u): u is string => u !== null);
  const canonical = safeHttpUrl(call.canonicalUrl);
  return canonical !== null && urls.includes(canonical) ? canonical : (urls[0] ?? null);
}

// A pin aimed at some members (tags) is a word to them, not to the public: its note may name a contact or a deadline
// for that group. Only a pin for the whole network is shown, and put first, on the public watch.
const NETWORK_PIN = `tags = '[]'`;

function notesOf(db: Db, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = cachedStatement(db, `SELECT call_id, note FROM call_pins WHERE ${NETWORK_PIN} AND call_id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as {
    call_id: number;
    note: string;
  }[];
  return new Map(rows.map((r) => [r.call_id, r.note]));
}

/** One page of the public watch on `today` (YYYY-MM-DD). */
export function listPublicCalls(db: Db, filters: WatchFilters, today: string, page: { limit: number; offset: number }): WatchPage {
  const query = buildQuery({
    ...(filters.q !== undefined ? { q: filters.q } : {}),
    ...(filters.category !== undefined ? { category: filters.category } : {}),
    ...(filters.region !== undefined ? { region: regionSpellings(filters.region) } : {}),
    open: true,
    today,
  });
  const where = [...(query.fts ? ['calls_fts MATCH @fts'] : []), ...query.where, PUBLIC_SOURCE, SHOWABLE];
  const from = query.fts ? 'calls_fts JOIN calls c ON c.id = calls_fts.rowid' : 'calls c';
  const sql = `SELECT c.id FROM ${from} LEFT JOIN call_pins pin ON pin.call_id = c.id AND pin.${NETWORK_PIN} WHERE ${where.join(' AND ')}`;
  // The stored next deadline is the first one ahead of its ingestion day: while it is not passed it is also the first
  // one ahead of today, so the deadlines array is read only for calls whose stored one passed (sorting 10,000 open
  // calls read it for each and took twice as long).
  const deadline = `(CASE WHEN c.next_deadline >= @today THEN c.next_deadline ELSE ${EFFECTIVE_DEADLINE} END)`;
  const { ids, total } = pageOfIds(db, sql, `pin.call_id IS NULL, ${deadline} IS NULL, ${deadline}, c.id`, query.params, page);
  const notes = notesOf(db, ids);
  const summaries = getCallSummaries(db, ids);
  const words = publicWordsOf(db, summaries.filter((call) => call.sources.some((s) => s.public === false)).map((call) => call.id));
  const items = summaries.map((call) => {
    const own = words.get(call.id);
    const publicCall = { ...call, ...(own ?? {}), sources: call.sources.filter((s) => s.public !== false) };
    return {
      call: publicCall,
      url: publicLink(publicCall),
      note: notes.get(call.id) ?? null,
      deadline: call.deadlines.find((d) => d >= today) ?? call.nextDeadline,
    };
  });
  return { items, total };
}
