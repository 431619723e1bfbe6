// Through the real database and the API (issue 15): a profile gets calls that share no keyword with it, through the
// shipped thesaurus or its description, and the explanation says why.
import { afterEach, expect, it } from 'vitest';
import { createTestApp, seedCall, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

const FILLER = [
  'Rénovation énergétique des bâtiments communaux', 'Entretien de la voirie rurale', 'Eau potable et assainissement', 'Éclairage public économe',
  'Restauration des zones humides', 'Aménagement des pistes cyclables', 'Chaufferies bois des collectivités', 'Logement social en centre-bourg',
];

it('a call sharing no keyword reaches the profile through the thesaurus or the description, explained', async () => {
  t = await createTestApp();
  for (let i = 0; i < 40; i++) seedCall(t.ctx.db, { title: `${FILLER[i % FILLER.length]} (${i})`, summary: 'Les communes et intercommunalités peuvent candidater.', deadlines: ['2026-12-31'] });
  const workshops = seedCall(t.ctx.db, { title: 'Ateliers d’initiation aux outils numériques pour les habitants des quartiers', deadlines: ['2026-12-31'] });
  const laptops = seedCall(t.ctx.db, { title: 'Ordinateurs portables sous Linux pour les étudiants boursiers', deadlines: ['2026-12-31'] });
  const unrelated = seedCall(t.ctx.db, { title: 'Portables et tablettes pour les agents communaux', deadlines: ['2026-12-31'] });

  const member = await t.api({
    method: 'POST',
    url: '/api/members',
    payload: {
      email: 'epn@quartier.fr',
      profiles: [
        { name: 'EPN', keywords: ['illectronisme'] },
        { name: 'Réemploi', keywords: ['réemploi'], description: 'Nous remettons en état des ordinateurs portables donnés, installés sous Linux, pour les étudiants boursiers.' },
      ],
    },
  });
  expect(member.statusCode, member.body).toBe(201);
  const matches = await t.api({ url: `/api/members/${member.json().id}/matches` });
  expect(matches.statusCode).toBe(200);
  const items = matches.json().items as { call_id: number; profile_name: string; why: string; explanation: { relation?: string; source?: string }[] }[];
  const byCall = new Map(items.map((i) => [i.call_id, i]));

  const viaThesaurus = byCall.get(workshops)!;
  expect(viaThesaurus, JSON.stringify(items)).toBeDefined();
  expect(viaThesaurus.profile_name).toBe('EPN');
  // French typography: non-breaking spaces inside « », so a guillemet never starts or ends a line.
  expect(viaThesaurus.why).toMatch(/via «\u00a0.+\u00a0», terme plus précis de «\u00a0illectronisme\u00a0» \(titre\)/);
  expect(viaThesaurus.why).not.toMatch(/« | »/);
  expect(viaThesaurus.explanation[0]!.relation).toBe('narrower');

  const viaDescription = byCall.get(laptops)!;
  expect(viaDescription, JSON.stringify(items)).toBeDefined();
  expect(viaDescription.profile_name).toBe('Réemploi');
  expect(viaDescription.why).toContain('de votre description');
  expect(viaDescription.explanation.every((e) => e.source === 'description')).toBe(true);
  // One description word in common is not enough.
  expect(byCall.has(unrelated)).toBe(false);
});

it('a digital-mediation project gets the calls of the network’s trade that share no keyword with it, explained', async () => {
  t = await createTestApp();
  for (let i = 0; i < 40; i++) seedCall(t.ctx.db, { title: `${FILLER[i % FILLER.length]} (${i})`, summary: 'Les communes et intercommunalités peuvent candidater.', deadlines: ['2026-12-31'] });
  const trade = seedCall(t.ctx.db, { title: 'Appel à projets « Solidarité numérique » : soutien aux structures de proximité', deadlines: ['2026-12-31'] });
  const payload = (description: string) => ({
    email: `${description.length}@ecole.fr`,
    profiles: [{ name: 'Parents et école', keywords: ['Pronote', 'collège'], description }],
  });
  const mediation = await t.api({ method: 'POST', url: '/api/members', payload: payload('Avec le centre social, nous aidons les parents à suivre la scolarité de leurs enfants en ligne.') });
  expect(mediation.statusCode, mediation.body).toBe(201);
  const items = (await t.api({ url: `/api/members/${mediation.json().id}/matches` })).json().items as { call_id: number; why: string; explanation: { source?: string }[] }[];
  const found = items.find((i) => i.call_id === trade);
  expect(found, JSON.stringify(items)).toBeDefined();
  expect(found!.explanation[0]!.source).toBe('trade');
  expect(found!.why).toMatch(/«\u00a0inclusion numérique\u00a0» via «\u00a0solidarité numérique\u00a0», le domaine de votre projet d’après sa description \(titre\)/);

  // The same keywords for a project that is not about helping people use digital tools: not sent.
  const other = await t.api({ method: 'POST', url: '/api/members', payload: payload('Nous organisons des sorties au musée pour les collégiens et leurs parents.') });
  const otherItems = (await t.api({ url: `/api/members/${other.json().id}/matches` })).json().items as { call_id: number }[];
  expect(otherItems.some((i) => i.call_id === trade)).toBe(false);
});
