// French call extraction: deadlines, amount, opening date, rate, recurrence and European funds. Pure functions
// over plain text (no clock, no I/O).
import type { Amount } from '../../calls/types.js';
import { findAmount } from './amounts.js';
import { findDeadlines, readDates } from './deadlines.js';
import { findEuFunds } from './funds.js';
import { findRate } from './rates.js';
import { findRecurrence, type Recurrence } from './recurrence.js';
import { normalizeText } from './text.js';

export type { Recurrence } from './recurrence.js';

/**
 * Which rules read a stored call (calls.extraction_version): raise it when a change of rules should be applied to
 * the calls already stored (see refreshExtraction in calls/store.ts).
 */
export const EXTRACTION_VERSION = 13;

export interface Extraction {
  /** Every deadline found, YYYY-MM-DD, ascending, without duplicates. */
  deadlines: string[];
  amount: Amount | null;
  /** When applications open, YYYY-MM-DD. */
  opens: string | null;
  /** The highest co-funding or aid rate, in percent. */
  rate: number | null;
  recurrence: Recurrence | null;
  /** European funds and programmes named, normalised (FSE+, FEDER, ...), in the order first named. */
  euFunds: string[];
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
  const { deadlines, opens } = readDates(text, published);
  const plain = normalizeText(text);
  return {
    deadlines,
    amount: findAmount(text),
    opens,
    rate: findRate(plain),
    recurrence: findRecurrence(plain),
    euFunds: findEuFunds(plain),
  };
}
