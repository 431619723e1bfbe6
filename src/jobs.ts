// What a fetch run and a digest run do end to end. The CLI, the scheduler and the API all go through here, so a
// call fetched by any of them reaches the matcher the same way.
import type { AppContext } from './context.js';
import { runDigests, type DigestRunSummary } from './digest/run.js';
import { runReminders, type ReminderRunSummary } from './follow/reminders/run.js';
import { dayIn } from './digest/format.js';
import { matchCalls } from './match/run.js';
import { refreshEditions } from './network/editions-store.js';
import { unpinClosedCalls } from './network/pins.js';
import { fetchSources, type FetchResult, type FetchSourcesOptions } from './reader/ingest.js';
import type { SourceConfig } from './sources/load.js';

/**
 * Fetches the sources, then scores the calls that arrived or changed against every active profile. A matcher
 * failure is logged, never thrown: the calls are stored, and the next `fundwatch match` catches up.
 */
export async function fetchAndMatch(ctx: AppContext, sources: SourceConfig[], options: FetchSourcesOptions = {}): Promise<FetchResult> {
  const result = await fetchSources(ctx, sources, options);
  const now = options.now ?? new Date();
  refreshNetwork(ctx, now, result.changedCallIds.length > 0);
  if (result.changedCallIds.length > 0) {
    try {
      matchCalls(ctx, result.changedCallIds, now);
    } catch (error) {
      ctx.log.error({ err: error, calls: result.changedCallIds.length }, 'could not score the fetched calls; the next match run will');
    }
  }
  return result;
}

// The day editions were last linked, per database: they depend only on the stored calls and the day, and linking
// them reads every stored call (hundreds of milliseconds at 20,000), so a fetch that changed nothing on the same day
// (every source answering 304) skips it.
const editionsLinkedOn = new WeakMap<AppContext['db'], string>();

/**
 * After a fetch, calls that closed lose their pin and the editions of recurring calls are linked afresh, so the API's
 * `recurrence` and `expected_next` say what was just fetched (issue 18). One transaction: a reader never sees half
 * of the series rewritten. A failure is logged; the digest run refreshes them again before it reads them.
 */
export function refreshNetwork(ctx: AppContext, now: Date, callsChanged = true): void {
  const today = dayIn(now, ctx.config.timeZone);
  const editionsDue = callsChanged || editionsLinkedOn.get(ctx.db) !== today;
  try {
    ctx.db.transaction(() => {
      unpinClosedCalls(ctx.db, today);
      if (editionsDue) refreshEditions(ctx.db, today);
    })();
    if (editionsDue) editionsLinkedOn.set(ctx.db, today);
  } catch (error) {
    ctx.log.error({ err: error }, 'could not refresh pins and editions after the fetch; the next digest run will');
  }
}

/** The weekly digest as the schedule runs it: real sending, this week. */
export function weeklyDigest(ctx: AppContext, now: Date = new Date()): Promise<DigestRunSummary> {
  return runDigests(ctx, { dryRun: false, now });
}

/** The daily deadline reminders as the schedule runs them: real sending, today. */
export function dailyReminders(ctx: AppContext, now: Date = new Date()): Promise<ReminderRunSummary> {
  return runReminders(ctx, { dryRun: false, now });
}
