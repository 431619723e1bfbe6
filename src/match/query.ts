// A profile's keywords as the member wrote them, parsed into terms the scorer can look for.
import { analyse } from './analyse.js';

/**
 * - `word`: one analysed token.
 * - `phrase`: tokens that must be adjacent, in order: a "quoted phrase", or one written word that the analyser
 *   split (`tiers-lieux`, `e-inclusion`).
 * - `all`: several unquoted words in one keyword (`accès droits`): all must appear close together (a few words
 *   apart, in any order) in the same field.
 */
export type TermKind = 'word' | 'phrase' | 'all';

export interface QueryTerm {
  /** The keyword as the member wrote it, without quotes or weight: shown in explanations. */
  text: string;
  kind: TermKind;
  tokens: string[];
  weight: number;
}

export const MIN_WEIGHT = 0.1;
export const MAX_WEIGHT = 10;

// A quoted phrase or a bare run of characters, each optionally followed by ^weight (`^2`, `^1.5`, `^0,5`).
const PART = /"([^"]*)"(?:\^(\d+(?:[.,]\d+)?))?|([^\s"]+)/g;
const TRAILING_WEIGHT = /\^(\d+(?:[.,]\d+)?)$/;

function parseWeight(text: string | undefined): number {
  if (text === undefined) return 1;
  const value = Number.parseFloat(text.replace(',', '.'));
  if (!Number.isFinite(value) || value <= 0) return 1;
  return Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, value));
}

/** A term from unquoted text: one token is a word, one written word split by the analyser is a phrase. */
function bareTerm(text: string, weight: number): QueryTerm | null {
  const tokens = analyse(text);
  if (tokens.length === 0) return null;
  if (tokens.length === 1) return { text, kind: 'word', tokens, weight };
  const written = text.split(/\s+/).filter((w) => analyse(w).length > 0);
  return { text, kind: written.length <= 1 ? 'phrase' : 'all', tokens, weight };
}

function quotedTerm(text: string, weight: number): QueryTerm | null {
  const tokens = analyse(text);
  if (tokens.length === 0) return null;
  return { text, kind: tokens.length === 1 ? 'word' : 'phrase', tokens, weight };
}

/**
 * One keyword entry into terms. Without quotes the whole entry is one term (`inclusion numérique^2`); with
 * quotes each quoted phrase and each bare word is its own term (`"tiers lieux"^2 fablab`). Entries made only
 * of stop words give nothing.
 */
export function parseKeyword(entry: string): QueryTerm[] {
  const trimmed = entry.trim();
  if (trimmed === '') return [];
  if (!trimmed.includes('"')) {
    const weight = TRAILING_WEIGHT.exec(trimmed);
    const text = weight ? trimmed.slice(0, weight.index).trim() : trimmed;
    const term = bareTerm(text, parseWeight(weight?.[1]));
    return term ? [term] : [];
  }
  const terms: QueryTerm[] = [];
  for (const part of trimmed.matchAll(PART)) {
    if (part[1] !== undefined) {
      const term = quotedTerm(part[1].trim(), parseWeight(part[2]));
      if (term) terms.push(term);
    } else if (part[3] !== undefined) {
      const weight = TRAILING_WEIGHT.exec(part[3]);
      const text = weight ? part[3].slice(0, weight.index) : part[3];
      const term = bareTerm(text, parseWeight(weight?.[1]));
      if (term) terms.push(term);
    }
  }
  return terms;
}

/** Every keyword entry of a profile, in order; the same analysed term twice keeps the first one. */
export function parseKeywords(entries: readonly string[]): QueryTerm[] {
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const entry of entries) {
    for (const term of parseKeyword(entry)) {
      const key = termKey(term.kind, term.tokens);
      if (seen.has(key)) continue;
      seen.add(key);
      terms.push(term);
    }
  }
  return terms;
}

/** Identity of what a term looks for, independent of how it was written or weighted. */
export function termKey(kind: TermKind, tokens: readonly string[]): string {
  return `${kind}:${tokens.join(' ')}`;
}
