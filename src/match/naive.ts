// The baseline the benchmark compares the indexed matcher with: every profile against every call, pair by pair.
// Same analysis and same scoring functions, so on any sample it must return exactly what the index returns.
import type { Profile } from '../members/types.js';
import { analyseCall, compileProfile, computeStats, scoreAnalysed, type CorpusStats, type MatchableCall, type MatchResult } from './score.js';
import type { SynonymTable } from './synonyms.js';

export interface NaiveOptions {
  synonyms?: SynonymTable;
  /** YYYY-MM-DD; default: only `status` decides whether a call is open. */
  today?: string;
  /** Corpus statistics; default: computed from `calls`. */
  stats?: CorpusStats;
}

type ProfileLike = Pick<Profile, 'id' | 'name' | 'keywords' | 'exclude' | 'categories' | 'regions' | 'minScore'>;

/** Every match of every profile, ordered by profile then call id. */
export function naiveMatch(calls: readonly MatchableCall[], profiles: readonly ProfileLike[], options: NaiveOptions = {}): MatchResult[] {
  const analysed = calls.map(analyseCall);
  const stats = options.stats ?? computeStats(analysed);
  const today = options.today ?? '0000-00-00';
  const results: MatchResult[] = [];
  for (const profile of profiles) {
    const compiled = compileProfile(profile, options.synonyms);
    for (const call of analysed) {
      const result = scoreAnalysed(call, compiled, stats, today);
      if (result) results.push(result);
    }
  }
  return results.sort((a, b) => a.profileId - b.profileId || a.callId - b.callId);
}
