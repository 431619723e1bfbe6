// The `second_chances` table (« À regarder aussi », issue 15): calls under a profile's min_score that the thesaurus
// or the description vouch for. Written by the same runs as `matches`, read by the digest.
import type { Db } from '../db/connection.js';
import { parseExplanation } from './explain.js';
import type { MatchResult } from './score.js';
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

/**
 * Replaces the second chances of a scope with `results` in one transaction; `first_seen_at` survives for pairs
 * still there. A pair that became a match (or fell too low) simply is not in `results` and goes.
 */
export function replaceSecondChances(db: Db, scope: MatchScope, results: readonly MatchResult[], now: Date): number {
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
    // OR IGNORE: a profile or call deleted since the run read it fails its foreign key; skip it, keep the rest.
    const insert = db.prepare(
      `INSERT INTO second_chances (profile_id, call_id, score, terms, explanation, first_seen_at, scored_at)
       SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM profiles WHERE id = ?) AND EXISTS (SELECT 1 FROM calls WHERE id = ?)`,
    );
    for (const r of results) {
      const first = firstSeen.get(pairKey(r.profileId, r.callId)) ?? at;
      insert.run(r.profileId, r.callId, r.score, JSON.stringify(r.terms), JSON.stringify(r.explanation), first, at, r.profileId, r.callId);
    }
    return results.length;
  }).immediate();
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
    terms: parseTerms(row.terms),
    explanation: parseExplanation(row.explanation),
    firstSeenAt: row.first_seen_at,
  }));
}

function parseTerms(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
