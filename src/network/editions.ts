// Calls to anticipate (issue 18), the pure part: which calls are editions of the same recurring call, and when the
// next edition is expected. French funders bring back the same call every year with the year or an edition number
// in its title (« Appel à projets Inclusion numérique 2025 », « 5e édition du prix … », « … – vague 3 »,
// « campagne 2024-2025 »): set those aside and the titles of two editions by the same funder are the same or nearly.
import { fold, isStopWord } from '../match/analyse.js';
import { addDays, daysBetween, type Day } from '../digest/format.js';

/** What recognising editions reads of a call. */
export interface EditionCall {
  id: number;
  title: string;
  /** Who funds it: the funder's name folded when known, else the funder type and the first source. */
  funderKey: string;
  /** When applications opened (the text's `opens`, else the publication day); null when unknown. */
  opens: Day | null;
  /** The edition's closing day (its last deadline); null when unknown. */
  deadline: Day | null;
  /** The text says it comes back every year (extraction's `recurrence`). */
  saysAnnual: boolean;
}

export interface ExpectedNext {
  opens: Day | null;
  deadline: Day | null;
}

export interface Series {
  /** The first edition's id: stable while editions are added. */
  id: number;
  /** Editions, oldest first. */
  calls: EditionCall[];
  recurrence: 'annual' | null;
  expectedNext: ExpectedNext | null;
}

// Words that number an edition or name a period, dropped with the number that goes with them.
const EDITION_WORDS = /\b(?:\d+\s*(?:e|eme|er|ere|nd|nde)\s+)?(?:edition|vague|session|saison|campagne|appel|millesime)s?\s*(?:n\s*o?\s*)?(?:\d+|[ivx]+)?\b/g;
const ORDINAL = /\b\d+\s*(?:e|eme|er|ere|nd|nde)\b/g;
const YEARS = /\b(?:19|20)\d{2}(?:\s*[-/–]\s*(?:19|20)?\d{2})?\b/g;
const NUMBERS = /\b(?:n\s*o?\s*)?\d+\b/g;

/**
 * The title with years, edition numbers and punctuation set aside, stop words dropped, accents folded: two editions
 * of one call share it (or nearly). The words that number an edition (édition, vague, session, campagne…) go too,
 * as they come and go between years.
 */
export function editionKey(title: string): string {
  const folded = fold(title)
    .replace(/[’'`]/g, ' ')
    .replace(YEARS, ' ')
    .replace(EDITION_WORDS, ' ')
    .replace(ORDINAL, ' ')
    .replace(NUMBERS, ' ')
    .replace(/[^a-z0-9]+/g, ' ');
  return folded
    .split(' ')
    .filter((word) => word !== '' && !isStopWord(word))
    .join(' ');
}

/** Share of words two keys have in common (Jaccard); 1 for equal keys. */
export function keySimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = new Set(a.split(' ').filter(Boolean));
  const y = new Set(b.split(' ').filter(Boolean));
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const word of x) if (y.has(word)) common++;
  return common / (x.size + y.size - common);
}

/**
 * Two titles of one funder are editions of one call when their keys are equal, or close enough: most words shared
 * (a funder rewording « Appel à projets » as « AAP », or adding a word), on titles long enough for that to mean
 * something.
 */
export const CLOSE_TITLE = 0.8;
const MIN_WORDS_FOR_CLOSE = 4;

function close(a: string, b: string): boolean {
  if (a === b) return a !== '';
  if (Math.min(a.split(' ').length, b.split(' ').length) < MIN_WORDS_FOR_CLOSE) return false;
  return keySimilarity(a, b) >= CLOSE_TITLE;
}

/** Editions of the same call are at least this far apart (two sessions of one call are not two editions). */
const MIN_EDITION_GAP_DAYS = 200;
/** Editions about a year apart (between these gaps, in days) make an annual call. */
const YEAR_MIN = 300;
const YEAR_MAX = 430;

function editionDay(call: EditionCall): Day | null {
  return call.deadline ?? call.opens;
}

function shiftYears(day: Day, years: number): Day {
  const year = Number(day.slice(0, 4)) + years;
  const monthDay = day.slice(5);
  // 29 February of a year that has none becomes 28 February.
  const fixed = monthDay === '02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? '02-28' : monthDay;
  return `${String(year).padStart(4, '0')}-${fixed}`;
}

/**
 * The day the next edition is expected, from each past edition's day moved to the year after the last edition:
 * the median of those (the middle one, or the earlier of the two middle ones), so one edition that slipped by a month
 * does not move the estimate.
 */
function projectedDay(days: readonly Day[]): Day | null {
  if (days.length === 0) return null;
  const lastYear = Math.max(...days.map((d) => Number(d.slice(0, 4))));
  const projected = days.map((d) => shiftYears(d, lastYear + 1 - Number(d.slice(0, 4)))).sort();
  return projected[Math.floor((projected.length - 1) / 2)]!;
}

/**
 * When the next edition of an annual call is expected, as of `today`: past editions' days projected to the year
 * after the last edition; if that expected deadline has passed already (an edition fundwatch never saw), the next
 * year's.
 */
export function expectedNextEdition(editions: readonly EditionCall[], today: Day): ExpectedNext | null {
  let opens = projectedDay(editions.flatMap((e) => (e.opens ? [e.opens] : [])));
  let deadline = projectedDay(editions.flatMap((e) => (e.deadline ? [e.deadline] : [])));
  if (opens === null && deadline === null) return null;
  // Opens and deadline belong to one edition: keep the opening before the deadline.
  if (opens !== null && deadline !== null && opens > deadline) opens = shiftYears(opens, -1);
  for (let guard = 0; guard < 50 && (deadline ?? opens)! < today; guard++) {
    opens = opens && shiftYears(opens, 1);
    deadline = deadline && shiftYears(deadline, 1);
  }
  return { opens, deadline };
}

/** Whether the editions come back about every year. */
export function isAnnual(editions: readonly EditionCall[]): boolean {
  const days = editions.map(editionDay).filter((d): d is Day => d !== null).sort();
  if (days.length < 2) return editions.some((e) => e.saysAnnual);
  const gaps = days.slice(1).map((d, i) => daysBetween(days[i]!, d));
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return (median >= YEAR_MIN && median <= YEAR_MAX) || editions.some((e) => e.saysAnnual);
}

/**
 * Groups calls into series of editions: same funder, close titles once years and edition numbers are set aside, and
 * at least a few months apart. A call alone whose text says it is annual is a series of one. Pure; `today` only
 * decides how far the expected edition is rolled forward.
 */
export function findSeries(calls: readonly EditionCall[], today: Day): Series[] {
  const byFunder = new Map<string, { call: EditionCall; key: string }[]>();
  for (const call of calls) {
    const key = editionKey(call.title);
    if (key === '') continue;
    const list = byFunder.get(call.funderKey) ?? [];
    list.push({ call, key });
    byFunder.set(call.funderKey, list);
  }
  const series: Series[] = [];
  for (const list of byFunder.values()) {
    const groups: { key: string; calls: EditionCall[] }[] = [];
    for (const entry of list) {
      const group = groups.find((g) => close(g.key, entry.key));
      if (group) group.calls.push(entry.call);
      else groups.push({ key: entry.key, calls: [entry.call] });
    }
    for (const group of groups) {
      const editions = distinctEditions(group.calls);
      if (editions.length < 2 && !editions.some((e) => e.saysAnnual)) continue;
      const recurrence = isAnnual(editions) ? 'annual' : null;
      series.push({
        id: Math.min(...group.calls.map((c) => c.id)),
        calls: [...group.calls].sort(byEditionDay),
        recurrence,
        expectedNext: recurrence === 'annual' ? expectedNextEdition(editions, today) : null,
      });
    }
  }
  return series;
}

function byEditionDay(a: EditionCall, b: EditionCall): number {
  const x = editionDay(a) ?? '';
  const y = editionDay(b) ?? '';
  return x < y ? -1 : x > y ? 1 : a.id - b.id;
}

/**
 * One call per edition: calls of the same title too close in time (two sessions, or the same call carried twice)
 * count as one edition, the later one standing for it.
 */
function distinctEditions(calls: readonly EditionCall[]): EditionCall[] {
  const dated = [...calls].filter((c) => editionDay(c) !== null).sort(byEditionDay);
  const editions: EditionCall[] = [];
  for (const call of dated) {
    const last = editions.at(-1);
    if (last && daysBetween(editionDay(last)!, editionDay(call)!) < MIN_EDITION_GAP_DAYS) editions[editions.length - 1] = call;
    else editions.push(call);
  }
  if (editions.length === 0 && calls.some((c) => c.saysAnnual)) return [...calls];
  return editions;
}

/** The weeks « À anticiper » looks ahead: a dossier takes about that long to prepare. */
export const ANTICIPATE_DAYS = 42;
/** When no past edition says when it opened, it is taken to open this many days before its deadline. */
export const DEFAULT_OPEN_WINDOW_DAYS = 60;

/** The day the next edition is expected to open (estimated from its deadline when no edition said). */
export function expectedOpening(next: ExpectedNext): Day | null {
  return next.opens ?? (next.deadline ? addDays(next.deadline, -DEFAULT_OPEN_WINDOW_DAYS) : null);
}

/** Whether the next edition is expected to open from `today` to six weeks later. */
export function opensSoon(next: ExpectedNext, today: Day): boolean {
  const opening = expectedOpening(next);
  return opening !== null && opening >= today && opening <= addDays(today, ANTICIPATE_DAYS);
}
