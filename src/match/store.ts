// The `matches` table and the corpus statistics kept between runs.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { getCalls } from '../calls/repository.js';
import type { Call } from '../calls/types.js';
import { ANALYSER_VERSION } from './analyse.js';
import { SCORER_VERSION } from './score.js';
import { parseExplanation } from './explain.js';
import type { CorpusStats, ExplanationEntry, MatchResult } from './score.js';

/** Which matches a run rewrites: all of them, those of some calls, or those of one profile. */
export type MatchScope = { kind: 'all' } | { kind: 'calls'; callIds: readonly number[] } | { kind: 'profile'; profileId: number };

export interface WriteSummary {
  /** Matches stored by this run. */
  written: number;
  /** Matches that existed before in the scope and no longer hold. */
  removed: number;
}

interface ExistingRow {
  profile_id: number;
  call_id: number;
  first_matched_at: string;
}

export function scopeWhere(scope: MatchScope): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'calls':
      return { sql: 'call_id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(scope.callIds)] };
    case 'profile':
      return { sql: 'profile_id = ?', params: [scope.profileId] };
  }
}

/** Page cache while rewriting many matches: the default 2 MB makes index updates of a million rows thrash. */
const WRITE_CACHE_KIB = 64 * 1024;

function pairKey(profileId: number, callId: number): number {
  // Exact as long as call ids stay under a billion and profile ids under nine million.
  return profileId * 1e9 + callId;
}

/** Full runs above this many rows rebuild the secondary indexes once instead of updating them row by row. */
const BULK_ROWS = 50_000;

/**
 * Replaces the matches of a scope with `results` in one transaction. `first_matched_at` survives for pairs that
 * still match; pairs that no longer match (score too low, call closed, profile gone) are deleted.
 */
export function replaceMatches(
  db: Db,
  scope: MatchScope,
  results: readonly MatchResult[],
  now: Date,
  options: { bulkRows?: number; alsoWrite?: () => void } = {},
): WriteSummary {
  const bulkRows = options.bulkRows ?? BULK_ROWS;
  const at = now.toISOString();
  const where = scopeWhere(scope);
  const previousCache = db.pragma('cache_size', { simple: true }) as number;
  const large = results.length > bulkRows;
  // Even a few thousand rows land all over indexes of a million entries: a small cache rereads the same pages.
  const cached = results.length > 1_000;
  if (cached) db.pragma(`cache_size = -${WRITE_CACHE_KIB}`);
  // SQLite checks both parents of every inserted row (two lookups a row, a third of a full run's write). The
  // transaction below checks each distinct parent once instead, holding the write lock so none can vanish in
  // between; enforcement is back on for this connection as soon as it commits. (The pragma cannot change inside
  // a transaction: called within one, the rows are checked by SQLite as usual.)
  const relaxed = cached && !db.inTransaction && db.pragma('foreign_keys', { simple: true }) === 1;
  if (relaxed) db.pragma('foreign_keys = OFF');
  try {
    return db.transaction((): WriteSummary => {
      const valid = relaxed ? withParents(db, results) : results;
      const existing = db.prepare(`SELECT profile_id, call_id, first_matched_at FROM matches WHERE ${where.sql}`).all(...where.params) as ExistingRow[];
      const firstMatched = new Map(existing.map((row) => [pairKey(row.profile_id, row.call_id), row.first_matched_at]));
      db.prepare(`DELETE FROM matches WHERE ${where.sql}`).run(...where.params);
      // Inserting half a million rows into random places of two secondary indexes costs as much again as the
      // rows themselves; building each index once from the finished table is a single sort. Inside the
      // transaction, so readers never see the table without them.
      const rebuilt = large && scope.kind === 'all' ? dropSecondaryIndexes(db) : [];
      let kept = 0;
      const rows = new RowInserter(db);
      for (const result of valid) {
        const first = firstMatched.get(pairKey(result.profileId, result.callId));
        if (first !== undefined) kept++;
        rows.add(result, first ?? at, at);
      }
      rows.flush();
      for (const sql of rebuilt) db.exec(sql);
      // What the scores were computed with (statistics, expansion words) lands with them or not at all.
      options.alsoWrite?.();
      return { written: valid.length, removed: existing.length - kept };
    }).immediate();
  } finally {
    if (relaxed) db.pragma('foreign_keys = ON');
    if (cached) db.pragma(`cache_size = ${previousCache}`);
  }
}

/** The results whose profile and call still exist (a profile or call deleted since the run read them is dropped). */
function withParents(db: Db, results: readonly MatchResult[]): readonly MatchResult[] {
  const existing = (table: 'profiles' | 'calls', ids: Set<number>): Set<number> =>
    new Set(db.prepare(`SELECT id FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify([...ids])) as number[]);
  const profiles = existing('profiles', new Set(results.map((r) => r.profileId)));
  const calls = existing('calls', new Set(results.map((r) => r.callId)));
  const valid = results.filter((r) => profiles.has(r.profileId) && calls.has(r.callId));
  return valid.length === results.length ? results : valid;
}

/** Drops the matches table's own indexes (not the primary key) and returns the SQL that recreates them. */
function dropSecondaryIndexes(db: Db): string[] {
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'matches' AND sql IS NOT NULL")
    .all() as { name: string; sql: string }[];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  return indexes.map((index) => index.sql);
}

/** Inserts match rows a hundred per statement: a million single-row statements cost twice as long. */
class RowInserter {
  private static readonly BATCH = 100;
  private static readonly COLUMNS = 7;
  private readonly values: unknown[] = new Array(RowInserter.BATCH * RowInserter.COLUMNS);
  private length = 0;
  private readonly batch: Statement;
  private readonly single: Statement;

  constructor(db: Db) {
    const columns = 'INSERT INTO matches (profile_id, call_id, score, terms, explanation, first_matched_at, scored_at) VALUES ';
    this.single = db.prepare(`${columns}(?, ?, ?, ?, ?, ?, ?)`);
    this.batch = db.prepare(columns + Array(RowInserter.BATCH).fill('(?, ?, ?, ?, ?, ?, ?)').join(', '));
  }

  add(result: MatchResult, firstMatchedAt: string, scoredAt: string): void {
    const values = this.values;
    let i = this.length;
    values[i++] = result.profileId;
    values[i++] = result.callId;
    values[i++] = result.score;
    values[i++] = JSON.stringify(result.terms);
    values[i++] = JSON.stringify(result.explanation);
    values[i++] = firstMatchedAt;
    values[i++] = scoredAt;
    this.length = i;
    if (i === values.length) {
      this.batch.run(values);
      this.length = 0;
    }
  }

  flush(): void {
    for (let i = 0; i < this.length; i += RowInserter.COLUMNS) this.single.run(this.values.slice(i, i + RowInserter.COLUMNS));
    this.length = 0;
  }
}

/**
 * For each profile holding at least `cap` matches besides those of `exceptCallIds`, the score of its `cap`-th
 * best: what a new match must beat to get in. Profiles with room are absent.
 */
export function profileCuts(db: Db, profileIds: readonly number[], cap: number, exceptCallIds: readonly number[]): Map<number, number> {
  // Only profiles that matched one of the rescored calls before need the slower lookup that leaves them out.
  const touched = new Set(
    db.prepare('SELECT DISTINCT profile_id FROM matches WHERE call_id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(exceptCallIds)) as number[],
  );
  const plain = profileIds.filter((id) => !touched.has(id));
  const excluding = profileIds.filter((id) => touched.has(id));
  // One statement per group, each seeking every profile in the score index: thousands of single-profile
  // statements cost half again as much in calls from JavaScript as in SQLite.
  const rows = [
    ...(db
      .prepare(
        `SELECT p.value, (SELECT score FROM matches WHERE profile_id = p.value ORDER BY score DESC LIMIT 1 OFFSET ?)
           FROM json_each(?) p`,
      )
      .raw()
      .all(cap - 1, JSON.stringify(plain)) as [number, number | null][]),
    ...(excluding.length === 0
      ? []
      : (db
          .prepare(
            `SELECT p.value, (SELECT score FROM matches WHERE profile_id = p.value AND call_id NOT IN (SELECT value FROM json_each(?))
                                ORDER BY score DESC LIMIT 1 OFFSET ?)
               FROM json_each(?) p`,
          )
          .raw()
          .all(JSON.stringify(exceptCallIds), cap - 1, JSON.stringify(excluding)) as [number, number | null][])),
  ];
  const cuts = new Map<number, number>();
  for (const [profileId, cut] of rows) if (cut !== null) cuts.set(profileId, cut);
  return cuts;
}

export interface StoredMatch {
  profileId: number;
  callId: number;
  score: number;
  terms: string[];
  explanation: ExplanationEntry[];
  firstMatchedAt: string;
  scoredAt: string;
}

interface MatchRow {
  profile_id: number;
  call_id: number;
  score: number;
  terms: string;
  explanation: string;
  first_matched_at: string;
  scored_at: string;
}

function rowToStoredMatch(row: MatchRow): StoredMatch {
  return {
    profileId: row.profile_id,
    callId: row.call_id,
    score: row.score,
    terms: JSON.parse(row.terms) as string[],
    explanation: parseExplanation(row.explanation),
    firstMatchedAt: row.first_matched_at,
    scoredAt: row.scored_at,
  };
}

/** Every stored match of one profile, best first. */
export function listProfileMatches(db: Db, profileId: number): StoredMatch[] {
  const rows = db.prepare('SELECT * FROM matches WHERE profile_id = ? ORDER BY score DESC, call_id').all(profileId) as MatchRow[];
  return rows.map(rowToStoredMatch);
}

export interface MatchedProfile {
  profileId: number;
  profileName: string;
  score: number;
  terms: string[];
}

export interface MemberMatch {
  call: Call;
  /** The best profile's score. */
  score: number;
  profileId: number;
  profileName: string;
  terms: string[];
  explanation: ExplanationEntry[];
  /** Every profile of the member that matched this call, best first (the first one is the one above). */
  profiles: MatchedProfile[];
}

/** The member's scored open calls on `today` (YYYY-MM-DD), best first, one entry per call. */
export function listMemberMatches(
  db: Db,
  memberId: number,
  options: { today: string; limit: number; offset: number },
): { items: MemberMatch[]; total: number } {
  const from = `FROM matches m
      JOIN profiles p ON p.id = m.profile_id
      JOIN calls c ON c.id = m.call_id
     WHERE p.member_id = ? AND c.status = 'open' AND (c.next_deadline IS NULL OR c.next_deadline >= ?)`;
  const { total } = db.prepare(`SELECT COUNT(DISTINCT m.call_id) AS total ${from}`).get(memberId, options.today) as { total: number };
  // Equal scores: the sooner deadline first, unknown deadlines last.
  const page = db
    .prepare(
      `SELECT m.call_id, MAX(m.score) AS best, MIN(c.next_deadline) AS deadline ${from}
        GROUP BY m.call_id
        ORDER BY best DESC, deadline IS NULL, deadline, m.call_id
        LIMIT ? OFFSET ?`,
    )
    .all(memberId, options.today, options.limit, options.offset) as { call_id: number }[];
  const callIds = page.map((row) => row.call_id);
  if (callIds.length === 0) return { items: [], total };
  const rows = db
    .prepare(
      `SELECT m.*, p.name AS profile_name FROM matches m JOIN profiles p ON p.id = m.profile_id
        WHERE p.member_id = ? AND m.call_id IN (SELECT value FROM json_each(?))
        ORDER BY m.score DESC, m.profile_id`,
    )
    .all(memberId, JSON.stringify(callIds)) as (MatchRow & { profile_name: string })[];
  const byCall = new Map<number, (MatchRow & { profile_name: string })[]>();
  for (const row of rows) byCall.set(row.call_id, [...(byCall.get(row.call_id) ?? []), row]);
  const items = getCalls(db, callIds).flatMap((call): MemberMatch[] => {
    const matched = byCall.get(call.id);
    if (!matched || matched.length === 0) return [];
    const best = rowToStoredMatch(matched[0]!);
    return [
      {
        call,
        score: best.score,
        profileId: best.profileId,
        profileName: matched[0]!.profile_name,
        terms: best.terms,
        explanation: best.explanation,
        profiles: matched.map((row) => ({
          profileId: row.profile_id,
          profileName: row.profile_name,
          score: row.score,
          terms: JSON.parse(row.terms) as string[],
        })),
      },
    ];
  });
  return { items, total };
}

const STATS_KEY = 'match.corpus';

export interface StoredStats {
  stats: CorpusStats;
  /** Highest call id counted in the stats: calls above it are new to them. */
  maxCallId: number;
  computedAt: string;
  /**
   * SCORER_VERSION of the run that stored these statistics and the scores beside them (absent: the current one).
   * Scores of another version are refreshed by a full run (statsStillValid), with fresh statistics.
   */
  scorer?: number;
  /** Fingerprint of the synonyms.yaml the scores beside these statistics were computed with (run.ts projectThesaurus). */
  thesaurus?: string;
}

/**
 * The snapshot last written or read on each connection, with its stored text: a long-lived process scoring every
 * fetch would otherwise parse the whole vocabulary's counts again each time (about 10 ms at 20,000 calls). Reused
 * only while the stored text is the same, so another process's write is seen. Callers never mutate a snapshot.
 */
const statsCache = new WeakMap<Db, { value: string; stored: StoredStats }>();

/** Keeps the corpus statistics of a full run so that incremental runs score with the same rarity weights. */
export function saveCorpusStats(db: Db, stored: StoredStats): void {
  const value = JSON.stringify({
    calls: stored.stats.calls,
    avgLength: stored.stats.avgLength,
    df: [...stored.stats.df],
    maxCallId: stored.maxCallId,
    computedAt: stored.computedAt,
    analyser: ANALYSER_VERSION,
    // A snapshot is written by a run of this scorer, with the scores it computed.
    scorer: SCORER_VERSION,
    thesaurus: stored.thesaurus,
  });
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(STATS_KEY, value);
  statsCache.set(db, { value, stored });
}

export function loadCorpusStats(db: Db): StoredStats | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(STATS_KEY) as { value: string } | undefined;
  if (!row) return null;
  const cached = statsCache.get(db);
  if (cached && cached.value === row.value) return cached.stored;
  try {
    const raw = JSON.parse(row.value) as {
      calls: number;
      avgLength: [number, number, number];
      df: [string, number][];
      maxCallId: number;
      computedAt: string;
      analyser?: number;
      scorer?: number;
      thesaurus?: string;
    };
    // Counted over another analyser's tokens, the document frequencies would not describe today's: rebuilt.
    if (raw.analyser !== ANALYSER_VERSION) return null;
    // Scores stored beside a snapshot of another scorer are kept readable (previews, network digests use them) but
    // are not valid for new scores: the next run is a full one (statsStillValid).
    const stored = { stats: { calls: raw.calls, avgLength: raw.avgLength, df: new Map(raw.df) }, maxCallId: raw.maxCallId, computedAt: raw.computedAt, scorer: raw.scorer ?? 1, ...(raw.thesaurus !== undefined ? { thesaurus: raw.thesaurus } : {}) };
    statsCache.set(db, { value: row.value, stored });
    return stored;
  } catch {
    return null; // a damaged snapshot is rebuilt by the next run
  }
}
