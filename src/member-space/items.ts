// What a member's calendar and feed show: their matched open calls, minus the ones they marked "not relevant".
import type { Db } from '../db/connection.js';
import { rowToCall, sourcesOfCalls, type CallRow } from '../calls/repository.js';
import type { Call } from '../calls/types.js';
import { notHiddenSql } from './feedback.js';

export interface ProfileMatch {
  profileId: number;
  profileName: string;
  score: number;
  terms: string[];
}

export interface MemberCall {
  call: Call;
  /** When the call first fitted one of the member's profiles. */
  firstMatchedAt: string;
  /** The member's profiles the call fits, best first. */
  profiles: ProfileMatch[];
}

interface Row extends CallRow {
  first_matched_at: string;
  best_score: number;
  profiles: string;
}

/**
 * The member's matched calls that are open on `today` (YYYY-MM-DD, in the member-facing time zone) and not hidden,
 * newest match first. Each call appears once, however many of the member's profiles it fits.
 */
export function memberCalls(db: Db, memberId: number, today: string, limit = 200): MemberCall[] {
  const rows = db
    .prepare(
      `SELECT c.*, MIN(m.first_matched_at) AS first_matched_at, MAX(m.score) AS best_score,
              json_group_array(json_object('profileId', p.id, 'profileName', p.name, 'score', m.score, 'terms', json(m.terms))) AS profiles
         FROM matches m
         JOIN profiles p ON p.id = m.profile_id
         JOIN calls c ON c.id = m.call_id
        WHERE p.member_id = ?
          AND c.status = 'open' AND (c.next_deadline IS NULL OR c.next_deadline >= ?)
          AND ${notHiddenSql('p.member_id', 'c.id')}
        GROUP BY c.id
        ORDER BY first_matched_at DESC, best_score DESC, c.id DESC
        LIMIT ?`,
    )
    .all(memberId, today, limit) as Row[];
  const sources = sourcesOfCalls(db, rows.map((row) => row.id));
  return rows.map((row) => ({
    call: rowToCall(row, sources.get(row.id) ?? []),
    firstMatchedAt: row.first_matched_at,
    profiles: (JSON.parse(row.profiles) as ProfileMatch[]).sort((a, b) => b.score - a.score || a.profileId - b.profileId),
  }));
}

/** The call's page: its canonical URL, else the first source item's URL. */
export function callLink(call: Call): string | null {
  return call.canonicalUrl ?? call.sources.find((source) => source.url)?.url ?? null;
}
