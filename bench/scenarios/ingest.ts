// Ingestion at network scale: 200 RSS feeds of 50 items on 200 local hosts, fetched through the real pipeline
// (fetcher, charset, parser, extraction, identity, storage), then fetched again unchanged (conditional GETs, 304).
import { setTimeout as sleep } from 'node:timers/promises';
import Parser from 'rss-parser';
import type { AppContext } from '../../src/context.js';
import { storeSourceItems, type IncomingCall } from '../../src/calls/store.js';
import { FETCHER_DEFAULTS } from '../../src/reader/fetcher/index.js';
import { createFetcher, fetchSources, type FetchResult } from '../../src/reader/ingest.js';
import { prepareCalls } from '../../src/reader/prepare/prepare.js';
import type { SourceConfig } from '../../src/sources/load.js';
import { createBenchContext } from '../context.js';
import { generateCalls, rssFeed } from '../corpus.js';
import { count, formatRate, formatRatio, formatSeconds, timed, type Row, type Scenario, type Sizes } from '../harness.js';
import { startFeedServer } from '../servers/feeds.js';

const FIRST_TARGET = 'within 3x of parsing alone';
const REFRESH_TARGET = '≥10x faster than first fetch';

function workload(sizes: Sizes): string {
  return `${sizes.feeds} RSS feeds x ${sizes.itemsPerFeed} items, ${sizes.feeds} local hosts`;
}

function sourceConfigs(urls: readonly string[]): SourceConfig[] {
  return urls.map((url, i) => ({
    id: `financeur-${i + 1}`,
    name: `Financeur ${i + 1}`,
    type: 'rss',
    url,
    funder: 'region',
    regions: [],
    categories: [],
    enabled: true,
    expectNewWithinDays: 90,
  }));
}

/** The baseline: the same bytes through rss-parser's string parser alone, one feed after another. */
async function parseAlone(bodies: readonly Buffer[]): Promise<number> {
  const parser = new Parser();
  let items = 0;
  for (const body of bodies) items += (await parser.parseString(body.toString('utf8'))).items.length;
  return items;
}

async function bestOf<T>(runs: number, work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  let best = await timed(work);
  for (let i = 1; i < runs; i++) {
    const next = await timed(work);
    if (next.seconds < best.seconds) best = next;
  }
  return best;
}

/** Parsing, cleaning and extraction alone, on this thread: what the pipeline does to the bytes before storing. */
async function prepareAlone(sources: readonly SourceConfig[], bodies: readonly Buffer[]): Promise<IncomingCall[][]> {
  const prepared: IncomingCall[][] = [];
  for (const [i, body] of bodies.entries()) {
    prepared.push(await prepareCalls({ content: { kind: 'feed', text: body.toString('utf8') }, source: sources[i]!, url: sources[i]!.url }));
  }
  return prepared;
}

/**
 * Storing alone: the prepared calls written source by source (one transaction each, as a fetch does) into a fresh
 * database, with or without the full-text index, so the run shows what the writes alone cost.
 */
async function storeAlone(sources: readonly SourceConfig[], prepared: readonly IncomingCall[][], now: Date, withIndex: boolean): Promise<number> {
  const ctx = createBenchContext();
  try {
    if (!withIndex) ctx.db.exec('DROP TRIGGER calls_fts_insert');
    const insertSource = ctx.db.prepare(`INSERT INTO sources (id, name, created_at) VALUES (?, ?, ?)`);
    for (const source of sources) insertSource.run(source.id, source.name, now.toISOString());
    const { seconds } = await timed(() => prepared.forEach((calls, i) => storeSourceItems(ctx.db, sources[i]!.id, calls, now)));
    return seconds;
  } finally {
    ctx.cleanup();
  }
}

function statusLine(result: FetchResult): string {
  const byStatus = new Map<string, number>();
  for (const s of result.summaries) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
  return [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
}

function storedCounts(ctx: AppContext): { calls: number; items: number } {
  const calls = (ctx.db.prepare('SELECT count(*) AS n FROM calls').get() as { n: number }).n;
  const items = (ctx.db.prepare('SELECT count(*) AS n FROM call_sources').get() as { n: number }).n;
  return { calls, items };
}

async function run(sizes: Sizes): Promise<Row[]> {
  const now = new Date();
  const calls = generateCalls(sizes.feeds * sizes.itemsPerFeed, { seed: 7, today: now });
  const bodies = Array.from({ length: sizes.feeds }, (_, f) => rssFeed(f, calls.slice(f * sizes.itemsPerFeed, (f + 1) * sizes.itemsPerFeed)));
  const server = await startFeedServer(bodies);
  const ctx = createBenchContext();
  try {
    const sources = sourceConfigs(server.feeds.map((f) => f.url));
    await parseAlone(server.feeds.slice(0, 5).map((f) => f.body)); // warm both paths' shared parser code alike
    // The best of three: a single pass swung from 0.5 to 0.85 s on this shared machine, and the ratio with it.
    const baseline = await bestOf(3, () => parseAlone(server.feeds.map((f) => f.body)));
    // One fetcher with the production defaults (politeness, robots.txt cache), kept between runs as a long-running
    // service keeps it; the first run starts cold, as after a restart.
    const fetcher = createFetcher(ctx);
    const first = await timed(() => fetchSources(ctx, sources, { now, fetcher }));
    const stored = storedCounts(ctx);
    const fullResponses = server.counts.full;
    // Runs are hours apart in production: let the per-host delay since the first run's last request pass.
    await sleep(FETCHER_DEFAULTS.hostDelayMs);
    const refresh = await timed(() => fetchSources(ctx, sources, { now: new Date(now.getTime() + 6 * 3_600_000), fetcher }));
    const after = storedCounts(ctx);
    // Where the first fetch's time goes, each part timed alone on the same bytes.
    const prepare = await timed(() => prepareAlone(sources, server.feeds.map((f) => f.body)));
    const storeIndexed = await storeAlone(sources, prepare.result, now, true);
    const storeBare = await storeAlone(sources, prepare.result, now, false);
    const firstRatio = first.seconds / baseline.seconds;
    const refreshRatio = first.seconds / refresh.seconds;
    const mb = (server.feeds.reduce((n, f) => n + f.body.length, 0) / 1024 / 1024).toFixed(1);
    return [
      {
        stage: 'ingest, first fetch',
        workload: workload(sizes),
        figure: `${formatRate(stored.items / first.seconds, 'items stored')}, ${formatSeconds(first.seconds)}`,
        baseline: `rss-parser alone: ${formatSeconds(baseline.seconds)} (${formatRate(baseline.result / baseline.seconds, 'items')}, best of 3)`,
        ratio: `${formatRatio(firstRatio)} the parse time`,
        target: FIRST_TARGET,
        met: firstRatio <= 3,
        notes: [
          `${count(stored.items)} items stored as ${count(stored.calls)} calls from ${count(fullResponses)} full responses (${mb} MiB of RSS, ${statusLine(first.result)}); baseline parsed ${count(baseline.result)} items.`,
          `fetcher defaults: ${FETCHER_DEFAULTS.concurrency} requests in flight, ${FETCHER_DEFAULTS.hostDelayMs} ms between two requests to a host, robots.txt read once per host.`,
          `each part alone on one thread, as a share of the parse time: parsing, cleaning and extraction ${formatSeconds(prepare.seconds)} (${formatRatio(prepare.seconds / baseline.seconds)}); ` +
            `storing ${formatSeconds(storeIndexed)} (${formatRatio(storeIndexed / baseline.seconds)}), of which the full-text index ${formatSeconds(Math.max(0, storeIndexed - storeBare))} ` +
            `(storing without it: ${formatSeconds(storeBare)}).`,
        ],
      },
      {
        stage: 'ingest, refresh',
        workload: `the same ${sizes.feeds} feeds, unchanged (304)`,
        figure: formatSeconds(refresh.seconds),
        baseline: `first fetch: ${formatSeconds(first.seconds)}`,
        ratio: `${formatRatio(refreshRatio)} faster`,
        target: REFRESH_TARGET,
        met: refreshRatio >= 10,
        notes: [
          `${count(server.counts.notModified)} answers 304, ${count(server.counts.full - fullResponses)} full (${statusLine(refresh.result)}); calls stored after refresh: ${count(after.calls)}.`,
        ],
      },
    ];
  } finally {
    ctx.cleanup();
    await server.close();
  }
}

export const ingestScenario: Scenario = {
  name: 'ingest',
  plan: [
    { stage: 'ingest, first fetch', workload, target: FIRST_TARGET },
    { stage: 'ingest, refresh', workload: (s) => `the same ${s.feeds} feeds, unchanged (304)`, target: REFRESH_TARGET },
  ],
  run,
};
