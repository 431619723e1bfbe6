// Amounts as French funders write them: each row is a real phrasing and the amount a member should see.
import { describe, expect, it } from 'vitest';
import type { Amount } from '../../../src/calls/types.js';
import { extractAmount } from '../../../src/reader/extract/index.js';

interface Case {
  text: string;
  expected: Amount | null;
}

const exact = (value: number, scope: Amount['scope']): Amount => ({ min: value, max: value, currency: 'EUR', scope });
const upTo = (max: number, scope: Amount['scope']): Amount => ({ min: null, max, currency: 'EUR', scope });
const atLeast = (min: number, scope: Amount['scope']): Amount => ({ min, max: null, currency: 'EUR', scope });
const between = (min: number, max: number, scope: Amount['scope']): Amount => ({ min, max, currency: 'EUR', scope });
// An envelope is shared between winners: a ceiling, with no floor (INTERFACE, Extraction).
const envelope = (max: number): Amount => ({ min: null, max, currency: 'EUR', scope: 'total' });

// How the figures are written.
const WRITTEN_FORMS: Case[] = [
  { text: 'Subvention de 10 000 € par projet.', expected: exact(10_000, 'project') },
  { text: 'Une aide de 10 000 euros.', expected: exact(10_000, 'project') },
  { text: 'Montant : 15 000€', expected: exact(15_000, null) },
  { text: 'Aide forfaitaire de 50.000 € par lauréat.', expected: exact(50_000, 'project') },
  { text: 'Jusqu’à 20k€ par projet', expected: upTo(20_000, 'project') },
  { text: 'Une aide de 20 K€ maximum par structure', expected: upTo(20_000, 'project') },
  { text: 'L’enveloppe régionale de 23,5 M€ est à répartir entre les lauréats.', expected: envelope(23_500_000) },
  { text: 'Le fonds est doté de 1,5 million d’euros.', expected: envelope(1_500_000) },
  { text: '10 millions d’euros sont mobilisés pour cet appel à projets.', expected: envelope(10_000_000) },
  { text: 'Subvention de 10\u00a0000\u00a0€ par projet.', expected: exact(10_000, 'project') },
  { text: 'Aide plafonnée à 25\u202f000\u00a0€ par structure.', expected: upTo(25_000, 'project') },
  { text: 'A travers une subvention (30.000€), il propose de développer des observations in situ.', expected: exact(30_000, 'project') },
  { text: 'Le FSE+ apporte un cofinancement de 45 000 EUR.', expected: exact(45_000, 'project') },
  { text: 'Montant de la bourse : 10.000,00 €', expected: exact(10_000, 'project') },
  { text: 'Le montant des subventions est de 10 000 €.', expected: exact(10_000, 'project') },
  { text: 'Plafond : 20 000 €/projet', expected: upTo(20_000, 'project') },
  { text: 'Le plan mobilise 2 Md€ sur cinq ans.', expected: envelope(2_000_000_000) },
  // Years say how long, not how shared: a grant over three years is still one beneficiary's.
  { text: 'Subvention de 40 000 € sur 3 ans.', expected: exact(40_000, 'project') },
  { text: 'Une enveloppe de 40 000 € sur 3 ans.', expected: envelope(40_000) },
];

// Ranges, floors and caps.
const BOUNDS: Case[] = [
  { text: 'La subvention est comprise entre 5 000 et 20 000 € par projet.', expected: between(5_000, 20_000, 'project') },
  { text: 'Aide de 5 000 à 20 000 € par structure.', expected: between(5_000, 20_000, 'project') },
  { text: 'Montant de l’aide : 3 000 € à 10 000 €', expected: between(3_000, 10_000, 'project') },
  { text: 'Financement : de 5 k€ à 30 k€.', expected: between(5_000, 30_000, 'project') },
  { text: 'Subvention de 10 à 15 000 € par projet.', expected: between(10_000, 15_000, 'project') },
  { text: 'Aide de 500 à 15 000 € selon la taille de la structure.', expected: between(500, 15_000, 'project') },
  { text: 'Subvention : 5 000 € – 20 000 € par projet', expected: between(5_000, 20_000, 'project') },
  { text: 'Les financements seront compris entre 500 000 et 2 M€.', expected: between(500_000, 2_000_000, 'project') },
  { text: 'Subvention plafonnée à 30 000 € par projet, avec un plancher de 5 000 €.', expected: between(5_000, 30_000, 'project') },
  { text: 'Montant minimum de 2 000 €, maximum de 15 000 €.', expected: between(2_000, 15_000, null) },
  { text: 'L’aide maximale est fixée à 75 000 euros.', expected: upTo(75_000, 'project') },
  { text: 'L’aide régionale est plafonnée à 200 000 € par projet et par an.', expected: upTo(200_000, 'project') },
  { text: 'Le montant de l’aide FSE+ ne pourra excéder 100 000 euros.', expected: upTo(100_000, 'project') },
  { text: 'Le montant de la subvention ne peut être inférieur à 1 000 €.', expected: atLeast(1_000, 'project') },
  { text: 'Au moins 5 000 € de subvention par projet.', expected: atLeast(5_000, 'project') },
  { text: 'Le soutien de la Fondation peut aller jusqu’à 15 000 euros par an pendant 3 ans.', expected: upTo(15_000, 'project') },
  {
    text: 'Taux d’intervention : 50 % maximum des dépenses éligibles HT, plafonné à 40 000 € d’aide.',
    expected: upTo(40_000, 'project'),
  },
  { text: 'L’ADEME finance jusqu’à 70 % du coût de l’étude, dans la limite de 100 k€ d’aide.', expected: upTo(100_000, 'project') },
  {
    text: 'Le FSE+ intervient à hauteur de 60 % maximum du coût total éligible, avec un minimum de 20 000 € de FSE+ par opération.',
    expected: atLeast(20_000, 'project'),
  },
  {
    text: 'Le montant maximal de FEADER affecté par projet est fixé à 150 000€',
    expected: upTo(150_000, 'project'),
  },
];

// Per project or a total envelope, and which sum wins when there are several.
const SCOPE_AND_CHOICE: Case[] = [
  {
    text: 'Une enveloppe globale de 500 000 € permettra de soutenir une vingtaine de projets, avec une subvention maximale de 30 000 € par projet.',
    expected: upTo(30_000, 'project'),
  },
  { text: 'Budget total de l’appel : 2 M€ ; subvention de 10 000 € à 40 000 € par projet.', expected: between(10_000, 40_000, 'project') },
  { text: 'Dotation globale de 300 000 € ; aide de 3 000 à 15 000 € par association.', expected: between(3_000, 15_000, 'project') },
  { text: 'Une enveloppe de 1 M€ de subventions sera répartie entre 20 projets.', expected: envelope(1_000_000) },
  { text: 'Le budget consacré à cet appel à projets est de 3 millions d’euros.', expected: envelope(3_000_000) },
  { text: 'Le fonds dispose d’une enveloppe annuelle de 2,5 M€.', expected: envelope(2_500_000) },
  { text: '100 projets bénéficieront en 2022 de 1,5 millions d’euros dédiés', expected: envelope(1_500_000) },
  { text: 'Chaque lauréat recevra une dotation de 10 000 €.', expected: exact(10_000, 'project') },
  { text: 'Le prix est doté de 5 000 € pour chaque lauréat.', expected: exact(5_000, 'project') },
  { text: 'Une aide forfaitaire de 1 500 € est attribuée à chaque structure retenue.', expected: exact(1_500, 'project') },
  {
    text: 'Pour les projets dont le coût total dépasse 100 000 €, la subvention est plafonnée à 30 000 €.',
    expected: upTo(30_000, 'project'),
  },
  {
    text: 'Le montant de votre aide : 50 % du montant HT de l’étude dans la limite de 100 000 € d’aide de l’Anah.',
    expected: upTo(100_000, 'project'),
  },
];

// Figures that are not the call's amount.
const NOT_AMOUNTS: Case[] = [
  { text: 'Taux de 50 % des dépenses éligibles.', expected: null },
  { text: 'L’aide couvre 80 % du coût du projet.', expected: null },
  { text: 'Appel à projets 2026 : programme 2021-2027.', expected: null },
  { text: 'Contact : 01 23 45 67 89, 12 rue de la Paix, 75001 Paris.', expected: null },
  { text: 'Les montants de minoration : PLAI 110 €/m2 SU ; PLUS 90 €/m2 SU.', expected: null },
  { text: 'L’adhésion au Pack Services est de 5 € par habitant pour les communes.', expected: null },
  { text: 'Le coût d’intervention d’un chantier d’insertion est de 1.001€ par semaine.', expected: null },
  { text: 'À titre indicatif, le coût d’une étude préalable est estimé entre 10 000 et 12 000 € HT.', expected: null },
  { text: 'Un plafond de dépenses subventionnables de 200 000 € HT.', expected: null },
  { text: 'Les projets présentant un budget inférieur à 10 000 € ne seront pas retenus.', expected: null },
  {
    text: 'ELENA soutient généralement des programmes d’investissement supérieurs à 30 millions d’euros.',
    expected: null,
  },
  {
    text: 'L’aide de l’Anah est au maximum de 15 000 € par place d’hébergement en Île-de-France, et de 10 000 € dans les autres régions.',
    expected: null,
  },
  { text: 'Le poste "énergie" des collectivités est évalué à 40€/an/habitant.', expected: null },
  { text: 'Aucune aide financière : accompagnement en ingénierie gratuit.', expected: null },
];

// The Commission's style, currency first, as the Funding & Tenders portal gives EU calls and French relays quote them.
const CURRENCY_FIRST: Case[] = [
  { text: 'The available call budget is EUR 8 000 000.', expected: envelope(8_000_000) },
  { text: 'Le budget de l’appel est de EUR 8 000 000.', expected: envelope(8_000_000) },
  { text: 'Topic budget: EUR 1.5 million', expected: envelope(1_500_000) },
  { text: 'Grants will be between EUR 75 000 and EUR 1 000 000 per project.', expected: between(75_000, 1_000_000, 'project') },
  { text: 'Grants will be between EUR 500 000 and EUR 2 million per project.', expected: between(500_000, 2_000_000, 'project') },
  { text: 'Grants will be between EUR 1 and EUR 2 million per project.', expected: between(1_000_000, 2_000_000, 'project') },
  { text: 'Subvention : € 5 000 par projet.', expected: exact(5_000, 'project') },
  // A sign that closes a sum never opens the next figure of a flattened table.
  { text: 'Montant maximum 30 000 € 2027', expected: upTo(30_000, null) },
  { text: 'Montant : 15 000 € 20 000 €', expected: exact(15_000, null) },
];

function table(title: string, cases: Case[]): void {
  describe(title, () => {
    it.each(cases)('$text', ({ text, expected }) => {
      expect(extractAmount(text)).toEqual(expected);
    });
  });
}

table('amounts: written forms', WRITTEN_FORMS);
table('amounts: ranges, floors and caps', BOUNDS);
table('amounts: scope and choice among several', SCOPE_AND_CHOICE);
table('amounts: figures that are not amounts', NOT_AMOUNTS);
table('amounts: the currency first', CURRENCY_FIRST);

describe('amounts: robustness', () => {
  it('never throws on odd input', () => {
    for (const text of ['', '€', '€€ 1,,2 M€', '9'.repeat(400) + ' €', 'de à €', '1 000 000 000 000 000 000 €']) {
      expect(() => extractAmount(text)).not.toThrow();
    }
  });
});
