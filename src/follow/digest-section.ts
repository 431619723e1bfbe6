// « Vos appels suivis » (issue 17): the member's followed calls (`interested`, `applying`) at the top of the weekly
// digest, after the network's picks: those closing within 21 days, and any whose deadline, amount or status changed
// since the member's last digest, each saying what changed. `composeFollowed` is pure; `loadFollowedInput` reads.
import { getCalls } from '../calls/repository.js';
import type { Call } from '../calls/types.js';
import type { Db } from '../db/connection.js';
import type { DigestEntry } from '../digest/compose.js';
import { addDays, daysBetween, type Day } from '../digest/format.js';
import { callChangesSince, describeChanges, type CallChange } from './changes.js';
import { ACTIVE_STATUSES, type FollowStatus } from './statuses.js';

const SETTLED_STATUSES: readonly FollowStatus[] = ['submitted', 'won', 'lost'];

/** Followed calls closing within this many days open the digest. */
export const FOLLOWED_HORIZON_DAYS = 21;
/** Without an earlier digest, changes are told over this many days. */
const FIRST_CHANGES_DAYS = 7;

export interface FollowedInput {
  follows: { callId: number; status: FollowStatus }[];
  /** Calls the member has applied to or heard back on (submitted, won, lost): their deadline no longer concerns them. */
  settled?: ReadonlySet<number>;
  /**
   * Every call the member has set a status on, whatever it is now, `none` (« ne plus suivre ») included: one they know,
   * never offered to them again as a discovery (« À regarder aussi », « Ouverts à toute association »).
   */
  known?: ReadonlySet<number>;
  calls: ReadonlyMap<number, Call>;
  /** Each followed call's changes since the member's last digest, oldest first. */
  changes: ReadonlyMap<number, readonly CallChange[]>;
}

export interface FollowedEntry extends DigestEntry {
  status: FollowStatus;
  /** What changed since the last digest, in French (« Date limite repoussée au … »). */
  changes: string[];
}

/**
 * The deadline to show: the first on or after today; for a closed call, the last one it had (a member who followed
 * it reads when it closed, not « non précisée »).
 */
function deadlineOn(call: Call, today: Day): Day | null {
  const all = [...call.deadlines, ...(call.nextDeadline ? [call.nextDeadline] : [])].sort();
  const next = all.find((d) => d >= today) ?? null;
  return next ?? (call.status === 'closed' ? (all.at(-1) ?? null) : null);
}

/** The section's entries, soonest deadline first (unknown last); `skip`: calls shown above (the network's picks). */
export function composeFollowed(input: FollowedInput | undefined, today: Day, skip: ReadonlySet<number>): FollowedEntry[] {
  if (!input) return [];
  const horizon = addDays(today, FOLLOWED_HORIZON_DAYS);
  const entries: FollowedEntry[] = [];
  for (const { callId, status } of input.follows) {
    const call = input.calls.get(callId);
    if (!call || skip.has(callId) || !ACTIVE_STATUSES.includes(status)) continue;
    const changes = describeChanges(input.changes.get(callId) ?? []);
    const deadline = deadlineOn(call, today);
    const closingSoon = call.status === 'open' && deadline !== null && deadline <= horizon;
    if (!closingSoon && changes.length === 0) continue;
    entries.push({
      call,
      profileId: 0,
      score: 0,
      terms: [],
      explanation: [],
      deadline,
      daysLeft: deadline === null || call.status === 'closed' ? null : daysBetween(today, deadline),
      status,
      changes,
    });
  }
  return entries.sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.call.id - b.call.id);
}

/** What composeFollowed needs for one member: their active follows, the calls, their changes since `since`. */
export function loadFollowedInput(db: Db, memberId: number, since: string | null, now: Date, runCalls: Map<number, Call>, timeZone: string): FollowedInput {
  const all = db.prepare('SELECT call_id, status FROM call_follows WHERE member_id = ?').all(memberId) as { call_id: number; status: FollowStatus }[];
  const follows = all.filter((f) => ACTIVE_STATUSES.includes(f.status));
  const settled = new Set(all.filter((f) => SETTLED_STATUSES.includes(f.status)).map((f) => f.call_id));
  const ids = follows.map((f) => f.call_id);
  for (const call of getCalls(db, ids.filter((id) => !runCalls.has(id)))) runCalls.set(call.id, call);
  const from = since ?? new Date(now.getTime() - FIRST_CHANGES_DAYS * 86_400_000).toISOString();
  return {
    follows: follows.map((f) => ({ callId: f.call_id, status: f.status })),
    settled,
    known: new Set(all.map((f) => f.call_id)),
    calls: runCalls,
    changes: callChangesSince(db, ids, from, timeZone),
  };
}
