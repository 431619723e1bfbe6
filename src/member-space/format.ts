// Dates and amounts for members' calendars, feeds and pages. The wording is the digest's (src/digest/format.ts),
// so a member reads the same thing in the email, the calendar and the feed. Pure functions.
import type { Call } from '../calls/types.js';
import { formatAmount, formatLongDate, funderLabel } from '../digest/format.js';

/** The calendar day (YYYY-MM-DD) it is at `now` in the given time zone. */
export function dayIn(timeZone: string, now: Date): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A calendar day as a Date at 00:00 UTC: how date-only values travel without shifting a day. */
export function dayAsUtcDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function addDays(day: string, days: number): string {
  const date = dayAsUtcDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** « lundi 7 décembre 2026 », « mardi 1er décembre 2026 ». */
export const frenchDay = formatLongDate;

/** « jusqu’à 20 000 € par projet », « de 5 000 € à 20 000 € »…; null when unknown. */
export const frenchAmount = formatAmount;

/** The funder's name when known, else its kind in French. */
export function frenchFunder(call: Pick<Call, 'funder' | 'funderName'>): string {
  return funderLabel(call.funder, call.funderName);
}

/** Upcoming deadlines on `today`, with their position among all the call's deadlines (stable for calendar UIDs). */
export function upcomingDeadlines(deadlines: string[], today: string): { day: string; index: number }[] {
  return deadlines.map((day, index) => ({ day, index })).filter(({ day }) => day >= today);
}
