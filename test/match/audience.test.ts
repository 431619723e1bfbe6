// Who a call is for (audience.ts): a call addressed to local councils only counts COUNCILS_FACTOR of its evidence,
// so that members (associations) get the calls they can answer first, and a council's aid that names their field
// in passing is not sent.
import { describe, expect, it } from 'vitest';
import { councilsOnly, AUDIENCE_CHARS } from '../../src/match/audience.js';
import { CallIndex, IndexedMatcher } from '../../src/match/index.js';
import { naiveMatch } from '../../src/match/naive.js';
import { analyseCall, compileProfile, computeStats, COUNCILS_FACTOR, isSecondChance, scoreAnalysed, subjectEvidence, SUBJECT_BOOST, toScale, type MatchResult } from '../../src/match/score.js';
import { parseSynonymsText } from '../../src/match/synonyms.js';
import { call, filler, profile } from './helpers.js';

const TODAY = '2026-03-01';

describe('councilsOnly', () => {
  it('reads who the call is for in its title and the start of its text, as funders write it', () => {
    expect(councilsOnly({ title: 'Accompagner les collectivités pour l’aménagement des pôles gare', summary: '', body: 'Améliorer l’accessibilité à la gare.' })).toBe(true);
    expect(councilsOnly({ title: 'Aménager des carrefours', summary: '', body: 'Les communes de moins de 2 000 habitants peuvent déposer un dossier.' })).toBe(true);
    expect(councilsOnly({ title: 'Appui technique de proximité', summary: 'La direction départementale est l’interlocuteur de proximité des élus qui souhaitent être accompagnés.', body: '' })).toBe(true);
    expect(councilsOnly({ title: 'Favoriser l’implantation d’entrepreneurs sur votre territoire', summary: '', body: '' })).toBe(true);
    expect(councilsOnly({ title: 'Programme pour les EPCI', summary: '', body: '' })).toBe(true);
  });

  it('is false when associations are named anywhere, or when councils come only later in the text', () => {
    expect(councilsOnly({ title: 'Appel à projets inclusion numérique', summary: 'Ouvert aux collectivités et aux associations.', body: '' })).toBe(false);
    expect(councilsOnly({ title: 'Accompagner les collectivités', summary: '', body: `Les projets sont portés avec le tissu associatif local. ${'Texte. '.repeat(100)}` })).toBe(false);
    const late = `${'Ateliers numériques pour les habitants des quartiers. '.repeat(8)}Cofinancement possible par les communes.`;
    expect(late.indexOf('communes')).toBeGreaterThan(AUDIENCE_CHARS);
    expect(councilsOnly({ title: 'Fondation X : appel à projets', summary: '', body: late })).toBe(false);
    // Whole words only: « collectivement », « communication » and « communauté » are not councils; « communes » and
    // « élus » only as nouns.
    expect(councilsOnly({ title: 'Agir collectivement : communication et communauté', summary: '', body: '' })).toBe(false);
    expect(councilsOnly({ title: 'Des actions communes pour le quartier', summary: 'Les projets élus seront financés.', body: '' })).toBe(false);
    expect(councilsOnly({ title: 'Villages d’avenir', summary: 'Candidatures de communes de moins de 3 500 habitants.', body: '' })).toBe(true);
    expect(councilsOnly({ title: 'Appel à projets pour les jeunes', summary: 'Accompagnement des publics éloignés.', body: '' })).toBe(false);
  });

  it('is false when the text names associations by their family: non-profits, OSBL, the social and solidarity economy', () => {
    const councils = 'Cet appel s’adresse aux collectivités territoriales';
    expect(councilsOnly({ title: 'Inclusion numérique', summary: `${councils}.`, body: '' })).toBe(true);
    expect(councilsOnly({ title: 'Inclusion numérique', summary: `${councils} et aux organismes à but non lucratif.`, body: '' })).toBe(false);
    expect(councilsOnly({ title: 'Inclusion numérique', summary: `${councils} et aux OSBL.`, body: '' })).toBe(false);
    expect(councilsOnly({ title: 'Inclusion numérique', summary: `${councils} et aux structures de l’ESS.`, body: '' })).toBe(false);
    expect(councilsOnly({ title: 'Inclusion numérique', summary: `${councils} et aux acteurs de l’économie sociale et solidaire.`, body: '' })).toBe(false);
    // Whole words: « express », « processus » are not the ESS.
    expect(councilsOnly({ title: 'Inclusion numérique', summary: `${councils} : processus express.`, body: '' })).toBe(true);
  });

  it('judges a call alike whichever field its source put the text in', () => {
    const text = 'Accompagner la commune / EPCI dans l’élaboration d’un projet de pôle gare.';
    expect(councilsOnly({ title: 'Pôles gare', summary: text, body: '' })).toBe(councilsOnly({ title: 'Pôles gare', summary: '', body: text }));
    expect(analyseCall(call({ title: 'Pôles gare', summary: text })).councils).toBe(true);
  });
});

/** A standfirst that names the member's concept once, among other works. */
const PROSE =
  'Aider à la définition des solutions techniques et financières pour la sécurisation et l’aménagement de la voirie, des cheminements piétons, des cycles et des aires de covoiturage, de même que la mise en accessibilité des points d’arrêt des transports.';

describe('a call addressed to local councils only', () => {
  const forCouncils = call({
    title: 'Conseiller les collectivités en matière de voirie',
    summary: PROSE,
  });
  // The same prose, addressed to associations.
  const forAssociations = call({
    title: 'Conseiller les associations en matière de voirie',
    summary: PROSE,
  });
  const strongForCouncils = call({ title: 'Accessibilité des bâtiments publics : aide aux communes', summary: 'Mise en accessibilité des mairies et des écoles pour les personnes en situation de handicap.' });
  const strongForAssociations = call({ title: 'Accessibilité des locaux associatifs', summary: 'Mise en accessibilité des locaux pour les personnes en situation de handicap.' });
  // Summaries of the corpus as long as these, so that length does not decide.
  const calls = [forCouncils, forAssociations, strongForCouncils, strongForAssociations, ...filler(30, `Appel à projets pour ${'les porteurs de projets du territoire, '.repeat(5)}chaque année.`)];
  const analysed = calls.map(analyseCall);
  const stats = computeStats(analysed);
  const definition = profile({ keywords: ['accessibilité', 'handicap'], minScore: 30 });
  const scored = (c: { id: number }) => scoreAnalysed(analysed.find((a) => a.call.id === c.id)!, compileProfile({ ...definition, minScore: 0 }), stats, TODAY)!;

  it('counts COUNCILS_FACTOR of its evidence: one keyword in passing is no longer sent', () => {
    expect(analysed.slice(0, 4).map((a) => a.councils)).toEqual([true, false, true, false]);
    const council = scored(forCouncils).score;
    const association = scored(forAssociations).score;
    expect(association).toBeGreaterThanOrEqual(30);
    expect(council).toBeLessThan(30);
    const evidence = -Math.log(1 - association / 100);
    expect(council).toBeCloseTo(toScale(evidence * COUNCILS_FACTOR), 0);
    expect(subjectEvidence(1, true, true)).toBeCloseTo(SUBJECT_BOOST * COUNCILS_FACTOR);
    expect(subjectEvidence(1, false, false)).toBe(1);
  });

  it('is still sent when the member’s concept is its subject, ranked below the calls members can answer', () => {
    const matcher = new IndexedMatcher(new CallIndex(analysed, stats), TODAY);
    const sent = matcher.matchProfile(compileProfile(definition));
    expect(sent.map((r) => r.callId).sort((a, b) => a - b)).toEqual([forAssociations.id, strongForCouncils.id, strongForAssociations.id].sort((a, b) => a - b));
    const score = (id: number) => sent.find((r) => r.callId === id)!.score;
    expect(score(strongForAssociations.id)).toBeGreaterThan(score(strongForCouncils.id));
    expect(sent).toEqual(naiveMatch(calls, [definition], { today: TODAY }));
  });

  it('never comes back as « À regarder aussi »: it fell under the cut for whom it is for', () => {
    // The thesaurus vouches for both (« personnes handicapées », an equivalent, in their titles); only the call members
    // can answer is offered apart when both score under min_score.
    const { table } = parseSynonymsText('synonymes:\n  - [handicap, personnes handicapées]\n', 's.yaml');
    const councils = call({ title: 'Personnes handicapées : aide aux communes', summary: PROSE });
    // Named in passing in its summary only, it scores less than the council's call would at full weight.
    const associations = call({ title: 'Aide aux associations', summary: `${PROSE} Pour les personnes handicapées.` });
    const near = [councils, associations, ...filler(30, `Appel à projets pour ${'les porteurs de projets du territoire, '.repeat(5)}chaque année.`)];
    const nearAnalysed = near.map(analyseCall);
    const nearStats = computeStats(nearAnalysed);
    const compiled = compileProfile(profile({ keywords: ['handicap'], minScore: 50 }), table);
    const offered: MatchResult[] = [];
    new IndexedMatcher(new CallIndex(nearAnalysed, nearStats), TODAY).matchProfile(compiled, Infinity, undefined, offered);
    const score = (c: { id: number }) => scoreAnalysed(nearAnalysed.find((a) => a.call.id === c.id)!, { ...compiled, minScore: 0 }, nearStats, TODAY)!.score;
    for (const c of [councils, associations]) expect(isSecondChance(score(c), 50, true, 0), String([score(councils), score(associations)])).toBe(true);
    expect(offered.map((r) => r.callId)).toEqual([associations.id]);
  });
});
