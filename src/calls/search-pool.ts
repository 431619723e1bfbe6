// Searching calls on a few worker threads, each with its own read-only connection (WAL lets readers run beside the
// writer and beside each other). A broad search (a prefix found in every call) costs about 10 ms of CPU, nearly all
// of it FTS5 ranking every match; on the event loop it would hold up every request behind it, lighter searches,
// /health, unsubscribe pages and the scheduler alike. Off the event loop, the server stays responsive and a second
// core works on the next search.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../workers.js';
import type { CallFilters, CallPage, CallSearchResult } from './search.js';

export interface SearchWorkerData {
  dbPath: string;
}

export interface SearchRequest {
  id: number;
  filters: CallFilters;
  page: CallPage;
  /** Answer with the JSON text of the API's page (api/json.ts callPageJson), judged on this day. */
  json?: { today: string };
}

export type SearchReply =
  | { id: number; result: CallSearchResult; json?: undefined; error?: undefined }
  | { id: number; json: string; result?: undefined; error?: undefined }
  | { id: number; error: string; result?: undefined; json?: undefined };

/** A search the worker could not run (its message is the worker's), or the pool closed before it ran. */
export class SearchError extends Error {
  override name = 'SearchError';
}

interface Job {
  request: SearchRequest;
  resolve: (reply: SearchReply) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/**
 * One thread more than there are cores (at most 4): while broad searches keep every core busy, a light one still
 * gets a thread and shares a core at once instead of queueing behind them. Measured on 2 cores under the API bench:
 * 3 threads beat 2 in each of 3 paired runs (p99 74/69/41 ms against 83/76/44), 4 did no better than 3.
 */
export function defaultPoolSize(): number {
  return Math.min(4, availableParallelism() + 1);
}

// Hand-written rather than on piscina (which runs ingestion's parsing, where only throughput counts): with piscina
// in its place, paired runs of the API bench gave a p99 of 61-63 ms against 44-53 ms for this pool.
export class SearchPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  /** Threads are started on the first searches, not here: an app that never searches starts none. */
  constructor(
    private readonly dbPath: string,
    private readonly size: number = defaultPoolSize(),
  ) {}

  /**
   * Starts every thread now, so that the first searches do not wait for threads to start and open the database
   * (about 100 ms, paid by every search that arrives meanwhile).
   */
  start(): void {
    while (!this.closed && this.slots.length < this.size) this.spawn();
  }

  search(filters: CallFilters, page: CallPage): Promise<CallSearchResult> {
    return this.run({ filters, page }).then((reply) => reply.result!);
  }

  /** The page as the JSON text GET /api/calls answers, made on the thread; `today` as in the filters. */
  searchJson(filters: CallFilters & { today: string }, page: CallPage): Promise<string> {
    return this.run({ filters, page, json: { today: filters.today } }).then((reply) => reply.json!);
  }

  private run(request: Omit<SearchRequest, 'id'>): Promise<SearchReply> {
    if (this.closed) return Promise.reject(new SearchError('search pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, ...request }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; searches not answered yet are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new SearchError('search pool closed'));
    // An idle thread is unref'd: ref it again, or the process may end before its exit is reported and this
    // promise would never settle.
    await Promise.all(
      this.slots.map((slot) => {
        slot.worker.ref();
        return slot.worker.terminate();
      }),
    );
  }

  // First come, first served, one search per thread: a thread busy with a broad search leaves the next search
  // to a free one instead of queueing it behind.
  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.slots.find((s) => s.job === null) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) return;
      const job = this.queue.shift()!;
      try {
        slot.worker.postMessage(job.request);
      } catch (error) {
        // Filters that cannot be copied to a thread (a function, say): this search fails, the thread stays free.
        job.reject(new SearchError(`search not sent to its thread: ${error instanceof Error ? error.message : String(error)}`));
        continue;
      }
      slot.job = job;
      // A thread with work keeps the process alive until it answers; an idle one does not.
      slot.worker.ref();
    }
  }

  private spawn(): Slot {
    const worker = new Worker(workerScript(import.meta.url, 'search-worker'), { workerData: { dbPath: this.dbPath } satisfies SearchWorkerData });
    const slot: Slot = { worker, job: null };
    // Idle until given a search (see dispatch).
    worker.unref();
    worker.on('message', (reply: SearchReply) => {
      const job = slot.job;
      slot.job = null;
      worker.unref();
      if (job?.request.id === reply.id) {
        if (reply.error !== undefined) job.reject(new SearchError(reply.error));
        else job.resolve(reply);
      }
      this.dispatch();
    });
    // A thread that dies (it could not open the database, or crashed) fails the search it held, and leaves its
    // place to a new thread, started only when a search is waiting, so a thread that cannot start is not restarted
    // in a loop: each waiting search gets the error instead.
    worker.on('error', (error) => this.lose(slot, new SearchError(`search thread failed: ${error.message}`)));
    worker.on('exit', (code) => this.lose(slot, new SearchError(`search thread stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private lose(slot: Slot, error: SearchError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // 'error' is followed by 'exit': the first one settled it
    this.slots.splice(index, 1);
    slot.job?.reject(error);
    slot.job = null;
    this.dispatch();
  }
}
