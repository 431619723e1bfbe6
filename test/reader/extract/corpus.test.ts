// Real Aides-territoires descriptions (see test/fixtures/extract/README.md): what a member should see
// for each, and a pass over the whole export.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Amount } from '../../../src/calls/types.js';
import { extract } from '../../../src/reader/extract/index.js';

interface Aid {
  Nom: string;
  Lien: string;
  Descriptif: string;
  'Date Clôture': string;
}

const aids: Aid[] = parse(readFileSync(new URL('../../fixtures/extract/aids-periurban.csv', import.meta.url)), {
  columns: true,
  bom: true,
}) as Aid[];

function description(slug: string): string {
  const aid = aids.find((a) => a.Lien.includes(`/aides/${slug}/`));
  if (!aid) throw new Error(`fixture row not found: ${slug}`);
  return aid.Descriptif;
}

interface Case {
  slug: string;
  why: string;
  deadlines: string[];
  amount: Amount | null;
}

const CASES: Case[] = [
  {
    slug: '496e-beneficier-dun-soutien-dans-vos-projets-dhabi',
    why: 'three application rounds listed under their lead-in, with times; a total envelope',
    deadlines: ['2021-12-17', '2022-05-27', '2022-10-23'],
    amount: { min: null, max: 1_500_000, currency: 'EUR', scope: 'total' },
  },
  {
    slug: '8660-copie-16h28-financer-un-projet-de-cooperation',
    why: '"la date limite pour le dépôt d’un projet est le …", beside a year range "2023-2024" and "créé en 2005"',
    deadlines: ['2022-12-28'],
    amount: null,
  },
  {
    slug: 'eff7-se-faire-accompagner-dans-les-projets-damenag',
    why: '"avant le 18 mai 2022 pour la première vague"; the remaining cost to the town is not an amount given',
    deadlines: ['2022-05-18'],
    amount: null,
  },
  {
    slug: '1a5f-mobiliser-la-recherche-pour-accompagner-les-p',
    why: 'a launch date in prose is not a deadline; a grant in brackets "(30.000€)"',
    deadlines: [],
    amount: { min: 30_000, max: 30_000, currency: 'EUR', scope: 'project' },
  },
  {
    slug: 'e2ad-accompagner-les-collectivites-ardennaise-dans',
    why: '"opérationnel depuis le 1er juillet 2020"',
    deadlines: [],
    amount: null,
  },
  {
    slug: 'cd38-contrat-territorial-occitanie-pays-portes-de-',
    why: 'decisions dated in prose ("Le 30 juin 2017, la Région … a validé")',
    deadlines: [],
    amount: null,
  },
  {
    slug: '622a-accompagner-les-collectivites-pour-la-renovat',
    why: 'a decree date ("décret n°2019-771 du 23/07/2019")',
    deadlines: [],
    amount: null,
  },
  {
    slug: '7453-copie-10h00-federer-les-accompagnements-en-en',
    why: 'a law date ("loi sur l’architecture du 3 janvier 1977")',
    deadlines: [],
    amount: null,
  },
  {
    slug: '9aa9-instruire-des-actes-durbanisme',
    why: 'payment due dates ("payable avant le 30/06", "au plus tard le 31 mars"), rates per inhabitant',
    deadlines: [],
    amount: null,
  },
  {
    slug: 'c5ef-lutter-contre-la-precarite-energetique',
    why: 'several Anah caps "dans la limite de … € d’aide": the first one',
    deadlines: [],
    amount: { min: null, max: 100_000, currency: 'EUR', scope: 'project' },
  },
  {
    slug: '967e-soutenir-le-developpement-rural-programme-lea',
    why: '"Le montant maximal de FEADER affecté par projet est fixé à 150 000€"',
    deadlines: [],
    amount: { min: null, max: 150_000, currency: 'EUR', scope: 'project' },
  },
  {
    slug: '5949-reduire-les-emissions-de-polluants-atmospheri',
    why: 'money invested by the intercommunality (total), works worth 3,5 M€ (cost), rates in %',
    deadlines: [],
    amount: { min: null, max: 1_750_000, currency: 'EUR', scope: 'total' },
  },
  {
    slug: 'soutenir-le-logement-locatif-social',
    why: 'rates per square metre only',
    deadlines: [],
    amount: null,
  },
  {
    slug: '6a2f-soutenir-le-logement-locatif-social-et-lacces',
    why: '"jusqu’à 300 € par mètre carré"',
    deadlines: [],
    amount: null,
  },
  {
    slug: '833a-conseiller-et-accompagner-la-transformation-n',
    why: 'history years, counts ("1 200 Postes") and a fee per inhabitant',
    deadlines: [],
    amount: null,
  },
  {
    slug: '5bcd-faire-appel-a-un-atelier-chantier-dinsertion-',
    why: 'costs per week and per meal',
    deadlines: [],
    amount: null,
  },
  {
    slug: '7179-aide-financiere-aux-travaux-deconomies-denerg',
    why: 'investment brackets and membership fees per inhabitant, the aid itself in %',
    deadlines: [],
    amount: null,
  },
  {
    slug: 'b772-investir-en-faveur-de-lefficacite-energetique',
    why: '"programmes d’investissement supérieurs à 30 millions d’euros"',
    deadlines: [],
    amount: null,
  },
];

describe('extraction on real Aides-territoires descriptions', () => {
  it.each(CASES)('$slug: $why', ({ slug, deadlines, amount }) => {
    const { deadlines: foundDeadlines, amount: foundAmount } = extract(description(slug));
    expect({ deadlines: foundDeadlines, amount: foundAmount }).toEqual({ deadlines, amount });
  });
});

describe('extraction over the whole Aides-territoires export', () => {
  it('reads every description without throwing, and only ever returns well-formed results', () => {
    expect(aids.length).toBe(274);
    for (const aid of aids) {
      const { deadlines, amount } = extract(aid.Descriptif, '2022-01-01');
      for (const date of deadlines) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect([...deadlines].sort()).toEqual(deadlines);
      if (amount) {
        expect(amount.min !== null || amount.max !== null).toBe(true);
        if (amount.min !== null && amount.max !== null) expect(amount.min).toBeLessThanOrEqual(amount.max);
      }
    }
  });

  it('finds the closing date whenever a description writes it out', () => {
    // Most rows leave the closing date to the platform's column; count only those whose text states it.
    const stated = aids.filter((aid) => {
      const [day, month, year] = aid['Date Clôture'].split('/');
      if (!year) return false;
      const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
      const textual = `${Number(day)} ${months[Number(month) - 1]} ${year}`;
      return aid.Descriptif.includes(aid['Date Clôture']) || aid.Descriptif.includes(textual);
    });
    const found = stated.filter((aid) => {
      const [day, month, year] = aid['Date Clôture'].split('/');
      return extract(aid.Descriptif).deadlines.includes(`${year}-${month}-${day}`);
    });
    console.log(`closing date stated in ${stated.length} descriptions, found in ${found.length}`);
    expect(stated.length).toBeGreaterThan(0);
    expect(found.length).toBe(stated.length);
  });
});
