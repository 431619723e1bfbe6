// Calendar helpers: French month names, date validity, ISO formatting, years left unwritten.

const MONTHS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^jan/, 1],
  [/^f[ée]v|^feb/, 2],
  [/^mar/, 3],
  [/^avr|^apr/, 4],
  [/^ma[iy]/, 5],
  [/^juin|^june/, 6],
  [/^juil|^july/, 7],
  [/^ao[uû]|^aug/, 8],
  [/^sep/, 9],
  [/^oct/, 10],
  [/^nov/, 11],
  [/^d[ée]c/, 12],
];

/**
 * Month names as French funders write them, in full, abbreviated with or without a dot (« 30 sept 2024 », « 3 déc
 * 2024 », « 15 jan. 2025 », calendars and tables drop the dot), or without accents. The patterns using it require a
 * day before and no letter after, so « oct » or « sept » alone are not read as months. English names too: the EU's
 * Funding & Tenders portal, and the relays that quote it, give CERV, Erasmus+ or Europe créative calls as
 * « Deadline: 18 September 2025 17:00:00 Brussels time ».
 */
export const MONTH_PATTERN =
  'janvier|janv\\.?|jan\\.|f[ée]vrier|f[ée]vr?\\.?|mars|avril|avr\\.?|mai|juin|juillet|juil\\.?|ao[uû]t|septembre|sept\\.?|sep\\.|octobre|oct\\.?|novembre|nov\\.?|d[ée]cembre|d[ée]c\\.?' +
  '|january|february|march|april|may|june|july|august|september|october|november|december';

/**
 * The month a written name stands for, or null. English writes its months capitalised: a lower-case « may » after a
 * number is the verb (« up to 3 may be funded »), and French never writes « may ».
 */
export function monthNumber(name: string): number | null {
  if (name === 'may') return null;
  const lower = name.toLowerCase();
  for (const [pattern, month] of MONTHS) if (pattern.test(lower)) return month;
  return null;
}

export interface YMD {
  year: number;
  month: number;
  day: number;
}

export function isValidDate({ year, month, day }: YMD): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

export function toIso({ year, month, day }: YMD): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Reads YYYY-MM-DD or an ISO timestamp's date part; null when it is not a real date. */
export function parseIsoDate(value: string): YMD | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value.trim());
  if (!match) return null;
  const ymd = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidDate(ymd) ? ymd : null;
}

/** Two-digit years: 00-69 are this century, the rest the previous one (26 → 2026, 98 → 1998). */
export function expandYear(written: string): number {
  if (written.length === 4) return Number(written);
  const short = Number(written);
  return short < 70 ? 2000 + short : 1900 + short;
}

export function compareYmd(a: YMD, b: YMD): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The year of a date written without one: the one that puts the date on or after the reference (the publication
 * day), as the interface promises: a call published in November citing « 15 janvier » closes in January next year,
 * and so does one citing « 20 octobre ». (A page published on 29 August that lists « au 20 août dans le Vaucluse »
 * reports a date just past: that real case, in the extraction set, is read as next year's by this rule.)
 */
export function completeYear(month: number, day: number, reference: YMD): number {
  return compareYmd({ year: reference.year, month, day }, reference) >= 0 ? reference.year : reference.year + 1;
}
