// Finds every calendar date written in a French text, with where it sits; deciding which ones
// are deadlines is deadlines.ts's job.
import { MONTH_PATTERN, expandYear, isValidDate, monthNumber } from './calendar.js';

export interface DateMention {
  start: number;
  end: number;
  day: number;
  month: number;
  /** null when the text leaves the year out ("1er mars"). */
  year: number | null;
}

// Letters of the Latin scripts, spelled out so the scanning patterns can drop the `u` flag: with it, `\p{L}` and
// case-insensitive matching made these patterns, run over every item's whole text, about three times slower.
const LETTER = 'A-Za-z\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u1E00-\\u1EFF';

const WEEKDAY = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\\s+';
const DAY = '(1\\s?er|premier|[0-3]?\\d)';

// "lundi 15 mars 2026", "1er mars", "15 mars", "31 déc. 2026": the year is optional.
const TEXTUAL = new RegExp(
  `(?<![${LETTER}\\d])(?:${WEEKDAY})?${DAY}\\s*(${MONTH_PATTERN})(?![${LETTER}])(?:\\s*,?\\s*(\\d{4})(?!\\d))?`,
  'gi',
);
// "fin mars 2026", "mi-avril": a limit written as part of a month.
const PART_OF_MONTH = new RegExp(`(?<![${LETTER}\\d])(fin|mi)[\\s-]+(${MONTH_PATTERN})(?![${LETTER}])(?:\\s*(\\d{4})(?!\\d))?`, 'gi');
// "15/03/2026", "16.09.2020", "15-03-2026", "15/03/26"; not inside codes like "AAP-15-03-2026-b".
const NUMERIC = new RegExp(`(?<![${LETTER}\\d/.-])(?:${WEEKDAY})?([0-3]?\\d)([/.-])([01]?\\d)\\2(\\d{4}|\\d{2})(?![\\d/-]|\\.\\d)`, 'gi');
// « 22 /10/ 2015 », « 15 / 01 / 2016 », « 22. 10. 2015 »: a slashed or dotted date typed with spaces (word
// processors and PDF exports put them there); a four-digit year, so that « 3 / 4 / 5 » counts stay what they are.
const SPACED_NUMERIC = new RegExp(
  `(?<![${LETTER}\\d/.-])(?:${WEEKDAY})?([0-3]?\\d)(?:\\s*/\\s*([01]?\\d)\\s*/\\s*|\\.\\s+([01]?\\d)\\.\\s+)(\\d{4})(?![\\d/-]|\\.\\d)`,
  'gi',
);
const SPACED_MARK = /\d\s+[/.]|\/\s+\d|\.\s+[01]?\d\.\s/;
const GLUED_MARK = /\d{5}/;
// « Octobre 202415 Janvier 2025 »: a table flattened into text glues the next cell's day onto a year.
const GLUED_DAY = new RegExp(`(?<=(?:${MONTH_PATTERN})\\s?\\d{4})([0-3]?\\d)\\s*(${MONTH_PATTERN})(?![${LETTER}])(?:\\s*,?\\s*(\\d{4})(?!\\d))?`, 'gi');
// "2026-03-15", as machines and some CMS write it.
const ISO = /(?<![\p{L}\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d/-])/gu;
// "15/03" without a year: only taken when a deadline cue sits right before it (see deadlines.ts).
// « avant le 1er/06 »: the first of the month keeps its « er ».
const DAY_MONTH = /(?<![\p{L}\d/.,-])(1er|[0-3]?\d)\/([01]?\d)(?![\d/]|\.\d|,\d)/gu;

/** The last day of a month; February of an unknown year counts 28 days (a limit, better early than late). */
function lastDayOf(month: number, year: number | null): number {
  return new Date(Date.UTC(year ?? 2023, month, 0)).getUTCDate();
}

function dayNumber(written: string): number {
  return /^(1\s?er|premier)$/i.test(written) ? 1 : Number(written);
}

function push(found: DateMention[], mention: DateMention): void {
  const probe = { year: mention.year ?? 2024, month: mention.month, day: mention.day }; // 2024: leap year, so 29 février passes
  if (isValidDate(probe) && !found.some((m) => m.start < mention.end && mention.start < m.end)) found.push(mention);
}

// "du 1er au 31 mars 2026": the opening day borrows its month and year from the closing date.
const DAY_RANGE_START = new RegExp(`(?<![${LETTER}\\d])${DAY}\\s*(?:au|-)\\s*(?=(?:${WEEKDAY})?(?:1\\s?er|premier|[0-3]?\\d)\\s*(?:${MONTH_PATTERN}))`, 'gi');

function openingDays(text: string, dates: readonly DateMention[]): DateMention[] {
  const found: DateMention[] = [];
  for (const m of text.matchAll(DAY_RANGE_START)) {
    const end = m.index + m[0].length;
    const closing = dates.find((d) => d.start === end);
    if (closing) found.push({ start: m.index, end: m.index + m[1]!.length, day: dayNumber(m[1]!), month: closing.month, year: closing.year });
  }
  return found;
}

/** Every date written in `text`, in reading order; `text` should be normalised (see text.ts). */
export function findDates(text: string): DateMention[] {
  const found: DateMention[] = [];
  for (const m of text.matchAll(TEXTUAL)) {
    const month = monthNumber(m[2]!);
    if (month === null) continue;
    push(found, { start: m.index, end: m.index + m[0].length, day: dayNumber(m[1]!), month, year: m[3] ? Number(m[3]) : null });
  }
  for (const m of text.matchAll(NUMERIC)) {
    push(found, { start: m.index, end: m.index + m[0].length, day: Number(m[1]), month: Number(m[3]), year: expandYear(m[4]!) });
  }
  // Both rare shapes are looked for only when a cheap test finds their mark (a spaced separator, five digits in a
  // row): their patterns are tried at every position of every item's text otherwise.
  if (SPACED_MARK.test(text)) {
    for (const m of text.matchAll(SPACED_NUMERIC)) {
      push(found, { start: m.index, end: m.index + m[0].length, day: Number(m[1]), month: Number(m[2] ?? m[3]), year: Number(m[4]) });
    }
  }
  if (GLUED_MARK.test(text)) {
    for (const m of text.matchAll(GLUED_DAY)) {
      const month = monthNumber(m[2]!);
      if (month !== null) push(found, { start: m.index, end: m.index + m[0].length, day: Number(m[1]), month, year: m[3] ? Number(m[3]) : null });
    }
  }
  for (const m of text.matchAll(ISO)) {
    push(found, { start: m.index, end: m.index + m[0].length, day: Number(m[3]), month: Number(m[2]), year: Number(m[1]) });
  }
  for (const m of text.matchAll(PART_OF_MONTH)) {
    const month = monthNumber(m[2]!);
    if (month === null) continue;
    const year = m[3] ? Number(m[3]) : null;
    const day = m[1]!.toLowerCase() === 'mi' ? 15 : lastDayOf(month, year);
    push(found, { start: m.index, end: m.index + m[0].length, day, month, year });
  }
  for (const opening of openingDays(text, found)) push(found, opening);
  return found.sort((a, b) => a.start - b.start);
}

/** Day/month dates without a year ("avant le 30/06"), offered separately because they are ambiguous. */
export function findShortNumericDates(text: string, taken: readonly DateMention[]): DateMention[] {
  const found: DateMention[] = [];
  for (const m of text.matchAll(DAY_MONTH)) {
    const mention = { start: m.index, end: m.index + m[0].length, day: dayNumber(m[1]!), month: Number(m[2]), year: null };
    if (taken.some((t) => t.start < mention.end && mention.start < t.end)) continue;
    push(found, mention);
  }
  return found;
}
