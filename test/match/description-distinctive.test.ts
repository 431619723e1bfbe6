// The description counts by its distinctive terms only (issue 15): a word common in the corpus adds nothing.
import { expect, it } from 'vitest';
import { matchWithIndex } from '../../src/match/run.js';
import { analyseCall, compileProfile, computeStats, EXPLANATION_MAX, scoreAnalysed } from '../../src/match/score.js';
import { call, filler, profile } from './helpers.js';

/** A « fablab » profile (min_score 0) scored on `target` among 40 unrelated calls, with or without a description. */
function fablabProfileOn(target: ReturnType<typeof call>) {
  const analysed = [target, ...filler(40)].map(analyseCall);
  const stats = computeStats(analysed);
  const base = profile({ keywords: ['fablab'], minScore: 0 });
  const compiled = (description?: string) => compileProfile(description === undefined ? base : { ...base, description });
  const score = (p: ReturnType<typeof compileProfile>) => scoreAnalysed(analysed[0]!, p, stats, '2026-01-01')!;
  return { analysed, stats, compiled, score };
}

it('a description word found in most calls neither scores nor shows in the explanation; a rare one does', () => {
  const target = call({ title: 'Fablab de quartier', summary: 'Appel à projets pour les associations et les collectivités du territoire, avec imprimantes.' });
  const { analysed, stats, compiled, score } = fablabProfileOn(target);
  const plain = compiled();
  const common = compiled('Nous travaillons avec les collectivités.');
  const rare = compiled('Nous prêtons des imprimantes.');
  expect(score(common).score).toBe(score(plain).score);
  expect(score(common).explanation.map((e) => e.term)).toEqual(['fablab']);
  expect(score(rare).score).toBeGreaterThan(score(plain).score);
  expect(score(rare).explanation.some((e) => e.source === 'description')).toBe(true);
  // The indexed matcher agrees.
  expect(matchWithIndex(analysed, [common], stats, '2026-01-01').find((r) => r.callId === target.id)!.score).toBe(score(plain).score);
});

it('an explanation keeps its EXPLANATION_MAX strongest entries; terms keeps every matched term', () => {
  const words = ['fablab', 'imprimante', 'découpe', 'laser', 'couture', 'robotique', 'soudure', 'électronique'];
  const target = call({ title: words.join(' ') });
  const analysed = [target, ...filler(30)].map(analyseCall);
  const result = scoreAnalysed(analysed[0]!, compileProfile(profile({ keywords: words, minScore: 0 })), computeStats(analysed), '2026-01-01')!;
  expect(result.terms).toHaveLength(words.length);
  expect(result.explanation).toHaveLength(EXPLANATION_MAX);
  expect(result.explanation.map((e) => e.term)).toEqual(result.terms.slice(0, EXPLANATION_MAX));
});

it('the member’s funding prose (« on cherche à financer », « subvention ») is no term of their project, however rare in calls', () => {
  const { compiled, score } = fablabProfileOn(call({ title: 'Fablab de quartier', summary: 'Subvention pour financer un fablab associatif.' }));
  const withProse = compiled('On cherche une subvention pour financer le fablab.');
  expect(withProse.terms.map((t) => t.text)).toEqual(['fablab']);
  expect(score(withProse).score).toBe(score(compiled()).score);
});

it('how the member says when, where and how they work (« avant », « en ligne », « groupes ») is no term of their project', () => {
  // « Entre les lignes » was reached through « en ligne » in a description about something else.
  const target = call({ title: 'Appel à projets « Entre les lignes » : fablab de quartier', summary: 'Le temps d’un atelier, avant l’été.' });
  const { compiled, score } = fablabProfileOn(target);
  const withManner = compiled('Avant chaque séance, nous organisons des groupes en ligne ; à temps partiel, au titre du bénévolat.');
  const terms = withManner.terms.map((t) => t.text);
  for (const word of ['avant', 'ligne', 'groupes', 'temps', 'titre', 'organisons']) expect(terms).not.toContain(word);
  expect(terms).toEqual(expect.arrayContaining(['séance', 'partiel', 'bénévolat']));
  expect(score(withManner).explanation.map((e) => e.term)).toEqual(['fablab']);
});
