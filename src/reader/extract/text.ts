// Text preparation shared by the date and amount extractors.

/**
 * Folds the typography of real pages into plain forms the patterns can rely on, keeping every
 * character at its index (one character in, one out) so that positions stay meaningful.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/[\u00A0\u202F\u2007\u2009\u200A\u2002\u2003\uFEFF\t\r\f\v]/g, ' ') // no-break and thin spaces are thousands separators
    .replace(/[\u2019\u2018\u02BC\u00B4`]/g, "'") // typographic apostrophes: jusqu’au
    .replace(/[\u2010\u2011\u2012\u2013\u2014\u2212]/g, '-') // dashes: 5 000 – 20 000 €, 17/12/2021 – 12h
    .replace(/\u1D49/g, 'e') // 1ᵉʳ
    .replace(/\u02B3/g, 'r');
}

// A clause ends at a sentence stop, a semicolon, a line break or a list bullet: a cue in one
// clause says nothing about a date or an amount in the next one.
const CLAUSE_END = /[.!?;](?=\s|$)|\n|[•●▪■◦·]|\s-\s(?=[A-ZÀ-Ý])/g;

/** Start and end offsets of every clause of `text`, in order. */
export function clauseSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  for (const match of text.matchAll(CLAUSE_END)) {
    const end = match.index + match[0].length;
    spans.push([start, match.index]);
    start = end;
  }
  spans.push([start, text.length]);
  return spans;
}

/** The clause that contains `offset` (or the last one before it). */
export function clauseAt(spans: Array<[number, number]>, offset: number): { index: number; span: [number, number] } {
  let index = 0;
  for (let i = 0; i < spans.length; i++) {
    if (spans[i]![0] <= offset) index = i;
    else break;
  }
  return { index, span: spans[index]! };
}

export interface CueHit {
  /** Distance in characters from the end of the cue to the point of interest. */
  distance: number;
  length: number;
}

// The global copy of each cue pattern lastHit scans with, compiled once: compiling it on every call was a fifth
// of deadline extraction. A handful of module-level patterns, so the map stays small.
const globalCopies = new Map<RegExp, RegExp>();

function globalCopy(pattern: RegExp): RegExp {
  let copy = globalCopies.get(pattern);
  if (!copy) globalCopies.set(pattern, (copy = new RegExp(pattern.source, pattern.flags.replace('g', '') + 'g')));
  return copy;
}

/** The occurrence of `pattern` in `window` whose end is closest to the window's end. */
export function lastHit(window: string, pattern: RegExp): CueHit | null {
  // Overlapping scan: in "date limite de dépôt" both "date limite" and "limite de dépôt" count.
  const sticky = globalCopy(pattern);
  let best: CueHit | null = null;
  for (let from = 0; from < window.length; ) {
    sticky.lastIndex = from;
    const match = sticky.exec(window);
    if (!match) break;
    const distance = window.length - (match.index + match[0].length);
    if (best === null || distance <= best.distance) best = { distance, length: match[0].length };
    from = match.index + 1;
  }
  return best;
}

/** The occurrence of `pattern` in `window` whose start is closest to the window's start. */
export function firstHit(window: string, pattern: RegExp): CueHit | null {
  const match = pattern.exec(window);
  return match ? { distance: match.index, length: match[0].length } : null;
}
