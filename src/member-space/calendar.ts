// A member's deadline calendar (RFC 5545): one all-day event per upcoming deadline of their matched open calls.
// Pure: takes the member's calls, returns the iCalendar text.
import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import { callLink, type MemberCall } from './items.js';
import { addDays, dayAsUtcDate, frenchAmount, frenchDay, frenchFunder, upcomingDeadlines } from './format.js';
import { STATUS_LABELS } from '../follow/statuses.js';

export interface CalendarOptions {
  /** YYYY-MM-DD in the member-facing time zone: deadlines before it are left out. */
  today: string;
  /** Shown to calendar apps as the calendar's time zone (all-day events themselves have none). */
  timeZone: string;
  /** Host name used in event UIDs, e.g. the public host of FUNDWATCH_BASE_URL. */
  uidHost: string;
  /** The "not relevant" link of a call, put in each event's description. */
  notRelevantUrl?: (callId: number, profileId: number | undefined) => string;
  /** The member's reminder lead times in days (issue 17): a followed call's event has an alarm at each. */
  leadDays?: readonly number[];
  /** A followed call's status page, put in its event's description. */
  statusUrl?: (callId: number) => string;
}

const REMINDER_DAYS = 7;
const SEQUENCE_EPOCH = Date.UTC(2026, 0, 1);

/**
 * RFC 5545 wants SEQUENCE to grow with each revision of an event. We keep no revision counter, but minutes since a
 * fixed epoch at the call's last update only ever grow, and fit SEQUENCE's integer range for millennia.
 */
export function revisionSequence(updatedAt: string): number {
  const at = Date.parse(updatedAt);
  return Number.isFinite(at) ? Math.max(0, Math.floor((at - SEQUENCE_EPOCH) / 60_000)) : 0;
}
const SECONDS_PER_DAY = 24 * 60 * 60;

/**
 * The UID of the event for one deadline of a call. It names the call and the deadline's position, not its date, so
 * that when a funder moves a deadline, calendar apps update the event instead of adding a second one.
 */
export function deadlineEventUid(callId: number, deadlineIndex: number, uidHost: string): string {
  return `fundwatch-call-${callId}-deadline-${deadlineIndex}@${uidHost}`;
}

function eventDescription(item: MemberCall, day: string, options: CalendarOptions): string {
  const { call } = item;
  const best = item.profiles[0];
  const lines = [call.title, '', `Date limite : ${frenchDay(day)}`, `Financeur : ${frenchFunder(call)}`];
  if (item.followStatus) lines.push(`Vous suivez cet appel : ${STATUS_LABELS[item.followStatus]}`);
  const amount = frenchAmount(call.amount);
  if (amount) lines.push(`Montant : ${amount}`);
  if (call.deadlines.length > 1) lines.push(`Toutes les dates limites : ${call.deadlines.map(frenchDay).join(', ')}`);
  if (best) {
    const terms = best.terms.length ? ` (${best.terms.join(', ')})` : '';
    lines.push(`Correspond à votre profil « ${best.profileName} »${terms}`);
  }
  const link = callLink(call);
  if (link) lines.push('', `En savoir plus : ${link}`);
  if (item.followStatus && options.statusUrl) lines.push('', `Mettre à jour mon statut : ${options.statusUrl(call.id)}`);
  else if (options.notRelevantUrl) lines.push('', `Pas pertinent ? ${options.notRelevantUrl(call.id, best?.profileId)}`);
  return lines.join('\n');
}

/** A followed call rings at each of the member's lead times; another matched call a week before. */
function alarmsOf(item: MemberCall, options: CalendarOptions) {
  const days = item.followStatus && options.leadDays?.length ? options.leadDays : [REMINDER_DAYS];
  return days.map((n) => ({
    type: ICalAlarmType.display,
    triggerBefore: n * SECONDS_PER_DAY,
    description: `Date limite dans ${n} jour${n > 1 ? 's' : ''} : ${item.call.title}`,
  }));
}

/** The iCalendar text of the member's upcoming deadlines, in the order given (followed calls first). */
export function buildDeadlineCalendar(items: MemberCall[], options: CalendarOptions): string {
  const calendar = ical({
    prodId: { company: 'fundwatch', product: 'fundwatch', language: 'FR' },
    method: ICalCalendarMethod.PUBLISH,
    name: 'Dates limites de mes appels à projets (fundwatch)',
    description: 'Les dates limites des appels à projets qui correspondent à vos profils, mises à jour automatiquement.',
    // Calendar apps that subscribe re-read the feed this often (REFRESH-INTERVAL, X-PUBLISHED-TTL).
    ttl: 6 * 60 * 60,
    // Not `timezone`: ical-generator would then format dates with the process's local clock.
    x: { 'X-WR-TIMEZONE': options.timeZone },
  });
  for (const item of items) {
    const { call } = item;
    const link = callLink(call);
    for (const { day, index } of upcomingDeadlines(call.deadlines, options.today)) {
      calendar.createEvent({
        id: deadlineEventUid(call.id, index, options.uidHost),
        sequence: revisionSequence(call.updatedAt),
        allDay: true,
        start: dayAsUtcDate(day),
        end: dayAsUtcDate(addDays(day, 1)),
        // Derived from the call, so the same data always gives the same calendar (and unchanged events stay unchanged).
        stamp: new Date(call.updatedAt),
        lastModified: new Date(call.updatedAt),
        summary: `${item.followStatus ? 'Appel suivi, date limite' : 'Date limite'} : ${call.title}`,
        description: eventDescription(item, day, options),
        url: link,
        transparency: ICalEventTransparency.TRANSPARENT,
        alarms: alarmsOf(item, options),
      });
    }
  }
  return calendar.toString();
}
