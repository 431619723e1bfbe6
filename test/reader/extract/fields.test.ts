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
