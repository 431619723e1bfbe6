import { afterEach, describe, expect, test } from 'vitest';
import { createTestApp, seedCall, snapshot, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

async function member() {
  const res = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'centre@social.fr', name: 'Centre social' } });
  return res.json() as { id: number };
}

describe('profiles', () => {
  test('add, read, edit and delete a profile; the member shows it', async () => {
    t = await createTestApp();
    const m = await member();
    const created = await t.api({
      method: 'POST',
      url: `/api/members/${m.id}/profiles`,
      payload: { name: '  Ateliers seniors ', keywords: [' seniors ', '"aidants numériques"^3'], regions: ['Var'], min_score: 25.5 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const profile = created.json();
    expect(profile).toMatchObject({
      member_id: m.id,
      name: 'Ateliers seniors',
      keywords: ['seniors', '"aidants numériques"^3'],
      exclude: [],
      categories: [],
      regions: ['Var'],
      min_score: 25.5,
    });
    expect((await t.api({ url: `/api/members/${m.id}` })).json().profiles).toEqual([profile]);
    expect((await t.api({ url: `/api/profiles/${profile.id}` })).json()).toEqual(profile);

    const edited = await t.api({ method: 'PATCH', url: `/api/profiles/${profile.id}`, payload: { exclude: ['formation'], min_score: null, categories: ['eu'] } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Ateliers seniors', keywords: profile.keywords, exclude: ['formation'], min_score: null, categories: ['eu'] });

    expect((await t.api({ method: 'DELETE', url: `/api/profiles/${profile.id}` })).statusCode).toBe(204);
    expect((await t.api({ url: `/api/members/${m.id}` })).json().profiles).toEqual([]);
    expect((await t.api({ method: 'DELETE', url: `/api/profiles/${profile.id}` })).statusCode).toBe(404);
  });

  test('deleting a profile deletes its matches', async () => {
    t = await createTestApp();
    const m = await member();
    const p = (await t.api({ method: 'POST', url: `/api/members/${m.id}/profiles`, payload: { name: 'p', keywords: ['fablab'] } })).json();
    const callId = seedCall(t.ctx.db, { title: 'Fablab solidaire' });
    t.ctx.db.prepare(`INSERT INTO matches (profile_id, call_id, score, first_matched_at, scored_at) VALUES (?, ?, 70, 'x', 'x')`).run(p.id, callId);
    await t.api({ method: 'DELETE', url: `/api/profiles/${p.id}` });
    expect(t.ctx.db.prepare('SELECT count(*) AS n FROM matches').get()).toEqual({ n: 0 });
  });

  test('bad input and unknown ids change nothing', async () => {
    t = await createTestApp();
    const m = await member();
    const p = (await t.api({ method: 'POST', url: `/api/members/${m.id}/profiles`, payload: { name: 'p', keywords: ['fablab'] } })).json();
    const before = snapshot(t.ctx.db);
    const unknownMember = await t.api({ method: 'POST', url: '/api/members/4242/profiles', payload: { name: 'p' } });
    expect(unknownMember.statusCode).toBe(404);
    expect(unknownMember.json().message).toBe('Membre 4242 introuvable.');
    expect((await t.api({ method: 'PATCH', url: '/api/profiles/4242', payload: { name: 'p' } })).statusCode).toBe(404);
    expect((await t.api({ url: '/api/profiles/4242' })).statusCode).toBe(404);
    const bad: [string, object][] = [
      ['POST', { name: 'p', keywords: 'fablab' }],
      ['POST', { name: 'p', keywords: [''] }],
      ['POST', { name: 'p', keywords: ['a"b'] }],
      ['POST', { name: 'p', keywords: ['x^1^2'] }],
      ['POST', { name: 'p', weight: 2 }],
      ['POST', { name: 'p', min_score: -1 }],
      ['POST', { name: 'p', categories: ['eu', 'eu'] }],
      ['POST', { name: 'p', regions: [42] }],
      ['PATCH', {}],
      ['PATCH', { keywords: ['"'] }],
      ['PATCH', { member_id: 3 }],
      ['PATCH', { min_score: 101 }],
    ];
    for (const [method, payload] of bad) {
      const url = method === 'POST' ? `/api/members/${m.id}/profiles` : `/api/profiles/${p.id}`;
      const res = await t.api({ method: method as 'POST' | 'PATCH', url, payload });
      expect(res.statusCode, `${method} ${JSON.stringify(payload)}`).toBe(400);
      expect(res.json().message).toMatch(/^Requête invalide : /);
    }
    expect(snapshot(t.ctx.db)).toBe(before);
  });
});
