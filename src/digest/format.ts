// French formatting for what members read, and calendar arithmetic in FUNDWATCH_TZ. Pure functions.
import type { Amount, FunderType } from '../calls/types.js';

/** A calendar day as YYYY-MM-DD. */
export type Day = string;

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `instant` in `timeZone`. */
export function dayIn(instant: Date, timeZone: string): Day {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    // en-CA formats as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

function dayToUtc(day: Day): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function addDays(day: Day, days: number): Day {
  const date = dayToUtc(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
  return Math.round((dayToUtc(to).getTime() - dayToUtc(from).getTime()) / 86_400_000);
}

/** ISO 8601 week of a calendar day, e.g. { label: '2026-W48', year: 2026, week: 48 }. */
export function isoWeek(day: Day): { label: string; year: number; week: number } {
  const date = dayToUtc(day);
  const weekday = date.getUTCDay() || 7; // Monday 1 .. Sunday 7
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return { label: `${year}-W${String(week).padStart(2, '0')}`, year, week };
}

const longDate = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** « lundi 7 décembre 2026 », « mardi 1er décembre 2026 ». */
export function formatLongDate(day: Day): string {
  const text = longDate.format(dayToUtc(day));
  // French writes the first day of a month as an ordinal.
  return text.replace(/^(\p{L}+) 1 /u, '$1 1er ');
}

/** « J-12 », « J-1 », and « dernier jour » on the day itself. */
export function formatDaysLeft(daysLeft: number): string {
  return daysLeft <= 0 ? 'dernier jour' : `J-${daysLeft}`;
}

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });

/** « 20 000 € » (with French non-breaking spaces). */
export function formatEuros(value: number): string {
  return euros.format(value);
}

/** « jusqu'à 20 000 € par projet », « de 5 000 € à 20 000 € », « 1 000 000 € (enveloppe totale) »; null when unknown. */
export function formatAmount(amount: Amount | null): string | null {
  if (!amount || (amount.min === null && amount.max === null)) return null;
  const { min, max } = amount;
  let text: string;
  if (min !== null && max !== null && min !== max) text = `de ${formatEuros(min)} à ${formatEuros(max)}`;
  else if (max !== null && min === null) text = `jusqu’à ${formatEuros(max)}`;
  else if (min !== null && max === null) text = `à partir de ${formatEuros(min)}`;
  else text = formatEuros((max ?? min)!);
  if (amount.scope === 'project') return `${text} par projet`;
  if (amount.scope === 'total') return `${text} (enveloppe totale)`;
  return text;
}

/** Each kind of funder in French (also the public watch's funder filter). */
export const FUNDER_LABELS: Record<FunderType, string> = {
  eu: 'Union européenne',
  state: 'État',
  region: 'Région',
  department: 'Département',
  municipality: 'Commune',
  foundation: 'Fondation',
  company: 'Entreprise',
  other: 'Autre financeur',
};

/** The funder as a member reads it: its name when known, else the kind of funder. */
export function funderLabel(funder: FunderType, funderName: string | null): string {
  const name = funderName?.trim();
  return name ? name : (FUNDER_LABELS[funder] ?? FUNDER_LABELS.other);
}

/** « 1 nouvel appel », « 3 nouveaux appels ». */
export function plural(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

/** French list: « a », « a et b », « a, b et c ». */
export function frenchList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`;
}
