// Syntax of profile terms, checked before they are stored so a member never gets a profile that silently finds
// nothing. The grammar is the matcher's (match/query.ts): a word, several words, or "quoted phrases" mixed with
// words, each optionally followed by ^weight (keywords only). The API and the members import share these messages.
import { MAX_WEIGHT, MIN_WEIGHT, parseKeyword } from '../match/query.js';
import { regionProblem } from '../calls/regions.js';

export const MAX_TERM_LENGTH = 200;

export interface TermRules {
  /** Keywords may carry a ^weight; exclusions may not. */
  allowWeight: boolean;
}

const WEIGHT = /^\d+(?:[.,]\d+)?$/;
const QUOTED_OR_BARE = /"([^"]*)"(\^[^\s"]*)?|[^\s"]+/g;

function weightProblem(weight: string, rules: TermRules): string | null {
  if (!rules.allowWeight) return 'pas de poids (^) dans une exclusion';
  const value = Number(weight.replace(',', '.'));
  if (!WEIGHT.test(weight) || value < MIN_WEIGHT || value > MAX_WEIGHT) {
    return `le poids après ^ doit être un nombre de ${String(MIN_WEIGHT).replace('.', ',')} à ${MAX_WEIGHT} (ex. "tiers-lieux"^2)`;
  }
  return null;
}

/** A bare word may end with ^weight; any other ^ is a mistake. */
function bareProblem(word: string, rules: TermRules): string | null {
  const caret = word.indexOf('^');
  if (caret === -1) return null;
  if (caret === 0 || word.indexOf('^', caret + 1) !== -1) return 'un seul ^ par terme, juste après le mot ou l’expression';
  return weightProblem(word.slice(caret + 1), rules);
}

/** What is wrong with one term, in French, or null when it is well formed. */
export function termProblem(raw: string, rules: TermRules): string | null {
  const term = raw.trim();
  if (term === '') return 'terme vide';
  if (term.length > MAX_TERM_LENGTH) return `terme trop long (${MAX_TERM_LENGTH} caractères au plus)`;
  if ((term.match(/"/g) ?? []).length % 2 === 1) {
    return 'guillemets non fermés : écrivez un mot, ou une expression entière entre guillemets (ex. "inclusion numérique")';
  }
  if (term.includes('"')) {
    for (const part of term.matchAll(QUOTED_OR_BARE)) {
      if (part[1] !== undefined && part[1].trim() === '') return 'expression vide entre guillemets';
      const problem = part[1] !== undefined ? (part[2] ? weightProblem(part[2].slice(1), rules) : null) : bareProblem(part[0], rules);
      if (problem) return problem;
    }
  } else {
    // Without quotes the whole entry is one term; only its end may carry a weight.
    const problem = bareProblem(term.replace(/\s+(?=\^)/g, '').split(/\s+/).slice(-1)[0]!, rules) ?? (term.split(/\s+/).slice(0, -1).some((w) => w.includes('^')) ? 'un seul ^ par terme, à la fin' : null);
    if (problem) return problem;
  }
  if (parseKeyword(rules.allowWeight ? term : term.replace(/\^/g, ' ')).length === 0) {
    return 'ne contient que des mots vides (le, de, pour…) : rien à chercher';
  }
  return null;
}

/** The first problem in a list of terms, naming the field and the position, or null. */
export function termsProblem(field: string, terms: readonly string[], rules: TermRules): string | null {
  for (const [index, term] of terms.entries()) {
    const problem = termProblem(term, rules);
    if (problem) return `${field}[${index}] « ${term} » : ${problem}`;
  }
  return null;
}

/**
 * Checks a profile's keywords, exclusions and regions together. A region no filter knows is refused rather than
 * kept: the profile would silently match nothing there.
 */
export function profileProblem(profile: { keywords?: readonly string[]; exclude?: readonly string[]; regions?: readonly string[] }): string | null {
  return (
    termsProblem('keywords', profile.keywords ?? [], { allowWeight: true }) ??
    termsProblem('exclude', profile.exclude ?? [], { allowWeight: false }) ??
    regionsProblem(profile.regions ?? [])
  );
}

function regionsProblem(regions: readonly string[]): string | null {
  for (const [index, region] of regions.entries()) {
    const problem = region.trim() === '' ? null : regionProblem(region.trim());
    if (problem) return `regions[${index}] : ${problem}`;
  }
  return null;
}

/** Terms as stored: trimmed, empty ones dropped. */
export function cleanTerms(terms: readonly string[] | undefined): string[] {
  return (terms ?? []).map((t) => t.trim()).filter((t) => t !== '');
}
