// Which reminders are due for one member on one day. Pure: the member's followed calls, their lead times and what
// was already reminded in, the day's reminders out.
//
// Each lead time L owns a window of days before the deadline: from L days before, until the next shorter lead time
// takes over (so a member who follows a call 5 days before its deadline gets the 3-day reminder only, not 14 and 3
// on the same day, and a run missed by cron is caught up the next day). A reminder is keyed by (call, kind, lead
// time, deadline): a moved deadline is a new key, so its reminders start again, and say the deadline moved.
import { daysBetween, type Day } from '../../digest/format.js';
import { SUBMITTED_CHECK_DAYS } from '../settings.js';
import type { FollowStatus } from '../statuses.js';

export type ReminderKind = 'deadline' | 'submitted_check';

export interface FollowedCallState {
  callId: number;
  status: FollowStatus;
  callStatus: 'open' | 'closed';
  /** Every deadline of the call, YYYY-MM-DD. */
  deadlines: string[];
  nextDeadline: string | null;
}

export interface DueReminder {
  callId: number;
  kind: ReminderKind;
  leadDays: number;
  deadline: Day;
  daysLeft: number;
  /** The deadline an earlier reminder of this call gave, when it has moved since. */
  movedFrom: Day | null;
}

export interface PlanInput {
  today: Day;
  leadDays: readonly number[];
  calls: readonly FollowedCallState[];
  /** Keys (reminderKey) already reminded: sent, or in `sending` (outcome unknown, never resent). */
  reminded: ReadonlySet<string>;
  /** Per call, the deadline of the latest reminder already given. */
  lastDeadline: ReadonlyMap<number, Day>;
}

export function reminderKey(callId: number, kind: ReminderKind, leadDays: number, deadline: Day): string {
  return `${callId}|${kind}|${leadDays}|${deadline}`;
}

/** The first deadline on or after today; null when none is known or all have passed. */
export function upcomingDeadlineOf(call: Pick<FollowedCallState, 'deadlines' | 'nextDeadline'>, today: Day): Day | null {
  const known = call.deadlines.length > 0 ? call.deadlines : call.nextDeadline ? [call.nextDeadline] : [];
  return [...known].sort().find((day) => day >= today) ?? null;
}

/** The lead times that apply to a call of this status, longest first, each with its kind. */
function leadsFor(status: FollowStatus, leadDays: readonly number[]): { kind: ReminderKind; days: number }[] {
  const leads = leadDays.map((days) => ({ kind: 'deadline' as ReminderKind, days }));
  if (status === 'applying') {
    // « Votre dossier est-il déposé ? » replaces a plain reminder that would fall on the same day.
    const others = leads.filter((lead) => lead.days !== SUBMITTED_CHECK_DAYS);
    return [...others, { kind: 'submitted_check' as ReminderKind, days: SUBMITTED_CHECK_DAYS }].sort((a, b) => b.days - a.days);
  }
  return [...leads].sort((a, b) => b.days - a.days);
}

export function dueReminders(input: PlanInput): DueReminder[] {
  const due: DueReminder[] = [];
  for (const call of input.calls) {
    if (call.status !== 'interested' && call.status !== 'applying') continue;
    if (call.callStatus !== 'open') continue;
    const deadline = upcomingDeadlineOf(call, input.today);
    if (deadline === null) continue;
    const daysLeft = daysBetween(input.today, deadline);
    const leads = leadsFor(call.status, input.leadDays);
    // The window of leads[i]: daysLeft in (leads[i+1].days, leads[i].days]; the shortest one runs to the deadline.
    const index = leads.findIndex((lead, i) => daysLeft <= lead.days && daysLeft > (leads[i + 1]?.days ?? -1));
    if (index < 0) continue;
    const lead = leads[index]!;
    if (input.reminded.has(reminderKey(call.callId, lead.kind, lead.days, deadline))) continue;
    const previous = input.lastDeadline.get(call.callId);
    due.push({
      callId: call.callId,
      kind: lead.kind,
      leadDays: lead.days,
      deadline,
      daysLeft,
      // A past deadline of a call with several sessions is not a move: only one the call no longer gives.
      movedFrom: previous !== undefined && previous !== deadline && !call.deadlines.includes(previous) ? previous : null,
    });
  }
  return due.sort((a, b) => a.daysLeft - b.daysLeft || a.callId - b.callId);
}
