// French wording of dates and amounts for members' calendars, feeds and pages. Pure functions.
import type { Amount, Call, FunderType } from '../calls/types.js';

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

/** "lundi 15 mars 2027" */
export function frenchDay(day: string): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    dayAsUtcDate(day),
  );
}

function euros(value: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(value);
}

/** "jusqu'à 50 000 €", "de 5 000 € à 20 000 €", "enveloppe totale : 1 000 000 €"; null when unknown. */
export function frenchAmount(amount: Amount | null): string | null {
  if (!amount || (amount.min === null && amount.max === null)) return null;
  const { min, max } = amount;
  let text: string;
  if (min !== null && max !== null) text = min === max ? euros(max) : `de ${euros(min)} à ${euros(max)}`;
  else if (max !== null) text = `jusqu’à ${euros(max)}`;
  else text = `à partir de ${euros(min!)}`;
  return amount.scope === 'total' ? `enveloppe totale : ${text}` : text;
}

const FUNDER_LABELS: Record<FunderType, string> = {
  eu: 'Union européenne',
  state: 'État',
  region: 'Région',
  department: 'Département',
  municipality: 'Commune ou intercommunalité',
  foundation: 'Fondation',
  company: 'Entreprise',
  other: 'Autre financeur',
};

/** The funder's name when known, else its kind in French. */
export function frenchFunder(call: Pick<Call, 'funder' | 'funderName'>): string {
  return call.funderName?.trim() || FUNDER_LABELS[call.funder] || FUNDER_LABELS.other;
}

/** Upcoming deadlines on `today`, with their position among all the call's deadlines (stable for calendar UIDs). */
export function upcomingDeadlines(deadlines: string[], today: string): { day: string; index: number }[] {
  return deadlines.map((day, index) => ({ day, index })).filter(({ day }) => day >= today);
}
