// Reads what composing a member's digest needs: their matches (straight from the matches table), the calls,
// and what earlier digests already sent them (from the delivery ledger).
import { getCalls } from '../calls/repository.js';
import type { Call } from '../calls/types.js';
import type { Db } from '../db/connection.js';
import { stringList } from '../db/json.js';
import { parseExplanation } from '../match/explain.js';
import { GENERAL_HEAD_CHARS, isOpenToAnyAssociation } from '../match/general.js';
import { normaliseRegions } from '../match/score.js';
import { memberSecondChances } from '../match/second-chances.js';
import type { Profile } from '../members/types.js';
import { FIRST_DIGEST_DAYS, type ComposeInput, type MatchCandidate } from './compose.js';
import type { Day } from './format.js';
import { profileFilter, type GeneralCall, type OpenToAllInput } from './open-to-all.js';

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
  const since = lastDigestAt(db, memberId, week) ?? new Date(now.getTime() - FIRST_DIGEST_DAYS * 86_400_000).toISOString();
  return { today, since, profiles, matches, sentCallIds: sentCallIds(db, memberId, week), heldBackCallIds: heldBackCallIds(db, memberId, week), calls, secondChances };
}

/**
 * How much of a call's summary and body the general-fund test reads: their start (GENERAL_HEAD_CHARS) and, for
 * councilsOnly, whether associations are named. Whole texts (up to 50,000 characters each) for every open call, once
 * per run, would be read for nothing.
 */
const GENERAL_TEXT_CHARS = 4 * GENERAL_HEAD_CHARS;

/**
 * The open calls (deadline unknown or not passed on `today`) that are general funds open to any association, read
 * once per digest run: the same for every member. Full calls are loaded for those only, shared through `runCalls`.
 */
export function loadGeneralCalls(db: Db, today: Day, runCalls: Map<number, Call>): GeneralCall[] {
  const rows = db
    .prepare(
      `SELECT id, title, substr(summary, 1, ?) AS summary, substr(body, 1, ?) AS body FROM calls
        WHERE status = 'open' AND (next_deadline IS NULL OR next_deadline >= ?) ORDER BY id`,
    )
    .all(GENERAL_TEXT_CHARS, GENERAL_TEXT_CHARS, today) as { id: number; title: string; summary: string | null; body: string | null }[];
  const ids = rows.filter((row) => isOpenToAnyAssociation({ title: row.title, summary: row.summary ?? '', body: row.body ?? '' })).map((row) => row.id);
  for (const call of getCalls(db, ids.filter((id) => !runCalls.has(id)))) runCalls.set(call.id, call);
  return ids.flatMap((id) => {
    const call = runCalls.get(id);
    return call ? [{ call, regions: normaliseRegions(call.regions) }] : [];
  });
}

/** What one member's « Ouverts à toute association » needs besides the run's general funds: one small query. */
export function loadOpenToAllInput(db: Db, memberId: number, profiles: readonly Profile[], calls: readonly GeneralCall[]): OpenToAllInput {
  if (calls.length === 0) return { calls, filters: [], known: new Set() };
  const known = db
    .prepare(
      `SELECT call_id FROM member_hidden_calls WHERE member_id = ?
       UNION SELECT call_id FROM call_follows WHERE member_id = ?`,
    )
    .pluck()
    .all(memberId, memberId) as number[];
  return { calls, filters: profiles.map(profileFilter), known: new Set(known) };
}
