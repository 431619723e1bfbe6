// French deadline and amount extraction: pure functions over plain text (no clock, no I/O).
import type { Amount } from '../../calls/types.js';
import { findAmount } from './amounts.js';
import { findDeadlines } from './deadlines.js';

export interface Extraction {
  /** Every deadline found, YYYY-MM-DD, ascending, without duplicates. */
  deadlines: string[];
  amount: Amount | null;
}

/**
 * `published` (YYYY-MM-DD or ISO timestamp) completes dates written without a year: the date is
 * put in the publication year, or the next one when it would fall before publication. Without it
 * the earliest full date in the text is used the same way; with neither, yearless dates are dropped.
 */
export function extractDeadlines(text: string, published?: string): string[] {
  return findDeadlines(text, published);
}

export function extractAmount(text: string): Amount | null {
  return findAmount(text);
}

export function extract(text: string, published?: string): Extraction {
  return { deadlines: extractDeadlines(text, published), amount: extractAmount(text) };
}
