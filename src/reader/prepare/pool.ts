// Where prepareCalls runs: on a small pool of worker threads, so that parsing and extracting the items of many
// sources uses every core and never holds the event loop that the API and the scheduler share with ingestion.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { IncomingCall } from '../../calls/store.js';
import { workerScript } from '../../workers.js';
import { FetchError } from '../fetcher/errors.js';
import { prepareCalls, type PrepareTask } from './prepare.js';
import type { WorkerAnswer } from './worker.js';

export interface Preparer {
  prepare(task: PrepareTask): Promise<IncomingCall[]>;
  /** Stops the threads. Idle ones stop by themselves and never keep the process alive. */
  close(): Promise<void>;
  /** Worker threads it may use; 0 when it works on the calling thread. */
  readonly threads: number;
}

const MAX_THREADS = 4;

// The calling thread stores what the workers prepare (SQLite has one writer), so it keeps a core of its own.
function defaultThreads(): number {
  return Math.max(1, Math.min(MAX_THREADS, availableParallelism() - 1));
}

// Long enough for a fetch run's sources to reuse warm threads, short enough not to sit on memory between runs.
const IDLE_TIMEOUT_MS = 10_000;

/** Works on the calling thread: for one-off previews (`fundwatch sources test`). */
export const inThreadPreparer: Preparer = { prepare: prepareCalls, close: async () => undefined, threads: 0 };

/** A pool of `threads` workers (default: one per core but one, at least one, at most four); 0 works on this thread. */
export function createPreparer(options: { threads?: number } = {}): Preparer {
  const threads = options.threads ?? defaultThreads();
  if (threads === 0) return inThreadPreparer;
  const filename = workerScript(import.meta.url, 'worker');
  const pool = new Piscina<PrepareTask, WorkerAnswer>({ filename, minThreads: 0, maxThreads: threads, idleTimeout: IDLE_TIMEOUT_MS });
  return {
    threads,
    prepare: async (task) => callsOf(await pool.run(task)),
    close: () => pool.destroy(),
  };
}

function callsOf(answer: WorkerAnswer): IncomingCall[] {
  if (answer.ok) return answer.calls;
  const { kind, message, url, status } = answer.error;
  throw new FetchError(kind, message, url, status);
}

let shared: Preparer | null = null;

/** The process's pool, made on first use and kept: a long-running service reuses it run after run. */
export function sharedPreparer(): Preparer {
  shared ??= createPreparer();
  return shared;
}
