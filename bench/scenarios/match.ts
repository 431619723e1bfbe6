// Matching at network scale: every open call against every active profile through the real matcher and a real
// SQLite file, then an incremental run for a batch of new calls. The naive baseline scores every pair one by one;
// at full size it would take hours, so it is timed on a sample and extrapolated linearly (pairs are independent).
import type { Call } from '../../src/calls/types.js';
import { listOpenCalls } from '../../src/calls/repository.js';
import type { AppContext } from '../../src/context.js';
import type { Profile } from '../../src/members/types.js';
import { listActiveProfiles } from '../../src/members/store.js';
import { createBenchContext } from '../context.js';
import { generateCalls, generateProfiles } from '../corpus.js';
import { insertCalls, insertMembers } from '../db.js';
import {
  count,
  formatBytes,
  formatRatio,
  formatSeconds,
  loadModule,
  timed,
  withPeakRss,
  type Row,
  type Scenario,
  type Sizes,
} from '../harness.js';

/** What the bench needs from src/match/run.ts and src/match/naive.ts. */
interface MatchRunModule {
  matchAll: (ctx: AppContext) => unknown;
  matchCalls: (ctx: AppContext, callIds: number[]) => unknown;
}
interface NaiveModule {
  naiveMatch: (calls: Call[], profiles: Profile[]) => unknown;
}

const FULL_TARGET = '≥50x faster than naive; peak RSS < 1 GiB';
const INCREMENTAL_TARGET = '≥20x faster than full rematch';
const GIB = 1024 ** 3;

const fullWorkload = (s: Sizes): string => `${count(s.calls)} open calls x ${count(s.profiles)} profiles (5–15 keywords)`;
const incrementalWorkload = (s: Sizes): string => `${count(s.newCalls)} new calls x ${count(s.profiles)} profiles`;

function matchCount(ctx: AppContext): number {
  return (ctx.db.prepare('SELECT count(*) AS n FROM matches').get() as { n: number }).n;
}

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

async function run(sizes: Sizes): Promise<Row[]> {
  const matcher = await loadModule<MatchRunModule>('src/match/run.js', ['matchAll', 'matchCalls']);
  const naive = await loadModule<NaiveModule>('src/match/naive.js', ['naiveMatch']);
  const now = new Date();
  const ctx = createBenchContext();
  try {
    insertCalls(ctx.db, generateCalls(sizes.calls, { seed: 11, today: now }), now);
    insertMembers(ctx.db, generateProfiles(sizes.profiles, 13), now);

    const full = await withPeakRss(() => timed(async () => matcher.matchAll(ctx)));
    const fullSeconds = full.result.seconds;
    const matchesAfterFull = matchCount(ctx);

    const sampleCalls = listOpenCalls(ctx.db, today(now)).slice(0, sizes.naiveCalls);
    const sampleProfiles = listActiveProfiles(ctx.db).slice(0, sizes.naiveProfiles);
    naive.naiveMatch(sampleCalls.slice(0, 20), sampleProfiles.slice(0, 20)); // warm-up, as the fast path had its own
    const naiveSample = await timed(() => naive.naiveMatch(sampleCalls, sampleProfiles));
    const scale = (sizes.calls * sizes.profiles) / (sampleCalls.length * sampleProfiles.length);
    const naiveSeconds = naiveSample.seconds * scale;
    const fullRatio = naiveSeconds / fullSeconds;

    const newIds = insertCalls(ctx.db, generateCalls(sizes.newCalls, { seed: 17, today: now, firstIndex: sizes.calls }), now);
    const incremental = await timed(async () => matcher.matchCalls(ctx, newIds));
    const incrementalRatio = fullSeconds / incremental.seconds;

    return [
      {
        stage: 'match, full',
        workload: fullWorkload(sizes),
        figure: `${formatSeconds(fullSeconds)}, peak RSS ${formatBytes(full.peakRss)}`,
        baseline: `naive: ${formatSeconds(naiveSeconds)} (extrapolated)`,
        ratio: `${formatRatio(fullRatio)} faster`,
        target: FULL_TARGET,
        met: fullRatio >= 50 && full.peakRss < GIB,
        notes: [
          `naive scoring timed on ${count(sampleCalls.length)} calls x ${count(sampleProfiles.length)} profiles (${formatSeconds(naiveSample.seconds)}) and extrapolated linearly x${scale.toFixed(0)} to the full size.`,
          `${count(matchesAfterFull)} matches stored; peak RSS is the whole process's.`,
        ],
      },
      {
        stage: 'match, incremental',
        workload: incrementalWorkload(sizes),
        figure: formatSeconds(incremental.seconds),
        baseline: `full rematch: ${formatSeconds(fullSeconds)}`,
        ratio: `${formatRatio(incrementalRatio)} faster`,
        target: INCREMENTAL_TARGET,
        met: incrementalRatio >= 20,
        notes: [`${count(matchCount(ctx) - matchesAfterFull)} new matches stored.`],
      },
    ];
  } finally {
    ctx.cleanup();
  }
}

export const matchScenario: Scenario = {
  name: 'match',
  plan: [
    { stage: 'match, full', workload: fullWorkload, target: FULL_TARGET },
    { stage: 'match, incremental', workload: incrementalWorkload, target: INCREMENTAL_TARGET },
  ],
  run,
};
