// The fields read beside deadlines and amounts: opening date, rate, recurrence, European funds. One group per kind
// of phrasing, in the wording French funders use.
import { describe, expect, it } from 'vitest';
import { extract } from '../../../src/reader/extract/index.js';

describe('opening date', () => {
  it.each([
    ['Dépôt des candidatures du 2 mars au 30 avril 2026.', '2026-03-02'],
    ['Ouverture de l’appel à projets le 15 janvier 2026 ; clôture le 15 mars 2026.', '2026-01-15'],
    ['Date d’ouverture : 02/03/2026. Date limite de dépôt : 30/04/2026.', '2026-03-02'],
    ['Les dossiers pourront être déposés à partir du 1er février 2026, dépôt possible dès le 1er février.', '2026-02-01'],
    ['Date limite : 30 avril 2026.', null],
    // A project's carrying-out period is not an application window.
    ['Les actions seront réalisées du 1er janvier au 31 décembre 2026.', null],
  ])('%s', (text, opens) => {
    expect(extract(text, '2026-01-05').opens).toBe(opens);
  });

  it('gives a window without a year the year that puts its end after publication', () => {
    const found = extract('Candidatures du 2 mars au 30 avril.', '2026-03-15');
    expect(found.deadlines).toEqual(['2026-04-30']);
    expect(found.opens).toBe('2026-03-02');
    const later = extract('Candidatures du 2 novembre au 15 janvier.', '2026-10-01');
    expect(later.deadlines).toEqual(['2027-01-15']);
    expect(later.opens).toBe('2026-11-02');
  });
});

describe('rate', () => {
  it.each([
    ['Taux d’intervention maximal de 60 %.', 60],
    ['La Région finance jusqu’à 80 % des dépenses éligibles.', 80],
    ['Subvention à hauteur de 50% du coût total du projet.', 50],
    ['Aide de 30 à 50 % des dépenses HT.', 50],
    ['Cofinancement FSE+ de 40 % ; taux bonifié à 70 % pour les quartiers prioritaires.', 70],
    ['Un autofinancement de 20 % minimum est demandé.', null],
    ['Au moins 30 % des participants doivent être des femmes.', null],
    ['Aucune condition.', null],
  ])('%s', (text, rate) => {
    expect(extract(text).rate).toBe(rate);
  });
});

describe('recurrence', () => {
  it.each([
    ['Cet appel à projets est lancé chaque année au printemps.', 'annual'],
    ['Campagne annuelle de subventions aux associations.', 'annual'],
    ['Les candidatures sont reçues au fil de l’eau.', 'rolling'],
    ['Dispositif permanent, dépôt possible toute l’année.', 'rolling'],
    ['Aide à l’embauche sur un emploi permanent.', null],
    ['Le budget annuel de l’association ne doit pas dépasser 50 000 €.', null],
  ])('%s', (text, recurrence) => {
    expect(extract(text).recurrence).toBe(recurrence);
  });
});

describe('European funds', () => {
  it.each([
    ['Projet cofinancé par le Fonds social européen.', ['FSE+']],
    ['Programme FEDER-FSE+ 2021-2027 Occitanie.', ['FEDER', 'FSE+']],
    ['Le GAL porte la stratégie LEADER du territoire ; aides FEADER.', ['LEADER', 'FEADER']],
    ['Programme Interreg VI A France-Italie (ALCOTRA).', ['Interreg']],
    ['Mobilités Erasmus+ jeunesse et programme CERV.', ['Erasmus+', 'CERV']],
    ['Appel Europe Créative, volet Culture ; Horizon Europe cluster 2.', ['Europe créative', 'Horizon Europe']],
    ['Fonds pour une transition juste (FTJ) ; programme Europe numérique ; FAMI.', ['FTJ', 'Europe numérique', 'FAMI']],
    ['Notre association est leader de la médiation numérique.', []],
  ])('%s', (text, funds) => {
    expect(extract(text).euFunds).toEqual(funds);
  });
});

describe('rules written after reading the evaluation set', () => {
  it('reads « jusqu’à 60 % » and a raised rate as funding rates, not a share of the envelope', () => {
    expect(extract('Travaux de déconstruction et de traitement des sources de pollution jusqu’à 60%').rate).toBe(60);
    expect(extract('Aide bonifiée à 80% du reste à charge.').rate).toBe(80);
    expect(extract('Les Conseils régionaux (à hauteur de 35 % de l’enveloppe) sont autorités de gestion.').rate).toBeNull();
  });

  it('takes « au fil de l’eau » as rolling only about applications', () => {
    expect(extract('Les dossiers sont instruits au fil de l’eau.').recurrence).toBe('rolling');
    expect(extract('Les fiches sont mises à jour au fil de l’eau par l’équipe.').recurrence).toBeNull();
    expect(extract('Cet appel à manifestation d’intérêt permanent compte trois relevés.').recurrence).toBe('rolling');
  });

  it('reads « 150 00 € » as 15 000 and « dans la limite annuelle de » as a cap', () => {
    expect(extract('Plafond annuel de subvention fixé à 150 00 € maximum.').amount).toEqual({ min: null, max: 15_000, currency: 'EUR', scope: 'project' });
    expect(extract('50 % des dépenses dans la limite annuelle de 87 500 € d’aide.').amount).toEqual({ min: null, max: 87_500, currency: 'EUR', scope: 'project' });
    expect(extract('Montant de la subvention : entre 750 000 et 1 million d’euro.').amount).toEqual({ min: 750_000, max: 1_000_000, currency: 'EUR', scope: 'project' });
  });

  it('takes a field holding only a date as the deadline, and « à compter du … : dépôt » as the opening', () => {
    expect(extract('15 avril 2022', '2022-01-15').deadlines).toEqual(['2022-04-15']);
    expect(extract('A compter du 6 janvier 2026 : dépôt du dossier en ligne. Mardi 10 mars 2026 : date limite de dépôt.', '2025-12-01')).toMatchObject({
      deadlines: ['2026-03-10'],
      opens: '2026-01-06',
    });
  });
});

describe('kinds of phrasing the issue lists', () => {
  const P = '2026-01-10';
  it.each([
    ['Sessions de dépôt : 15 mars - 15 juin - 15 septembre 2026.', ['2026-03-15', '2026-06-15', '2026-09-15']],
    ['Une première session le 15 mars puis une seconde le 15 septembre.', ['2026-03-15', '2026-09-15']],
    ['Les dossiers sont à déposer le 1er mars et le 1er octobre de chaque année.', ['2026-03-01', '2026-10-01']],
    ['Dossiers à envoyer avant le 30 avril minuit.', ['2026-04-30']],
    // A window written with a dash still has two ends.
    ['Dépôt des candidatures : 2 mars - 30 avril 2026.', ['2026-04-30']],
  ])('%s', (text, deadlines) => {
    expect(extract(text, P).deadlines).toEqual(deadlines);
  });

  it.each([
    ['Les lauréats recevront chacun 5 000 €.', { min: 5_000, max: 5_000, currency: 'EUR', scope: 'project' }],
    ['Le montant sollicité ne peut dépasser 20 000 €.', { min: null, max: 20_000, currency: 'EUR', scope: 'project' }],
    ['Subvention de 5k€ à 40k€ par projet.', { min: 5_000, max: 40_000, currency: 'EUR', scope: 'project' }],
    ["Budget de l'appel : 1,5 M€.", { min: null, max: 1_500_000, currency: 'EUR', scope: 'total' }],
    ['Montant maximum30 000 €juin15/06/2026', { min: null, max: 30_000, currency: 'EUR', scope: null }],
  ])('%s', (text, amount) => {
    expect(extract(text, P).amount).toEqual(amount);
  });
});
