// Explanations in words a member reads: which of their terms matched, where, and through which synonym.
import type { ExplanationEntry, Field } from './score.js';

const FIELD_NAMES: Record<Field, string> = { title: 'titre', summary: 'résumé', body: 'texte complet' };

/** One entry in French: « tiers-lieux » (titre), « inclusion numérique » via « médiation numérique » (résumé). */
export function describeEntry(entry: ExplanationEntry): string {
  const via = entry.via ? ` via « ${entry.via} »` : '';
  return `« ${entry.term} »${via} (${FIELD_NAMES[entry.field]})`;
}

/** The whole explanation as one French sentence, for the digest and the API. */
export function describeExplanation(entries: readonly ExplanationEntry[]): string {
  if (entries.length === 0) return '';
  return `Correspond à ${entries.map(describeEntry).join(', ')}.`;
}

/** Parses a stored explanation, keeping only well-formed entries (the column is JSON text). */
export function parseExplanation(json: string): ExplanationEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const { term, field, via } = item as Record<string, unknown>;
    if (typeof term !== 'string' || (field !== 'title' && field !== 'summary' && field !== 'body')) return [];
    const entry: ExplanationEntry = { term, field };
    if (typeof via === 'string') entry.via = via;
    return [entry];
  });
}
