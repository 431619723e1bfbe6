// Matching at network scale: every open call against every active profile through the real matcher and a real
// SQLite file, then an incremental run for a batch of new calls. The naive baseline scores every pair one by one;
// at full size it would take hours, so it is timed on a sample and extrapolated linearly (pairs are independent).
import { listOpenCalls } from '../../src/calls/repository.js';
import type { AppContext } from '../../src/context.js';
import { listActiveProfiles } from '../../src/members/store.js';
import { naiveMatch } from '../../src/match/naive.js';
import { MAX_MATCHES_PER_PROFILE, matchAll, matchCalls, matchWithIndex, projectSynonyms, todayIn } from '../../src/match/run.js';
import { analyseCall, compileProfile, computeStats, type MatchResult } from '../../src/match/score.js';
import { createBenchContext } from '../context.js';
import { generateCalls, generateProfiles } from '../corpus.js';
import { insertCalls, insertMembers } from '../db.js';
import {
  collectGarbage,
  count,
  formatBytes,
  formatRatio,
  formatSeconds,
  timed,
  withPeakRss,
  type Row,
  type Scenario,
  type Sizes,
} from '../harness.js';

const FULL_TARGET = '≥50x faster than naive; peak RSS < 1 GiB';
const INCREMENTAL_TARGET = '≥20x faster than full rematch';
const GIB = 1024 ** 3;

const fullWorkload = (s: Sizes): string => `${count(s.calls)} open calls x ${count(s.profiles)} profiles (5–15 keywords)`;
const incrementalWorkload = (s: Sizes): string => `${count(s.newCalls)} new calls x ${count(s.profiles)} profiles`;

function matchCount(ctx: AppContext): number {
  return (ctx.db.prepare('SELECT count(*) AS n FROM matches').get() as { n: number }).n;
}

const AGREEMENT_CALLS = 300;
const AGREEMENT_PROFILES = 100;

function key(result: MatchResult): string {
  return `${result.profileId}:${result.callId}:${result.score.toFixed(6)}:${result.terms.join('|')}`;
}

/** On a sample, with the same statistics, the indexed matcher must find exactly the pairs naive scoring finds. */
function agreementNote(ctx: AppContext, today: string): string {
  const calls = listOpenCalls(ctx.db, today).slice(0, AGREEMENT_CALLS);
  const profiles = listActiveProfiles(ctx.db).slice(0, AGREEMENT_PROFILES);
  const synonyms = projectSynonyms(ctx.log);
  const analysed = calls.map(analyseCall);
  const stats = computeStats(analysed);
  const fast = new Set(matchWithIndex(analysed, profiles.map((p) => compileProfile(p, synonyms)), stats, today).map(key));
  const slow = naiveMatch(calls, profiles, { synonyms, today, stats }).map(key);
  const missing = slow.filter((k) => !fast.has(k)).length;
  const extra = fast.size - (slow.length - missing);
  const pairs = `${count(calls.length)} calls x ${count(profiles.length)} profiles`;
  return missing === 0 && extra === 0
    ? `indexed and naive matchers agree on a sample of ${pairs}: the same ${count(slow.length)} matches, same scores and terms.`
    : `DISAGREEMENT on ${pairs}: ${count(missing)} naive matches missing from the index, ${count(extra)} extra.`;
}

async function run(sizes: Sizes): Promise<Row[]> {
  const now = new Date();
  const ctx = createBenchContext();
  try {
    insertCalls(ctx.db, generateCalls(sizes.calls, { seed: 11, today: now }), now);
    insertMembers(ctx.db, generateProfiles(sizes.profiles, 13), now);

    const today = todayIn(ctx.config.timeZone, now);
    projectSynonyms(ctx.log); // read synonyms.yaml once, as a running service already has
    collectGarbage();
    const full = await withPeakRss(() => timed(async () => matchAll(ctx, now)));
    const fullSeconds = full.result.seconds;
    const expandedInFull = full.result.result.expansionsChanged ?? 0;
    const matchesAfterFull = matchCount(ctx);

    const sampleCalls = listOpenCalls(ctx.db, today).slice(0, sizes.naiveCalls);
    const sampleProfiles = listActiveProfiles(ctx.db).slice(0, sizes.naiveProfiles);
    const synonyms = projectSynonyms(ctx.log);
    collectGarbage();
    const naiveSample = await timed(() => naiveMatch(sampleCalls, sampleProfiles, { synonyms, today }));
    // Analysing a call and compiling a profile happen once each, whatever the other side's size: only what is
    // left, the pair scoring, grows with calls x profiles. Timed apart so the extrapolation does not inflate them.
    const perCall = await timed(() => computeStats(sampleCalls.map(analyseCall)));
    const perProfile = await timed(() => sampleProfiles.map((p) => compileProfile(p, synonyms)));
    const pairSeconds = Math.max(0, naiveSample.seconds - perCall.seconds - perProfile.seconds);
    const scale = (sizes.calls * sizes.profiles) / (sampleCalls.length * sampleProfiles.length);
    const naiveSeconds =
      perCall.seconds * (sizes.calls / sampleCalls.length) + perProfile.seconds * (sizes.profiles / sampleProfiles.length) + pairSeconds * scale;
    const fullRatio = naiveSeconds / fullSeconds;

    const newIds = insertCalls(ctx.db, generateCalls(sizes.newCalls, { seed: 17, today: now, firstIndex: sizes.calls }), now);
    collectGarbage();
    const incremental = await timed(async () => matchCalls(ctx, newIds, now));
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
          `naive scoring timed on ${count(sampleCalls.length)} calls x ${count(sampleProfiles.length)} profiles (${formatSeconds(naiveSample.seconds)}) and extrapolated to the full size: call analysis (${formatSeconds(perCall.seconds)}) x${sizes.calls / sampleCalls.length}, profile compilation x${sizes.profiles / sampleProfiles.length}, pair scoring (${formatSeconds(pairSeconds)}) x${scale.toFixed(0)}.`,
          `${count(matchesAfterFull)} matches stored (${(matchesAfterFull / sizes.profiles).toFixed(0)} per profile on average); peak RSS is the whole process's.`,
          `expansion: ${count(expandedInFull)} profiles got new words from their strongest matches (a first run: every profile with enough matches), added in the same pass.`,
          agreementNote(ctx, today),
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
        notes: [
          `${count(matchCount(ctx) - matchesAfterFull)} matches added (each profile keeps its ${MAX_MATCHES_PER_PROFILE} best; a new call gets in only by beating the weakest).`,
          'expansion: the profiles keep the words stored with their scores (a full run or a profile edit reads them again), so nothing is rescored after this run.',
        ],
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
