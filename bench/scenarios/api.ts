// The admin API under load: full-text search over the calls of a national network, through a real listen() on
// 127.0.0.1 and autocannon firing from a worker thread (so the load generator does not share the server's thread).
import autocannon from 'autocannon';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/api/app.js';
import { createBenchContext } from '../context.js';
import { generateCalls, loadSourceText, seededRandom } from '../corpus.js';
import { insertCalls } from '../db.js';
import { count, formatRate, formatRatio, NotAvailable, type Row, type Scenario, type Sizes } from '../harness.js';

const TARGET = 'p99 < 50 ms';
const TOKEN = 'bench-admin-token';
const CONNECTIONS = 10;

const workload = (s: Sizes): string => `GET /api/calls?q=… over ${count(s.apiCalls)} calls, ${CONNECTIONS} connections, ${s.apiSeconds} s`;

/** Queries an admin would type: one or two real words, some with accents, some as prefixes. */
function queries(n: number): string[] {
  const random = seededRandom(23);
  const { vocabulary } = loadSourceText();
  const word = (): string => vocabulary[Math.floor(random() * vocabulary.length)]!;
  return Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `${word()} ${word()}` : i % 3 === 1 ? word() : word().slice(0, 5)));
}

interface LoadResult {
  requestsPerSecond: number;
  p99: number;
  p50: number;
  total: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, paths: string[], seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    workers: 1,
    headers: { authorization: `Bearer ${TOKEN}` },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function run(sizes: Sizes): Promise<Row[]> {
  const now = new Date();
  const ctx = createBenchContext({ FUNDWATCH_ADMIN_TOKEN: TOKEN });
  // The per-client limit on public routes (120/min) would turn the baseline into a measure of 429s: lift it.
  const app = await buildApp(ctx, { publicRateLimit: 1_000_000_000 });
  try {
    insertCalls(ctx.db, generateCalls(sizes.apiCalls, { seed: 29, today: now }), now);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const paths = queries(30).map((q) => `/api/calls?q=${encodeURIComponent(q)}`);
    const probe = await fetch(`${base}${paths[0]}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    if (probe.status === 404) throw new NotAvailable('GET /api/calls route missing (src/api)');
    if (probe.status !== 200) throw new Error(`GET /api/calls answered ${probe.status}: ${(await probe.text()).slice(0, 100)}`);
    const sample = (await probe.json()) as { total?: number };
    const search = await load(base, paths, sizes.apiSeconds);
    const health = await load(base, ['/health'], sizes.apiSeconds);
    const ratio = search.requestsPerSecond / health.requestsPerSecond;
    const notes = [
      `searched with ${paths.length} queries in turn (first query "${decodeURIComponent(paths[0]!.split('q=')[1]!)}" found ${sample.total ?? '?'} call(s)); ${count(search.total)} requests, p50 ${search.p50} ms.`,
    ];
    if (search.non2xx + search.errors > 0) notes.push(`search: ${count(search.non2xx)} non-2xx answers, ${count(search.errors)} errors or timeouts.`);
    if (health.non2xx + health.errors > 0) {
      notes.push(`/health: ${count(health.non2xx)} non-2xx answers (rate limit on public routes?), ${count(health.errors)} errors.`);
    }
    return [
      {
        stage: 'API',
        workload: workload(sizes),
        figure: `${formatRate(search.requestsPerSecond, 'req')}, p99 ${search.p99} ms`,
        baseline: `GET /health: ${formatRate(health.requestsPerSecond, 'req')}, p99 ${health.p99} ms`,
        ratio: `${formatRatio(ratio)} of /health req/s`,
        target: TARGET,
        met: search.p99 < 50 && search.non2xx === 0 && search.errors === 0,
        notes,
      },
    ];
  } finally {
    await app.close();
    ctx.cleanup();
  }
}

export const apiScenario: Scenario = { name: 'api', plan: [{ stage: 'API', workload, target: TARGET }], run };
