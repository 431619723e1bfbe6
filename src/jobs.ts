// What a fetch run and a digest run do end to end. The CLI, the scheduler and the API all go through here, so a
// call fetched by any of them reaches the matcher the same way.
import type { AppContext } from './context.js';
import { runDigests, type DigestRunSummary } from './digest/run.js';
import { runReminders, type ReminderRunSummary } from './follow/reminders/run.js';
import { matchCalls } from './match/run.js';
import { fetchSources, type FetchResult, type FetchSourcesOptions } from './reader/ingest.js';
import type { SourceConfig } from './sources/load.js';

/**
 * Fetches the sources, then scores the calls that arrived or changed against every active profile. A matcher
 * failure is logged, never thrown: the calls are stored, and the next `fundwatch match` catches up.
 */
export async function fetchAndMatch(ctx: AppContext, sources: SourceConfig[], options: FetchSourcesOptions = {}): Promise<FetchResult> {
  const result = await fetchSources(ctx, sources, options);
  if (result.changedCallIds.length > 0) {
    try {
      matchCalls(ctx, result.changedCallIds, options.now ?? new Date());
    } catch (error) {
      ctx.log.error({ err: error, calls: result.changedCallIds.length }, 'could not score the fetched calls; the next match run will');
    }
  }
  return result;
}

/** The weekly digest as the schedule runs it: real sending, this week. */
export function weeklyDigest(ctx: AppContext, now: Date = new Date()): Promise<DigestRunSummary> {
  return runDigests(ctx, { dryRun: false, now });
}

/** The daily deadline reminders as the schedule runs them: real sending, today. */
export function dailyReminders(ctx: AppContext, now: Date = new Date()): Promise<ReminderRunSummary> {
  return runReminders(ctx, { dryRun: false, now });
}
