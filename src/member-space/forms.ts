// The member page's forms, read and checked (issue 17). Pure: form fields in, either the change to make or the
// French sentence saying what is wrong (the page shows it, status 400, and nothing is changed).
import { MAX_TERM_LENGTH, termProblem } from '../members/keywords.js';
import { DESCRIPTION_MAX_LENGTH } from '../members/types.js';
import { MAX_LEAD_DAYS, MAX_LEADS, MAX_PAUSE_DAYS, normaliseLeadDays } from '../follow/settings.js';
import { addDays, frenchDay } from './format.js';
import { regionProblem } from '../calls/regions.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const problem = <T>(text: string): Checked<T> => ({ ok: false, problem: text });

/** A form field as one string: absent is '', a repeated field (a forged form) is not a string at all. */
export function field(body: unknown, name: string): string | null {
  if (body === null || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  if (value === undefined) return '';
  return typeof value === 'string' ? value : null;
}

/** A checkbox: present (whatever its value) is checked. */
export function checkbox(body: unknown, name: string): boolean {
  return body !== null && typeof body === 'object' && (body as Record<string, unknown>)[name] !== undefined;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function isRealDay(text: string): boolean {
  return ISO_DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

/** « Mettre en pause jusqu’au … »: a real day after today and within a year. */
export function checkPauseUntil(text: string | null, today: string): Checked<string> {
  const day = text?.trim() ?? '';
  if (day === '') return problem('Indiquez la date de reprise de la lettre (par exemple le premier lundi après vos congés).');
  if (!isRealDay(day)) return problem(`La date «\u00a0${day.slice(0, 20)}\u00a0» n’est pas une date valide (attendu\u00a0: jour, mois, année).`);
  if (day <= today) {
    return problem(`La date de reprise (${frenchDay(day)}) est déjà passée ou c’est aujourd’hui\u00a0: choisissez une date à venir. Rien n’a été modifié.`);
  }
  const latest = addDays(today, MAX_PAUSE_DAYS);
  if (day > latest) return problem(`Une pause dure au plus un an\u00a0: choisissez une date avant le ${frenchDay(latest)}. Rien n’a été modifié.`);
  return ok(day);
}

/** Lead times as typed (« 14, 3 », « 14 3 », « 14;3 »), checked with the stored rules. */
export function checkLeadDays(text: string | null): Checked<number[]> {
  const parts = (text ?? '').split(/[\s,;]+/).filter((p) => p !== '');
  const days = normaliseLeadDays(parts);
  if (days === null) {
    return problem(
      `Les délais de rappel «\u00a0${(text ?? '').slice(0, 40)}\u00a0» ne conviennent pas\u00a0: indiquez de 1 à ${MAX_LEADS} nombres de jours, chacun de 1 à ${MAX_LEAD_DAYS}, séparés par des virgules (par exemple «\u00a014, 3\u00a0»). Rien n’a été modifié.`,
    );
  }
  return ok(days);
}

const QUOTED_OR_COMMA = /"[^"]*"|,/g;

/**
 * Terms as typed in a text area: one per line, or several on a line separated by commas (a comma inside "quotes"
 * belongs to the phrase).
 */
export function splitTerms(text: string): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((line) => {
      const parts: string[] = [];
      let start = 0;
      for (const m of line.matchAll(QUOTED_OR_COMMA)) {
        if (m[0] !== ',') continue;
        parts.push(line.slice(start, m.index));
        start = m.index + 1;
      }
      parts.push(line.slice(start));
      return parts;
    })
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** The admin API's limits (src/api/schemas.ts), in the member's words. */
const MAX_TERMS = 200;
const MAX_REGIONS = 50;
const MAX_REGION_LENGTH = 100;

function termsProblem(label: string, terms: string[], allowWeight: boolean): string | null {
  if (terms.length > MAX_TERMS) return `${label}\u00a0: ${MAX_TERMS} termes au plus (vous en avez ${terms.length}).`;
  for (const term of terms) {
    const found = term.length > MAX_TERM_LENGTH ? `terme trop long (${MAX_TERM_LENGTH} caractères au plus)` : termProblem(term, { allowWeight });
    if (found) return `${label}, «\u00a0${term.slice(0, 60)}\u00a0»\u00a0: ${found}.`;
  }
  return null;
}

export interface ProfileForm {
  keywords: string;
  exclude: string;
  regions: string;
  description: string;
}

/** The profile form's fields as typed (kept to show them again with the problem). Null: a forged form. */
export function readProfileForm(body: unknown): ProfileForm | null {
  const keywords = field(body, 'keywords');
  const exclude = field(body, 'exclude');
  const regions = field(body, 'regions');
  const description = field(body, 'description');
  if (keywords === null || exclude === null || regions === null || description === null) return null;
  return { keywords, exclude, regions, description };
}

/** The profile form checked with the admin API's rules: the change to store, or the first problem. */
export interface ProfileEdit {
  keywords: string[];
  exclude: string[];
  regions: string[];
  description: string;
}

export function checkProfileForm(form: ProfileForm): Checked<ProfileEdit> {
  const keywords = splitTerms(form.keywords);
  const exclude = splitTerms(form.exclude);
  const regions = splitTerms(form.regions);
  const description = form.description.replace(/\r\n/g, '\n').trim();
  const found =
    termsProblem('Mots-clés', keywords, true) ??
    termsProblem('Exclusions', exclude, false) ??
    (regions.length > MAX_REGIONS ? `Régions\u00a0: ${MAX_REGIONS} au plus.` : null) ??
    (regions.find((r) => r.length > MAX_REGION_LENGTH) ? `Régions\u00a0: chaque nom fait ${MAX_REGION_LENGTH} caractères au plus.` : null) ??
    regions.map((r) => regionProblem(r)).map((p) => (p ? `Régions\u00a0: ${p}.` : null)).find((p) => p !== null) ??
    (description.length > DESCRIPTION_MAX_LENGTH
      ? `Description\u00a0: ${DESCRIPTION_MAX_LENGTH.toLocaleString('fr-FR')} caractères au plus (elle en fait ${description.length.toLocaleString('fr-FR')}).`
      : null);
  if (found) return problem(`${found} Rien n’a été modifié.`);
  return ok({ keywords, exclude, regions, description });
}
