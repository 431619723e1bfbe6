// Where an edited profile is scored: on a worker thread, so that the 1.5-2 s of analysing every open call (at
// 20,000 calls) never holds the event loop the API and the scheduler share. Profile edits are rare: one thread,
// started on the first edit and stopped when idle.
import { Piscina } from 'piscina';
import type { AppContext } from '../context.js';
import { workerScript } from '../workers.js';
import type { ProfileTask } from './profile-worker.js';
import { activeProfiles, scoreProfiles, storeProfileScoring, todayIn, type MatchRunSummary, type ProfileScoring } from './run.js';

const IDLE_TIMEOUT_MS = 30_000;

let pool: Piscina<ProfileTask, ProfileScoring> | null = null;

function profilePool(): Piscina<ProfileTask, ProfileScoring> {
  pool ??= new Piscina<ProfileTask, ProfileScoring>({ filename: workerScript(import.meta.url, 'profile-worker'), minThreads: 0, maxThreads: 1, idleTimeout: IDLE_TIMEOUT_MS });
  return pool;
}

/**
 * Rescores profiles against every open call (analysed once for all of them) and stores their matches. Scoring runs
 * on the worker thread, writing on this one (SQLite has one writer). Scored here instead: profiles of a member who
 * left (nothing to score: their matches go), and a database in memory, which has no file a thread could open.
 */
export async function rescoreProfiles(ctx: AppContext, profileIds: readonly number[], now: Date): Promise<MatchRunSummary> {
  const started = performance.now();
  const today = todayIn(ctx.config.timeZone, now);
  const inThread = ctx.db.memory || activeProfiles(ctx.db, profileIds).length === 0;
  const scoring = inThread
    ? scoreProfiles(ctx.db, ctx.log, profileIds, today, now)
    : await profilePool().run({ dbPath: ctx.db.name, profileIds: [...profileIds], today, now: now.toISOString() });
  const summary = { ...storeProfileScoring(ctx.db, profileIds, scoring, now), durationMs: Math.round(performance.now() - started) };
  ctx.log.debug({ ...summary, profileIds }, 'match: profiles');
  return summary;
}

/** Stops the thread (tests, shutdown); idle, it stops by itself and never keeps the process alive. */
export async function closeProfilePool(): Promise<void> {
  const running = pool;
  pool = null;
  await running?.destroy();
}
