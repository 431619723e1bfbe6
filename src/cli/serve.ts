// `fundwatch serve`: the admin API and the schedules in one process. feeds.yaml is reloaded when staff save it;
// SIGINT/SIGTERM stop taking work, let running jobs finish for a while, then close the database.
import type { Server } from 'node:net';
import { buildApp } from '../api/app.js';
import type { AppContext } from '../context.js';
import { dailyReminders, fetchAndMatch, weeklyDigest } from '../jobs.js';
import type { Fetcher } from '../reader/fetcher/index.js';
import { createFetcher } from '../reader/ingest.js';
import { startScheduler } from '../scheduler.js';
import { formatIssue, loadSourcesFile, SourcesFileError, type SourceConfig } from '../sources/load.js';
import { recordSourceSettings } from '../sources/state.js';
import { watchSourcesFile } from '../sources/watch.js';
import { readSourcesState, setupNotes } from '../pages/setup.js';
import { openContext } from './run.js';

/** Docker sends SIGKILL 10 s after SIGTERM: finish before that. */
const SHUTDOWN_GRACE_MS = 8_000;

export async function serve(): Promise<void> {
  const ctx = openContext();
  // One fetcher for the life of the process, shared by the schedules and the API, so robots.txt caching and per-host
  // spacing hold across every run.
  const fetcher = createFetcher(ctx);
  const app = await buildApp(ctx, { fetcher });
  await app.listen({ host: ctx.config.host, port: ctx.config.port }).catch(async (error: unknown) => {
    await app.close();
    throw new Error(listenProblem(error, ctx.config.host, ctx.config.port));
  });

  const jobs = new RunningJobs();
  let sources = sourcesAtStart(ctx);
  // Attribution and public flags apply to calls already stored as soon as feeds.yaml says so, not at the next fetch.
  recordSourceSettings(ctx.db, sources);
  logSetup(ctx, app.server.address());
  const scheduler = startScheduler(
    sources,
    {
      fetch: (ids) => jobs.run('fetch', () => scheduledFetch(ctx, sources.filter((s) => ids.includes(s.id)), fetcher)),
      digest: () => jobs.run('digest', () => weeklyDigest(ctx)),
      reminders: () => jobs.run('reminders', () => dailyReminders(ctx)),
    },
    {
      fetchCron: ctx.config.fetchCron,
      digestCron: ctx.config.digestCron,
      reminderCron: ctx.config.reminderCron,
      timeZone: ctx.config.timeZone,
      log: ctx.log,
    },
  );
  const stopWatching = watchSourcesFile(
    ctx.config.feedsPath,
    (next) => {
      sources = next;
      recordSourceSettings(ctx.db, next);
      scheduler.reload(next);
    },
    ctx.log,
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      ctx.log.warn({ signal }, 'second signal: stopping at once');
      process.exit(1);
    }
    stopping = true;
    ctx.log.info({ signal, running: jobs.names() }, 'stopping: no new jobs, waiting for running ones');
    stopWatching();
    await scheduler.stop();
    await app.close();
    const unfinished = await jobs.settle(SHUTDOWN_GRACE_MS);
    if (unfinished.length > 0) {
      // Every write is its own transaction, so what is committed is whole; a digest left in `sending` is reported next run.
      ctx.log.warn({ unfinished }, 'jobs still running after the grace period; their finished writes are kept');
    }
    ctx.db.close();
    ctx.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Says in the log, in French for staff, what works and what is off, and where to look. */
function logSetup(ctx: AppContext, address: ReturnType<Server['address']>): void {
  for (const note of setupNotes(ctx.config, readSourcesState(ctx.config.feedsPath))) {
    if (note.on) ctx.log.info({ setup: note.topic }, note.text);
    else ctx.log.warn({ setup: note.topic, hint: note.hint }, `${note.text} ${note.hint}`);
  }
  const port = address !== null && typeof address === 'object' ? address.port : ctx.config.port;
  const host = ctx.config.host.includes(':') ? `[${ctx.config.host}]` : ctx.config.host;
  const base = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}`;
  ctx.log.info({ url: base }, `fundwatch est prêt : ${base}/ (état du service), documentation de l’API : ${base}/docs`);
}

/** A broken or missing feeds.yaml at start must not take the API down: serve with no sources until it is fixed. */
function sourcesAtStart(ctx: AppContext): SourceConfig[] {
  try {
    return loadSourcesFile(ctx.config.feedsPath).sources;
  } catch (error) {
    if (error instanceof SourcesFileError) {
      ctx.log.error({ file: ctx.config.feedsPath, errors: error.errors.map(formatIssue) }, 'feeds.yaml refused: no source will be fetched until it is fixed');
    } else {
      ctx.log.error({ file: ctx.config.feedsPath, err: error }, 'cannot read feeds.yaml: no source will be fetched until it is readable');
    }
    return [];
  }
}

async function scheduledFetch(ctx: AppContext, sources: SourceConfig[], fetcher: Fetcher): Promise<void> {
  const result = await fetchAndMatch(ctx, sources, { fetcher });
  for (const summary of result.summaries) {
    const level = summary.status === 'error' || summary.status === 'gone' ? 'warn' : 'info';
    ctx.log[level]({ source: summary }, `fetched ${summary.id}: ${summary.status}`);
  }
}

/** Jobs in flight, so a stop can wait for them. */
class RunningJobs {
  private readonly running = new Map<Promise<unknown>, string>();

  async run<T>(name: string, job: () => Promise<T>): Promise<T> {
    const promise = job();
    this.running.set(promise, name);
    try {
      return await promise;
    } finally {
      this.running.delete(promise);
    }
  }

  names(): string[] {
    return [...this.running.values()];
  }

  /** Waits for every running job, at most `ms`; returns the names of those still running. */
  async settle(ms: number): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([Promise.allSettled([...this.running.keys()]), timeout]);
    clearTimeout(timer);
    return this.names();
  }
}

/** Why `serve` cannot listen, naming the variable to change (the rest of the config was checked at start). */
export function listenProblem(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `PORT : le port ${port} est déjà utilisé sur ${host} (un autre fundwatch tourne-t-il déjà ?) ; choisissez-en un autre`;
  if (code === 'EACCES') return `PORT : le port ${port} demande des droits d’administrateur ; prenez un port au-delà de 1024`;
  if (code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL' || code === 'EAI_AGAIN') {
    return `HOST : « ${host} » n’est pas une adresse de cette machine (par exemple 127.0.0.1, ou 0.0.0.0 pour toutes)`;
  }
  return `HOST, PORT : impossible d’écouter sur ${host}:${port} : ${(error as Error).message}`;
}
