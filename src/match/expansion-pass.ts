// Matching with expansion (issue 15). A profile's own terms are summed first; its strongest matches on them give
// its expansion words afresh, whose evidence is then added before the cut (one pass: IndexedMatcher.matchProfile's
// `expand`). The strongest matches leave expansion out, so the words depend on the profile and the corpus only: a
// run over an unchanged corpus finds the same words and moves no score. Pure.
import { expansionWords, headOf, profileTokens, type Head, type StrongMatch } from './expand.js';
import type { Expansion } from './expansion-store.js';
import type { IndexedMatcher } from './index.js';
import { expansionTerm, type AnalysedCall, type CompiledProfile, type CorpusStats, type MatchResult } from './score.js';

/** The expansion words a compiled profile holds. */
export function appliedWords(profile: CompiledProfile): string[] {
  return profile.terms.filter((t) => t.source === 'expansion').map((t) => t.text);
}

/**
 * The profile with other expansion words: the same as compiling it with them (expansionWords never picks a word
 * the profile already looks for, the only ones compileProfile would skip).
 */
export function withExpansion(profile: CompiledProfile, words: readonly string[]): CompiledProfile {
  const added = words.flatMap((word) => expansionTerm(word) ?? []);
  return { ...profile, terms: [...profile.terms.filter((t) => t.source !== 'expansion'), ...added] };
}

export function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

export interface ExpandingRun {
  /** Every profile's matches, as matchProfile returns them, profile after profile. */
  results: MatchResult[];
  /** Each profile's words and the strongest matches they were read from. */
  expansions: Map<number, Expansion>;
  /** Profiles whose words changed (scored with the new ones). */
  rescored: number;
}

/**
 * Scores `profiles` over the matcher's calls, each with the expansion its strongest matches give. `callOf` finds an
 * analysed call of the matcher by id. With `secondChances`, each profile's calls for « À regarder aussi » (of its
 * final scoring) are pushed to it.
 */
export function matchExpanding(
  matcher: IndexedMatcher,
  callOf: (id: number) => AnalysedCall,
  profiles: readonly CompiledProfile[],
  stats: CorpusStats,
  limit: number,
  secondChances?: MatchResult[],
): ExpandingRun {
  const heads = new Map<number, Head>();
  const results: MatchResult[] = [];
  const expansions = new Map<number, Expansion>();
  let rescored = 0;
  // Profiles share their strongest calls: each call's head is built once.
  const headAt = (callId: number): Head => {
    let head = heads.get(callId);
    if (!head) heads.set(callId, (head = headOf(callOf(callId))));
    return head;
  };
  for (const profile of profiles) {
    let expansion: Expansion = { words: [], strongest: [] };
    // The words are read from the strongest matches on the profile's own terms, in the middle of its scoring.
    const expand = (strongest: readonly StrongMatch[]): CompiledProfile => {
      const words = expansionWords(strongest.map((s) => headAt(s.callId)), profileTokens(profile), stats);
      expansion = { words, strongest };
      if (sameWords(words, appliedWords(profile))) return profile;
      rescored++;
      return withExpansion(profile, words);
    };
    for (const result of matcher.matchProfile(profile, limit, undefined, secondChances, undefined, expand)) results.push(result);
    expansions.set(profile.id, expansion);
  }
  return { results, expansions, rescored };
}
