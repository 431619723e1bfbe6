import { describe, expect, it } from 'vitest';
import { CallIndex, IndexedMatcher, select } from '../../src/match/index.js';
import { naiveMatch } from '../../src/match/naive.js';
import { analyseCall, compileProfile, computeStats } from '../../src/match/score.js';
import { call, profile } from './helpers.js';

describe('select', () => {
  it('finds the k-th smallest value, duplicates included', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const size of [1, 2, 5, 100, 1000]) {
      const values = Array.from({ length: size }, () => Math.round(random() * 50) / 10);
      const sorted = [...values].sort((a, b) => a - b);
      for (const k of [0, size >> 1, size - 1]) {
        expect(select(Float64Array.from(values), size, k)).toBe(sorted[k]);
      }
    }
  });
});

describe('indexed matcher filters', () => {
  it('agrees with naive scoring when calls name more regions than the bit mask holds', () => {
    // 40 regions: ids beyond 30 take the slow path, the first ones the bit mask.
    const regions = Array.from({ length: 40 }, (_, i) => `Région ${i}`);
    const calls = regions.flatMap((region, i) => [
      call({ title: `Fablab ${i}`, regions: [region] }),
      call({ title: `Fablab et tiers-lieux ${i}`, regions: [regions[(i * 7) % 40]!, regions[(i * 13) % 40]!] }),
    ]);
    calls.push(call({ title: 'Fablab national', regions: ['France'] }), call({ title: 'Fablab sans région' }));
    const profiles = [0, 5, 30, 31, 35, 39].map((r) => profile({ keywords: ['fablab'], regions: [regions[r]!, regions[(r + 33) % 40]!] }));
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const matcher = new IndexedMatcher(new CallIndex(analysed, stats), '2026-01-01');
    const indexed = profiles.flatMap((p) => matcher.matchProfile(compileProfile(p)));
    const naive = naiveMatch(calls, profiles, { stats, today: '2026-01-01' });
    expect(indexed).toEqual(naive);
    // Each profile: its two regions' calls plus the national and region-less ones.
    expect(indexed.filter((r) => r.profileId === profiles[3]!.id).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps the best `limit` and only those beating `above`, exactly as the scores say', () => {
    const calls = Array.from({ length: 60 }, (_, i) => call({ title: `Fablab ${i}`, body: 'fablab '.repeat(i % 7) + 'tiers-lieux '.repeat(i % 3) }));
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const p = compileProfile(profile({ keywords: ['fablab', 'tiers-lieux'] }));
    const all = new IndexedMatcher(new CallIndex(analysed, stats), '2026-01-01').matchProfile(p);
    const ranked = [...all].sort((a, b) => b.score - a.score || a.callId - b.callId);
    const best = new IndexedMatcher(new CallIndex(analysed, stats), '2026-01-01').matchProfile(p, 10);
    expect(best.map((r) => r.callId).sort((a, b) => a - b)).toEqual(ranked.slice(0, 10).map((r) => r.callId).sort((a, b) => a - b));
    const cut = ranked[20]!.score;
    const above = new IndexedMatcher(new CallIndex(analysed, stats), '2026-01-01').matchProfile(p, Infinity, cut);
    expect(above.map((r) => r.callId).sort((a, b) => a - b)).toEqual(all.filter((r) => r.score > cut).map((r) => r.callId).sort((a, b) => a - b));
  });
});
