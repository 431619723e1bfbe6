// What an edited profile would match, before it is saved (the member page's « Aperçu »): the same scoring as
// scoreProfiles, reading only, with the stored corpus statistics so the preview's scores are the ones the
// profile gets once saved. Nothing is written, not even fresh statistics (that stays a full run's job).
import { listOpenCalls } from '../calls/repository.js';
import type { Db } from '../db/connection.js';
import type { Logger } from '../log.js';
import type { Profile } from '../members/types.js';
import { matchWithIndex, MAX_MATCHES_PER_PROFILE, projectSynonyms, statsStillValid } from './run.js';
import { analyseCall, compileProfile, computeStats, type MatchResult } from './score.js';
import { loadProfileSignals, signalOptions } from './signals.js';
import { loadCorpusStats } from './store.js';

/** The profile's matches over every open call on `today`, best first (the profile need not be stored as given). */
export function previewProfile(db: Db, log: Logger, profile: Profile, today: string): MatchResult[] {
  const calls = listOpenCalls(db, today).map(analyseCall);
  if (calls.length === 0) return [];
  const kept = loadCorpusStats(db);
  const stats = statsStillValid(kept, calls.length) ? kept.stats : computeStats(calls);
  // What the profile learnt (feedback, followed calls) weighs on its scores exactly as it will once saved.
  const signals = loadProfileSignals(db, [profile.id]);
  const compiled = compileProfile(profile, projectSynonyms(log), signalOptions(signals.get(profile.id)).options);
  return matchWithIndex(calls, [compiled], stats, today, MAX_MATCHES_PER_PROFILE).sort((a, b) => b.score - a.score || a.callId - b.callId);
}
