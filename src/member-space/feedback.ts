// "Not relevant" feedback: hiding a call from one member, and what staff read to find noisy sources and keywords.
import type { Db } from '../db/connection.js';

export interface NotRelevantInput {
  memberId: number;
  callId: number;
  /** The profile the link was made for; when absent, the member's best-scoring match of the call. */
  profileId?: number | null;
}

export interface NotRelevantOutcome {
  /** false when the call was already hidden: nothing is recorded twice. */
  recorded: boolean;
  profileId: number | null;
  terms: string[];
}

interface MatchRow {
  profile_id: number;
  profile_name: string;
  terms: string;
  score: number;
}

export interface MemberMatch {
  profileId: number;
  profileName: string;
  terms: string[];
  score: number;
}

/**
 * The member's best row for a call in `matches`, or in `second_chances` (« À regarder aussi », issue 15) when the
 * call was offered there rather than matched: its terms are what a « Pas pertinent » on it should teach the profile.
 */
function scoredRow(db: Db, table: 'matches' | 'second_chances', memberId: number, callId: number, profileId: number | null): MatchRow | undefined {
  return db
    .prepare(
      `SELECT m.profile_id, p.name AS profile_name, m.terms, m.score
         FROM ${table} m JOIN profiles p ON p.id = m.profile_id
        WHERE p.member_id = ? AND m.call_id = ? AND (? IS NULL OR m.profile_id = ?)
        ORDER BY m.score DESC, m.profile_id LIMIT 1`,
    )
    .get(memberId, callId, profileId, profileId) as MatchRow | undefined;
}

/** The member's match of a call: under the given profile, else the member's best-scoring one; null when none. */
export function memberMatchOfCall(db: Db, memberId: number, callId: number, profileId: number | null = null): MemberMatch | null {
  const row = scoredRow(db, 'matches', memberId, callId, profileId);
  return row ? { profileId: row.profile_id, profileName: row.profile_name, terms: JSON.parse(row.terms) as string[], score: row.score } : null;
}

function profileName(db: Db, memberId: number, profileId: number): string | null {
  const row = db.prepare('SELECT name FROM profiles WHERE id = ? AND member_id = ?').get(profileId, memberId) as { name: string } | undefined;
  return row?.name ?? null;
}

/**
 * Hides the call from the member's digests, calendar and feed (by removing the member's matches of it: see
 * migrations/007_feedback.sql), and records the feedback with the profile terms that matched. Idempotent: a second click changes nothing. The caller has checked that the call exists.
 */
export function markNotRelevant(db: Db, input: NotRelevantInput, now: Date = new Date()): NotRelevantOutcome {
  const at = now.toISOString();
  return db.transaction((): NotRelevantOutcome => {
    const hidden = db
      .prepare('INSERT OR IGNORE INTO member_hidden_calls (member_id, call_id, hidden_at) VALUES (?, ?, ?)')
      .run(input.memberId, input.callId, at);
    const match = scoredRow(db, 'matches', input.memberId, input.callId, input.profileId ?? null) ??
      scoredRow(db, 'second_chances', input.memberId, input.callId, input.profileId ?? null);
    // A profile given in a signed link but since deleted, or no longer matching: keep what we still know.
    const profileId = match?.profile_id ?? (input.profileId != null && profileName(db, input.memberId, input.profileId) !== null ? input.profileId : null);
    const terms = match ? (JSON.parse(match.terms) as string[]) : [];
    if (hidden.changes === 0) return { recorded: false, profileId, terms };
    // The terms are read above; now the matches go, so every reader of `matches` (the digest included) skips the
    // call. The trigger of migration 007 keeps the matcher from writing them back.
    db.prepare('DELETE FROM matches WHERE call_id = ? AND profile_id IN (SELECT id FROM profiles WHERE member_id = ?)').run(
      input.callId,
      input.memberId,
    );
    db.prepare('DELETE FROM second_chances WHERE call_id = ? AND profile_id IN (SELECT id FROM profiles WHERE member_id = ?)').run(input.callId, input.memberId);
    db.prepare(
      `INSERT OR IGNORE INTO feedback (member_id, profile_id, profile_name, call_id, kind, terms, score, created_at)
       VALUES (?, ?, ?, ?, 'not_relevant', ?, ?, ?)`,
    ).run(
      input.memberId,
      profileId,
      match?.profile_name ?? (profileId !== null ? profileName(db, input.memberId, profileId) : null),
      input.callId,
      JSON.stringify(terms),
      match?.score ?? null,
      at,
    );
    return { recorded: true, profileId, terms };
  })();
}

export function isCallHidden(db: Db, memberId: number, callId: number): boolean {
  return db.prepare('SELECT 1 FROM member_hidden_calls WHERE member_id = ? AND call_id = ?').get(memberId, callId) !== undefined;
}

/** The calls the member asked never to see again. */
export function hiddenCallIds(db: Db, memberId: number): Set<number> {
  const rows = db.prepare('SELECT call_id FROM member_hidden_calls WHERE member_id = ?').all(memberId) as { call_id: number }[];
  return new Set(rows.map((row) => row.call_id));
}

/**
 * An SQL condition, true when the call is not hidden from the member, for queries that select calls for a member
 * (e.g. `notHiddenSql('p.member_id', 'c.id')`). The arguments are SQL expressions, never user input.
 */
export function notHiddenSql(memberIdExpr: string, callIdExpr: string): string {
  return `NOT EXISTS (SELECT 1 FROM member_hidden_calls h WHERE h.member_id = ${memberIdExpr} AND h.call_id = ${callIdExpr})`;
}

// ---- What staff read ----

export interface FeedbackItem {
  id: number;
  memberId: number;
  profileId: number | null;
  profileName: string | null;
  callId: number;
  callTitle: string;
  sources: string[];
  terms: string[];
  score: number | null;
  createdAt: string;
}

export interface SourceCount {
  sourceId: string;
  sourceName: string;
  count: number;
}

export interface TermCount {
  term: string;
  count: number;
}

export interface ProfileTermCount {
  profileId: number | null;
  profileName: string | null;
  term: string;
  count: number;
}

export interface FeedbackFilter {
  since?: string;
  memberId?: number;
  sourceId?: string;
  limit: number;
  offset: number;
}

export interface FeedbackReport {
  items: FeedbackItem[];
  total: number;
  bySource: SourceCount[];
  byTerm: TermCount[];
  byProfileTerm: ProfileTermCount[];
}

interface FeedbackRow {
  id: number;
  member_id: number;
  profile_id: number | null;
  profile_name: string | null;
  call_id: number;
  call_title: string;
  sources: string | null;
  terms: string;
  score: number | null;
  created_at: string;
}

/** WHERE clause shared by the list and the counts, so they always describe the same rows. */
function filterClause(filter: FeedbackFilter): { where: string; params: (string | number)[] } {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  if (filter.since !== undefined) {
    conditions.push('f.created_at >= ?');
    params.push(filter.since);
  }
  if (filter.memberId !== undefined) {
    conditions.push('f.member_id = ?');
    params.push(filter.memberId);
  }
  if (filter.sourceId !== undefined) {
    conditions.push('EXISTS (SELECT 1 FROM call_sources cs WHERE cs.call_id = f.call_id AND cs.source_id = ?)');
    params.push(filter.sourceId);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

function listItems(db: Db, filter: FeedbackFilter): FeedbackItem[] {
  const { where, params } = filterClause(filter);
  const rows = db
    .prepare(
      `SELECT f.id, f.member_id, f.profile_id, COALESCE(p.name, f.profile_name) AS profile_name, f.call_id,
              c.title AS call_title, f.terms, f.score, f.created_at,
              (SELECT json_group_array(DISTINCT cs.source_id) FROM call_sources cs WHERE cs.call_id = f.call_id) AS sources
         FROM feedback f JOIN calls c ON c.id = f.call_id LEFT JOIN profiles p ON p.id = f.profile_id
         ${where}
        ORDER BY f.created_at DESC, f.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, filter.limit, filter.offset) as FeedbackRow[];
  return rows.map((row) => ({
    id: row.id,
    memberId: row.member_id,
    profileId: row.profile_id,
    profileName: row.profile_name,
    callId: row.call_id,
    callTitle: row.call_title,
    sources: row.sources ? (JSON.parse(row.sources) as string[]) : [],
    terms: JSON.parse(row.terms) as string[],
    score: row.score,
    createdAt: row.created_at,
  }));
}

function countBySource(db: Db, where: string, params: (string | number)[]): SourceCount[] {
  const rows = db
    .prepare(
      `SELECT cs.source_id, COALESCE(s.name, cs.source_id) AS source_name, COUNT(DISTINCT f.id) AS count
         FROM feedback f JOIN call_sources cs ON cs.call_id = f.call_id LEFT JOIN sources s ON s.id = cs.source_id
         ${where}
        GROUP BY cs.source_id ORDER BY count DESC, cs.source_id`,
    )
    .all(...params) as { source_id: string; source_name: string; count: number }[];
  return rows.map((row) => ({ sourceId: row.source_id, sourceName: row.source_name, count: row.count }));
}

function countByProfileTerm(db: Db, where: string, params: (string | number)[]): ProfileTermCount[] {
  const rows = db
    .prepare(
      `SELECT f.profile_id, COALESCE(p.name, f.profile_name) AS profile_name, t.value AS term, COUNT(*) AS count
         FROM feedback f JOIN json_each(f.terms) t LEFT JOIN profiles p ON p.id = f.profile_id
         ${where}
        GROUP BY f.profile_id, t.value ORDER BY count DESC, f.profile_id, t.value`,
    )
    .all(...params) as { profile_id: number | null; profile_name: string | null; term: string; count: number }[];
  return rows.map((row) => ({ profileId: row.profile_id, profileName: row.profile_name, term: row.term, count: row.count }));
}

/** Terms across profiles, compared case-insensitively: "Numérique" in one profile and "numérique" in another add up. */
function countByTerm(byProfileTerm: ProfileTermCount[]): TermCount[] {
  const counts = new Map<string, TermCount>();
  for (const { term, count } of byProfileTerm) {
    const key = term.toLocaleLowerCase('fr');
    const entry = counts.get(key) ?? { term: key, count: 0 };
    entry.count += count;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.term.localeCompare(b.term, 'fr'));
}

/** The feedback, newest first, with counts per source and per profile term over every row the filter selects. */
export function feedbackReport(db: Db, filter: FeedbackFilter): FeedbackReport {
  const { where, params } = filterClause(filter);
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM feedback f ${where}`).get(...params) as { n: number }).n;
  const byProfileTerm = countByProfileTerm(db, where, params);
  return {
    items: listItems(db, filter),
    total,
    bySource: countBySource(db, where, params),
    byTerm: countByTerm(byProfileTerm),
    byProfileTerm,
  };
}
