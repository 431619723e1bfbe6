// French deadline and amount extraction: pure functions over plain text.
// PLACEHOLDER: the extraction work replaces this file; the signatures are the contract.
import type { Amount } from '../../calls/types.js';

export interface Extraction {
  /** Every deadline found, YYYY-MM-DD, ascending, without duplicates. */
  deadlines: string[];
  amount: Amount | null;
}

/** `published` (YYYY-MM-DD or ISO timestamp) completes dates written without a year. */
export function extractDeadlines(_text: string, _published?: string): string[] {
  return [];
}

export function extractAmount(_text: string): Amount | null {
  return null;
}

export function extract(text: string, published?: string): Extraction {
  return { deadlines: extractDeadlines(text, published), amount: extractAmount(text) };
}
