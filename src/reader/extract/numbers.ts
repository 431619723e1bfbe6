// French number writing: "10 000", "50.000", "23,5", "1.001", "0,20".

/** The digits-and-separators shape of a written number (spaces already normalised, see text.ts). */
// « 150 00 € »: a spaced thousands group that lost a zero, as typed on funders' pages; read as the digits written
// (15 000), never as « 00 € ».
// « 1 0000 € »: a group typed with one digit too many, read as the digits written too (10 000).
export const NUMBER_PATTERN = '\\d{1,3}(?:[ .]\\d{3})+(?![\\d])(?:,\\d+)?|\\d{1,3} 00(?![\\d.,])|\\d{1,3} \\d{4}(?![\\d.,])|\\d+(?:[.,]\\d+)?';

/**
 * Reads a number as written in French: spaces and dots group thousands, a comma marks decimals;
 * a dot followed by other than three digits is an English decimal point ("1.5 M€").
 */
export function parseFrenchNumber(written: string): number | null {
  const compact = written.replace(/\s+/g, '');
  let normalised: string;
  if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(compact)) normalised = compact.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d+$/.test(compact)) normalised = compact.replace(',', '.');
  else if (/^\d+(?:\.\d+)?$/.test(compact)) normalised = compact; // also « 150 00 », whose space is gone
  else return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}

const SCALES: ReadonlyArray<readonly [RegExp, number]> = [
  // « billion » reaches here only from English sums (« EUR 1.2 billion »): French funders write « milliard ».
  [/^(?:milliards?|mds?|md|billions?)$/i, 1e9],
  [/^(?:millions?|m|meur)$/i, 1e6],
  [/^(?:k|mille|keur)$/i, 1e3],
];

/** The multiplier a unit word stands for: "k" → 1 000, "millions" → 1 000 000, none → 1. */
export function scaleOf(word: string | undefined): number {
  if (!word) return 1;
  for (const [pattern, scale] of SCALES) if (pattern.test(word.trim())) return scale;
  return 1;
}

/** Rounds away the binary noise of 23.5 × 1e6 and the like. */
export function roundAmount(value: number): number {
  return Math.round(value * 100) / 100;
}
