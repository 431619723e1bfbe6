// What a member's calendar and feed show: their matched open calls, minus the ones they marked "not relevant".
import type { Db } from '../db/connection.js';
import { rowToCall, sourcesOfCalls, type CallRow } from '../calls/repository.js';
import type { Call } from '../calls/types.js';
import { notHiddenSql } from './feedback.js';
import { ACTIVE_STATUSES, type FollowStatus } from '../follow/statuses.js';

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
  /** The member follows it (issue 17): `interested` or `applying`. */
  followStatus?: FollowStatus;
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

/**
 * The calls the member follows (`interested`, `applying`) that are open on `today`, soonest deadline first: a
 * follow is explicit, so they come whether or not a profile still matches them (or the call was hidden since).
 */
export function followedMemberCalls(db: Db, memberId: number, today: string): MemberCall[] {
  const rows = db
    .prepare(
      `SELECT c.*, f.status AS follow_status, f.created_at AS followed_at
         FROM call_follows f JOIN calls c ON c.id = f.call_id
        WHERE f.member_id = ? AND f.status IN (SELECT value FROM json_each(?))
          AND c.status = 'open' AND (c.next_deadline IS NULL OR c.next_deadline >= ?)
        ORDER BY c.next_deadline IS NULL, c.next_deadline, c.id`,
    )
    .all(memberId, JSON.stringify(ACTIVE_STATUSES), today) as (CallRow & { follow_status: FollowStatus; followed_at: string })[];
  const sources = sourcesOfCalls(db, rows.map((row) => row.id));
  return rows.map((row) => ({
    call: rowToCall(row, sources.get(row.id) ?? []),
    firstMatchedAt: row.followed_at,
    profiles: [],
    followStatus: row.follow_status,
  }));
}

/**
 * The calendar's calls: the followed ones first, then the other matched calls (each call once). A call whose dossier
 * the member has sent or heard back on (submitted, won, lost) is left out: its deadline no longer concerns them, as
 * reminders and « Date limite proche » already say.
 */
export function calendarCalls(db: Db, memberId: number, today: string, limit: number): MemberCall[] {
  const followed = followedMemberCalls(db, memberId, today);
  const settled = settledCallIds(db, memberId);
  const matched = new Map(memberCalls(db, memberId, today, limit).map((item) => [item.call.id, item]));
  const first = followed.map((item) => ({ ...item, profiles: matched.get(item.call.id)?.profiles ?? [] }));
  const ids = new Set(first.map((item) => item.call.id));
  const others = [...matched.values()].filter((item) => !ids.has(item.call.id) && !settled.has(item.call.id));
  return [...first, ...others].slice(0, Math.max(limit, first.length));
}

function settledCallIds(db: Db, memberId: number): Set<number> {
  const rows = db.prepare(`SELECT call_id FROM call_follows WHERE member_id = ? AND status IN ('submitted', 'won', 'lost')`).all(memberId) as { call_id: number }[];
  return new Set(rows.map((row) => row.call_id));
}
