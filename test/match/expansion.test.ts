// Expansion from the corpus (issue 15): the words a profile's strongest matches share join it at a low weight, shown
// « élargi »; they never send a call by themselves, and recomputing them over an unchanged corpus changes nothing.
import { describe, expect, it } from 'vitest';
import { describeExplanation } from '../../src/match/explain.js';
import { EXPANSION_DOCS } from '../../src/match/expand.js';
import { appliedWords } from '../../src/match/expansion-pass.js';
import { matchWithExpansion } from '../../src/match/run.js';
import { analyseCall, compileProfile, computeStats, scoreAnalysed, type MatchableCall } from '../../src/match/score.js';
import { call, filler, profile } from './helpers.js';

const TODAY = '2026-01-01';

/** Six calls on « médiation numérique » that all speak of tablets for seniors, and calls around them. */
function corpus(): { calls: MatchableCall[]; strong: MatchableCall[]; tabletsOnly: MatchableCall; weak: MatchableCall } {
  const strong = [1, 2, 3, 4, 5, 6].map((i) => call({ title: `Médiation numérique en territoire ${i}`, summary: 'Ateliers sur tablettes tactiles pour les seniors.' }));
  const tabletsOnly = call({ title: 'Tablettes tactiles pour les seniors', summary: 'Équipement des clubs du troisième âge.' });
  // The keyword once in a long summary: under min_score alone, over it with the tablets beside it.
  const weak = call({
    title: 'Équipement des maisons de quartier',
    summary: `Prêt de tablettes tactiles aux seniors. ${'Les communes et les associations du territoire peuvent présenter leur projet. '.repeat(2)} Une médiation numérique est possible.`,
  });
  return { calls: [...strong, tabletsOnly, weak, ...filler(60)], strong, tabletsOnly, weak };
}

describe('expansion', () => {
  it('takes its words from the strongest matches on the profile’s own terms, as the calls write them', () => {
    const { calls, strong } = corpus();
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const compiled = compileProfile(profile({ keywords: ['médiation numérique'], minScore: 30 }));
    const run = matchWithExpansion(analysed, [compiled], stats, TODAY);
    const expansion = run.expansions.get(compiled.id)!;
    expect(expansion.strongest.map((s) => s.callId).sort((a, b) => a - b)).toEqual(strong.map((c) => c.id));
    expect(expansion.words).toEqual(expect.arrayContaining(['tablettes', 'tactiles']));
    // Stems never reach the member: every word is a word of the calls.
    for (const word of expansion.words) expect(calls.some((c) => `${c.title} ${c.summary}`.toLowerCase().includes(word))).toBe(true);
    expect(run.rescored).toBe(1);
  });

  it('never sends a call by itself, even at min_score 0, and the indexed and naive matchers agree', () => {
    const { calls, tabletsOnly } = corpus();
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const definition = profile({ keywords: ['médiation numérique'], minScore: 0 });
    const run = matchWithExpansion(analysed, [compileProfile(definition)], stats, TODAY);
    const words = run.expansions.get(definition.id)!.words;
    expect(words.length).toBeGreaterThan(0);
    expect(run.results.some((r) => r.callId === tabletsOnly.id)).toBe(false);
    const widened = compileProfile(definition, undefined, { expansion: words });
    expect(scoreAnalysed(analysed.find((a) => a.call.id === tabletsOnly.id)!, widened, stats, TODAY)).toBeNull();
    const naive = analysed.flatMap((a) => scoreAnalysed(a, widened, stats, TODAY) ?? []);
    expect(run.results.map((r) => [r.callId, r.score, r.terms])).toEqual(naive.map((r) => [r.callId, r.score, r.terms]));
  });

  it('lifts a call the keyword already found, and the explanation says « élargi » in French typography', () => {
    const { calls, weak } = corpus();
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const definition = profile({ keywords: ['médiation numérique'], minScore: 30 });
    const plain = matchWithExpansion(analysed, [compileProfile(definition, undefined, { expansion: [] })], stats, TODAY, undefined, Infinity);
    const own = scoreAnalysed(analysed.find((a) => a.call.id === weak.id)!, compileProfile({ ...definition, minScore: 0 }), stats, TODAY)!;
    expect(own.score).toBeLessThan(30);
    const result = plain.results.find((r) => r.callId === weak.id)!;
    expect(result, 'sent with its expansion words').toBeDefined();
    expect(result.score).toBeGreaterThanOrEqual(30);
    const why = describeExplanation(result.explanation);
    expect(why).toMatch(/«\u00a0tablettes\u00a0», terme élargi d’après vos meilleurs appels \(résumé\)/);
    expect(result.explanation.find((e) => e.term === 'tablettes')!.source).toBe('expansion');
  });

  it('reads an article given as the summary (a feed’s whole text) as a page: its title only, not the start of its text', () => {
    // The same six strong calls, each summary now the funder's whole announcement as an RSS item's content:encoded
    // gives it: it opens on who funds (« agence départementale ») before the rest of the article.
    const article = (i: number): string =>
      `L’agence départementale Initiatives soutient les ateliers sur tablettes tactiles pour les seniors. ${'Calendrier, pièces du dossier, modalités de versement et contacts utiles pour chaque porteur intéressé. '.repeat(6)}Édition ${i}.`;
    const strong = [1, 2, 3, 4, 5, 6].map((i) => call({ title: `Médiation numérique en territoire ${i}`, summary: article(i) }));
    const calls = [...strong, ...filler(60)];
    const analysed = calls.map(analyseCall);
    expect(analysed.slice(0, 6).every((a) => a.article)).toBe(true);
    const stats = computeStats(analysed);
    const compiled = compileProfile(profile({ keywords: ['médiation numérique'], minScore: 30 }));
    const run = matchWithExpansion(analysed, [compiled], stats, TODAY);
    const expansion = run.expansions.get(compiled.id)!;
    expect(expansion.strongest).toHaveLength(6);
    for (const word of ['agence', 'départementale', 'initiatives', 'tablettes']) expect(expansion.words).not.toContain(word);
    // The same text as a standfirst is read: what a summary of two sentences says is what the call is about.
    const short = [1, 2, 3, 4, 5, 6].map((i) => call({ title: `Médiation numérique en territoire ${i}`, summary: 'Ateliers sur tablettes tactiles pour les seniors.' }));
    const shortAnalysed = [...short, ...filler(60)].map(analyseCall);
    const shortRun = matchWithExpansion(shortAnalysed, [compiled], computeStats(shortAnalysed), TODAY);
    expect(shortRun.expansions.get(compiled.id)!.words).toContain('tablettes');
  });

  it('never widens a profile with the amount and closing words every call writes', () => {
    // Seen in a member's digest: « maximum » and « clôture », terms « élargi d’après vos meilleurs appels ».
    const terms = 'Ateliers sur tablettes tactiles pour les seniors. Montant maximum : 5 000 €, plafond par projet. Clôture le 15 mars.';
    const strong = [1, 2, 3, 4, 5, 6].map((i) => call({ title: `Médiation numérique en territoire ${i}`, summary: terms }));
    const analysed = [...strong, ...filler(60)].map(analyseCall);
    const compiled = compileProfile(profile({ keywords: ['médiation numérique'], minScore: 30 }));
    const words = matchWithExpansion(analysed, [compiled], computeStats(analysed), TODAY).expansions.get(compiled.id)!.words;
    expect(words).toContain('tablettes');
    for (const word of ['maximum', 'plafond', 'clôture', 'montant']) expect(words).not.toContain(word);
  });

  it('finds the same words again over the same corpus: nothing is rescored, no score moves', () => {
    const { calls } = corpus();
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const definition = profile({ keywords: ['médiation numérique'], minScore: 20 });
    const first = matchWithExpansion(analysed, [compileProfile(definition)], stats, TODAY);
    const words = first.expansions.get(definition.id)!.words;
    const compiled = compileProfile(definition, undefined, { expansion: words });
    expect(appliedWords(compiled)).toEqual(words);
    const second = matchWithExpansion(analysed, [compiled], stats, TODAY);
    expect(second.rescored).toBe(0);
    expect(second.expansions.get(definition.id)!.words).toEqual(words);
    expect(second.results).toEqual(first.results);
  });
});
