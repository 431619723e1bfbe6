// Cron wiring, nothing else: which job runs when. The jobs themselves are passed in.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './log.js';

export interface ScheduledSource {
  id: string;
  enabled: boolean;
  /** A cron expression overriding the default fetch schedule. */
  schedule?: string | undefined;
}

export interface SchedulerJobs {
  fetch(sourceIds: string[]): Promise<unknown>;
  digest(): Promise<unknown>;
  /** The daily deadline reminders of followed calls (issue 17); absent: not scheduled. */
  reminders?(): Promise<unknown>;
}

export interface SchedulerOptions {
  fetchCron: string;
  digestCron: string;
  /** Defaults to daily at 9:00 when `jobs.reminders` is given. */
  reminderCron?: string;
  timeZone: string;
  log: Logger;
}

export interface Scheduler {
  /** Rebuilds the fetch tasks after feeds.yaml changed. */
  reload(sources: ScheduledSource[]): void;
  stop(): Promise<void>;
}

/** Groups enabled sources by the cron expression that governs them. */
export function fetchPlan(sources: ScheduledSource[], defaultCron: string): Map<string, string[]> {
  const plan = new Map<string, string[]>();
  for (const source of sources) {
    if (!source.enabled) continue;
    const expression = source.schedule ?? defaultCron;
    plan.set(expression, [...(plan.get(expression) ?? []), source.id]);
  }
  return plan;
}

export function startScheduler(sources: ScheduledSource[], jobs: SchedulerJobs, options: SchedulerOptions): Scheduler {
  const { log, timeZone } = options;
  // noOverlap: a slow run (many sources, slow SMTP) must not be started again on top of itself.
  const schedule = (expression: string, name: string, job: () => Promise<unknown>): ScheduledTask =>
    cron.schedule(
      expression,
      async () => {
        try {
          await job();
        } catch (error) {
          log.error({ err: error, job: name }, `scheduled ${name} failed`);
        }
      },
      { timezone: timeZone, noOverlap: true, name },
    );

  const digestTask = schedule(options.digestCron, 'digest', () => jobs.digest());
  const reminders = jobs.reminders?.bind(jobs);
  const reminderTask = reminders ? schedule(options.reminderCron ?? '0 9 * * *', 'reminders', () => reminders()) : null;
  let fetchTasks: ScheduledTask[] = [];

  const reload = (next: ScheduledSource[]) => {
    for (const task of fetchTasks) void task.destroy();
    fetchTasks = [...fetchPlan(next, options.fetchCron)].map(([expression, ids]) =>
      schedule(expression, `fetch ${expression}`, () => jobs.fetch(ids)),
    );
    log.info({ schedules: fetchTasks.length, sources: next.filter((s) => s.enabled).length }, 'fetch schedule loaded');
  };
  reload(sources);

  return {
    reload,
    async stop() {
      await Promise.all([digestTask, ...(reminderTask ? [reminderTask] : []), ...fetchTasks].map((task) => task.destroy()));
    },
  };
}
