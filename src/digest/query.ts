// Reads what composing a member's digest needs: their matches (straight from the matches table), the calls,
// and what earlier digests already sent them (from the delivery ledger).
import { getCalls } from '../calls/repository.js';
import type { Call } from '../calls/types.js';
import type { Db } from '../db/connection.js';
import { stringList } from '../db/json.js';
import { parseExplanation } from '../match/explain.js';
import { memberSecondChances } from '../match/second-chances.js';
import { FIRST_DIGEST_DAYS, type ComposeInput, type MatchCandidate } from './compose.js';
import type { Day } from './format.js';

interface MatchRow {
  profile_id: number;
  call_id: number;
  score: number;
  terms: string;
  explanation: string;
  first_matched_at: string;
}


function memberMatches(db: Db, memberId: number): MatchCandidate[] {
  const rows = db
    .prepare(
      `SELECT m.profile_id, m.call_id, m.score, m.terms, m.explanation, m.first_matched_at
         FROM matches m
         JOIN profiles p ON p.id = m.profile_id
         JOIN calls c ON c.id = m.call_id
        WHERE p.member_id = ? AND c.status = 'open'`,
    )
    .all(memberId) as MatchRow[];
  return rows.map((row) => ({
    profileId: row.profile_id,
    callId: row.call_id,
    score: row.score,
    terms: stringList(row.terms),
    explanation: parseExplanation(row.explanation),
    firstMatchedAt: row.first_matched_at,
  }));
}

/** Calls that `table` records for the member's delivered digests of other weeks than `week`. */
function callIdsOfSentDigests(db: Db, table: 'digest_items' | 'digest_held_back', memberId: number, week: string): Set<number> {
  const rows = db
    .prepare(
      `SELECT DISTINCT i.call_id FROM ${table} i
         JOIN digest_deliveries d ON d.id = i.delivery_id
        WHERE i.member_id = ? AND d.status = 'sent' AND d.week <> ?`,
    )
    .all(memberId, week) as { call_id: number }[];
  return new Set(rows.map((r) => r.call_id));
}

/** Calls sent to the member by delivered digests of other weeks than `week`. */
export function sentCallIds(db: Db, memberId: number, week: string): Set<number> {
  return callIdsOfSentDigests(db, 'digest_items', memberId, week);
}

/**
 * Calls that delivered digests of other weeks than `week` left out for their length (migration 024): unless sent
 * since, the next digest offers them as new again.
 */
export function heldBackCallIds(db: Db, memberId: number, week: string): Set<number> {
  return callIdsOfSentDigests(db, 'digest_held_back', memberId, week);
}

/** Start of the "new since the last digest" window: when the last delivered digest was composed. */
export function lastDigestAt(db: Db, memberId: number, week: string): string | null {
  const row = db
    .prepare(
      `SELECT MAX(composed_at) AS at FROM digest_deliveries
        WHERE member_id = ? AND status = 'sent' AND week <> ?`,
    )
    .get(memberId, week) as { at: string | null };
  return row.at;
}

/**
 * Start of the window of a member's first digest: FIRST_DIGEST_DAYS before they joined, or before now if they
 * joined later. A member imported with a pause until September, or whose first weeks had nothing to say, gets at
 * the first digest every call matched since they joined (still open: matches are of open calls), never only the
 * last fortnight's.
 */
function firstDigestSince(db: Db, memberId: number, now: Date): string {
  const row = db.prepare('SELECT created_at FROM members WHERE id = ?').get(memberId) as { created_at: string } | undefined;
  const joined = row ? Date.parse(row.created_at) : now.getTime();
  return new Date(Math.min(joined, now.getTime()) - FIRST_DIGEST_DAYS * 86_400_000).toISOString();
}

/**
 * Everything composeDigest needs for one member on `today` of `week`, at instant `now`. `runCalls` holds the calls
 * already read in this run: members share most of their calls, and sharing the objects lets the view and the HTML
 * render reuse what they made of a call for earlier members (view.ts, render.ts).
 */
export function loadComposeInput(db: Db, memberId: number, week: string, today: Day, now: Date, runCalls: Map<number, Call> = new Map()): ComposeInput {
  const profiles = db.prepare('SELECT id, name FROM profiles WHERE member_id = ? ORDER BY id').all(memberId) as {
    id: number;
    name: string;
  }[];
  const matches = memberMatches(db, memberId);
  const secondChances = memberSecondChances(db, memberId).map(({ firstSeenAt, ...rest }) => ({ ...rest, firstMatchedAt: firstSeenAt }));
  const callIds = [...new Set([...matches, ...secondChances].map((m) => m.callId))];
  for (const call of getCalls(db, callIds.filter((id) => !runCalls.has(id)))) runCalls.set(call.id, call);
  const calls = new Map(callIds.flatMap((id) => (runCalls.has(id) ? [[id, runCalls.get(id)!] as const] : [])));
  const since = lastDigestAt(db, memberId, week) ?? firstDigestSince(db, memberId, now);
  return { today, since, profiles, matches, sentCallIds: sentCallIds(db, memberId, week), heldBackCallIds: heldBackCallIds(db, memberId, week), calls, secondChances };
}
