// What an edited profile would match, before it is saved (the member page's « Aperçu »): the same scoring as
// scoreProfiles, reading only, with the stored corpus statistics so the preview's scores are the ones the
// profile gets once saved. Nothing is written, not even fresh statistics (that stays a full run's job).
import { Piscina } from 'piscina';
import { listOpenCalls } from '../calls/repository.js';
import type { AppContext } from '../context.js';
import { workerScript } from '../workers.js';
import type { PreviewTask } from './preview-worker.js';
import type { Db } from '../db/connection.js';
import type { Logger } from '../log.js';
import type { Profile } from '../members/types.js';
import { matchWithExpansion, projectThesaurus, statsStillValid } from './run.js';
import { analyseCall, compileProfile, computeStats, type MatchResult } from './score.js';
import { loadProfileSignals, signalOptions } from './signals.js';
import { loadCorpusStats } from './store.js';

/** The profile's matches over every open call on `today`, best first (the profile need not be stored as given). */
export function previewProfile(db: Db, log: Logger, profile: Profile, today: string): MatchResult[] {
  const calls = listOpenCalls(db, today).map(analyseCall);
  if (calls.length === 0) return [];
  const kept = loadCorpusStats(db);
  const { table: synonyms, fingerprint } = projectThesaurus(log);
  const stats = statsStillValid(kept, calls.length, fingerprint) ? kept.stats : computeStats(calls);
  // What the profile learnt (feedback, followed calls) weighs on its scores exactly as it will once saved, and its
  // expansion words are read from its strongest matches as saving will read them.
  const signals = loadProfileSignals(db, [profile.id]);
  const compiled = compileProfile(profile, synonyms, signalOptions(signals.get(profile.id)).options);
  return matchWithExpansion(calls, [compiled], stats, today).results.sort((a, b) => b.score - a.score || a.callId - b.callId);
}

let pool: Piscina<PreviewTask, MatchResult[]> | null = null;

/**
 * previewProfile on a worker thread (1.5-2 s at 20,000 open calls), so the API and the scheduler keep answering;
 * in this thread for a database in memory, which a thread cannot open. One thread, stopped when idle.
 */
export async function previewProfileOffThread(ctx: AppContext, profile: Profile, today: string): Promise<MatchResult[]> {
  if (ctx.db.memory) return previewProfile(ctx.db, ctx.log, profile, today);
  pool ??= new Piscina<PreviewTask, MatchResult[]>({ filename: workerScript(import.meta.url, 'preview-worker'), minThreads: 0, maxThreads: 1, idleTimeout: 30_000 });
  return pool.run({ dbPath: ctx.db.name, profile, today });
}

/** Stops the thread (tests, shutdown); idle, it stops by itself. */
export async function closePreviewPool(): Promise<void> {
  const running = pool;
  pool = null;
  await running?.destroy();
}
