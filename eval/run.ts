// `npm run eval`: measures the matcher on the committed evaluation set (eval/data/, see its README): 533 judged
// calls x 12 profiles, a development split and a test split that no tuning looks at. For each split it prints,
// per profile and overall, what fundwatch would send (recall, grade-2 recall, precision) and how it ranks
// (nDCG@10), beside SQLite FTS5 BM25 on the same keywords and a substring baseline measured in the same run; then
// one ablation line per layer of the matcher.
// `npm run eval -- --fresh` measures the same way on eval/fresh/ (its README) instead: other profiles and calls, in
// a development half (`--fresh --dev`, diagnostics allowed) and a test half read once per session by the lead.
// `npm run eval -- --fresh2` measures on eval/fresh2/ (its README): eight more profiles and 160 calls, in a
// development half (`--fresh2 --dev`, diagnostics allowed) and a test half, then whole.
// `npm run eval -- --fresh3` measures on eval/fresh3/ (its README): eight profiles in the network's core trade and
// 127 calls, in the same three parts (`--fresh3 --dev`: the development half only); `--fresh4` on eval/fresh4/, eight
// more profiles of the network's members and 109 calls, alike; `--fresh5` on eval/fresh5/, eight more and 105 calls;
// `--fresh6` on eval/fresh6/, eight more and 100 calls.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import type { FunderType } from '../src/calls/types.js';
import { fold } from '../src/match/analyse.js';
import { SECOND_CHANCES_SHOWN } from '../src/digest/compose.js';
import { matchWithExpansion, matchWithIndex, projectThesaurus } from '../src/match/run.js';
import {
  alternativeIdf,
  alternativeValue,
  analyseCall,
  compileProfile,
  computeStats,
  DEFAULT_MIN_SCORE,
  fieldCounts,
  isGeneralMatch,
  isSubject,
  notDistinctive,
  openingCount,
  saturatedFrequency,
  subjectEvidence,
  toScale,
  type AnalysedCall,
  type CompileOptions,
  type CorpusStats,
  type MatchableCall,
  type MatchResult,
  type ProfileDefinition,
} from '../src/match/score.js';
import { EMPTY_SYNONYMS, type SynonymTable } from '../src/match/synonyms.js';
import { silentLogger } from '../src/log.js';
import { projectRoot } from '../src/paths.js';

const FRESH6 = process.argv.includes('--fresh6');
const FRESH5 = process.argv.includes('--fresh5');
const FRESH4 = process.argv.includes('--fresh4');
const FRESH3 = process.argv.includes('--fresh3');
const FRESH2 = process.argv.includes('--fresh2');
/** A set of network calls only (no Aides-territoires export), kept in calls.yaml: eval/fresh/ to fresh6/. */
const FRESH = FRESH6 || FRESH5 || FRESH4 || FRESH3 || FRESH2 || process.argv.includes('--fresh');
const SET = FRESH6 ? 'fresh6' : FRESH5 ? 'fresh5' : FRESH4 ? 'fresh4' : FRESH3 ? 'fresh3' : FRESH2 ? 'fresh2' : FRESH ? 'fresh' : 'data';
const DATA = join(projectRoot, 'eval', SET);

interface EvalCall extends MatchableCall {
  key: string;
}

type EvalProfile = ProfileDefinition & { key: string; description: string };

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
  const data = parseYaml(readFileSync(join(DATA, FRESH ? 'calls.yaml' : 'network-calls.yaml'), 'utf8')) as { calls: { key: string; title: string; summary: string; funder: FunderType }[] };
  return data.calls.map((c) => ({ key: c.key, id: 0, title: c.title, summary: c.summary, body: '', funder: c.funder, regions: [], status: 'open' as const, nextDeadline: null }));
}

function profiles(): EvalProfile[] {
  const data = parseYaml(readFileSync(join(DATA, 'profiles.yaml'), 'utf8')) as { profiles: { key: string; name: string; keywords: string[]; description?: string }[] };
  return data.profiles.map((p, index) => ({ key: p.key, id: index + 1, name: p.name, keywords: p.keywords, exclude: [], categories: [], regions: [], minScore: null, description: p.description ?? '' }));
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

function firstByte(key: string, salt = ''): number {
  return createHash('sha256').update(salt + key).digest()[0]!;
}

/** The fixed test split: a third of the calls, chosen by their keys alone. */
export function isTest(key: string): boolean {
  return firstByte(key) < 86;
}

/**
 * The fresh set's test half (eval/fresh/README.md): read whole once, on 3 December 2026, then split so that its
 * development half may be diagnosed (`--fresh --dev --why`) while this half is read only at the end of a session.
 */
export function isFreshTest(key: string): boolean {
  return firstByte(key, 'fresh:') < 128;
}

/**
 * The second fresh set's test half (eval/fresh2/README.md): the set was read whole once, on 3 December 2026, then
 * split so that its development half may be diagnosed (`--fresh2 --dev --why`) while this half is read only at the
 * end of a session.
 */
export function isFresh2Test(key: string): boolean {
  return firstByte(key, 'fresh2:') < 128;
}

/**
 * The third fresh set's test half (eval/fresh3/README.md): read whole for the first time at the end of the sixth
 * session (3 December 2026); from then on its development half may be diagnosed, this half read only at the end.
 */
export function isFresh3Test(key: string): boolean {
  return firstByte(key, 'fresh3:') < 128;
}

/**
 * The fourth fresh set's test half (eval/fresh4/README.md): read whole for the first time at the end of the sixth
 * session, after all of its tuning; then as eval/fresh3/.
 */
export function isFresh4Test(key: string): boolean {
  return firstByte(key, 'fresh4:') < 128;
}

/**
 * The fifth fresh set's test half (eval/fresh5/README.md): read whole for the first time at the end of the seventh
 * session, after all of its tuning; then as eval/fresh3/.
 */
export function isFresh5Test(key: string): boolean {
  return firstByte(key, 'fresh5:') < 128;
}

/**
 * The sixth fresh set's test half (eval/fresh6/README.md): read whole for the first time at the end of the eighth
 * session, after all of its tuning; then as eval/fresh3/.
 */
export function isFresh6Test(key: string): boolean {
  return firstByte(key, 'fresh6:') < 128;
}

/** A fresh set's parts as `npm run eval` prints them: its development half, its test half, the whole set. */
function halves(set: string, isTestKey: (key: string) => boolean): (readonly [string, (key: string) => boolean])[] {
  return [
    [`${set}, development half`, (key) => !isTestKey(key)],
    [`${set}, test half (never tuned on)`, isTestKey],
    [`${set}, whole`, () => true],
  ];
}

/** Half of the development calls, whose judgments stand in for members' « Pas pertinent » in the feedback ablation. */
function isFeedbackHalf(key: string): boolean {
  return firstByte(key, 'feedback:') < 128;
}

function tieBreak(key: string): number {
  return [...createHash('sha1').update(key).digest()].slice(0, 4).reduce((n, byte) => n * 256 + byte, 0);
}

/** What a system sends a profile (its cut), ranked best first. */
interface Sent {
  ranking: string[];
}

/** Substring baseline: any keyword (quotes and ^weight stripped) found in the lower-cased text; ranked by hits. */
function substring(calls: EvalCall[], profile: EvalProfile): Sent {
  const needles = profile.keywords.map((k) => k.replace(/\^[\d.,]+$/, '').replace(/"/g, '').trim().toLowerCase()).filter((k) => k !== '');
  const ranking = calls
    .map((call) => {
      const text = `${call.title}\n${call.summary}\n${call.body}`.toLowerCase();
      return { key: call.key, hits: needles.filter((n) => text.includes(n)).length };
    })
    .filter((c) => c.hits > 0)
    .sort((a, b) => b.hits - a.hits || tieBreak(a.key) - tieBreak(b.key))
    .map((c) => c.key);
  return { ranking };
}

/**
 * SQLite FTS5 with the same tokenizer as fundwatch's calls_fts (unicode61, accents removed): each keyword becomes a
 * phrase when quoted or a single word, else all its words (AND); keywords are ORed. FTS5 has no score scale, so
 * it sends every call the query matches, ranked by bm25() with the fields weighted as fundwatch weighs them.
 */
function fts5(calls: EvalCall[]): (profile: EvalProfile) => Sent {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE c USING fts5 (key UNINDEXED, title, summary, body, tokenize = 'unicode61 remove_diacritics 2')`);
  const insert = db.prepare('INSERT INTO c (key, title, summary, body) VALUES (?, ?, ?, ?)');
  for (const call of calls) insert.run(call.key, call.title, call.summary, call.body);
  const search = db.prepare(`SELECT key FROM c WHERE c MATCH ? ORDER BY bm25(c, 0, 3, 1.5, 1), key`).pluck();
  return (profile) => {
    const clauses = profile.keywords.flatMap((k) => {
      const text = k.replace(/\^[\d.,]+$/, '').trim();
      const words = fold(text.replace(/"/g, '')).split(/[^a-z0-9]+/).filter((w) => w.length > 1);
      if (words.length === 0) return [];
      return text.startsWith('"') ? [`"${words.join(' ')}"`] : [`(${words.map((w) => `"${w}"`).join(' AND ')})`];
    });
    return { ranking: clauses.length === 0 ? [] : (search.all(clauses.join(' OR ')) as string[]) };
  };
}

interface Layers {
  thesaurus: boolean;
  description: boolean;
  expansion: boolean;
  /** Rejections learnt from the feedback half's judgments. */
  feedback: boolean;
}

/** The layers fundwatch runs with (feedback needs members' « Pas pertinent »: simulated in its own line). */
const ALL: Layers = { thesaurus: true, description: true, expansion: true, feedback: false };

/** fundwatch's matches per profile, with the layers asked for. */
function fundwatch(
  calls: EvalCall[],
  analysed: AnalysedCall[],
  stats: CorpusStats,
  evalProfiles: EvalProfile[],
  thesaurus: SynonymTable,
  layers: Layers,
  judged: Judgments,
  secondChances?: Map<string, MatchResult[]>,
): Map<string, MatchResult[]> {
  const keyOf = new Map(calls.map((c) => [c.id, c.key]));
  const table = layers.thesaurus ? thesaurus : EMPTY_SYNONYMS;
  const optionsOf = (profile: EvalProfile): CompileOptions => ({ description: layers.description, rejections: layers.feedback ? rejectionsOf(profile) : undefined });
  const rejectionsOf = (profile: EvalProfile): Map<string, number> => {
    // « Pas pertinent » on every sent call of the feedback half judged 0: the terms that brought it lose weight.
    const first = run(evalProfiles.filter((p) => p.id === profile.id), (p) => ({ description: layers.description }));
    const counts = new Map<string, number>();
    for (const result of first) {
      const key = keyOf.get(result.callId)!;
      if (isTest(key) || !isFeedbackHalf(key) || judged.get(profile.key)!.get(key)! > 0) continue;
      for (const term of result.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    }
    return counts;
  };
  const near: MatchResult[] = [];
  function run(list: EvalProfile[], options: (p: EvalProfile) => CompileOptions, keepNear = false): MatchResult[] {
    const compiled = list.map((p) => compileProfile(p, table, options(p)));
    // As the service's runs do: each profile's strongest matches on its own terms give its expansion words.
    if (layers.expansion) return matchWithExpansion(analysed, compiled, stats, '0000-00-00', keepNear ? near : undefined, Infinity).results;
    return matchWithIndex(analysed, compiled, stats, '0000-00-00', Infinity, new Map(), keepNear ? near : undefined);
  }
  const results = run(evalProfiles, optionsOf, true);
  const byProfile = new Map<string, MatchResult[]>(evalProfiles.map((p) => [p.key, []]));
  const keyOfProfile = new Map(evalProfiles.map((p) => [p.id, p.key]));
  for (const r of results) byProfile.get(keyOfProfile.get(r.profileId)!)!.push(r);
  if (secondChances) {
    for (const p of evalProfiles) secondChances.set(p.key, []);
    for (const r of near) secondChances.get(keyOfProfile.get(r.profileId)!)!.push(r);
  }
  return byProfile;
}

interface Metrics {
  sent: number;
  relevant: number;
  recall: number | null;
  recall2: number | null;
  precision: number | null;
  ndcg10: number | null;
}

function measure(ranking: string[], grades: Map<string, number>, inSplit: (key: string) => boolean): Metrics {
  const ranked = ranking.filter(inSplit);
  const judged = [...grades].filter(([key]) => inSplit(key));
  const grade = (key: string): number => grades.get(key) ?? 0;
  const relevant = judged.filter(([, g]) => g > 0).length;
  const clear = judged.filter(([, g]) => g === 2).length;
  const dcg = (gains: number[]): number => gains.slice(0, 10).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg(judged.map(([, g]) => g).sort((a, b) => b - a));
  return {
    sent: ranked.length,
    relevant,
    recall: relevant === 0 ? null : ranked.filter((k) => grade(k) > 0).length / relevant,
    recall2: clear === 0 ? null : ranked.filter((k) => grade(k) === 2).length / clear,
    precision: ranked.length === 0 ? null : ranked.filter((k) => grade(k) > 0).length / ranked.length,
    ndcg10: ideal === 0 ? null : dcg(ranked.map(grade)) / ideal,
  };
}

function meanOf(list: Metrics[], field: 'recall' | 'recall2' | 'precision' | 'ndcg10'): number | null {
  const values = list.map((m) => m[field]).filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function overall(list: Metrics[]): Metrics {
  return {
    sent: list.reduce((n, m) => n + m.sent, 0),
    relevant: list.reduce((n, m) => n + m.relevant, 0),
    recall: meanOf(list, 'recall'),
    recall2: meanOf(list, 'recall2'),
    precision: meanOf(list, 'precision'),
    ndcg10: meanOf(list, 'ndcg10'),
  };
}

const pad = (text: string, width: number): string => text.padEnd(width);
const num = (value: number | null): string => (value === null ? '—' : value.toFixed(2)).padStart(9);

function line(label: string, system: string, m: Metrics): string {
  return `${pad(label, 16)}${pad(system, 26)}${String(m.sent).padStart(6)}${String(m.relevant).padStart(9)}${num(m.recall)}${num(m.recall2)}${num(m.precision)}${num(m.ndcg10)}`;
}

function rankingOf(results: MatchResult[], keyOf: Map<number, string>): string[] {
  return results
    .slice()
    .sort((a, b) => b.score - a.score || a.callId - b.callId)
    .map((r) => keyOf.get(r.callId)!);
}

/** A call as an RSS item's content:encoded or a JSON API's description gives it: its full text as the summary. */
function feedShaped<T extends EvalCall>(call: T): T {
  return call.body === '' ? call : { ...call, summary: call.body, body: '' };
}

/** fundwatch on the same calls, each full text given as the summary (as RSS and JSON sources store it). */
function fundwatchAsFeed(calls: EvalCall[], evalProfiles: EvalProfile[], thesaurus: SynonymTable, judged: Judgments): Map<string, MatchResult[]> {
  const asFeed = calls.map(feedShaped);
  const analysed = asFeed.map(analyseCall);
  return fundwatch(asFeed, analysed, computeStats(analysed), evalProfiles, thesaurus, ALL, judged);
}

function main(): void {
  // `--feed`: every line, and --why, --ranking and --scores, read the calls as a feed gives them (see fundwatchAsFeed).
  const asFeed = process.argv.includes('--feed');
  const calls = (FRESH ? networkCalls() : [...networkCalls(), ...aidesTerritoiresCalls()]).map((call) => (asFeed ? feedShaped(call) : call));
  calls.forEach((call, index) => (call.id = index + 1));
  const keyOf = new Map(calls.map((c) => [c.id, c.key]));
  const evalProfiles = profiles();
  const judged = judgments(calls, evalProfiles);
  // Read as the service reads it: the network's thesaurus and the general vocabulary behind it.
  const thesaurus = projectThesaurus(silentLogger).table;
  const analysed = calls.map(analyseCall);
  const stats = computeStats(analysed);
  const bm25 = fts5(calls);
  const run = (layers: Layers, near?: Map<string, MatchResult[]>) => fundwatch(calls, analysed, stats, evalProfiles, thesaurus, layers, judged, near);
  const near = new Map<string, MatchResult[]>();
  const full = run(ALL, near);
  const ablations: [string, Map<string, MatchResult[]>][] = [
    ['keywords only', run({ thesaurus: false, description: false, expansion: false, feedback: false })],
    ['− thesaurus', run({ ...ALL, thesaurus: false })],
    ['− description', run({ ...ALL, description: false })],
    ['− expansion', run({ ...ALL, expansion: false })],
    ['+ feedback (held-back half)', run({ ...ALL, feedback: true })],
    // An RSS item's content:encoded or a JSON API's description reaches the matcher as the call's summary, not as a
    // page's full text: the same calls, with the Aides-territoires texts where a feed would put them.
    ['text as a feed gives it', fundwatchAsFeed(calls, evalProfiles, thesaurus, judged)],
  ];

  console.log(`fundwatch matcher evaluation: ${calls.length} calls x ${evalProfiles.length} profiles, every pair judged (eval/${SET}/judgments.csv)`);
  console.log(`fundwatch sends what scores at least ${DEFAULT_MIN_SCORE}/100 (the default min_score); FTS5 and the substring baseline send every call their query matches.`);
  console.log('recall and precision count grades 1 and 2 as relevant; recall2 counts grade-2 calls only; overall = mean over profiles (— : none to count).');
  // `npm run eval -- --dev` prints the development split only: what tuning may look at.
  const splits = FRESH6
    ? halves('sixth fresh set', isFresh6Test)
    : FRESH5
    ? halves('fifth fresh set', isFresh5Test)
    : FRESH4
    ? halves('fourth fresh set', isFresh4Test)
    : FRESH3
    ? halves('third fresh set', isFresh3Test)
    : FRESH2
    ? halves('second fresh set', isFresh2Test)
    : FRESH
    ? halves('fresh set', isFreshTest).slice(0, 2)
    : [
        ['development split', (k: string) => !isTest(k)] as const,
        ['test split (never tuned on)', isTest] as const,
      ];
  for (const [name, inSplit] of process.argv.includes('--dev') ? splits.slice(0, 1) : splits) {
    console.log(`\n== ${name}: ${calls.filter((c) => inSplit(c.key)).length} calls ==`);
    console.log(`${pad('profile', 16)}${pad('system', 26)}${'sent'.padStart(6)}${'relevant'.padStart(9)}${'recall'.padStart(9)}${'recall2'.padStart(9)}${'precision'.padStart(9)}${'nDCG@10'.padStart(9)}`);
    const ours: Metrics[] = [];
    const theirs: Metrics[] = [];
    const naive: Metrics[] = [];
    for (const profile of evalProfiles) {
      const grades = judged.get(profile.key)!;
      const m = measure(rankingOf(full.get(profile.key)!, keyOf), grades, inSplit);
      const b = measure(bm25(profile).ranking, grades, inSplit);
      const s = measure(substring(calls, profile).ranking, grades, inSplit);
      ours.push(m);
      theirs.push(b);
      naive.push(s);
      console.log(line(profile.key, 'fundwatch', m));
      console.log(line('', 'FTS5 BM25', b));
      console.log(line('', 'substring', s));
    }
    console.log(line('overall', 'fundwatch', overall(ours)));
    console.log(line('', 'FTS5 BM25', overall(theirs)));
    console.log(line('', 'substring', overall(naive)));
    console.log('ablation (fundwatch with one layer changed):');
    for (const [label, results] of ablations) {
      const list = evalProfiles.map((p) => {
        // The feedback half's own calls were seen by the simulated members: measured on the others only.
        const split = label.startsWith('+ feedback') ? (k: string) => inSplit(k) && (isTest(k) || !isFeedbackHalf(k)) : inSplit;
        return measure(rankingOf(results.get(p.key)!, keyOf), judged.get(p.key)!, split);
      });
      console.log(line('', label, overall(list)));
    }
    secondChanceLines(evalProfiles, full, near, judged, keyOf, inSplit);
    generalFundLines(evalProfiles, full, judged, keyOf, inSplit);
    if (process.argv.includes('--dev') && process.argv.includes('--why')) why(calls, evalProfiles, full, judged, keyOf, inSplit);
    if (process.argv.includes('--dev') && process.argv.includes('--ranking')) ranking(calls, evalProfiles, full, judged, keyOf, inSplit);
    if (process.argv.includes('--dev') && process.argv.includes('--scores')) scores(analysed, stats, evalProfiles, thesaurus, full, judged, keyOf, inSplit);
  }
}

/**
 * « À regarder aussi » measured as the digest shows it: each profile's best SECOND_CHANCES_SHOWN second chances
 * in the split. One line for the block alone (its precision, the relevant calls it adds), one for sent + block.
 */
function secondChanceLines(
  evalProfiles: EvalProfile[],
  full: Map<string, MatchResult[]>,
  near: Map<string, MatchResult[]>,
  judged: Judgments,
  keyOf: Map<number, string>,
  inSplit: (key: string) => boolean,
): void {
  const blocks = evalProfiles.map((p) => rankingOf(near.get(p.key)!, keyOf).filter(inSplit).slice(0, SECOND_CHANCES_SHOWN));
  blockLines(`« À regarder aussi » (at most ${SECOND_CHANCES_SHOWN} per profile)`, '+ « À regarder aussi »', blocks, evalProfiles, full, judged, keyOf, inSplit);
}

/** « N <noun>, M relevant (share) » over per-profile lists of call keys (in evalProfiles' order). */
function relevantAmong(lists: readonly string[][], evalProfiles: EvalProfile[], judged: Judgments, noun: string): string {
  const count = lists.reduce((n, keys) => n + keys.length, 0);
  const good = evalProfiles.reduce((n, p, i) => n + lists[i]!.filter((k) => judged.get(p.key)!.get(k)! > 0).length, 0);
  return `${count} ${noun}, ${good} relevant (${count === 0 ? '—' : (good / count).toFixed(2)})`;
}

/**
 * A digest block measured beside what is sent: `blocks` holds, per profile (in evalProfiles' order), the calls the
 * block shows. One line for the block alone (calls shown, relevant among them), one for sent + block.
 */
function blockLines(
  title: string,
  label: string,
  blocks: readonly string[][],
  evalProfiles: EvalProfile[],
  full: Map<string, MatchResult[]>,
  judged: Judgments,
  keyOf: Map<number, string>,
  inSplit: (key: string) => boolean,
): void {
  console.log(`${title}: ${relevantAmong(blocks, evalProfiles, judged, 'calls shown')}`);
  const withBlock = evalProfiles.map((p, i) => measure([...rankingOf(full.get(p.key)!, keyOf), ...blocks[i]!], judged.get(p.key)!, inSplit));
  console.log(line('', label, overall(withBlock)));
}

/**
 * « Ouverts à toute association » (src/match/general.ts, score.ts generalResult): general funds open to any
 * association are sent to every profile, at its min_score, and shown in their own digest block. One line for those
 * pairs alone (how many, how many relevant), one for what is sent without them.
 */
function generalFundLines(
  evalProfiles: EvalProfile[],
  full: Map<string, MatchResult[]>,
  judged: Judgments,
  keyOf: Map<number, string>,
  inSplit: (key: string) => boolean,
): void {
  const general = evalProfiles.map((p) => full.get(p.key)!.filter((r) => isGeneralMatch(r.explanation)).map((r) => keyOf.get(r.callId)!).filter(inSplit));
  console.log(`« Ouverts à toute association » (general funds, sent at min_score): ${relevantAmong(general, evalProfiles, judged, 'pairs sent')}`);
  const without = evalProfiles.map((p) => measure(rankingOf(full.get(p.key)!.filter((r) => !isGeneralMatch(r.explanation)), keyOf), judged.get(p.key)!, inSplit));
  console.log(line('', '− general funds', overall(without)));
}

/** `--dev --why`: the development split's wrongly sent and missed calls per profile, with the explanation. Never the test split. */
function why(calls: EvalCall[], evalProfiles: EvalProfile[], full: Map<string, MatchResult[]>, judged: Judgments, keyOf: Map<number, string>, inSplit: (key: string) => boolean): void {
  const byKey = new Map(calls.map((c) => [c.key, c]));
  for (const p of evalProfiles) {
    if (!process.argv.includes(p.key) && process.argv.some((a) => evalProfiles.some((q) => q.key === a))) continue;
    const grades = judged.get(p.key)!;
    const sent = full.get(p.key)!.filter((r) => inSplit(keyOf.get(r.callId)!));
    console.log(`\n-- ${p.key}: sent but judged 0`);
    for (const r of sent.filter((r) => grades.get(keyOf.get(r.callId)!) === 0)) console.log(`  ${r.score.toFixed(1)} ${byKey.get(keyOf.get(r.callId)!)!.title.slice(0, 90)} | ${JSON.stringify(r.explanation)}`);
    console.log(`-- ${p.key}: judged relevant, not sent`);
    const sentKeys = new Set(sent.map((r) => keyOf.get(r.callId)!));
    for (const [key, g] of grades) if (inSplit(key) && g > 0 && !sentKeys.has(key)) console.log(`  g${g} ${byKey.get(key)!.title.slice(0, 110)}`);
  }
}

/** `--dev --ranking`: each profile's top of the development split as sent, grade beside score. Never the test split. */
function ranking(calls: EvalCall[], evalProfiles: EvalProfile[], full: Map<string, MatchResult[]>, judged: Judgments, keyOf: Map<number, string>, inSplit: (key: string) => boolean): void {
  const byKey = new Map(calls.map((c) => [c.key, c]));
  for (const p of evalProfiles) {
    if (!process.argv.includes(p.key) && process.argv.some((a) => evalProfiles.some((q) => q.key === a))) continue;
    const grades = judged.get(p.key)!;
    console.log(`\n-- ${p.key}: ranking (grade, score, title, terms)`);
    const sent = full.get(p.key)!.filter((r) => inSplit(keyOf.get(r.callId)!)).sort((a, b) => b.score - a.score || a.callId - b.callId);
    for (const r of sent.slice(0, 15)) {
      const key = keyOf.get(r.callId)!;
      const terms = r.explanation.map((e) => `${e.term}@${e.field}${e.via ? `<${e.via}` : ''}${e.relation ? `(${e.relation})` : ''}${e.source ? `[${e.source}]` : ''}`).join('; ');
      console.log(`  g${grades.get(key)} ${r.score.toFixed(1).padStart(5)} ${byKey.get(key)!.title.slice(0, 70).padEnd(70)} | ${terms}`);
    }
  }
}

/**
 * `--dev --scores`: per profile, every development call that is judged relevant, sent, or has any evidence at all,
 * best first, with how its score is made: each term's winning form, its counts (title/summary/body, and in the
 * summary's opening), rarity and value, and whether the call is about the profile (S: SUBJECT_BOOST) or addressed to councils only (C: COUNCILS_FACTOR). The score shown
 * ignores min_score and sendability, so that calls under the cut can be read too. Never the test split.
 */
function scores(
  analysed: AnalysedCall[],
  stats: CorpusStats,
  evalProfiles: EvalProfile[],
  thesaurus: SynonymTable,
  full: Map<string, MatchResult[]>,
  judged: Judgments,
  keyOf: Map<number, string>,
  inSplit: (key: string) => boolean,
): void {
  // The expansion words each profile gets in the run measured above.
  const run = matchWithExpansion(analysed, evalProfiles.map((p) => compileProfile(p, thesaurus)), stats, '0000-00-00', undefined, Infinity);
  for (const p of evalProfiles) {
    if (!process.argv.includes(p.key) && process.argv.some((a) => evalProfiles.some((q) => q.key === a))) continue;
    const words = run.expansions.get(p.id)?.words ?? [];
    const compiled = compileProfile(p, thesaurus, { expansion: words });
    const sent = new Map(full.get(p.key)!.map((r) => [keyOf.get(r.callId)!, r.score]));
    const grades = judged.get(p.key)!;
    console.log(`\n-- ${p.key}: scores (grade, sent score or -, score before the cut, subject, title, terms: form t/s/b o=opening idf value); expansion: ${words.join(', ') || 'none'}`);
    const lines: { score: number; text: string }[] = [];
    for (const a of analysed) {
      const key = keyOf.get(a.call.id)!;
      if (!inSplit(key)) continue;
      const lengths = [a.fields[0].length, a.fields[1].length, a.fields[2].length];
      let evidence = 0;
      let subject = false;
      const parts: string[] = [];
      for (const term of compiled.terms) {
        let best: { value: number; text: string } | null = null;
        for (const alt of term.alternatives) {
          const counts = fieldCounts(alt, a.fields);
          if (counts[0] + counts[1] + counts[2] === 0) continue;
          const idf = alternativeIdf(alt, stats);
          if (notDistinctive(term.source, idf)) continue;
          const opening = counts[1] > 0 ? Math.min(counts[1], openingCount(alt, a.fields[1], a.fields[0])) : 0;
          if (isSubject(alt, counts[0], opening)) subject = true;
          const value = alternativeValue(term.weight, alt, idf, saturatedFrequency(counts, lengths, stats, opening));
          const form = `${term.text}${alt.via ? `<${alt.via}` : ''}${alt.relation !== 'self' ? `(${alt.relation})` : ''}${term.source !== 'keyword' ? `[${term.source}]` : ''}`;
          if (best === null || value > best.value) best = { value, text: `${form} ${counts.join('/')} o=${opening} idf ${idf.toFixed(2)} ${value.toFixed(2)}` };
        }
        if (best === null) continue;
        evidence += best.value;
        parts.push(best.text);
      }
      const grade = grades.get(key)!;
      if (parts.length === 0 && grade === 0) continue;
      const score = toScale(subjectEvidence(evidence, subject, a.councils));
      const shown = sent.has(key) ? sent.get(key)!.toFixed(1) : '-';
      lines.push({ score, text: `  g${grade} ${shown.padStart(5)} ${score.toFixed(1).padStart(5)} ${subject ? 'S' : ' '}${a.councils ? 'C' : ' '} ${key} ${a.call.title.slice(0, 60).padEnd(60)} | ${parts.join('; ')}` });
    }
    for (const line of lines.sort((x, y) => y.score - x.score)) console.log(line.text);
  }
}

main();
