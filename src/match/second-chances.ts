// The `second_chances` table (« À regarder aussi », issue 15): calls under a profile's min_score that the thesaurus
// or the description vouch for. Written by the same runs as `matches`, read by the digest.
import type { Db } from '../db/connection.js';
import { stringList } from '../db/json.js';
import { parseExplanation } from './explain.js';
import { SECOND_CHANCES_PER_PROFILE, type MatchResult } from './score.js';
import { scopeWhere, type MatchScope } from './store.js';

export interface SecondChance {
  profileId: number;
  callId: number;
  score: number;
  terms: string[];
  explanation: MatchResult['explanation'];
  /** ISO timestamp: when this call first came back for this profile (kept across rescoring). */
  firstSeenAt: string;
}

function pairKey(profileId: number, callId: number): string {
  return `${profileId}:${callId}`;
}

/** Rows per INSERT statement: one statement per row cost more than the rows themselves (14,000 rows, 270 ms). */
const BATCH = 100;
const COLUMNS = 7;

/**
 * Replaces the second chances of a scope with `results` in one transaction; `first_seen_at` survives for pairs
 * still there. A pair that became a match (or fell too low) simply is not in `results` and goes. A run over some
 * calls may push a profile over `keep` rows: its weakest go, so the table stays at `keep` per profile between full
 * runs however many fetches add calls.
 */
export function replaceSecondChances(db: Db, scope: MatchScope, results: readonly MatchResult[], now: Date, keep = SECOND_CHANCES_PER_PROFILE): number {
  const at = now.toISOString();
  const where = scopeWhere(scope);
  return db.transaction((): number => {
    const existing = db.prepare(`SELECT profile_id, call_id, first_seen_at FROM second_chances WHERE ${where.sql}`).all(...where.params) as {
      profile_id: number;
      call_id: number;
      first_seen_at: string;
    }[];
    const firstSeen = new Map(existing.map((row) => [pairKey(row.profile_id, row.call_id), row.first_seen_at]));
    db.prepare(`DELETE FROM second_chances WHERE ${where.sql}`).run(...where.params);
    const valid = withParents(db, results);
    const columns = 'INSERT INTO second_chances (profile_id, call_id, score, terms, explanation, first_seen_at, scored_at) VALUES ';
    const row = `(${Array(COLUMNS).fill('?').join(', ')})`;
    const batch = db.prepare(columns + Array(BATCH).fill(row).join(', '));
    const single = db.prepare(columns + row);
    const values: unknown[] = [];
    for (const r of valid) {
      values.push(r.profileId, r.callId, r.score, JSON.stringify(r.terms), JSON.stringify(r.explanation), firstSeen.get(pairKey(r.profileId, r.callId)) ?? at, at);
      if (values.length === BATCH * COLUMNS) batch.run(values.splice(0));
    }
    for (let i = 0; i < values.length; i += COLUMNS) single.run(values.slice(i, i + COLUMNS));
    if (scope.kind === 'calls' && valid.length > 0) trim(db, [...new Set(valid.map((r) => r.profileId))], keep);
    return valid.length;
  }).immediate();
}

/** The results whose profile and call still exist: a profile or call deleted since the run read them is dropped. */
function withParents(db: Db, results: readonly MatchResult[]): readonly MatchResult[] {
  if (results.length === 0) return results;
  const existing = (table: 'profiles' | 'calls', ids: Set<number>): Set<number> =>
    new Set(db.prepare(`SELECT id FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).pluck().all(JSON.stringify([...ids])) as number[]);
  const profiles = existing('profiles', new Set(results.map((r) => r.profileId)));
  const calls = existing('calls', new Set(results.map((r) => r.callId)));
  return results.filter((r) => profiles.has(r.profileId) && calls.has(r.callId));
}

/** Keeps the `keep` best second chances of each of `profileIds` (ties: lower call id), deleting the others. */
function trim(db: Db, profileIds: readonly number[], keep: number): void {
  db.prepare(
    `DELETE FROM second_chances WHERE (profile_id, call_id) IN (
       SELECT profile_id, call_id FROM (
         SELECT profile_id, call_id, row_number() OVER (PARTITION BY profile_id ORDER BY score DESC, call_id) AS rank
           FROM second_chances WHERE profile_id IN (SELECT value FROM json_each(?)))
        WHERE rank > ?)`,
  ).run(JSON.stringify(profileIds), keep);
}

/**
 * For each profile holding at least `keep` second chances besides those of `exceptCallIds`, the score of its
 * `keep`-th best: what a new call must beat to get in (replaceSecondChances would trim it away otherwise).
 */
export function secondChanceCuts(db: Db, keep: number, exceptCallIds: readonly number[]): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT profile_id, score FROM (
         SELECT profile_id, score, row_number() OVER (PARTITION BY profile_id ORDER BY score DESC, call_id) AS rank
           FROM second_chances WHERE call_id NOT IN (SELECT value FROM json_each(?)))
        WHERE rank = ?`,
    )
    .raw()
    .all(JSON.stringify(exceptCallIds), keep) as [number, number][];
  return new Map(rows);
}

/** The second chances of a member's profiles on open calls they have not hidden, best first. */
export function memberSecondChances(db: Db, memberId: number): SecondChance[] {
  const rows = db
    .prepare(
      `SELECT s.profile_id, s.call_id, s.score, s.terms, s.explanation, s.first_seen_at
         FROM second_chances s
         JOIN profiles p ON p.id = s.profile_id
         JOIN calls c ON c.id = s.call_id
        WHERE p.member_id = ? AND c.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM member_hidden_calls h WHERE h.member_id = p.member_id AND h.call_id = s.call_id)
        ORDER BY s.score DESC, s.call_id`,
    )
    .all(memberId) as { profile_id: number; call_id: number; score: number; terms: string; explanation: string; first_seen_at: string }[];
  return rows.map((row) => ({
    profileId: row.profile_id,
    callId: row.call_id,
    score: row.score,
    terms: stringList(row.terms),
    explanation: parseExplanation(row.explanation),
    firstSeenAt: row.first_seen_at,
  }));
}

