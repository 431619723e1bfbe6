import { afterEach, describe, expect, test } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import { createTestApp, seedCall, snapshot, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

const ALICE = {
  email: 'Alice.Martin@Asso-Numerique.fr',
  name: 'Alice Martin',
  organisation: 'Association Numérique Solidaire',
  profiles: [
    { name: 'Tiers-lieu', keywords: ['"tiers-lieux"^2', 'fablab', 'inclusion numérique'], exclude: ['agriculture'], categories: ['region', 'foundation'], regions: ['Provence-Alpes-Côte d’Azur'], min_score: 40 },
  ],
};

async function createMember(body: object = ALICE) {
  const res = await t.api({ method: 'POST', url: '/api/members', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('members', () => {
  test('create, read, list, update a member with profiles', async () => {
    t = await createTestApp();
    const created = await createMember();
    expect(created).toMatchObject({
      id: expect.any(Number),
      email: ALICE.email,
      name: 'Alice Martin',
      organisation: 'Association Numérique Solidaire',
      status: 'active',
      unsubscribed_at: null,
      profiles: [{ name: 'Tiers-lieu', keywords: ALICE.profiles[0]!.keywords, exclude: ['agriculture'], categories: ['region', 'foundation'], min_score: 40 }],
    });
    expect(Object.keys(created)).not.toContain('token_salt');
    const read = await t.api({ url: `/api/members/${created.id}` });
    expect(read.json()).toEqual(created);

    const patched = await t.api({ method: 'PATCH', url: `/api/members/${created.id}`, payload: { status: 'unsubscribed', organisation: null } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ status: 'unsubscribed', organisation: null, name: 'Alice Martin', unsubscribed_at: expect.any(String) });
    const back = await t.api({ method: 'PATCH', url: `/api/members/${created.id}`, payload: { status: 'active' } });
    expect(back.json()).toMatchObject({ status: 'active', unsubscribed_at: null });
  });

  test('a blank name or organisation is stored as none, not as an empty string', async () => {
    t = await createTestApp();
    const created = await createMember({ email: 'blanc@asso.fr', name: '  ', organisation: '' });
    expect(created).toMatchObject({ name: null, organisation: null });
    const patched = await t.api({ method: 'PATCH', url: `/api/members/${created.id}`, payload: { name: ' Léa Dupont ', organisation: ' ' } });
    expect(patched.json()).toMatchObject({ name: 'Léa Dupont', organisation: null });
  });

  test('an email is unique whatever its case: 409 on create and on update, nothing changed', async () => {
    t = await createTestApp();
    const alice = await createMember();
    const bob = await createMember({ email: 'bob@asso.fr' });
    const before = snapshot(t.ctx.db);
    const dup = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'alice.martin@asso-numerique.FR', profiles: [{ name: 'x' }] } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toEqual({ statusCode: 409, error: 'Conflict', message: expect.stringContaining('alice.martin@asso-numerique.FR') });
    expect(dup.json().message).toContain('ne tient pas compte des majuscules');
    const steal = await t.api({ method: 'PATCH', url: `/api/members/${bob.id}`, payload: { email: ALICE.email.toUpperCase() } });
    expect(steal.statusCode).toBe(409);
    expect(snapshot(t.ctx.db)).toBe(before);
    // Changing the case of one's own address is fine.
    const own = await t.api({ method: 'PATCH', url: `/api/members/${alice.id}`, payload: { email: ALICE.email.toLowerCase() } });
    expect(own.statusCode).toBe(200);
  });

  test('bad input gets a 400 naming the field, and changes nothing', async () => {
    t = await createTestApp();
    const alice = await createMember();
    const before = snapshot(t.ctx.db);
    const cases: [object | string, RegExp][] = [
      [{ email: 'pas-une-adresse' }, /email.*adresse électronique invalide \(exemple : contact@asso\.fr\)/],
      [{}, /email/],
      [{ email: 'c@asso.fr', role: 'admin' }, /champ inconnu « role »/],
      [{ email: 42 }, /email : doit être un texte entre guillemets/],
      [{ email: 'c@asso.fr', status: 'banned' }, /status.*"active", "unsubscribed"/],
      [{ email: 'c@asso.fr', name: ['x'] }, /name/],
      [{ email: 'c@asso.fr', profiles: [{ name: 'p', min_score: 150 }] }, /min_score.*100/],
      [{ email: 'c@asso.fr', profiles: [{ name: 'p', min_score: '50' }] }, /min_score : doit être un nombre \(exemple : 40\)/],
      [{ email: 'c@asso.fr', profiles: [{ name: 'p', categories: ['ngo'] }] }, /categories/],
      [{ email: 'c@asso.fr', profiles: [{ name: 'p', keywords: ['"tiers lieux'] }] }, /profiles\[0\]\.keywords\[0\].*guillemets/],
      [{ email: 'c@asso.fr', profiles: [{ name: 'p', keywords: ['fablab^'] }] }, /poids/],
      [{ email: 'c@asso.fr', profiles: [{ name: 'p', keywords: ['fablab^-2'] }] }, /poids/],
      [{ email: 'c@asso.fr', profiles: [{ name: 'p', exclude: ['chasse^2'] }] }, /exclude\[0\].*poids/],
      [{ email: 'c@asso.fr', profiles: [{ name: '   ' }] }, /name/],
      [{ email: 'c@asso.fr', tags: ['tiers lieu'] }, /tags.0 : une étiquette est un mot court, sans espace, virgule ni point-virgule/],
      // A misspelt region would make the profile match nothing there, silently.
      [{ email: 'c@asso.fr', profiles: [{ name: 'p', regions: ['Bretagne', 'Brtagne'] }] }, /profiles\[0\]\.regions\[1\] : « Brtagne » n’est ni une région, ni un département/],
      [{ email: 'c@asso.fr', profiles: [{ keywords: ['x'] }] }, /name/],
      ["{ \"email\": 'c@asso.fr' ", /JSON valide/],
    ];
    for (const [payload, message] of cases) {
      const res = await t.api({ method: 'POST', url: '/api/members', payload, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const body = res.json();
      expect(body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
      expect(body.message, JSON.stringify(payload)).toMatch(message);
    }
    for (const payload of [{}, { email: 'nope' }, { surname: 'x' }, { status: 'gone' }, { profiles: [] }]) {
      const res = await t.api({ method: 'PATCH', url: `/api/members/${alice.id}`, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(snapshot(t.ctx.db)).toBe(before);
  });

  test('SQL-looking strings are stored as plain text', async () => {
    t = await createTestApp();
    const name = "Robert'); DROP TABLE members;--";
    const m = await createMember({ email: 'bobby@tables.fr', name, organisation: '" OR 1=1 --' });
    expect((await t.api({ url: `/api/members/${m.id}` })).json().name).toBe(name);
    const found = await t.api({ url: `/api/members?q=${encodeURIComponent("'); DROP")}` });
    expect(found.json().total).toBe(1);
    expect((await t.api({ url: `/api/members?q=${encodeURIComponent('%')}` })).json().total).toBe(0);
    expect((await t.api({ url: `/api/members?q=${encodeURIComponent('_')}` })).json().total).toBe(0);
  });

  test('unknown ids get 404, bad ids 400', async () => {
    t = await createTestApp();
    for (const [method, payload] of [['GET', undefined], ['PATCH', { name: 'x' }], ['DELETE', undefined]] as const) {
      const res = await t.api({ method, url: '/api/members/999', payload });
      expect(res.statusCode).toBe(404);
      expect(res.json().message).toBe('Membre 999 introuvable.');
      for (const id of ['abc', '0', '-1', '1.5', '1e400']) {
        expect((await t.api({ method, url: `/api/members/${id}`, payload })).statusCode, `${method} ${id}`).toBe(400);
      }
    }
  });

  test('list: pagination with a stable order, filters on status and text', async () => {
    t = await createTestApp();
    const ids: number[] = [];
    for (let i = 1; i <= 7; i += 1) {
      ids.push((await createMember({ email: `m${i}@asso${i % 2}.fr`, name: `Membre ${i}`, organisation: i % 2 ? 'Centre social' : 'Médiathèque' })).id);
    }
    await t.api({ method: 'PATCH', url: `/api/members/${ids[2]}`, payload: { status: 'unsubscribed' } });
    const all = await t.api({ url: '/api/members' });
    expect(all.json().total).toBe(7);
    expect(all.json().items.map((m: { id: number }) => m.id)).toEqual(ids);
    const pages = [];
    for (let offset = 0; offset < 7; offset += 3) pages.push(...(await t.api({ url: `/api/members?limit=3&offset=${offset}` })).json().items);
    expect(pages.map((m: { id: number }) => m.id)).toEqual(ids);
    expect((await t.api({ url: '/api/members?limit=3&offset=6' })).json()).toMatchObject({ total: 7, items: [{ id: ids[6] }] });
    expect((await t.api({ url: '/api/members?offset=50' })).json()).toEqual({ items: [], total: 7 });
    expect((await t.api({ url: '/api/members?status=unsubscribed' })).json()).toMatchObject({ total: 1, items: [{ id: ids[2] }] });
    expect((await t.api({ url: '/api/members?status=active' })).json().total).toBe(6);
    expect((await t.api({ url: `/api/members?q=${encodeURIComponent('médiathèque')}` })).json().total).toBe(3);
    expect((await t.api({ url: '/api/members?q=ASSO1.FR' })).json().total).toBe(4);
    expect((await t.api({ url: '/api/members?q=Membre%207' })).json()).toMatchObject({ total: 1, items: [{ id: ids[6] }] });
    for (const bad of ['limit=100000', 'limit=0', 'limit=-3', 'offset=-1', 'limit=abc', 'status=all', 'sort=email']) {
      const res = await t.api({ url: `/api/members?${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().message).toMatch(/paramètre/);
    }
  });
});

/** Every row of every table that names the member: its id in a member_id/profile_id column, or its email/name anywhere. */
function rowsNaming(db: Db, member: { id: number; email: string; name: string }, profileIds: number[]): string[] {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[];
  const found: string[] = [];
  for (const { name: table } of tables) {
    let rows: Record<string, unknown>[];
    try {
      rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
    } catch {
      continue;
    }
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        const text = String(value ?? '').toLowerCase();
        const names =
          (column === 'member_id' && value === member.id) ||
          (column === 'profile_id' && profileIds.includes(value as number)) ||
          (table === 'members' && column === 'id' && value === member.id) ||
          text.includes(member.email.toLowerCase()) ||
          text.includes(member.name.toLowerCase());
        if (names) found.push(`${table}.${column} = ${String(value).slice(0, 60)}`);
      }
    }
  }
  return found;
}

function hasTable(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

describe('member deletion (right to erasure)', () => {
  test('DELETE erases the member, profiles, matches and delivery rows; no row names them; others untouched', async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const alice = await createMember();
    const bob = await createMember({ email: 'bob@asso.fr', name: 'Bob Durand', profiles: [{ name: 'Emploi', keywords: ['emploi'] }] });
    const callId = seedCall(db, { title: 'Appel à projets tiers-lieux', summary: 'Fablab et inclusion numérique' });
    const at = '2026-03-10T09:00:00.000Z';
    const aliceProfiles = (alice.profiles as { id: number }[]).map((p) => p.id);
    for (const profileId of [...aliceProfiles, bob.profiles[0].id]) {
      db.prepare(`INSERT INTO matches (profile_id, call_id, score, terms, first_matched_at, scored_at) VALUES (?, ?, 80, '["fablab"]', ?, ?)`).run(profileId, callId, at, at);
    }
    if (hasTable(db, 'digest_deliveries')) {
      for (const m of [alice, bob]) {
        const d = db
          .prepare(`INSERT INTO digest_deliveries (week, member_id, status, subject, created_at, updated_at) VALUES ('2026-W11', ?, 'sent', ?, ?, ?)`)
          .run(m.id, `Veille pour ${m.name}`, at, at);
        if (hasTable(db, 'digest_items')) {
          db.prepare(`INSERT INTO digest_items (delivery_id, member_id, call_id, profile_id, section) VALUES (?, ?, ?, ?, 'new')`).run(d.lastInsertRowid, m.id, callId, m.profiles[0].id);
        }
      }
    }
    if (hasTable(db, 'feedback')) {
      db.prepare(`INSERT INTO feedback (member_id, profile_id, profile_name, call_id, created_at) VALUES (?, ?, 'Tiers-lieu', ?, ?)`).run(alice.id, aliceProfiles[0], callId, at);
    }
    expect(rowsNaming(db, alice, aliceProfiles).length).toBeGreaterThan(3);

    const res = await t.api({ method: 'DELETE', url: `/api/members/${alice.id}` });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(rowsNaming(db, alice, aliceProfiles)).toEqual([]);
    expect((await t.api({ url: `/api/members/${alice.id}` })).statusCode).toBe(404);
    expect((await t.api({ method: 'DELETE', url: `/api/members/${alice.id}` })).statusCode).toBe(404);
    // Bob and the call are untouched.
    expect((await t.api({ url: `/api/members/${bob.id}` })).json()).toEqual(bob);
    expect(db.prepare('SELECT count(*) AS n FROM matches WHERE profile_id = ?').get(bob.profiles[0].id)).toEqual({ n: 1 });
    expect((await t.api({ url: `/api/calls/${callId}` })).statusCode).toBe(200);
  });
});
