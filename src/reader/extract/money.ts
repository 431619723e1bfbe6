// Finds every sum of money written in a French text: "10 000 €", "20k€", "23,5 M€",
// "1,5 million d'euros", and ranges "entre 5 000 et 20 000 €", "de 5 à 20 k€".
import { NUMBER_PATTERN, parseFrenchNumber, roundAmount, scaleOf } from './numbers.js';

export interface MoneyMention {
  start: number;
  end: number;
  /** Equal for a single sum; a range has low < high. */
  low: number;
  high: number;
  /** The scale written with the top sum: 1 000 for "20 k€", 1 for "20 000 €". */
  scale: number;
}

const NUMBER = `(?:${NUMBER_PATTERN})`;
const SCALE_WORD = '(?:milliards?|millions?|mille|Mds?|M|k|K)';
// The scale words of the Commission's English sums (« EUR 1.5 million », « EUR 1.2 billion »).
const CURRENCY_FIRST_SCALE = '(?:millions?|billions?|M)(?![\\p{L}])';
// A unit: "€", "euros", "EUR", optionally after a scale ("k€", "M€", "millions d'euros", "MEUR").
// « d euros »: text taken from PDFs often loses its apostrophes.
const UNIT = `(?:(${SCALE_WORD})\\s*(?:d'\\s?euros?|d\\s+euros?|de\\s+euros|€|euros?|EUR)|(M|k|K)EUR|€|euros?|EUR)`;
// « deux (2) millions d'euros »: a number written out, then restated in digits between brackets. After « € » a
// letter may follow (« 23,5 M€Octobre 2024 »: table cells glued together), not a digit (« 8€00 » is 8 euros 00
// cents, a price); after a word unit neither may.
// A full stop glued to the sum (« solidaire.23,5 M€ ») ends the previous cell's sentence; after a digit it is a decimal.
const MONEY = new RegExp(`(?<![\\d,\\p{L}])(?<![\\d,]\\.)(${NUMBER}|un|une)\\)?\\s*${UNIT}(?:(?<=€)(?!\\d)|(?![\\p{L}\\d]))`, 'gu');
// What may stand before a sum to make it the top of a range: "entre 5 000 et", "de 5 à", "5 000 -".
// « 5 000/10 000 € »: a slash between two bare numbers joins them too. « de 1 500 € jusqu'à 5 000 € »: with « de »
// before the low end, « jusqu'à » closes a range rather than capping one sum. « between EUR 75 000 and »: the EU's.
const RANGE_HEAD = new RegExp(
  `(?:(?:entre|de|du)\\s+)?(?<![\\d.,])(${NUMBER})\\s*(?:(${SCALE_WORD})\\s*(?:d'euros|€|euros?)?|€|euros?)?\\s*(?:et|à|a|-|/)\\s*$|(?:de|du)\\s+(?<![\\d.,])(${NUMBER})\\s*(?:(${SCALE_WORD})\\s*(?:d'euros|€|euros?)?|€|euros?)\\s*jusqu'[àa]\\s*$|[Bb]etween\\s+(?:EUR|€)\\s?(${NUMBER})(?:\\s?(${CURRENCY_FIRST_SCALE}))?\\s+and\\s*$`,
  'u',
);

// A table flattened into text glues cells together: « Montant maximum30 000 €juin ». A sum written with grouped
// thousands and a euro sign is still a sum when a word touches it on either side.
const GLUED = new RegExp(`(?<=[\\p{L}])(\\d{1,3}(?:[ .]\\d{3})+)\\s*€`, 'gu');

// The European Commission's style puts the currency first (« EUR 8 000 000 », « EUR 1.5 million »), as the Funding &
// Tenders portal and its French relays quote it; some pages write « € 5 000 » the same way. Never a sign that ends a
// sum already (« 15 000 € 20 000 € », « 30 000 € 2027 » in a flattened table). « between EUR 75 000 and EUR 1 000 000 »
// is joined by joinRanges, as French ranges are.
const PREFIXED = new RegExp(`(?<![\\p{L}\\d])(?<!\\d\\s?)(?:EUR|€)\\s?(${NUMBER})(?:\\s?(${CURRENCY_FIRST_SCALE}))?(?![\\d])`, 'gu');

export function findMoney(text: string): MoneyMention[] {
  const singles: MoneyMention[] = [];
  for (const m of text.matchAll(GLUED)) addSum(singles, m, parseFrenchNumber(m[1]!), 1);
  for (const m of text.matchAll(MONEY)) {
    const raw = /^une?$/i.test(m[1]!) ? 1 : parseFrenchNumber(m[1]!);
    addSum(singles, m, raw, scaleOf(m[2] ?? m[3]));
  }
  for (const m of text.matchAll(PREFIXED)) addSum(singles, m, parseFrenchNumber(m[1]!), scaleOf(m[2]));
  return joinRanges(text, singles.sort((a, b) => a.start - b.start));
}

/** One sum found by `match`, unless it is no number, zero, or a part of a sum already found. */
function addSum(singles: MoneyMention[], match: RegExpMatchArray, raw: number | null, scale: number): void {
  // « 0000 € » is the tail of a mistyped number, never a sum anyone writes.
  if (raw === null || raw === 0) return;
  const start = match.index!;
  const end = start + match[0].length;
  if (singles.some((mention) => mention.start < end && start < mention.end)) return;
  const value = roundAmount(raw * scale);
  singles.push({ start, end, low: value, high: value, scale });
}

/** Turns "de 5 000 € à 20 000 €" and "entre 5 000 et 20 000 €" into one mention. */
function joinRanges(text: string, singles: MoneyMention[]): MoneyMention[] {
  const result: MoneyMention[] = [];
  for (const mention of singles) {
    const before = text.slice(Math.max(0, mention.start - 60), mention.start);
    const head = RANGE_HEAD.exec(before);
    const low = head ? rangeLow(head, mention) : null;
    if (head === null || low === null || low >= mention.low) {
      result.push(mention);
      continue;
    }
    const start = mention.start - before.length + head.index;
    const previous = result[result.length - 1];
    if (previous && previous.end > start) result.pop(); // "de 5 000 € à": the low end was taken alone
    result.push({ start, end: mention.end, low, high: mention.high, scale: mention.scale });
  }
  return result;
}

function rangeLow(head: RegExpExecArray, top: MoneyMention): number | null {
  const written = head[1] ?? head[3] ?? head[5]!;
  const scaleWord = head[1] !== undefined ? head[2] : head[3] !== undefined ? head[4] : head[6];
  const raw = parseFrenchNumber(written);
  if (raw === null) return null;
  if (scaleWord) return roundAmount(raw * scaleOf(scaleWord));
  // "de 5 à 20 k€", "entre 1 et 3 millions d'euros": the low end shares the top's scale.
  // "entre 500 000 et 2 M€": unless that would put it above the top.
  const scaled = roundAmount(raw * top.scale);
  if (top.scale > 1) return scaled < top.high ? scaled : raw;
  // "de 10 à 15 000 €" is said for 10 000 to 15 000.
  const thousands = raw * 1000;
  return Number.isInteger(raw) && raw < 1000 && top.high % 1000 === 0 && thousands < top.high ? thousands : raw;
}
