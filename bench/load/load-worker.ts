// The thread of load.ts: runs autocannon in-thread, so each connection can be given its own rotation of the paths
// (autocannon's own worker mode only takes such a setup function as a CommonJS file).
import autocannon from 'autocannon';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadOptions, LoadResult } from './load.js';

const options = workerData as LoadOptions;
const port = parentPort;
if (!port) throw new Error('load-worker.js runs as a worker thread of load.ts');

/** The paths starting at `start`, wrapping around: every connection still sends each path equally often. */
function rotated(paths: readonly string[], start: number): string[] {
  const from = start % paths.length;
  return [...paths.slice(from), ...paths.slice(0, from)];
}

// Off the main thread autocannon returns its raw figures (histograms still encoded) for its own workers' manager
// to merge; its public aggregateResult does that merge. @types/autocannon does not declare it.
const aggregate = (autocannon as unknown as { aggregateResult(results: unknown[], opts: object): autocannon.Result }).aggregateResult;

let connection = 0;

function requestsOf(paths: readonly string[]): autocannon.Request[] {
  return paths.map((path) => ({ method: 'GET', path }));
}

async function run(): Promise<LoadResult> {
  const settings: autocannon.Options = {
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
    requests: requestsOf(options.paths),
    setupClient: (client) => {
      const start = connection++ * options.stagger;
      client.setRequests(requestsOf(rotated(options.paths, start)));
    },
  };
  const raw = await autocannon(settings);
  const result = aggregate([raw], { url: settings.url, connections: settings.connections, duration: settings.duration });
  return {
    // The merge leaves the per-second request samples empty off the main thread: the rate from the totals.
    requestsPerSecond: result.requests.total / raw.duration,
    p99: result.latency.p99,
    p50: result.latency.p50,
    max: result.latency.max,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

run().then(
  (result) => port.postMessage({ result }),
  (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
