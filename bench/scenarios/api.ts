// The admin API under load: full-text search over the calls of a national network, through a real listen() on
// 127.0.0.1 and autocannon firing from a worker thread (so the load generator does not share the server's thread).
// Ten connections stand for ten admins searching at once: each walks the same 30 queries from its own starting
// point. Started together, autocannon's connections stay in step, so the ten requests for the broadest query
// ("dépôts", every call) arrived at the same instant each lap: a convoy no team of people produces, which made p99
// ten of those queries queued over two cores. The slowest query alone is reported beside it.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/api/app.js';
import { runLoad } from '../load/load.js';
import { createBenchContext } from '../context.js';
import { generateCalls, loadSourceText, seededRandom } from '../corpus.js';
import { insertCalls } from '../db.js';
import { count, formatRate, formatRatio, NotAvailable, type Row, type Scenario, type Sizes } from '../harness.js';

const TARGET = 'p99 < 50 ms';
const TOKEN = 'bench-admin-token';
const CONNECTIONS = 10;
/** Connection i starts at query 3i of the list. */
const STAGGER = 3;

const workload = (s: Sizes): string => `GET /api/calls?q=… over ${count(s.apiCalls)} calls, ${CONNECTIONS} connections, ${s.apiSeconds} s`;

/** Queries an admin would type: one or two real words, some with accents, some as prefixes. */
function queries(n: number): string[] {
  const random = seededRandom(23);
  const { vocabulary } = loadSourceText();
  const word = (): string => vocabulary[Math.floor(random() * vocabulary.length)]!;
  return Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `${word()} ${word()}` : i % 3 === 1 ? word() : word().slice(0, 5)));
}

function queryOf(path: string): string {
  return decodeURIComponent(path.split('q=')[1]!);
}

/** Each query sent alone, one after another: the heaviest one's own latency, with no queueing behind others. */
async function slowestAlone(base: string, paths: readonly string[], headers: Record<string, string>): Promise<{ path: string; ms: number; total: number }> {
  let slowest = { path: paths[0]!, ms: 0, total: 0 };
  for (const path of paths) {
    let best = Infinity;
    let total = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, { headers });
      total = ((await response.json()) as { total?: number }).total ?? 0;
      best = Math.min(best, performance.now() - started);
    }
    if (best > slowest.ms) slowest = { path, ms: best, total };
  }
  return slowest;
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
    const headers = { authorization: `Bearer ${TOKEN}` };
    const search = await runLoad({ url: base, connections: CONNECTIONS, seconds: sizes.apiSeconds, headers, paths, stagger: STAGGER });
    const health = await runLoad({ url: base, connections: CONNECTIONS, seconds: sizes.apiSeconds, headers, paths: ['/health'], stagger: 0 });
    const slowest = await slowestAlone(base, paths, headers);
    const ratio = search.requestsPerSecond / health.requestsPerSecond;
    const notes = [
      `searched with ${paths.length} queries, each connection starting ${STAGGER} queries after the previous one (first query "${queryOf(paths[0]!)}" found ${sample.total ?? '?'} call(s)); ${count(search.total)} requests, p50 ${search.p50} ms, max ${search.max} ms.`,
      `slowest query alone (no other request running, best of 3): "${queryOf(slowest.path)}", ${slowest.ms.toFixed(1)} ms for ${count(slowest.total)} matching calls.`,
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
