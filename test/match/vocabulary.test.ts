// The general vocabulary behind the network's thesaurus (vocabulary/eurovoc-fr.json): EuroVoc's French equivalents,
// consulted only for a keyword synonyms.yaml does not know, even through its parts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, createProfile } from '../../src/members/store.js';
import { matchAll, resetSynonymsCache, VOCABULARY_FILE } from '../../src/match/run.js';
import { listProfileMatches } from '../../src/match/store.js';
import { describeExplanation } from '../../src/match/explain.js';
import { analyseCall, compileProfile, computeStats, DEFAULT_MIN_SCORE, scoreAnalysed } from '../../src/match/score.js';
import { parseSynonymsText, readVocabularyFile, vocabularyEquivalents, type SynonymTable } from '../../src/match/synonyms.js';
import { analyse } from '../../src/match/analyse.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { call, filler, profile } from './helpers.js';
import { insertCall } from './insert-calls.js';

const TODAY = '2026-01-01';

describe('the general vocabulary, pure', () => {
  const network = parseSynonymsText(['concepts:', '  - concept: inclusion numérique', '    equivalents: [médiation numérique]'].join('\n'), 'n.yaml').table;
  // The vocabulary knows « inclusion numérique » too, by another equivalent than the network's: it must not be read.
  const vocabulary = { concepts: [['établissement pénitentiaire', 'prison', "maison d'arrêt"], ['inclusion numérique', 'e-inclusion']], byTokens: new Map<string, number[]>() };
  vocabulary.concepts.forEach((texts, i) => texts.forEach((t) => vocabulary.byTokens.set(analyse(t).join(' '), [i])));
  const table: SynonymTable = { ...network, fallback: vocabulary };
  const calls = [call({ title: 'Ateliers en établissement pénitentiaire' }), call({ title: 'Soutien à la médiation numérique' }), ...filler(30)];
  const analysed = calls.map(analyseCall);
  const stats = computeStats(analysed);
  const score = (keywords: string[], i: number, t: SynonymTable = table) => scoreAnalysed(analysed[i]!, compileProfile(profile({ keywords }), t), stats, TODAY);

  it('gives a keyword the network does not know its equivalents, and says via which', () => {
    expect(score(['prison'], 0, network)).toBeNull();
    const found = score(['prison'], 0)!;
    expect(found.score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    expect(describeExplanation(found.explanation).replace(/\u00a0/g, ' ')).toBe('Correspond à « prison » via « établissement pénitentiaire » (titre).');
  });

  it('is never read for a keyword the network knows: its thesaurus says what the member meant', () => {
    expect(vocabularyEquivalents(vocabulary, analyse('inclusion numérique')).map((e) => e.text)).toEqual(['e-inclusion']);
    // « médiation numérique » is the network's equivalent of « inclusion numérique »; the vocabulary's « e-inclusion »
    // is not looked for on its behalf.
    expect(compileProfile(profile({ keywords: ['inclusion numérique'] }), table).terms[0]!.alternatives.map((a) => a.via)).toEqual([null, 'médiation numérique']);
  });
});

describe('the shipped vocabulary', () => {
  it('loads, and gives « prison » the words funders use for it', () => {
    const { vocabulary } = readVocabularyFile(VOCABULARY_FILE);
    expect(vocabulary.concepts.length).toBeGreaterThan(3000);
    expect(vocabularyEquivalents(vocabulary, analyse('prison')).map((e) => e.text)).toEqual(expect.arrayContaining(['établissement pénitentiaire', "maison d'arrêt"]));
  });
});

describe('through the database', () => {
  let ctx: TestContext;
  beforeEach(() => {
    resetSynonymsCache();
    ctx = createTestContext();
  });
  afterEach(() => ctx.cleanup());

  it('a member who wrote « prison » gets a call written for « maisons d’arrêt », and not without the vocabulary', () => {
    const member = createMember(ctx.db, { email: 'a@example.org' });
    const p = createProfile(ctx.db, member.id, { name: 'Ateliers en détention', keywords: ['prison'] }, new Date('2026-03-02T09:00:00Z'));
    const target = insertCall(ctx.db, { title: 'Appel à projets : ateliers culturels en maison d’arrêt', summary: 'Pour les personnes placées sous main de justice.' });
    for (let i = 0; i < 20; i++) insertCall(ctx.db, { title: `Rénovation de la voirie communale ${i}`, summary: 'Travaux de chaussée et de trottoirs.' });
    matchAll(ctx, new Date('2026-03-02T09:00:00Z'));
    const matches = listProfileMatches(ctx.db, p.id);
    expect(matches.map((m) => m.callId)).toEqual([target]);
    expect(matches[0]!.explanation[0]).toMatchObject({ term: 'prison', via: "maison d'arrêt" });
    // The same words, scored without the vocabulary, find nothing: the keyword is not in the call.
    const analysed = [call({ title: 'Appel à projets : ateliers culturels en maison d’arrêt' }), ...filler(20)].map(analyseCall);
    expect(scoreAnalysed(analysed[0]!, compileProfile(profile({ keywords: ['prison'], minScore: 0 })), computeStats(analysed), TODAY)).toBeNull();
  });
});
