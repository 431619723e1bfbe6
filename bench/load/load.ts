// A real HTTP load generator (autocannon) on a worker thread of its own, so it never shares the server's event loop.
// Each connection walks the same list of paths from its own starting point, as several admins searching at once
// would, instead of all ten sending the same query at the same instant (see bench/scenarios/api.ts).
import { Worker } from 'node:worker_threads';
import { workerScript } from '../../src/workers.js';

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  paths: string[];
  /** Where connection i starts in `paths`: i x stagger (mod the list's length); 0 keeps every connection in step. */
  stagger: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p99: number;
  p50: number;
  max: number;
  total: number;
  non2xx: number;
  errors: number;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScript(import.meta.url, 'load-worker'), { workerData: options });
    worker.once('message', (answer: { result: LoadResult } | { error: string }) => {
      if ('error' in answer) reject(new Error(`autocannon: ${answer.error}`));
      else resolve(answer.result);
    });
    worker.once('error', reject);
  });
}
