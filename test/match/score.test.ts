import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/match/analyse.js';
import { CallIndex, IndexedMatcher } from '../../src/match/index.js';
import { naiveMatch } from '../../src/match/naive.js';
import {
  alternativeIdf,
  alternativeValue,
  analyseCall,
  compileProfile,
  computeStats,
  DEFAULT_MIN_SCORE,
  fieldCounts,
  openingCount,
  saturatedFrequency,
  scoreAnalysed,
  scoreCall,
  SUBJECT_BOOST,
  SUMMARY_TOKENS,
  toScale,
  type MatchableCall,
} from '../../src/match/score.js';
import { parseSynonymsText } from '../../src/match/synonyms.js';
import { call, filler, profile, type ProfileLike } from './helpers.js';

const TODAY = '2026-03-01';

function scoresOf(calls: MatchableCall[], p: ProfileLike): Map<number, number> {
  const stats = computeStats(calls.map(analyseCall));
  const scores = new Map<number, number>();
  for (const c of calls) {
    const result = scoreCall(c, p, stats, { today: TODAY });
    if (result) scores.set(c.id, result.score);
  }
  return scores;
}

describe('scoreCall', () => {
  it('weighs title above summary above body', () => {
    const inTitle = call({ title: 'Fablab solidaire', summary: 'Soutien aux associations', body: 'Dossier à déposer' });
    // Past the summary's opening (OPENING_TOKENS), where it weighs as the summary.
    const inSummary = call({ title: 'Appel à projets', summary: 'Soutien aux associations, collectivités, entreprises et écoles des quartiers et villages qui ouvrent des fablabs', body: 'Dossier à déposer' });
    const inBody = call({ title: 'Appel à projets', summary: 'Soutien aux associations', body: 'Dossier à déposer par un fablab' });
    // Two terms, so that the call naming the fablab in its body only is sent (BODY_ONLY_MIN_TERMS). Summaries of
    // the corpus as long as the one above, so that its length does not decide.
    const text = 'Appel à projets pour les associations, les collectivités, les entreprises et les écoles du territoire';
    const corpus = filler(30, text).map((c) => ({ ...c, body: 'Appel à projets pour les associations' }));
    const scores = scoresOf([inTitle, inSummary, inBody, ...corpus], profile({ keywords: ['fablab', 'dossier'] }));
    expect(scores.get(inTitle.id)!).toBeGreaterThan(scores.get(inSummary.id)!);
    expect(scores.get(inSummary.id)!).toBeGreaterThan(scores.get(inBody.id)!);
    expect(scores.get(inBody.id)!).toBeGreaterThan(0);
  });

  it('weighs the summary’s opening as the title: funders open a summary with the call’s « objet »', () => {
    const summaryOf = (words: string) => `${words} pour les habitants des quartiers et des villages, avec les associations, collectivités et écoles partenaires.`;
    const opening = call({ title: 'Appel à projets 2026', summary: summaryOf('Ateliers fablab') });
    // The same words in the same summary, the keyword moved past its first eight tokens.
    const later = call({ title: 'Appel à projets 2026', summary: 'Ateliers pour les habitants des quartiers et des villages, avec les associations, collectivités et écoles partenaires du fablab.' });
    const inTitle = call({ title: 'Appel à projets fablab', summary: summaryOf('Ateliers') });
    const p = profile({ keywords: ['fablab'] });
    const calls = [opening, later, inTitle, ...filler(30)];
    const stats = computeStats(calls.map(analyseCall));
    const scored = (c: MatchableCall) => scoreCall(c, p, stats, { today: TODAY })!;
    expect(scored(opening).score).toBeGreaterThan(scored(later).score + 10);
    // Still said to be in the summary: the explanation tells where the word is, not how it was weighed.
    expect(scored(opening).explanation).toEqual([{ term: 'fablab', field: 'summary' }]);
    // As much as in the title (same counts, the title a little shorter than the summary is long: close).
    expect(Math.abs(scored(opening).score - scored(inTitle).score)).toBeLessThan(8);
  });

  it('opens a summary that repeats the title after it: the title’s words are not weighed twice as its opening', () => {
    const rest = 'pour les habitants des quartiers et des villages, avec les associations et les écoles partenaires.';
    const repeats = call({ title: 'Fablab solidaire', summary: `Fablab solidaire : ateliers ${rest}` });
    const distinct = call({ title: 'Fablab solidaire', summary: `Ateliers ${rest}` });
    const opensWithIt = call({ title: 'Appel 2026', summary: `Fablab solidaire : ateliers ${rest}` });
    const calls = [repeats, distinct, opensWithIt, ...filler(30)];
    const analysed = calls.map(analyseCall);
    const compiled = compileProfile(profile({ keywords: ['fablab'] }));
    const own = compiled.terms[0]!.alternatives[0]!;
    expect(openingCount(own, analysed[0]!.fields[1], analysed[0]!.fields[0])).toBe(0);
    expect(openingCount(own, analysed[2]!.fields[1], analysed[2]!.fields[0])).toBe(1);
    // The repeated word still counts where it is, in the summary, as the rest of a summary does.
    const stats = computeStats(analysed);
    const score = (i: number) => scoreAnalysed(analysed[i]!, compiled, stats, TODAY)!.score;
    const lengths = analysed[0]!.fields.map((f) => f.length);
    const plain = alternativeValue(1, own, alternativeIdf(own, stats), saturatedFrequency(fieldCounts(own, analysed[0]!.fields), lengths, stats));
    expect(score(0)).toBe(toScale(SUBJECT_BOOST * plain));
    expect(score(0)).toBeGreaterThan(score(1));
  });

  it('raises a call whose title or summary opening names a keyword (SUBJECT_BOOST), never for a related term alone there', () => {
    const { table } = parseSynonymsText(['concepts:', '  - concept: fablab', '    voisins: [atelier partagé]'].join('\n'), 's.yaml');
    const later = 'Soutien aux associations, collectivités, entreprises et écoles des quartiers et villages qui ouvrent des fablabs.';
    const about = call({ title: 'Fablab solidaire' });
    const mentions = call({ title: 'Appel à projets 2026', summary: later });
    const relatedInTitle = call({ title: 'Atelier partagé', summary: later });
    const calls = [about, mentions, relatedInTitle, ...filler(30)];
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const compiled = compileProfile(profile({ keywords: ['fablab'] }), table);
    const [own, related] = compiled.terms[0]!.alternatives;
    expect(related!.relation).toBe('related');
    /** What a form found with these counts in the call at `i` adds, as BM25F weighs it. */
    const value = (alt: typeof own, i: number): number => {
      const lengths = analysed[i]!.fields.map((f) => f.length);
      return alternativeValue(1, alt!, alternativeIdf(alt!, stats), saturatedFrequency(fieldCounts(alt!, analysed[i]!.fields), lengths, stats));
    };
    const score = (i: number) => scoreAnalysed(analysed[i]!, compiled, stats, TODAY)!.score;
    expect(score(0)).toBe(toScale(SUBJECT_BOOST * value(own, 0)));
    expect(score(0)).toBeGreaterThan(toScale(value(own, 0)) + 5);
    expect(score(1)).toBe(toScale(value(own, 1)));
    // A related form in the title does not make the call about the profile: its term counts by its best form, unraised.
    expect(value(related, 2)).toBeGreaterThan(0);
    expect(score(2)).toBe(toScale(Math.max(value(own, 2), value(related, 2))));
    // The index gives the same.
    const matcher = new IndexedMatcher(new CallIndex(analysed, stats), TODAY);
    expect(matcher.matchProfile(compiled).map((r) => r.score)).toEqual([0, 1, 2].map(score));
  });

  it('gives a word found in every call less weight than a rare one (IDF)', () => {
    const rare = call({ title: 'Illectronisme : agir dans les quartiers' });
    const common = call({ title: 'Associations : agir dans les quartiers' });
    const scores = scoresOf([rare, common, ...filler(60)], profile({ keywords: ['illectronisme', 'associations'] }));
    expect(scores.get(rare.id)!).toBeGreaterThan(2 * scores.get(common.id)!);
  });

  it('applies the member’s ^weight', () => {
    const a = call({ title: 'Atelier fablab' });
    const b = call({ title: 'Atelier bibliothèque' });
    const scores = scoresOf([a, b, ...filler(30)], profile({ keywords: ['fablab', 'bibliothèque^3'] }));
    expect(scores.get(b.id)!).toBeGreaterThan(scores.get(a.id)!);
  });

  it('matches a quoted phrase only with adjacent words, and rewards it', () => {
    const phrase = call({ title: 'Appel', summary: 'Projets d’inclusion numérique en milieu rural' });
    const apart = call({ title: 'Appel', summary: 'Inclusion des publics fragiles et transition numérique des entreprises' });
    const scores = scoresOf([phrase, apart, ...filler(30)], profile({ keywords: ['"inclusion numérique"'] }));
    expect(scores.has(phrase.id)).toBe(true);
    expect(scores.has(apart.id)).toBe(false);
    const words = scoresOf([phrase, apart, ...filler(30)], profile({ keywords: ['inclusion numérique'] }));
    expect(words.get(apart.id)!).toBeGreaterThan(0);
    expect(words.get(phrase.id)!).toBeLessThan(scores.get(phrase.id)!);
  });

  it('matches several unquoted words only close together, in either order', () => {
    const near = call({ title: 'Appel', summary: 'Accompagnement des publics fragiles au numérique dans les quartiers.' });
    const reversed = call({ title: 'Appel', summary: 'Un numérique pour tous : accompagnement de proximité.' });
    const apart = call({
      title: 'Appel',
      summary: 'Accompagnement des communes pour leurs projets de voirie, de réseaux d’eau, de bâtiments scolaires et de transport, puis dépôt numérique du dossier.',
    });
    const scores = scoresOf([near, reversed, apart, ...filler(30)], profile({ keywords: ['accompagnement numérique'] }));
    expect(scores.has(near.id)).toBe(true);
    expect(scores.has(reversed.id)).toBe(true);
    expect(scores.has(apart.id)).toBe(false);
  });

  it('sends a call whose body alone holds the profile only on two distinct terms (BODY_ONLY_MIN_TERMS)', () => {
    const body = 'Le dossier précise les critères. '.repeat(10);
    const once = call({ title: 'Aménagement des espaces publics', summary: 'Aide aux communes', body: `${body} Une attention à l’accessibilité. ${body}` });
    const twice = call({ title: 'Aménagement des espaces publics', summary: 'Aide aux communes', body: `${body} Accessibilité et handicap. ${body}` });
    const head = call({ title: 'Accessibilité des espaces publics', summary: 'Aide aux communes', body });
    const scores = scoresOf([once, twice, head, ...filler(30)], profile({ keywords: ['accessibilité', 'handicap'] }));
    expect(scores.has(once.id)).toBe(false);
    expect(scores.has(twice.id)).toBe(true);
    expect(scores.has(head.id)).toBe(true);
  });

  it('lets an exclusion veto a call wherever the word appears', () => {
    const c = call({ title: 'Fablab et tiers-lieux', body: 'Réservé aux entreprises industrielles' });
    const stats = computeStats([c, ...filler(10)].map(analyseCall));
    expect(scoreCall(c, profile({ keywords: ['fablab'] }), stats)).not.toBeNull();
    expect(scoreCall(c, profile({ keywords: ['fablab'], exclude: ['entreprise'] }), stats)).toBeNull();
    expect(scoreCall(c, profile({ keywords: ['fablab'], exclude: ['"entreprises agricoles"'] }), stats)).not.toBeNull();
  });

  it('never matches a closed call or one whose deadline has passed', () => {
    const closed = call({ title: 'Fablab', status: 'closed' });
    const past = call({ title: 'Fablab', nextDeadline: '2026-02-28' });
    const dueToday = call({ title: 'Fablab', nextDeadline: TODAY });
    const scores = scoresOf([closed, past, dueToday, ...filler(10)], profile({ keywords: ['fablab'] }));
    expect([...scores.keys()]).toEqual([dueToday.id]);
  });

  it('filters on funder type and region before scoring', () => {
    const region = call({ title: 'Fablab', funder: 'region', regions: ['Auvergne-Rhône-Alpes'] });
    const otherRegion = call({ title: 'Fablab', funder: 'region', regions: ['Bretagne'] });
    const national = call({ title: 'Fablab', funder: 'state', regions: ['France'] });
    const nowhere = call({ title: 'Fablab', funder: 'foundation', regions: [] });
    const calls = [region, otherRegion, national, nowhere, ...filler(10)];
    const byRegion = scoresOf(calls, profile({ keywords: ['fablab'], regions: ['auvergne rhone alpes'] }));
    expect([...byRegion.keys()].sort()).toEqual([region.id, national.id, nowhere.id].sort());
    const byFunder = scoresOf(calls, profile({ keywords: ['fablab'], categories: ['foundation', 'region'] }));
    expect([...byFunder.keys()].sort()).toEqual([region.id, otherRegion.id, nowhere.id].sort());
  });

  it('keeps scores on the 0–100 scale and cuts at min_score', () => {
    const strong = call({ title: 'Fablab et médiation numérique', summary: 'Fablab', body: 'fablab fablab médiation numérique' });
    // A standfirst (SUMMARY_TOKENS) that names the member's words once, at its end, after long unrelated prose (two
    // of them: « association » is a common word of calls, which alone would not send it at all: sendsAlone).
    const weak = call({ title: 'Appel', summary: `${'Texte long sur un autre propos. '.repeat(16)} association fablab` });
    const calls = [strong, weak, ...filler(30)];
    const all = scoresOf(calls, profile({ keywords: ['fablab', '"médiation numérique"', 'association'] }));
    expect(all.get(strong.id)!).toBeGreaterThan(80);
    expect(all.get(strong.id)!).toBeLessThan(100);
    expect(all.get(weak.id)!).toBeLessThan(DEFAULT_MIN_SCORE);
    const defaults = scoresOf(calls, profile({ keywords: ['fablab', '"médiation numérique"', 'association'], minScore: null }));
    expect(defaults.has(weak.id)).toBe(false);
  });

  it('does not read « sans domicile » as « à domicile », nor « sans-abri » as any shelter', () => {
    const homeCare = call({ title: 'Aide aux personnes à domicile', summary: 'Services d’aide et de soins aux personnes à domicile.' });
    const bikeShelter = call({ title: 'Abris vélos sécurisés', summary: 'Installation d’abris pour vélos près des gares.' });
    const dayShelter = call({ title: 'Accueil de jour des personnes sans domicile', summary: 'Accompagnement des personnes sans-abri.' });
    const found = scoresOf([homeCare, bikeShelter, dayShelter, ...filler(20)], profile({ keywords: ['"personnes sans domicile"', 'sans-abri'] }));
    expect([...found.keys()]).toEqual([dayShelter.id]);
  });

  it('reads « Quartiers d’été » as the summer programme, not as any call on neighbourhoods', () => {
    const summer = call({ title: 'Quartiers d’été 2027', summary: 'Activités estivales pour les jeunes des quartiers prioritaires.' });
    const renewal = call({ title: 'Renouvellement urbain des quartiers', summary: 'Réhabilitation des logements des quartiers anciens.' });
    const found = scoresOf([summer, renewal, ...filler(20)], profile({ keywords: ['"quartiers d’été"'] }));
    expect([...found.keys()]).toEqual([summer.id]);
  });

  it('does not send a food profile the call whose fund is « alimenté par » donations', () => {
    const fund = call({ title: 'Fonds de solidarité des salariés', summary: 'Ce fonds, alimenté par les dons des salariés, soutient des associations.' });
    const grocery = call({ title: 'Aide alimentaire', summary: 'Soutien aux épiceries solidaires et à l’alimentation des familles.' });
    const found = scoresOf([fund, grocery, ...filler(20)], profile({ keywords: ['alimentation'] }));
    expect([...found.keys()]).toEqual([grocery.id]);
  });

  it('explains which term matched in which field', () => {
    const c = call({ title: 'Tiers-lieux en milieu rural', summary: 'Ateliers pour seniors', body: 'Fablab' });
    const stats = computeStats([c, ...filler(10)].map(analyseCall));
    const result = scoreCall(c, profile({ keywords: ['tiers-lieux', 'fablab', 'seniors', 'piscine'] }), stats)!;
    expect(result.terms).toEqual(['tiers-lieux', 'seniors', 'fablab']);
    expect(result.explanation).toEqual([
      { term: 'tiers-lieux', field: 'title' },
      { term: 'seniors', field: 'summary' },
      { term: 'fablab', field: 'body' },
    ]);
  });
});

describe('indexed matcher', () => {
  it('returns exactly what the naive pair-by-pair scorer returns', () => {
    const words = ['numérique', 'inclusion', 'fablab', 'tiers-lieux', 'jeunes', 'médias', 'emploi', 'seniors', 'bibliothèque', 'culture', 'sport', 'eau', 'énergie', 'vélo', 'droits', 'formation'];
    const pick = (seed: number, n: number): string => Array.from({ length: n }, (_, i) => words[(seed * 7 + i * 5 + i * i) % words.length]).join(' ');
    const calls = Array.from({ length: 120 }, (_, i) =>
      call({
        title: `Appel ${pick(i, 2)}`,
        summary: pick(i + 3, 5),
        body: `${pick(i + 11, 12)} ${i % 4 === 0 ? 'médiation numérique' : ''}`,
        funder: i % 3 === 0 ? 'region' : 'state',
        regions: i % 5 === 0 ? ['Bretagne'] : [],
        status: i % 17 === 0 ? 'closed' : 'open',
        nextDeadline: i % 13 === 0 ? '2020-01-01' : null,
      }),
    );
    const { table } = parseSynonymsText('synonymes:\n  - [inclusion numérique, médiation numérique]\n  - [jeunes, jeunesse]\n', 's.yaml');
    const profiles = Array.from({ length: 25 }, (_, i) =>
      profile({
        keywords: [pick(i, 1), `"${pick(i + 1, 2)}"^2`, 'inclusion numérique', pick(i + 2, 1)],
        exclude: i % 6 === 0 ? [pick(i + 5, 1)] : [],
        categories: i % 4 === 0 ? ['region'] : [],
        regions: i % 5 === 0 ? [i % 10 === 0 ? 'Normandie' : 'bretagne'] : [],
        minScore: i % 2 === 0 ? null : 10,
      }),
    );
    const naive = naiveMatch(calls, profiles, { synonyms: table, today: TODAY });
    const analysed = calls.map(analyseCall);
    const stats = computeStats(analysed);
    const matcher = new IndexedMatcher(new CallIndex(analysed, stats), TODAY);
    const indexed = profiles.flatMap((p) => matcher.matchProfile(compileProfile(p, table)));
    expect(naive.length).toBeGreaterThan(50);
    expect(indexed).toEqual(naive);
  });
});

describe('a summary that is a full text', () => {
  it('weighs past its standfirst as a body does, so a feed giving the article scores the call as a page giving it does', () => {
    const standfirst = 'Soutenir les associations qui accompagnent les habitants dans leurs démarches.';
    const article = 'Le dossier comprend une présentation de la structure, un budget et un calendrier. '.repeat(10) + 'Un fablab peut être associé au projet.';
    const asPage = call({ title: 'Appel à projets 2027', summary: standfirst, body: article });
    const asFeed = call({ title: 'Appel à projets 2027', summary: `${standfirst} ${article}` });
    expect(analyseCall(asFeed).fields[1]).toHaveLength(SUMMARY_TOKENS);
    const fablab = profile({ keywords: ['fablab'] });
    const stats = computeStats([asPage, ...filler(20)].map(analyseCall));
    // One mention deep in the text is not enough to send the call, whichever field the source put the text in.
    expect(scoreCall(asPage, fablab, stats)).toBeNull();
    expect(scoreCall(asFeed, fablab, stats)).toBeNull();
    // In the standfirst, the same word is evidence.
    const early = call({ title: 'Appel à projets 2027', summary: `Un fablab pour le quartier. ${article}` });
    expect(scoreCall(early, fablab, stats)).not.toBeNull();
  });

  it('takes the summary’s average length over standfirsts: sources giving whole articles do not move a standfirst’s score', () => {
    const standfirst = call({ title: 'Appel à projets 2027', summary: 'Des ateliers pour les habitants, avec un fablab ouvert le samedi.' });
    const pages = [standfirst, ...filler(30)];
    // The same corpus with twenty calls from a source that gives each whole announcement as the summary.
    const announcement = `${'Le dossier comprend une présentation de la structure, un budget détaillé et un calendrier prévisionnel. '.repeat(8)}`;
    const feeds = [...pages, ...Array.from({ length: 20 }, (_, i) => call({ title: `Aide ${i} à la rénovation des gymnases`, summary: announcement }))];
    const pageStats = computeStats(pages.map(analyseCall));
    const feedStats = computeStats(feeds.map(analyseCall));
    expect(feedStats.avgLength[1]).toBeCloseTo(pageStats.avgLength[1], 6);
    const fablab = profile({ keywords: ['fablab'] });
    expect(scoreCall(standfirst, fablab, feedStats)!.score).toBe(scoreCall(standfirst, fablab, pageStats)!.score);
    // With no standfirst at all, articles make the average as before.
    const onlyArticles = computeStats(feeds.slice(pages.length).map(analyseCall));
    expect(onlyArticles.avgLength[1]).toBe(SUMMARY_TOKENS);
  });

  it('reads an RSS description of five or six sentences as a standfirst: a keyword in its third sentence sends the call', () => {
    // A call as funders' feeds describe it: object, eligible bodies, eligible actions, amount and deadline.
    const description =
      'La Fondation soutient les projets de solidarité portés dans les territoires ruraux et les quartiers prioritaires. ' +
      'Les associations loi 1901 et les structures de l’économie sociale peuvent candidater jusqu’au 30 juin prochain. ' +
      'Sont éligibles les actions en faveur des femmes éloignées de l’emploi, de la mobilité et de l’accès aux droits. ' +
      'La subvention peut atteindre 15 000 euros par projet, pour une durée maximale de deux années consécutives. ' +
      'Le dossier comprend une présentation de la structure porteuse, un budget prévisionnel détaillé et un calendrier. ' +
      'Un jury régional examine les dossiers.';
    const analysedLength = analyse(description).length;
    expect(analysedLength).toBeGreaterThan(50);
    expect(analysedLength).toBeLessThanOrEqual(SUMMARY_TOKENS);
    const described = call({ title: 'Appel à projets solidarité 2027', summary: description });
    const analysed = [described, ...filler(30)].map(analyseCall);
    expect(analysed[0]!.article).toBe(false);
    const result = scoreAnalysed(analysed[0]!, compileProfile(profile({ keywords: ['femmes'] })), computeStats(analysed), TODAY);
    expect(result).not.toBeNull();
    expect(result!.explanation).toEqual([{ term: 'femmes', field: 'summary' }]);
  });

  it('puts the profile in the call’s head by its opening only: a term further on needs a second one, as in a body', () => {
    // An aid's whole description as a feed gives it: who it serves first, then the list of policies it covers.
    const start = 'La direction départementale accompagne les élus dans leurs projets relevant des politiques suivantes : aménagement de bourgs, transition énergétique, sécurité routière, bâtiment durable et accessibilité, risques, urbanisme.';
    const rest = ' Le dossier comprend une présentation de la collectivité, un budget et un calendrier.'.repeat(10);
    const listed = call({ title: 'Obtenir un appui technique de proximité', summary: start + rest });
    // The same opening sentence as a standfirst: a summary that short is the call's own account of itself.
    const standfirst = call({ title: 'Obtenir un appui technique de proximité', summary: start });
    const opening = call({ title: 'Obtenir un appui technique de proximité', summary: `Accessibilité des lieux publics : ${start}${rest}` });
    const two = call({ title: 'Obtenir un appui technique de proximité', summary: start.replace('risques', 'handicap') + rest });
    const calls = [listed, standfirst, opening, two, ...filler(30)];
    const analysed = calls.map(analyseCall);
    expect(analysed.map((a) => a.article).slice(0, 4)).toEqual([true, false, true, true]);
    const stats = computeStats(analysed);
    const accessibility = profile({ keywords: ['accessibilité', 'handicap'], minScore: 0 });
    const sent = (c: MatchableCall) => scoreAnalysed(analysed.find((a) => a.call.id === c.id)!, compileProfile(accessibility), stats, TODAY);
    expect(sent(listed), 'one term among a list, past the opening of an article').toBeNull();
    expect(sent(standfirst)).not.toBeNull();
    expect(sent(opening)).not.toBeNull();
    expect(sent(two), 'two distinct terms of the profile').not.toBeNull();
    // It weighs as before where it is sent: the summary's weight, not the body's.
    expect(sent(two)!.explanation.map((e) => e.field)).toEqual(['summary', 'summary']);
    const matcher = new IndexedMatcher(new CallIndex(analysed, stats), TODAY);
    expect(matcher.matchProfile(compileProfile(accessibility))).toEqual(naiveMatch(calls, [accessibility], { today: TODAY }));
  });
});
