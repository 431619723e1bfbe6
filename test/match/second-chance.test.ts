// « À regarder aussi » (issue 15): which calls under min_score the matcher offers apart. Pure scoring.
import { describe, expect, it } from 'vitest';
import { describeExplanation } from '../../src/match/explain.js';
import { matchWithIndex } from '../../src/match/run.js';
import { analyseCall, compileProfile, computeStats, DESCRIPTION_QUORUM, isSecondChance, SECOND_CHANCES_PER_PROFILE, type MatchableCall, type MatchResult } from '../../src/match/score.js';
import { parseSynonymsText } from '../../src/match/synonyms.js';
import { call, filler, profile } from './helpers.js';

const THESAURUS = parseSynonymsText(
  [
    'concepts:',
    '  - concept: inclusion numérique',
    '    equivalents: [médiation numérique]',
    '    plus_precis: [atelier numérique, aide aux démarches en ligne, initiation au numérique, conseiller numérique]',
    '    voisins: [fracture numérique]',
  ].join('\n'),
  't.yaml',
).table;

const TODAY = '2026-01-01';
const MIN = 50;
/** A summary's opening that names no profile term: what follows weighs as the summary, not as its « objet ». */
const OPENING = 'Programme régional ouvert aux habitants, familles et associations des quartiers, bourgs et villages : ';
const LONG = 'Le dossier comprend une présentation de la structure, un budget prévisionnel et un calendrier de réalisation. '.repeat(12);

function run(calls: MatchableCall[], keywords: string[], extra: { description?: string; minScore: number }) {
  const analysed = calls.map(analyseCall);
  const stats = computeStats(analysed);
  const compiled = compileProfile({ ...profile({ keywords, minScore: extra.minScore }), description: extra.description }, THESAURUS);
  const near: MatchResult[] = [];
  const matches = matchWithIndex(analysed, [compiled], stats, TODAY, Infinity, new Map(), near);
  // Without the argument, nothing changes in what the matcher sends.
  expect(matchWithIndex(analysed, [compiled], stats, TODAY)).toEqual(matches);
  return { matches, near, scoreOf: (id: number) => matchWithIndex(analysed, [{ ...compiled, minScore: 0 }], stats, TODAY).find((r) => r.callId === id)?.score };
}

describe('second chances', () => {
  it('the rule: under min_score, not far under, and vouched for by the thesaurus or the description quorum', () => {
    expect(isSecondChance(25, 30, true, 0)).toBe(true);
    expect(isSecondChance(18, 30, true, 0)).toBe(true);
    expect(isSecondChance(17.9, 30, true, 0)).toBe(false);
    expect(isSecondChance(30, 30, true, 0)).toBe(false);
    expect(isSecondChance(25, 30, false, DESCRIPTION_QUORUM - 1)).toBe(false);
    expect(isSecondChance(25, 30, false, DESCRIPTION_QUORUM)).toBe(true);
  });

  it('offers a call under min_score that a narrower term brought, explained; never one the keyword alone brought', () => {
    const narrower = call({ title: 'Programme régional', summary: `${OPENING}des ateliers numériques.`, body: LONG });
    const keywordOnly = call({ title: 'Programme régional', summary: `${OPENING}inclusion numérique.`, body: LONG });
    const relatedOnly = call({ title: 'Programme régional', summary: `${OPENING}réduire la fracture numérique.`, body: LONG });
    const { matches, near, scoreOf } = run([narrower, keywordOnly, relatedOnly, ...filler(40)], ['inclusion numérique'], { minScore: 40 });
    expect(matches).toEqual([]);
    // All three are under min_score; only the thesaurus's narrower term vouches for one.
    expect(scoreOf(narrower.id)).toBeGreaterThanOrEqual(0.6 * 40);
    expect(scoreOf(keywordOnly.id)).toBeGreaterThan(scoreOf(narrower.id)!);
    expect(scoreOf(keywordOnly.id)).toBeLessThan(40);
    expect(near.map((r) => r.callId)).toEqual([narrower.id]);
    expect(near[0]!.explanation[0]).toMatchObject({ via: 'atelier numérique', relation: 'narrower', of: 'inclusion numérique' });
    expect(describeExplanation(near[0]!.explanation)).toBe('Correspond à vos termes\u00a0: via «\u00a0atelier numérique\u00a0», terme plus précis de «\u00a0inclusion numérique\u00a0» (résumé).');
  });

  it('asks the thesaurus term to be in the title or summary: in the full text only, it vouches for nothing', () => {
    const text = 'Des ateliers numériques sur le territoire.';
    const inSummary = call({ title: 'Programme régional', summary: `${OPENING}${text}`, body: LONG });
    const inBody = call({ title: 'Programme régional', summary: 'Aide aux associations.', body: `${text} Le dossier précise les critères.` });
    const { near, scoreOf } = run([inSummary, inBody, ...filler(40)], ['inclusion numérique', 'territoire'], { minScore: 50 });
    // Both are under min_score and above its 0.6; only the one naming the workshops in its summary is offered.
    for (const c of [inSummary, inBody]) expect(scoreOf(c.id)! >= 30 && scoreOf(c.id)! < 50, String([scoreOf(inSummary.id), scoreOf(inBody.id)])).toBe(true);
    expect(near.map((r) => r.callId)).toEqual([inSummary.id]);
  });

  it('leaves out calls far under min_score, and calls that are matches', () => {
    const weak = call({ title: 'Programme régional', summary: `${LONG} Un atelier numérique est possible. ${LONG}` });
    const strong = call({ title: 'Inclusion numérique', summary: 'Inclusion numérique et ateliers numériques.' });
    const { matches, near, scoreOf } = run([weak, strong, ...filler(40)], ['inclusion numérique'], { minScore: MIN });
    // Deep in a long summary (past SUMMARY_TOKENS, read as a body), a lone narrower term scores nothing at all.
    expect(scoreOf(weak.id) ?? 0).toBeLessThan(0.6 * MIN);
    expect(matches.map((r) => r.callId)).toEqual([strong.id]);
    expect(near).toEqual([]);
  });

  it('offers at most SECOND_CHANCES_PER_PROFILE calls, the best first', () => {
    const phrasings = ['ateliers numériques', 'aide aux démarches en ligne', 'initiation au numérique', 'conseiller numérique'];
    const calls = Array.from({ length: SECOND_CHANCES_PER_PROFILE + 3 }, (_, i) =>
      call({ title: `${phrasings[i % 4]} : programme ${i}`, body: LONG }),
    );
    const { near, scoreOf } = run([...calls, ...filler(40)], ['inclusion numérique'], { minScore: MIN });
    const eligible = calls.filter((c) => scoreOf(c.id)! >= 0.6 * MIN && scoreOf(c.id)! < MIN);
    expect(eligible.length).toBeGreaterThan(SECOND_CHANCES_PER_PROFILE);
    expect(near).toHaveLength(SECOND_CHANCES_PER_PROFILE);
    const scores = near.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('offers a call that several rare words of the description agree on, under min_score', () => {
    const laptops = call({ title: 'Ordinateurs portables sous Linux pour les étudiants boursiers', body: LONG });
    const description = 'Nous réparons des ordinateurs portables donnés, installés sous Linux, pour les étudiants boursiers.';
    const { matches, near } = run([laptops, ...filler(40)], ['réemploi'], { minScore: MIN, description });
    expect(matches).toEqual([]);
    expect(near.map((r) => r.callId)).toEqual([laptops.id]);
    expect(near[0]!.explanation.every((e) => e.source === 'description')).toBe(true);
  });
});
