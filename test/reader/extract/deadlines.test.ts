// Deadlines as French funders write them: each row is a real phrasing and what a member should see.
import { describe, expect, it } from 'vitest';
import { extractDeadlines } from '../../../src/reader/extract/index.js';

interface Case {
  text: string;
  published?: string;
  expected: string[];
}

// Labels, formats, weekdays and times.
const WRITTEN_FORMS: Case[] = [
  { text: 'Date limite de dépôt des dossiers : 15 mars 2026', expected: ['2026-03-15'] },
  { text: 'Date de clôture : 31/12/2026', expected: ['2026-12-31'] },
  { text: 'Date limite de candidature : 16.09.2020', expected: ['2020-09-16'] },
  { text: 'Dépôt des dossiers : 15-03-2026', expected: ['2026-03-15'] },
  { text: "La date limite d'envoi des dossiers est le 2026-05-15.", expected: ['2026-05-15'] },
  { text: 'Date limite : 31 déc. 2026', expected: ['2026-12-31'] },
  { text: 'Date limite : lundi 15 mars 2027 à 12h00', expected: ['2027-03-15'] },
  { text: 'Clôture de l’appel à projets : 30 juin 2026 à minuit.', expected: ['2026-06-30'] },
  {
    text: 'Les dossiers de candidature doivent être déposés au plus tard le vendredi 3 avril 2026 à 12h00 sur la plateforme Démarches simplifiées.',
    expected: ['2026-04-03'],
  },
  { text: "L'appel à projets est ouvert jusqu'au 31 mai 2026 inclus.", expected: ['2026-05-31'] },
  { text: 'La date limite de dépôt est fixée au lundi 4 mai 2026, 23h59.', expected: ['2026-05-04'] },
  { text: 'Le dépôt des candidatures s’effectue en ligne jusqu’au 12 juin 2026 à midi.', expected: ['2026-06-12'] },
  { text: 'Candidatures jusqu’au 28 février 2026 à 23h59 (heure de Paris).', expected: ['2026-02-28'] },
  {
    text: 'Les dossiers complets doivent parvenir au Département au plus tard le 30 septembre 2026, le cachet de la poste faisant foi.',
    expected: ['2026-09-30'],
  },
  { text: 'Date limite de dépôt des candidatures : mercredi 1er avril 2026 (le cachet de la poste faisant foi)', expected: ['2026-04-01'] },
  { text: "L'appel à projets 2026 sera clôturé le 17 avril 2026.", expected: ['2026-04-17'] },
  { text: 'Lundi 15 mars 2027 à 12h00 : date limite de réception des dossiers.', expected: ['2027-03-15'] },
  { text: 'Date limite de dépôt\u00a0: 15\u00a0mars\u00a02026', expected: ['2026-03-15'] },
  { text: 'Les candidatures doivent être déposées     avant le 18 mai 2022    pour la première vague.', expected: ['2022-05-18'] },
];

// Several dates: waves, sessions, lists, windows.
const SEVERAL: Case[] = [
  {
    text: '1ère vague : 15 mars 2026, 2e vague : 15 juin 2026, 3e vague : 15 septembre 2026',
    expected: ['2026-03-15', '2026-06-15', '2026-09-15'],
  },
  { text: 'Dates limites : 15 mars, 15 juin et 15 septembre 2026', expected: ['2026-03-15', '2026-06-15', '2026-09-15'] },
  { text: 'Relèves : 31 janvier, 30 avril et 30 septembre 2026.', expected: ['2026-01-31', '2026-04-30', '2026-09-30'] },
  {
    text: 'Date limite de dépôt : 15 septembre 2026 (2nde session) et 15 mars 2026 (1ère session), 15 mars 2026 pour les dossiers incomplets',
    expected: ['2026-03-15', '2026-09-15'],
  },
  { text: 'Les candidatures sont ouvertes du 2 février au 27 mars 2026 à 17h.', expected: ['2026-03-27'] },
  { text: 'Le dépôt des dossiers est possible entre le 1er février et le 31 mars 2026.', expected: ['2026-03-31'] },
  {
    text: 'Session 1 : dépôt avant le 15 janvier 2026 – Session 2 : dépôt avant le 15 mai 2026',
    expected: ['2026-01-15', '2026-05-15'],
  },
  { text: 'Deux sessions : 15 mars et 30 septembre 2027.', expected: ['2027-03-15', '2027-09-30'] },
  { text: 'Session 1 : 15 janvier 2027 – Session 2 : 15 mai 2027', expected: ['2027-01-15', '2027-05-15'] },
  { text: "Session d'information : 12 mars 2027. Date limite : 30 avril 2027.", expected: ['2027-04-30'] },
  { text: 'Formation des bénévoles. Date de la session : 12 mars 2027. Inscription gratuite.', expected: [] },
  {
    text: 'Les dossiers doivent être déposés au plus tard le 15 mars 2026 pour les dossiers papier et le 20 mars 2026 pour les dossiers en ligne.',
    expected: ['2026-03-15', '2026-03-20'],
  },
  {
    text: 'La date limite de dépôt des candidatures initialement fixée au 15 mars 2026 est reportée au 30 mars 2026.',
    expected: ['2026-03-30'],
  },
  { text: "L'AMI est ouvert du 1er au 31 mars 2026.", expected: ['2026-03-31'] },
  { text: 'Ouverture des candidatures : 1er février 2026 – Clôture : 31 mars 2026', expected: ['2026-03-31'] },
  { text: "Date d'ouverture de l'appel : 1er février 2026. Date de clôture : 31 mars 2026 à 12h.", expected: ['2026-03-31'] },
  {
    text: 'Calendrier : lancement de l’appel le 15 janvier 2026 ; clôture des candidatures le 15 mars 2026 ; comité de sélection le 20 avril 2026.',
    expected: ['2026-03-15'],
  },
  {
    text: 'Un webinaire d’information aura lieu le 10 février 2026. Date limite de candidature : 15 mars 2026.',
    expected: ['2026-03-15'],
  },
  {
    text: 'Date limite de dépôt des dossiers : 30 avril 2026. Les projets devront être réalisés entre le 1er juillet 2026 et le 30 juin 2027.',
    expected: ['2026-04-30'],
  },
  { text: 'Publié le 5 janvier 2026. Les dossiers sont à déposer avant le 20 février 2026.', expected: ['2026-02-20'] },
];

// The year left out: taken from the publication date, rolled forward when it would be in the past.
const YEARLESS: Case[] = [
  { text: 'Clôture des candidatures le 1er mars à midi.', published: '2026-01-10', expected: ['2026-03-01'] },
  { text: 'Les candidatures sont à adresser avant le 1er mars, par courriel.', published: '2026-01-15', expected: ['2026-03-01'] },
  { text: 'Date limite de réponse : 15 janvier', published: '2025-11-20', expected: ['2026-01-15'] },
  { text: 'Les dossiers doivent être déposés avant le 15 janvier.', published: '2026-11-10T09:30:00+01:00', expected: ['2027-01-15'] },
  { text: 'Date limite de dépôt : 15/03', published: '2026-01-10', expected: ['2026-03-15'] },
  { text: 'Les candidatures doivent nous parvenir le 30 avril au plus tard.', published: '2026-04-01', expected: ['2026-04-30'] },
  { text: 'Dépôt des projets avant le 1er avril prochain.', published: '2026-01-15', expected: ['2026-04-01'] },
  { text: 'Dépôt des dossiers avant fin mars.', published: '2026-01-15', expected: ['2026-03-31'] },
  { text: 'Candidatures avant mi-février.', published: '2026-01-05', expected: ['2026-02-15'] },
  {
    text: 'Les demandes de subvention doivent être transmises avant le 15 octobre de chaque année.',
    published: '2026-03-01',
    expected: ['2026-10-15'],
  },
  // Without a publication date the text's own first full date anchors the year.
  { text: 'Mis à jour le 3 novembre 2026. Date limite de dépôt : 15 janvier.', expected: ['2027-01-15'] },
  // Without either, a yearless date cannot be placed and is left out rather than guessed.
  { text: 'Date limite de dépôt : 15 janvier.', expected: [] },
];

// Dates that are not deadlines.
const NOT_DEADLINES: Case[] = [
  { text: 'Publié le 12 janvier 2026 - Mis à jour le 3 février 2026', expected: [] },
  { text: 'Date de publication : 05/01/2026', expected: [] },
  { text: 'Programme FSE+ 2021-2027 : appel à projets AAP-2026-03, référence n° 2026/15.', expected: [] },
  { text: 'Le FEDER finance des projets au titre du programme 2014-2020 puis 2021-2027.', expected: [] },
  {
    text: 'En application de la loi n° 2015-991 du 7 août 2015 portant nouvelle organisation territoriale de la République (NOTRe), la Région est compétente.',
    expected: [],
  },
  { text: 'Vu le décret n° 2019-771 du 23 juillet 2019 relatif aux obligations d’actions de réduction de la consommation d’énergie.', expected: [] },
  { text: 'Les projets doivent se dérouler entre le 1er janvier et le 31 décembre 2026.', expected: [] },
  { text: 'Le projet se déroulera du 1er janvier au 31 décembre 2026.', expected: [] },
  {
    text: 'Les dépenses sont éligibles à compter du 1er janvier 2026 et doivent être réalisées avant le 31 décembre 2027.',
    expected: [],
  },
  { text: 'Les actions devront être achevées au plus tard le 30 juin 2027.', expected: [] },
  { text: 'Un webinaire de présentation aura lieu le 10 février 2026 à 11h.', expected: [] },
  { text: 'Le jury se réunira en juin 2026 ; les lauréats seront informés le 15 juillet 2026.', expected: [] },
  { text: 'Le comité de sélection se tiendra le 15 avril 2026.', expected: [] },
  { text: 'Le dispositif Ardennes Ingénierie est opérationnel depuis le 1er juillet 2020.', expected: [] },
  { text: 'Le 30 juin 2017, la Région Occitanie a validé la mise en œuvre d’une nouvelle génération de contrats territoriaux.', expected: [] },
  { text: 'La participation est payable au plus tard le 31 mars de l’année suivante.', published: '2026-01-01', expected: [] },
  { text: 'Cette aide est permanente : les demandes peuvent être déposées tout au long de l’année.', expected: [] },
  { text: 'Le 22 juillet 2022, le Plan urbanisme construction architecture (Puca) a lancé la quatrième consultation.', expected: [] },
  { text: 'Contact : 01 23 45 67 89 – 12 rue de la Paix, 75001 Paris.', expected: [] },
  { text: 'Les candidatures sont ouvertes depuis le 1er mars 2026.', expected: [] },
  { text: 'Sont éligibles les associations créées avant le 1er janvier 2025.', expected: [] },
  { text: 'Clôture : 15 mars 2026 (centre de ressources régional)', expected: ['2026-03-15'] },
  { text: 'Les candidatures doivent être envoyées avant le 15 mars 2026 pour un démarrage des projets au 1er septembre 2026.', expected: ['2026-03-15'] },
  { text: 'Date limite de dépôt des dossiers : 15 mars 2026 – Publication des résultats : 15 mai 2026', expected: ['2026-03-15'] },
  { text: 'Le 31 février 2026 est une date qui n’existe pas : date limite 31/02/2026.', expected: [] },
  // An EU call quoted in English: « may » after a number is the verb; the month is written « May ».
  {
    text: 'Deadline: up to 3 may be funded per country. Deadline date: 12 May 2027 17:00:00 Brussels time',
    published: '2026-11-01',
    expected: ['2027-05-12'],
  },
];

// A lone date with no cue: taken only when the text reads like a call and the date is ahead.
const BARE: Case[] = [
  { text: 'Appel à projets « Numérique inclusif » – 15 mai 2026', published: '2026-03-01', expected: ['2026-05-15'] },
  { text: 'Appel à projets « Numérique inclusif » – 15 janvier 2026', published: '2026-03-01', expected: [] },
  { text: 'La fondation a soutenu 40 associations le 15 mai 2026.', published: '2026-03-01', expected: [] },
];

function table(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases)('$text', ({ text, published, expected }) => {
      expect(extractDeadlines(text, published)).toEqual(expected);
    });
  });
}

table('deadlines: written forms', WRITTEN_FORMS);
table('deadlines: several dates', SEVERAL);
table('deadlines: year left out', YEARLESS);
table('deadlines: dates that are not deadlines', NOT_DEADLINES);
table('deadlines: a lone date without a cue', BARE);

describe('deadlines: output shape', () => {
  it('sorts ascending and removes duplicates', () => {
    const text = 'Clôture : 15 septembre 2026. Rappel : date limite le 15/03/2026, puis 2e vague le 15 septembre 2026.';
    expect(extractDeadlines(text)).toEqual(['2026-03-15', '2026-09-15']);
  });

  it('ignores a publication date that cannot be read', () => {
    expect(extractDeadlines('Date limite de dépôt : 15 mars 2026', 'pas une date')).toEqual(['2026-03-15']);
  });

  it('never throws on empty or odd input', () => {
    for (const text of ['', ' ', '€€€ 31/31/31', '1er', 'mars', '15 mars'.repeat(500)]) {
      expect(() => extractDeadlines(text)).not.toThrow();
    }
  });
});
