// Syntax of profile terms: a word or a "quoted phrase", optionally followed by ^weight (keywords only).
// Pure: the API and the members import both call it so a bad term is refused with the same French message.

export const MAX_TERM_LENGTH = 200;
export const MAX_WEIGHT = 100;

export interface TermRules {
  /** Keywords may carry a ^weight; exclusions may not. */
  allowWeight: boolean;
}

/** What is wrong with one term, in French, or null when it is well formed. */
export function termProblem(raw: string, rules: TermRules): string | null {
  const term = raw.trim();
  if (term === '') return 'terme vide';
  if (term.length > MAX_TERM_LENGTH) return `terme trop long (${MAX_TERM_LENGTH} caractères au plus)`;
  const caret = term.lastIndexOf('^');
  const text = caret === -1 ? term : term.slice(0, caret);
  if (caret !== -1) {
    if (!rules.allowWeight) return 'pas de poids (^) sur une exclusion';
    const weight = term.slice(caret + 1).replace(',', '.');
    if (!/^\d+(\.\d+)?$/.test(weight) || Number(weight) <= 0 || Number(weight) > MAX_WEIGHT) {
      return `le poids après ^ doit être un nombre positif d'au plus ${MAX_WEIGHT} (ex. "tiers-lieux"^2)`;
    }
    if (text.includes('^')) return 'un seul ^ par terme, juste avant le poids';
  }
  return phraseProblem(text.trim());
}

function phraseProblem(text: string): string | null {
  if (text === '') return 'terme vide avant le ^';
  const quotes = (text.match(/"/g) ?? []).length;
  if (quotes === 0) return null;
  if (quotes !== 2 || !text.startsWith('"') || !text.endsWith('"')) {
    return 'guillemets mal placés : écrivez un mot, ou une expression entière entre guillemets (ex. "inclusion numérique")';
  }
  if (text.slice(1, -1).trim() === '') return 'expression vide entre guillemets';
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

/** Checks a profile's keywords and exclusions together. */
export function profileTermsProblem(profile: { keywords?: readonly string[]; exclude?: readonly string[] }): string | null {
  return (
    termsProblem('keywords', profile.keywords ?? [], { allowWeight: true }) ??
    termsProblem('exclude', profile.exclude ?? [], { allowWeight: false })
  );
}

/** Terms as stored: trimmed, empty ones dropped. */
export function cleanTerms(terms: readonly string[] | undefined): string[] {
  return (terms ?? []).map((t) => t.trim()).filter((t) => t !== '');
}
