// Whole calls as funders publish them (State, region, FSE+, foundation): several dates and sums
// side by side, where the extractor must pick what a member needs.
import { describe, expect, it } from 'vitest';
import { extract, type Extraction } from '../../../src/reader/extract/index.js';

interface Case {
  funder: string;
  text: string;
  published?: string;
  /** Deadlines and amount always; the other fields where the call's text says something about them. */
  expected: Pick<Extraction, 'deadlines' | 'amount'> & Partial<Extraction>;
}

const CASES: Case[] = [
  {
    funder: 'State (FDVA, département)',
    text: `Fonds pour le développement de la vie associative (FDVA) – Appel à projets 2026 « Fonctionnement – Innovation »
Publié le 12 janvier 2026
Le FDVA soutient le fonctionnement global des petites associations et leurs projets innovants. L'enveloppe départementale s'élève à 450 000 €.
Montant : la subvention sollicitée ne peut être inférieure à 1 000 € ; elle est plafonnée à 15 000 € par association.
Calendrier : ouverture de la campagne le 15 janvier 2026, date limite de dépôt des demandes sur Le Compte Asso le 23 février 2026 à 23h59. Les associations seront informées de la décision en juin 2026.`,
    expected: { deadlines: ['2026-02-23'], amount: { min: 1_000, max: 15_000, currency: 'EUR', scope: 'project' }, opens: '2026-01-15', rate: null },
  },
  {
    funder: 'region',
    text: `Appel à projets Inclusion numérique 2026 – Région Nouvelle-Aquitaine
La Région lance un appel à projets destiné à soutenir les structures de médiation numérique. Budget de l'appel : 1,2 M€. L'aide régionale est de 50 % maximum des dépenses éligibles, dans la limite de 40 000 € par projet. Les projets doivent démarrer avant le 31 décembre 2026 et durer 24 mois maximum.
Les dossiers sont à déposer sur la plateforme des aides régionales avant le vendredi 27 mars 2026, midi.`,
    published: '2026-01-20',
    expected: { deadlines: ['2026-03-27'], amount: { min: null, max: 40_000, currency: 'EUR', scope: 'project' }, rate: 50, euFunds: [] },
  },
  {
    funder: 'EU (FSE+)',
    text: `FSE+ – Programme régional 2021-2027 – Appel à projets n° AAP-2026-04 « Inclusion active »
Période de réalisation des opérations : du 1er janvier 2026 au 31 décembre 2027.
Date d'ouverture : 2 mars 2026. Date limite de dépôt sur Ma Démarche FSE : 30 avril 2026.
Le montant minimum de FSE+ sollicité est de 50 000 € par opération. Le taux d'intervention du FSE+ est de 60 %.
Cet appel est doté d'une enveloppe de 3 500 000 € de FSE+.`,
    expected: {
      deadlines: ['2026-04-30'],
      amount: { min: 50_000, max: null, currency: 'EUR', scope: 'project' },
      opens: '2026-03-02',
      rate: 60,
      recurrence: null,
      euFunds: ['FSE+'],
    },
  },
  {
    funder: 'EU (FEDER), two rounds',
    text: `Programme FEDER 2021-2027, priorité 1 « Une Europe plus intelligente » – usages numériques.
Les dossiers sont instruits au fil de l'eau ; deux comités de programmation sont prévus. Relèves des dossiers : 1ère relève le 15 mai 2026, 2e relève le 16 octobre 2026.
L'aide FEDER est comprise entre 100 000 € et 1,5 M€ par opération.`,
    expected: {
      deadlines: ['2026-05-15', '2026-10-16'],
      amount: { min: 100_000, max: 1_500_000, currency: 'EUR', scope: 'project' },
    },
  },
  {
    funder: 'foundation',
    text: `La Fondation soutient les projets d'inclusion numérique portés par des associations. Dotation : de 5 000 à 15 000 euros. Candidatures jusqu'au 15 mai inclus. Comité de sélection fin juin.`,
    published: '2026-03-02',
    expected: { deadlines: ['2026-05-15'], amount: { min: 5_000, max: 15_000, currency: 'EUR', scope: 'project' } },
  },
  {
    funder: 'State (AMI)',
    text: `Appel à manifestation d'intérêt « Conseillers numériques » : les candidatures sont recevables jusqu'au 30 septembre 2026. L'État finance chaque poste à hauteur de 25 000 € par an pendant deux ans.`,
    expected: { deadlines: ['2026-09-30'], amount: { min: 25_000, max: 25_000, currency: 'EUR', scope: 'project' } },
  },
  {
    funder: 'department, permanent scheme',
    text: `Dispositif permanent : les demandes peuvent être déposées toute l'année. Subvention de 2 000 € à 8 000 €. Mis à jour le 4 février 2026.`,
    expected: { deadlines: [], amount: { min: 2_000, max: 8_000, currency: 'EUR', scope: 'project' }, recurrence: 'rolling' },
  },
  {
    funder: 'structured listing page',
    text: `Date de clôture : 31/12/2026. Bénéficiaires : associations. Montant : jusqu'à 30 000 €.`,
    published: '2026-02-01',
    expected: { deadlines: ['2026-12-31'], amount: { min: null, max: 30_000, currency: 'EUR', scope: null } },
  },
  {
    funder: 'town, postponed deadline',
    text: `Budget participatif associatif : la date limite de dépôt des candidatures initialement fixée au 15 mars 2026 est reportée au 30 mars 2026. Une enveloppe de 100 000 € est à répartir entre les projets lauréats, chaque projet pouvant recevoir jusqu'à 10 000 €.`,
    expected: { deadlines: ['2026-03-30'], amount: { min: null, max: 10_000, currency: 'EUR', scope: 'project' } },
  },
  {
    funder: 'EU (CERV), as the Funding & Tenders portal gives it, in English',
    text: `Citizens, Equality, Rights and Values Programme (CERV) – Call CERV-2027-CHILD: protecting children online.
Opening date: 15 November 2026
Deadline date: 12 March 2027 17:00:00 Brussels time
Organisations may apply alone or in consortia.`,
    published: '2026-11-02',
    expected: { deadlines: ['2027-03-12'], amount: null, opens: '2026-11-15', euFunds: ['CERV'] },
  },
];

describe('whole calls', () => {
  it.each(CASES)('$funder', ({ text, published, expected }) => {
    const found = extract(text, published);
    const shown = Object.fromEntries(Object.keys(expected).map((key) => [key, found[key as keyof Extraction]]));
    expect(shown).toEqual(expected);
  });
});
