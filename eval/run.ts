// `npm run eval`: measures the matcher's ranking quality on the committed evaluation set (eval/data/) and, in the
// same run, that of a naive baseline (case-sensitive substring search of the keywords), so the gain is visible.
// Prints precision@5, precision@10, recall and nDCG@10 per profile and overall.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import type { FunderType } from '../src/calls/types.js';
import type { Profile } from '../src/members/types.js';
import { matchWithIndex } from '../src/match/run.js';
import { analyseCall, compileProfile, computeStats, DEFAULT_MIN_SCORE, type MatchableCall } from '../src/match/score.js';
import { loadSynonymsFile } from '../src/match/synonyms.js';
import { projectRoot } from '../src/paths.js';

const DATA = join(projectRoot, 'eval', 'data');

interface EvalCall extends MatchableCall {
  key: string;
}

type EvalProfile = Pick<Profile, 'id' | 'name' | 'keywords' | 'exclude' | 'categories' | 'regions' | 'minScore'> & { key: string };

/** Judgments: profile key → call key → grade (0 not relevant, 1 worth a look, 2 clearly relevant). */
type Judgments = Map<string, Map<string, number>>;

function aidesTerritoiresCalls(): EvalCall[] {
  const rows = parseCsv(readFileSync(join(DATA, 'aids-periurban.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((row, index) => ({
    key: `at-${String(index).padStart(3, '0')}`,
    id: 0,
    title: row['Nom'] ?? '',
    summary: '',
    body: row['Descriptif'] ?? '',
    funder: 'other' as FunderType,
    regions: [],
    status: 'open' as const,
    nextDeadline: null,
  }));
}

function networkCalls(): EvalCall[] {
  const data = parseYaml(readFileSync(join(DATA, 'network-calls.yaml'), 'utf8')) as {
    calls: { key: string; title: string; summary: string; body: string; funder: FunderType; regions?: string[] }[];
  };
  return data.calls.map((c) => ({ key: c.key, id: 0, title: c.title, summary: c.summary, body: c.body, funder: c.funder, regions: c.regions ?? [], status: 'open' as const, nextDeadline: null }));
}

function profiles(): EvalProfile[] {
  const data = parseYaml(readFileSync(join(DATA, 'profiles.yaml'), 'utf8')) as { profiles: { key: string; name: string; keywords: string[]; exclude?: string[] }[] };
  return data.profiles.map((p, index) => ({ key: p.key, id: index + 1, name: p.name, keywords: p.keywords, exclude: p.exclude ?? [], categories: [], regions: [], minScore: null }));
}

function judgments(calls: EvalCall[], evalProfiles: EvalProfile[]): Judgments {
  const rows = parseCsv(readFileSync(join(DATA, 'judgments.csv'), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const byProfile: Judgments = new Map(evalProfiles.map((p) => [p.key, new Map()]));
  for (const row of rows) {
    for (const profile of evalProfiles) {
      const grade = Number(row[profile.key]);
      if (!Number.isInteger(grade) || grade < 0 || grade > 2) throw new Error(`judgments.csv: call ${row['call']}: bad grade for ${profile.key}`);
      byProfile.get(profile.key)!.set(row['call']!, grade);
    }
  }
  // Every pair must be judged: a missing judgment would silently count as "not relevant".
  const missing = calls.filter((c) => !byProfile.get(evalProfiles[0]!.key)!.has(c.key)).map((c) => c.key);
  if (missing.length > 0) throw new Error(`judgments.csv: no judgment for ${missing.join(', ')}`);
  return byProfile;
}

/**
 * Equal hit counts are frequent in the baseline: order them by a fixed hash of the key rather than by file
 * order, which would favour whichever calls happen to come first.
 */
function tieBreak(key: string): number {
  return [...createHash('sha1').update(key).digest()].slice(0, 4).reduce((n, byte) => n * 256 + byte, 0);
}

/** The baseline: case-sensitive substring search of each keyword (quotes and ^weight stripped), ranked by hits. */
function naiveSubstringRanking(calls: EvalCall[], profile: EvalProfile): string[] {
  const needles = profile.keywords.map((k) => k.replace(/\^[\d.,]+$/, '').replace(/"/g, '').trim()).filter((k) => k !== '');
  return calls
    .map((call) => {
      const text = `${call.title}\n${call.summary}\n${call.body}`;
      return { key: call.key, hits: needles.filter((n) => text.includes(n)).length };
    })
    .filter((c) => c.hits > 0)
    .sort((a, b) => b.hits - a.hits || tieBreak(a.key) - tieBreak(b.key))
    .map((c) => c.key);
}

interface Metrics {
  returned: number;
  relevant: number;
  p5: number;
  p10: number;
  recall: number;
  ndcg10: number;
}

function measure(ranking: string[], grades: Map<string, number>): Metrics {
  const grade = (key: string | undefined): number => (key === undefined ? 0 : grades.get(key) ?? 0);
  const relevantAt = (k: number): number => ranking.slice(0, k).filter((key) => grade(key) > 0).length;
  const relevant = [...grades.values()].filter((g) => g > 0).length;
  const dcg = (gains: number[]): number => gains.slice(0, 10).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...grades.values()].sort((a, b) => b - a));
  return {
    returned: ranking.length,
    relevant,
    p5: relevantAt(5) / 5,
    p10: relevantAt(10) / 10,
    recall: relevant === 0 ? 1 : ranking.filter((key) => grade(key) > 0).length / relevant,
    ndcg10: ideal === 0 ? 1 : dcg(ranking.map(grade)) / ideal,
  };
}

function mean(list: Metrics[], field: keyof Metrics): number {
  return list.reduce((sum, m) => sum + m[field], 0) / list.length;
}

const pad = (text: string, width: number): string => text.padEnd(width);
const num = (value: number): string => value.toFixed(2).padStart(9);

function row(profile: string, system: string, m: Metrics): string {
  return `${pad(profile, 16)}${pad(system, 11)}${String(m.returned).padStart(9)}${String(m.relevant).padStart(9)}${num(m.p5)}${num(m.p10)}${num(m.recall)}${num(m.ndcg10)}`;
}

function main(): void {
  const calls = [...networkCalls(), ...aidesTerritoiresCalls()];
  calls.forEach((call, index) => (call.id = index + 1));
  const keyOf = new Map(calls.map((c) => [c.id, c.key]));
  const evalProfiles = profiles();
  const judged = judgments(calls, evalProfiles);

  const synonyms = loadSynonymsFile(join(projectRoot, 'synonyms.yaml'));
  const analysed = calls.map(analyseCall);
  const stats = computeStats(analysed);
  const results = matchWithIndex(analysed, evalProfiles.map((p) => compileProfile(p, synonyms)), stats, '0000-00-00');

  console.log(`fundwatch matcher evaluation: ${calls.length} calls x ${evalProfiles.length} profiles, every pair judged (eval/data/judgments.csv)`);
  console.log(`fundwatch keeps matches scoring at least ${DEFAULT_MIN_SCORE}/100 (the default min_score); the baseline keeps any call containing a keyword.\n`);
  console.log(`${pad('profile', 16)}${pad('system', 11)}${'returned'.padStart(9)}${'relevant'.padStart(9)}${'P@5'.padStart(9)}${'P@10'.padStart(9)}${'recall'.padStart(9)}${'nDCG@10'.padStart(9)}`);
  const ours: Metrics[] = [];
  const baseline: Metrics[] = [];
  for (const profile of evalProfiles) {
    const grades = judged.get(profile.key)!;
    const ranking = results
      .filter((r) => r.profileId === profile.id)
      .sort((a, b) => b.score - a.score || a.callId - b.callId)
      .map((r) => keyOf.get(r.callId)!);
    const m = measure(ranking, grades);
    const b = measure(naiveSubstringRanking(calls, profile), grades);
    ours.push(m);
    baseline.push(b);
    console.log(row(profile.key, 'fundwatch', m));
    console.log(row('', 'baseline', b));
  }
  const overall = (list: Metrics[]): Metrics => ({
    returned: Math.round(mean(list, 'returned')),
    relevant: Math.round(mean(list, 'relevant')),
    p5: mean(list, 'p5'),
    p10: mean(list, 'p10'),
    recall: mean(list, 'recall'),
    ndcg10: mean(list, 'ndcg10'),
  });
  console.log(row('overall (mean)', 'fundwatch', overall(ours)));
  console.log(row('', 'baseline', overall(baseline)));
}

main();
