// The matcher's layers (issue 15): typed thesaurus, description, expansion, « Pas pertinent » weights. Pure scoring,
// through the naive scorer and the indexed matcher alike.
import { describe, expect, it } from 'vitest';
import { describeExplanation, parseExplanation } from '../../src/match/explain.js';
import { expansionWords, headOf, profileTokens } from '../../src/match/expand.js';
import { matchWithIndex } from '../../src/match/run.js';
import { analyseCall, compileProfile, computeStats, DEFAULT_MIN_SCORE, scoreAnalysed, type MatchableCall } from '../../src/match/score.js';
import { parseSynonymsText } from '../../src/match/synonyms.js';
import { call, filler, profile } from './helpers.js';

const THESAURUS = parseSynonymsText(
  [
    'concepts:',
    '  - concept: inclusion numérique',
    '    equivalents: [médiation numérique]',
    '    plus_precis: [atelier numérique]',
    '    voisins: [fracture numérique]',
    '  - concept: jeunesse',
    '    equivalents: [jeunes]',
    '    sauf: [jeunes agriculteurs, jeunes enfants]',
  ].join('\n'),
  't.yaml',
).table;

const TODAY = '2026-01-01';

function scored(calls: MatchableCall[], keywords: string[], extra: { description?: string; minScore?: number } = {}) {
  const analysed = calls.map(analyseCall);
  const stats = computeStats(analysed);
  const compiled = compileProfile({ ...profile({ keywords, minScore: extra.minScore ?? 0 }), description: extra.description }, THESAURUS);
  const naive = analysed.map((a) => scoreAnalysed(a, compiled, stats, TODAY));
  const indexed = matchWithIndex(analysed, [compiled], stats, TODAY);
  // Both scorers must agree on every call.
  expect(indexed.map((r) => r.callId)).toEqual(naive.filter((r) => r !== null).map((r) => r!.callId));
  return naive;
}

describe('common keywords', () => {
  // A corpus where « jeunes » is in a third of the calls, as in funders' eligibility sentences.
  const corpus = (extra: MatchableCall[]) => [
    ...extra,
    ...filler(20, 'Les associations et les jeunes du territoire peuvent candidater à cet appel à projets.'),
    ...filler(40),
  ];
  // « jeunes » past the summary's opening (its first eight analysed words).
  const summary = 'Création d’une salle de spectacle et de résidences d’artistes pour la musique actuelle en milieu rural. Le projet peut associer les jeunes du quartier.';

  it('met in passing, a keyword common in calls does not send a call by itself', () => {
    const calls = corpus([call({ title: 'Lieux de musique', summary })]);
    const [passing] = scored(calls, ['jeunes', 'radio associative']);
    expect(passing).toBeNull();
  });

  it('sends as before when it names the call’s subject, or beside another keyword, and a rare keyword still sends alone', () => {
    const calls = corpus([
      call({ title: 'Fonds pour les jeunes du quartier', summary }),
      call({ title: 'Lieux de musique', summary: `${summary} Une radio associative peut s’y installer.` }),
      call({ title: 'Lieux de musique', summary: summary.replace('les jeunes du quartier', 'une radio associative') }),
    ]);
    const [inTitle, besideAnother, rareAlone] = scored(calls, ['jeunes', 'radio associative']);
    expect(inTitle!.explanation[0]).toEqual({ term: 'jeunes', field: 'title' });
    expect(besideAnother!.terms).toEqual(expect.arrayContaining(['jeunes', 'radio associative']));
    expect(rareAlone!.terms).toEqual(['radio associative']);
  });
});

describe('one word of the member met in passing', () => {
  // « réseau » past the summary's opening (its first eight analysed words), as funders write it of something else.
  const summary = 'Création d’une salle de spectacle et de résidences d’artistes pour la musique actuelle en milieu rural. Le projet peut s’appuyer sur un réseau de partenaires.';
  const description = 'Nous animons des ateliers de programmation pour les collégiennes pendant les vacances scolaires.';
  const keywords = ['réseau', 'robotique éducative'];

  it('with a description, does not send a call by itself; without one, the keyword is all we know and it sends', () => {
    const calls = [call({ title: 'Lieux de musique', summary }), ...filler(40)];
    expect(scored(calls, keywords, { description })[0]).toBeNull();
    expect(scored(calls, keywords)[0]!.terms).toEqual(['réseau']);
  });

  it('sends beside a second keyword or a word of the description, as a phrase alone, or in the title', () => {
    const calls = [
      call({ title: 'Lieux de musique', summary: `${summary} La robotique éducative y a sa place.` }),
      call({ title: 'Lieux de musique', summary: `${summary} Les collégiennes y sont accueillies.` }),
      call({ title: 'Lieux de musique', summary: summary.replace('un réseau de partenaires', 'la robotique éducative') }),
      call({ title: 'Tête de réseau culturelle', summary: summary.replace(' sur un réseau de partenaires', ' sur des partenaires') }),
      ...filler(40),
    ];
    const [besideKeyword, besideDescription, phraseAlone, inTitle] = scored(calls, keywords, { description });
    expect(besideKeyword!.terms).toEqual(expect.arrayContaining(['réseau', 'robotique éducative']));
    expect(besideDescription!.explanation.map((e) => e.source ?? 'keyword')).toEqual(expect.arrayContaining(['keyword', 'description']));
    expect(phraseAlone!.terms).toEqual(['robotique éducative']);
    expect(inTitle!.explanation[0]).toEqual({ term: 'réseau', field: 'title' });
  });
});

describe('typed thesaurus', () => {
  it('a form one keyword names as a neighbour and a later one as an equivalent counts as the later keyword’s equivalent', () => {
    const thesaurus = parseSynonymsText(
      [
        'concepts:',
        '  - concept: inclusion numérique',
        '    voisins: [e-administration]',
        '  - concept: démarches administratives',
        '    equivalents: [e-administration]',
      ].join('\n'),
      't.yaml',
    ).table;
    const calls = [call({ title: 'Appel à projets e-administration' }), ...filler(30)];
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const scoreWith = (keywords: string[]) =>
      scoreAnalysed(analysed[0]!, compileProfile(profile({ keywords, minScore: 0 }), thesaurus), stats, TODAY);
    // Alone, the first keyword sees only a neighbour: never enough to send.
    expect(scoreWith(['inclusion numérique'])).toBeNull();
    // Adding the keyword for which the form is an equivalent sends the call, in that keyword's name.
    const both = scoreWith(['inclusion numérique', 'démarches administratives']);
    expect(both!.explanation).toEqual([{ term: 'démarches administratives', field: 'title', via: 'e-administration' }]);
    expect(both!.score).toBe(scoreWith(['démarches administratives'])!.score);
  });

  it('a narrower term matches with less weight than an equivalent, which weighs less than the term itself, and says so', () => {
    const calls = [
      call({ title: 'Soutien à l’inclusion numérique' }),
      call({ title: 'Soutien à la médiation numérique' }),
      call({ title: 'Soutien aux ateliers numériques' }),
      ...filler(30),
    ];
    const [own, equivalent, narrower] = scored(calls, ['inclusion numérique']);
    expect(own!.score).toBeGreaterThan(equivalent!.score);
    expect(equivalent!.score).toBeGreaterThan(narrower!.score);
    expect(narrower!.score).toBeGreaterThan(0);
    expect(narrower!.explanation).toEqual([{ term: 'inclusion numérique', field: 'title', via: 'atelier numérique', relation: 'narrower', of: 'inclusion numérique' }]);
    expect(describeExplanation(narrower!.explanation).replace(/\u00a0/g, ' ')).toBe('Correspond à vos termes : via « atelier numérique », terme plus précis de « inclusion numérique » (titre).');
  });

  it('an equivalent counts nine tenths of the term: the funder’s word for the concept is the concept', () => {
    const calls = [call({ title: 'Soutien à l’inclusion numérique' }), call({ title: 'Soutien à la médiation numérique' }), ...filler(30)];
    const [own, equivalent] = scored(calls, ['inclusion numérique']);
    // Evidence behind each score (the 0-100 scale inverted): the forms are as rare and the titles as long.
    const evidence = (score: number): number => -Math.log(1 - score / 100);
    expect(evidence(equivalent!.score) / evidence(own!.score)).toBeGreaterThan(0.88);
    expect(evidence(equivalent!.score) / evidence(own!.score)).toBeLessThan(0.92);
  });

  it('a related term alone never sends a call, whatever its score; beside the keyword the call is sent as usual', () => {
    const calls = [
      call({ title: 'Fracture numérique : fracture numérique', summary: 'Réduire la fracture numérique.' }),
      call({ title: 'Inclusion numérique et fracture numérique' }),
      call({ title: 'Inclusion numérique et accueil périscolaire' }),
      ...filler(30),
    ];
    const [relatedOnly, both, keywordOnly] = scored(calls, ['inclusion numérique']);
    expect(relatedOnly).toBeNull();
    // A term counts once, by its best form: the keyword itself here.
    expect(both!.score).toBe(keywordOnly!.score);
    expect(both!.explanation).toEqual([{ term: 'inclusion numérique', field: 'title' }]);
    // Even scoring high, the related form alone stays out at any min_score.
    const analysed = calls.map(analyseCall);
    const lone = compileProfile(profile({ keywords: ['inclusion numérique'], minScore: 0 }), THESAURUS);
    expect(scoreAnalysed(analysed[0]!, lone, computeStats(analysed), TODAY)).toBeNull();
  });
});

describe('the broader concept of a member’s narrower term', () => {
  const table = parseSynonymsText(
    [
      'concepts:',
      '  - concept: inclusion numérique',
      '    equivalents: [médiation numérique]',
      '    plus_precis: [atelier numérique]',
      '  - concept: radio',
      '    plus_precis: [radio associative]',
      '  - concept: économie circulaire',
      '    plus_precis: [réemploi]',
      '  - concept: réemploi',
      '    voisins: [économie circulaire]',
    ].join('\n'),
    'b.yaml',
  ).table;
  const calls = [
    call({ title: 'Soutien à l’inclusion numérique' }),
    call({ title: 'Soutien à la médiation numérique' }),
    call({ title: 'Soutien aux ateliers numériques' }),
    call({ title: 'Fonds de soutien à la radio' }),
    call({ title: 'Appel à projets économie circulaire' }),
    ...filler(30),
  ];
  const analysed = calls.map(analyseCall);
  const stats = computeStats(analysed);
  const score = (keywords: string[], i: number) => scoreAnalysed(analysed[i]!, compileProfile(profile({ keywords }), table), stats, TODAY);

  it('sends a call funding the whole field, with less weight than the member’s own term, and says « terme plus large que »', () => {
    const [own, broader, equivalent] = [score(['atelier numérique'], 2), score(['atelier numérique'], 0), score(['atelier numérique'], 1)];
    expect(broader!.score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    expect(equivalent!.score).toBe(broader!.score);
    expect(own!.score).toBeGreaterThan(broader!.score);
    expect(broader!.explanation).toEqual([{ term: 'atelier numérique', field: 'title', via: 'inclusion numérique', relation: 'broader', of: 'atelier numérique' }]);
    expect(describeExplanation(broader!.explanation).replace(/\u00a0/g, ' ')).toBe('Correspond à vos termes : via « inclusion numérique », terme plus large que « atelier numérique » (titre).');
    // Stored as JSON and read back for the digest and the API, the relation survives.
    expect(parseExplanation(JSON.stringify(broader!.explanation))).toEqual(broader!.explanation);
  });

  it('a single broad word stays a neighbour, and what the member’s own concept says of a form wins over the inference', () => {
    expect(score(['radio associative'], 3)).toBeNull();
    // « réemploi » is narrower than « économie circulaire », but its own concept lists it as a neighbour.
    expect(score(['réemploi'], 4)).toBeNull();
  });
});

describe('an expression the thesaurus lacks, read through the words it qualifies', () => {
  const table = parseSynonymsText(['concepts:', '  - concept: intégration des étrangers', '    equivalents: [étrangers primo-arrivants, migrants]'].join('\n'), 'w.yaml').table;
  const calls = [call({ title: 'Intégration des étrangers primo-arrivants' }), call({ title: 'Accueil des migrants' }), ...filler(30)];
  const analysed = calls.map(analyseCall);
  const stats = computeStats(analysed);
  const score = (keywords: string[], i: number) => scoreAnalysed(analysed[i]!, compileProfile(profile({ keywords }), table), stats, TODAY);

  it('« femmes migrantes » finds the field of « migrants » as broader forms; the single word alone does not send', () => {
    const field = score(['femmes migrantes'], 0);
    expect(field!.score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    expect(field!.explanation[0]).toMatchObject({ term: 'femmes migrantes', relation: 'broader', of: 'femmes migrantes' });
    expect(score(['femmes migrantes'], 1)).toBeNull();
    // Without the thesaurus the expression finds only itself.
    expect(scoreAnalysed(analysed[0]!, compileProfile(profile({ keywords: ['femmes migrantes'] })), stats, TODAY)).toBeNull();
  });
});

describe('a related term the member also wrote in their description', () => {
  const calls = [call({ title: 'Réduire la fracture numérique dans les quartiers' }), ...filler(30)];

  it('sends a call as a narrower term would, and is explained as the neighbour it is', () => {
    const [plain] = scored(calls, ['inclusion numérique'], { minScore: DEFAULT_MIN_SCORE });
    expect(plain).toBeNull();
    const [confirmed] = scored(calls, ['inclusion numérique'], { minScore: DEFAULT_MIN_SCORE, description: 'Nos ateliers luttent contre la fracture numérique chez les habitants.' });
    expect(confirmed!.score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    expect(confirmed!.explanation[0]).toMatchObject({ term: 'inclusion numérique', via: 'fracture numérique', relation: 'related' });
  });

  it('keeps its strength when a keyword added later sees it only as broader: adding a keyword never lowers a score', () => {
    const table = parseSynonymsText(
      [
        'concepts:',
        '  - concept: apprentissage du français',
        '    voisins: [intégration des étrangers]',
        '  - concept: intégration des étrangers',
        '    plus_precis: [accueil des réfugiés]',
      ].join('\n'),
      'c.yaml',
    ).table;
    const analysed = [call({ title: 'Intégration des étrangers' }), ...filler(30)].map(analyseCall);
    const stats = computeStats(analysed);
    const description = 'Cours de français pour l’intégration des étrangers du quartier.';
    const score = (keywords: string[]) => scoreAnalysed(analysed[0]!, compileProfile({ ...profile({ keywords }), description }, table), stats, TODAY)!.score;
    const before = score(['apprentissage du français']);
    expect(before).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    expect(score(['apprentissage du français', 'accueil des réfugiés'])).toBeGreaterThanOrEqual(before);
  });

  it('needs the whole expression: the description sharing one of its words is not enough', () => {
    const [partial] = scored(calls, ['inclusion numérique'], { minScore: DEFAULT_MIN_SCORE, description: 'Nos ateliers numériques accueillent les habitants.' });
    expect(partial).toBeNull();
  });
});

describe('sauf: where a term means something else', () => {
  it('a form inside one of its concept’s exceptions is not counted; the same form elsewhere in the call still is', () => {
    const calls = [
      call({ title: 'Installation des jeunes agriculteurs' }),
      call({ title: 'Accueil des jeunes enfants en crèche' }),
      call({ title: 'Projets portés par des jeunes du quartier' }),
      call({ title: 'Jeunes agriculteurs et jeunes du territoire' }),
      ...filler(30),
    ];
    for (const keywords of [['jeunesse'], ['jeunes']]) {
      const [farmers, toddlers, youth, both] = scored(calls, keywords);
      expect(farmers, keywords[0]).toBeNull();
      expect(toddlers, keywords[0]).toBeNull();
      expect(youth, keywords[0]).not.toBeNull();
      expect(both, keywords[0]).not.toBeNull();
    }
    // A member who means farmers writes them: the exception only concerns the concept's own forms.
    expect(scored(calls, ['jeunes agriculteurs'])[0]).not.toBeNull();
  });
});

describe('the profile’s name', () => {
  const DESCRIPTION = 'Chaque semaine en maison d’arrêt, avec le SPIP, pour préparer la sortie.';
  function named(calls: MatchableCall[], name: string, keywords: string[], description = DESCRIPTION) {
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const compiled = compileProfile({ ...profile({ name, keywords, minScore: 20 }), description }, THESAURUS);
    const naive = analysed.map((a) => scoreAnalysed(a, compiled, stats, TODAY));
    expect(matchWithIndex(analysed, [compiled], stats, TODAY).map((r) => r.callId)).toEqual(naive.filter((r) => r !== null).map((r) => r!.callId));
    return naive;
  }
  const calls = () => [call({ title: 'Inclusion numérique : soutien aux structures de médiation', summary: 'Pour les projets d’inclusion numérique des publics fragiles.' }), ...filler(30)];

  it('a thesaurus expression in it sends the calls of its concept, explained as the project’s name, weaker than a keyword', () => {
    const [result] = named(calls(), 'Ateliers numériques en détention', ['prison']);
    expect(result, 'the name says what the project is').not.toBeNull();
    expect(result!.explanation[0]).toMatchObject({ term: 'atelier numérique', source: 'name', relation: 'broader' });
    expect(describeExplanation(result!.explanation)).toContain('du nom de votre projet');
    const [typed] = named(calls(), 'Projet', ['prison', 'atelier numérique']);
    expect(result!.score).toBeLessThan(typed!.score);
  });

  it('its single words are not terms; without the name, or without a description, the same keywords find nothing', () => {
    expect(named(calls(), 'Numérique en détention', ['prison'])[0]).toBeNull();
    expect(named(calls(), 'Projet', ['prison'])[0]).toBeNull();
    // A profile of keywords alone matches on what the member typed, whatever its name.
    expect(named(calls(), 'Ateliers numériques en détention', ['prison'], '')[0]).toBeNull();
  });
});

describe('the network’s trade', () => {
  // A member who types the niche of a digital-mediation project; the call funds digital inclusion in general.
  const calls = () => [call({ title: 'Appel à projets « Médiation numérique » 2027', summary: 'Pour les structures qui accompagnent les publics fragiles.' }), ...filler(30)];
  function scoredFor(keywords: string[], description: string) {
    const analysed = calls().map(analyseCall);
    const stats = computeStats(analysed);
    const compiled = compileProfile({ ...profile({ name: 'Projet', keywords, minScore: 20 }), description }, THESAURUS);
    const naive = analysed.map((a) => scoreAnalysed(a, compiled, stats, TODAY));
    expect(matchWithIndex(analysed, [compiled], stats, TODAY).map((r) => r.callId)).toEqual(naive.filter((r) => r !== null).map((r) => r!.callId));
    return naive[0];
  }

  it('a project that helps people use digital tools gets digital-inclusion calls, at half weight, and is told why', () => {
    const result = scoredFor(['Pronote', 'parents'], 'Nous aidons les parents à suivre la scolarité de leurs enfants en ligne.');
    expect(result, 'a mediation project').not.toBeNull();
    expect(result!.explanation[0]).toMatchObject({ term: 'inclusion numérique', via: 'médiation numérique', source: 'trade' });
    expect(describeExplanation(result!.explanation)).toContain('le domaine de votre projet d’après sa description');
    const typed = scoredFor(['Pronote', 'inclusion numérique'], 'Nous aidons les parents à suivre la scolarité de leurs enfants en ligne.');
    expect(result!.score).toBeLessThan(typed!.score);
  });

  it('a description that writes the concept itself keeps it as a description expression, which does not send alone', () => {
    expect(scoredFor(['Pronote', 'parents'], 'Notre médiation numérique aide les parents à utiliser internet.')).toBeNull();
  });

  it('a project that makes or mends digital things does not, nor a profile without a description', () => {
    expect(scoredFor(['réemploi'], 'Nous collectons des ordinateurs donnés et les reconditionnons.')).toBeNull();
    expect(scoredFor(['Pronote', 'parents'], '')).toBeNull();
  });
});

describe('description', () => {
  const description = 'Nous réparons des ordinateurs portables donnés, installés sous Linux, pour les étudiants boursiers.';

  it('alone it does not send a call on one or two of its words, however strong', () => {
    const calls = [call({ title: 'Ordinateurs portables : ordinateurs portables' }), ...filler(30)];
    expect(scored(calls, ['réemploi'], { description })[0]).toBeNull();
  });

  it('several of its distinctive words together may send a call that shares no keyword with the profile', () => {
    const calls = [call({ title: 'Ordinateurs portables sous Linux pour les étudiants boursiers' }), ...filler(30)];
    const [result] = scored(calls, ['réemploi'], { description });
    expect(result).not.toBeNull();
    expect(result!.explanation.every((e) => e.source === 'description')).toBe(true);
    expect(describeExplanation(result!.explanation)).toContain('de votre description');
  });

  it('a lone word of it does not stand for the profile: a keyword in passing in a body needs a keyword or an expression beside it', () => {
    const body = 'Le programme finance des travaux. La rénovation des bâtiments peut inclure des ateliers numériques pour les étudiants.';
    const calls = [call({ title: 'Rénovation des bâtiments communaux', body }), ...filler(30)];
    const withWord = scored(calls, ['inclusion numérique'], { description: 'Nous aidons les étudiants du quartier.' })[0];
    expect(withWord).toBeNull();
    const withKeyword = scored(calls, ['inclusion numérique', 'étudiants'])[0];
    expect(withKeyword).not.toBeNull();
  });

  it('a keyword met in passing in a body does not join two of its words into a quorum', () => {
    const body = 'Le programme finance des travaux. La rénovation peut inclure un atelier numérique pour les étudiants boursiers.';
    const calls = [call({ title: 'Rénovation des bâtiments communaux', body }), ...filler(30)];
    expect(scored(calls, ['inclusion numérique'], { description: 'Nous aidons les étudiants boursiers du quartier.' })[0]).toBeNull();
  });

  it('a lone word of it in the title does not count as the profile named there', () => {
    const calls = [call({ title: 'Étudiants : rénovation des résidences', body: 'Les travaux peuvent comprendre un atelier numérique.' }), ...filler(30)];
    expect(scored(calls, ['inclusion numérique'], { description: 'Nous aidons les étudiants du quartier.' })[0]).toBeNull();
  });

  it('two expressions of one concept in it count as one term: one phrase of the call is one piece of evidence', () => {
    const calls = [call({ title: 'Rénovation des bâtiments communaux', body: 'Les travaux peuvent comprendre un atelier numérique.' }), ...filler(30)];
    const description = 'Notre médiation numérique passe par l’inclusion numérique de tous.';
    const [result] = scored(calls, ['réemploi'], { description, minScore: 0 });
    expect(result).toBeNull();
    const compiled = compileProfile({ ...profile({ keywords: ['réemploi'] }), description }, THESAURUS);
    expect(compiled.terms.filter((t) => t.source === 'description' && t.quorum === 2).map((t) => t.text)).toEqual(['inclusion numérique']);
  });

  it('a call its words send together stays sent when the member makes one of them a keyword', () => {
    const calls = [call({ title: 'Rénovation des bâtiments', body: 'Ordinateurs portables sous Linux pour les étudiants boursiers.' }), ...filler(30)];
    expect(scored(calls, ['réemploi'], { description, minScore: 10 })[0]).not.toBeNull();
    expect(scored(calls, ['réemploi', 'Linux'], { description, minScore: 10 })[0]).not.toBeNull();
    expect(scored(calls, ['réemploi', '"ordinateurs portables"'], { description, minScore: 10 })[0]).not.toBeNull();
  });

  it('counts less than the keywords: the same words as keywords score higher', () => {
    const calls = [call({ title: 'Ordinateurs portables sous Linux pour les étudiants boursiers' }), ...filler(30)];
    const [asDescription] = scored(calls, ['réemploi'], { description });
    const [asKeywords] = scored(calls, ['ordinateurs', 'Linux', 'étudiants', 'boursiers']);
    expect(asKeywords!.score).toBeGreaterThan(asDescription!.score);
  });
});

describe('expansion', () => {
  /** The words a « médiation numérique » profile is widened with, its strongest matches read among `calls`. */
  function expandMediation(calls: ReturnType<typeof call>[]) {
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const base = compileProfile(profile({ keywords: ['médiation numérique'] }));
    const top = matchWithIndex(analysed, [base], stats, TODAY).map((r) => headOf(analysed.find((a) => a.call.id === r.callId)!));
    return { analysed, stats, expansion: expansionWords(top, profileTokens(base), stats) };
  }

  it('adds the words shared by the strongest matches, shown as « élargi », never alone enough to send a call', () => {
    const strong = [1, 2, 3, 4].map((i) => call({ title: `Médiation numérique ${i}`, summary: 'Ateliers pour les seniors avec des tablettes tactiles.' }));
    const other = call({ title: 'Tablettes tactiles pour les seniors' });
    const both = call({ title: 'Médiation numérique', summary: 'Tablettes tactiles.' });
    const { analysed, stats, expansion } = expandMediation([...strong, other, both, ...filler(40)]);
    expect(expansion).toEqual(expect.arrayContaining(['tablettes', 'tactiles']));
    const widened = compileProfile(profile({ keywords: ['médiation numérique'] }), undefined, { expansion });
    expect(scoreAnalysed(analysed[4]!, widened, stats, TODAY)).toBeNull();
    const result = scoreAnalysed(analysed[5]!, widened, stats, TODAY)!;
    expect(result.explanation.some((e) => e.source === 'expansion')).toBe(true);
    expect(describeExplanation(result.explanation)).toContain('élargi');
  });

  it('never widens a profile with the words every call uses: the kind of call, the support, its scale', () => {
    const strong = [1, 2, 3, 4].map((i) =>
      call({
        title: `Médiation numérique ${i} : appel à manifestation d’intérêt`,
        summary: 'La Caisse soutient, avec 2 millions d’euros, les ateliers sur tablettes tactiles ouverts aux organismes à but non lucratif.',
      }),
    );
    const { expansion } = expandMediation([...strong, ...filler(40)]);
    expect(expansion).toEqual(expect.arrayContaining(['tablettes', 'tactiles']));
    const lowered = expansion.map((word) => word.toLowerCase());
    for (const boilerplate of ['manifestation', 'intérêt', 'caisse', 'soutient', 'millions', 'ouverts', 'organismes', 'lucratif']) {
      expect(lowered).not.toContain(boilerplate);
    }
  });

  it('never widens a profile with the name of the region its strongest matches happen to come from', () => {
    const strong = [1, 2, 3, 4].map((i) =>
      call({ title: `Médiation numérique ${i} en Pays de la Loire`, summary: 'Tablettes en Loire-Atlantique et en Vendée.' }),
    );
    const { expansion } = expandMediation([...strong, ...filler(40)]);
    expect(expansion).toContain('tablettes');
    const lowered = expansion.map((word) => word.toLowerCase());
    for (const place of ['loire', 'pays', 'atlantique', 'vendée']) expect(lowered).not.toContain(place);
  });
});

describe('« Pas pertinent »', () => {
  it('lowers the terms that brought a rejected call, for that profile only, bounded, and shows it', () => {
    const calls = [call({ title: 'Fablab et inclusion numérique' }), ...filler(30)];
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const mine = profile({ keywords: ['fablab', 'inclusion numérique'] });
    const theirs = profile({ keywords: ['fablab', 'inclusion numérique'] });
    const before = scoreAnalysed(analysed[0]!, compileProfile(mine), stats, TODAY)!;
    const once = scoreAnalysed(analysed[0]!, compileProfile(mine, undefined, { rejections: new Map([['fablab', 1]]) }), stats, TODAY)!;
    const often = scoreAnalysed(analysed[0]!, compileProfile(mine, undefined, { rejections: new Map([['fablab', 50]]) }), stats, TODAY)!;
    const other = scoreAnalysed(analysed[0]!, compileProfile(theirs), stats, TODAY)!;
    expect(once.score).toBeLessThan(before.score);
    expect(often.score).toBeLessThan(once.score);
    // Bounded: fifty rejections lower « fablab » to half its weight, never to nothing.
    expect(often.explanation.map((e) => e.term)).toContain('fablab');
    expect(often.score).toBeGreaterThan(0);
    expect(other.score).toBe(before.score);
    expect(describeExplanation(once.explanation).replace(/\u00a0/g, ' ')).toContain('moins de poids après un « Pas pertinent »');
  });
});

it('the default threshold is unchanged by the layers', () => {
  expect(DEFAULT_MIN_SCORE).toBe(30);
});
