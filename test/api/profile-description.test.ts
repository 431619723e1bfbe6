// A profile's description (issue 15): stored, validated, returned by every route that shows a profile.
import { afterEach, describe, expect, test } from 'vitest';
import { createTestApp, snapshot, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

const DESCRIPTION = 'Nous animons des ateliers d’initiation à l’ordinateur pour les habitants du quartier, surtout les personnes âgées.';

describe('profile description', () => {
  test('created, read, edited and cleared through the API; the member shows it', async () => {
    t = await createTestApp();
    const m = (await t.api({ method: 'POST', url: '/api/members', payload: { email: 'epn@quartier.fr', profiles: [{ name: 'EPN', keywords: ['illectronisme'], description: `  ${DESCRIPTION} ` }] } })).json();
    expect(m.profiles[0].description).toBe(DESCRIPTION);
    const created = await t.api({ method: 'POST', url: `/api/members/${m.id}/profiles`, payload: { name: 'Sans description', keywords: ['fablab'] } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().description).toBe('');
    const id = created.json().id as number;
    const edited = await t.api({ method: 'PATCH', url: `/api/profiles/${id}`, payload: { description: 'Un fablab associatif en zone rurale.' } });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().description).toBe('Un fablab associatif en zone rurale.');
    const member = (await t.api({ url: `/api/members/${m.id}` })).json();
    expect(member.profiles.map((p: { description: string }) => p.description)).toEqual([DESCRIPTION, 'Un fablab associatif en zone rurale.']);
    // Another field edited: the description stays; null clears it.
    expect((await t.api({ method: 'PATCH', url: `/api/profiles/${id}`, payload: { min_score: 40 } })).json().description).toBe('Un fablab associatif en zone rurale.');
    expect((await t.api({ method: 'PATCH', url: `/api/profiles/${id}`, payload: { description: null } })).json().description).toBe('');
  });

  test('longer than 2,000 characters or not text: 400 in French, nothing written', async () => {
    t = await createTestApp();
    const m = (await t.api({ method: 'POST', url: '/api/members', payload: { email: 'a@b.fr' } })).json();
    const before = snapshot(t.ctx.db);
    const long = await t.api({ method: 'POST', url: `/api/members/${m.id}/profiles`, payload: { name: 'p', description: 'é'.repeat(2001) } });
    expect(long.statusCode).toBe(400);
    expect(long.json().message).toMatch(/description/);
    expect((await t.api({ method: 'POST', url: `/api/members/${m.id}/profiles`, payload: { name: 'p', description: 42 } })).statusCode).toBe(400);
    expect(snapshot(t.ctx.db)).toEqual(before);
    const exact = await t.api({ method: 'POST', url: `/api/members/${m.id}/profiles`, payload: { name: 'p', description: 'é'.repeat(2000) } });
    expect(exact.statusCode).toBe(201);
  });
});
