// Expansion through the real database and the API (issue 15): a profile's stored matches carry the words its
// strongest matches gave it, explained « élargi »; `fundwatch match` over the same calls moves no score; editing the
// profile computes them afresh.
import { afterEach, expect, it } from 'vitest';
import { matchAll } from '../../src/match/run.js';
import { createTestApp, seedCall, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

const NOW = new Date('2026-03-10T09:00:00Z');
const FILLER = ['Rénovation énergétique des bâtiments communaux', 'Entretien de la voirie rurale', 'Eau potable et assainissement', 'Éclairage public économe'];

interface Item {
  call_id: number;
  why: string;
  explanation: { term: string; source?: string }[];
}

it('stored matches carry expansion words through the API, a second run changes no score, an edit recomputes them', async () => {
  t = await createTestApp();
  const open = { deadlines: ['2026-12-31'] };
  for (let i = 0; i < 40; i++) seedCall(t.ctx.db, { title: `${FILLER[i % FILLER.length]} (${i})`, summary: 'Appel à projets pour les associations et les collectivités du territoire.', body: 'Les communes peuvent candidater.', ...open });
  for (let i = 1; i <= 6; i++) seedCall(t.ctx.db, { title: `Médiation numérique en quartier ${i}`, summary: 'Ateliers sur tablettes tactiles pour les seniors.', ...open });
  const filler = 'Les communes et les associations du territoire peuvent présenter leur projet. '.repeat(2);
  const weak = seedCall(t.ctx.db, { title: 'Équipement des maisons de quartier', summary: `Prêt de tablettes tactiles aux seniors. ${filler} Une médiation numérique est possible.`, ...open });
  const tabletsOnly = seedCall(t.ctx.db, { title: 'Tablettes tactiles pour les seniors', summary: 'Équipement des clubs du troisième âge.', ...open });

  const created = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'epn@quartier.fr', profiles: [{ name: 'EPN', keywords: ['médiation numérique'] }] } });
  expect(created.statusCode, created.body).toBe(201);
  const memberId = created.json().id as number;
  const profileId = created.json().profiles[0].id as number;
  const matches = async (): Promise<Map<number, Item>> => {
    const response = await t.api({ url: `/api/members/${memberId}/matches` });
    expect(response.statusCode).toBe(200);
    return new Map((response.json().items as Item[]).map((i) => [i.call_id, i]));
  };
  const words = (): string[] => JSON.parse((t.ctx.db.prepare('SELECT words FROM profile_expansion WHERE profile_id = ?').pluck().get(profileId) as string) ?? '[]');

  // Creating the profile scored it with its expansion: the weak call is sent thanks to « tablettes », and says so.
  expect(words()).toEqual(expect.arrayContaining(['tablettes', 'tactiles']));
  const first = await matches();
  const lifted = first.get(weak)!;
  expect(lifted, JSON.stringify([...first.values()])).toBeDefined();
  expect(lifted.why).toMatch(/«\u00a0(tablettes|tactiles|seniors)\u00a0», terme élargi d’après vos meilleurs appels \(résumé\)/);
  expect(lifted.why).not.toMatch(/« | »/);
  expect(lifted.explanation.some((e) => e.source === 'expansion')).toBe(true);
  // Its words alone send nothing.
  expect(first.has(tabletsOnly)).toBe(false);

  // `fundwatch match` over the same calls finds the same words and moves no stored score, twice.
  const rows = (): unknown[] => t.ctx.db.prepare('SELECT profile_id, call_id, score, terms, explanation FROM matches ORDER BY profile_id, call_id').all();
  const stored = rows();
  expect(matchAll(t.ctx, NOW)).toMatchObject({ expansionsChanged: 0 });
  expect(rows()).toEqual(stored);
  matchAll(t.ctx, NOW);
  expect(rows()).toEqual(stored);

  // The member makes « tablettes » a keyword: the words are computed afresh, without it.
  const edited = await t.api({ method: 'PATCH', url: `/api/profiles/${profileId}`, payload: { keywords: ['médiation numérique', 'tablettes'] } });
  expect(edited.statusCode, edited.body).toBe(200);
  expect(words()).not.toContain('tablettes');
  const after = await matches();
  expect(after.get(weak)!.explanation.find((e) => e.term === 'tablettes')!.source).toBeUndefined();
  // And back: the edit is reversible, the first words and scores return.
  await t.api({ method: 'PATCH', url: `/api/profiles/${profileId}`, payload: { keywords: ['médiation numérique'] } });
  expect(words()).toEqual(expect.arrayContaining(['tablettes', 'tactiles']));
  expect(rows()).toEqual(stored);
});
