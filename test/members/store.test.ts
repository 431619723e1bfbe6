import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  createMember,
  createProfile,
  deleteMember,
  deleteProfile,
  EmailTakenError,
  getMember,
  listMembers,
  updateMember,
  updateProfile,
} from '../../src/members/store.js';
import { openDb } from '../../src/db/connection.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.cleanup());

describe('members store', () => {
  test('updateMember changes only what it is given and dates the unsubscription', () => {
    const m = createMember(ctx.db, { email: 'a@asso.fr', name: 'A', organisation: 'Asso' }, new Date('2026-01-01T00:00:00Z'));
    const off = updateMember(ctx.db, m.id, { status: 'unsubscribed' }, new Date('2026-02-01T00:00:00Z'))!;
    expect(off).toMatchObject({ name: 'A', organisation: 'Asso', status: 'unsubscribed', unsubscribedAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z' });
    // Saying it again keeps the first date.
    expect(updateMember(ctx.db, m.id, { status: 'unsubscribed' }, new Date('2026-03-01T00:00:00Z'))!.unsubscribedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(updateMember(ctx.db, m.id, { name: null })).toMatchObject({ name: null, organisation: 'Asso' });
    expect(updateMember(ctx.db, 999, { name: 'x' })).toBeNull();
  });

  test('emails are unique whatever their case', () => {
    createMember(ctx.db, { email: 'a@asso.fr' });
    const b = createMember(ctx.db, { email: 'b@asso.fr' });
    expect(() => createMember(ctx.db, { email: ' A@ASSO.FR ' })).toThrow(EmailTakenError);
    expect(() => updateMember(ctx.db, b.id, { email: 'A@asso.fr' })).toThrow(EmailTakenError);
  });

  test('updateProfile replaces the fields given; deleteProfile reports what it did', () => {
    const m = createMember(ctx.db, { email: 'a@asso.fr' });
    const p = createProfile(ctx.db, m.id, { name: 'P', keywords: ['a'], regions: ['Var'], minScore: 30 });
    expect(updateProfile(ctx.db, p.id, { keywords: ['b', 'c'], minScore: null })).toMatchObject({ name: 'P', keywords: ['b', 'c'], regions: ['Var'], minScore: null });
    expect(deleteProfile(ctx.db, p.id)).toBe(true);
    expect(deleteProfile(ctx.db, p.id)).toBe(false);
  });

  test('deleteMember also sweeps tables whose foreign key forgot ON DELETE CASCADE', () => {
    ctx.db.exec(`CREATE TABLE later_notes (id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members (id), note TEXT)`);
    ctx.db.exec(`CREATE TABLE later_profile_log (profile_id INTEGER REFERENCES profiles (id), at TEXT)`);
    const a = createMember(ctx.db, { email: 'a@asso.fr' });
    const b = createMember(ctx.db, { email: 'b@asso.fr' });
    const pa = createProfile(ctx.db, a.id, { name: 'P' });
    const pb = createProfile(ctx.db, b.id, { name: 'P' });
    ctx.db.prepare('INSERT INTO later_notes (member_id, note) VALUES (?, ?), (?, ?)').run(a.id, 'a', b.id, 'b');
    ctx.db.prepare(`INSERT INTO later_profile_log (profile_id, at) VALUES (?, 'x'), (?, 'y')`).run(pa.id, pb.id);
    expect(deleteMember(ctx.db, a.id)).toBe(true);
    expect(getMember(ctx.db, a.id)).toBeNull();
    expect(ctx.db.prepare('SELECT member_id FROM later_notes').all()).toEqual([{ member_id: b.id }]);
    expect(ctx.db.prepare('SELECT profile_id FROM later_profile_log').all()).toEqual([{ profile_id: pb.id }]);
    expect(deleteMember(ctx.db, a.id)).toBe(false);
  });

  test('listMembers: filters, a LIKE that treats % and _ literally, totals', () => {
    createMember(ctx.db, { email: 'x_y@asso.fr', name: '100% numérique' });
    createMember(ctx.db, { email: 'xay@asso.fr', name: 'Autre', status: 'unsubscribed' });
    expect(listMembers(ctx.db, { q: 'x_y' }, { limit: 10, offset: 0 }).total).toBe(1);
    expect(listMembers(ctx.db, { q: '100%' }, { limit: 10, offset: 0 }).items.map((m) => m.email)).toEqual(['x_y@asso.fr']);
    expect(listMembers(ctx.db, { status: 'unsubscribed' }, { limit: 10, offset: 0 }).items.map((m) => m.email)).toEqual(['xay@asso.fr']);
    expect(listMembers(ctx.db, {}, { limit: 1, offset: 1 })).toMatchObject({ total: 2, items: [{ email: 'xay@asso.fr' }] });
  });
});

describe('deleteMember, on disk', () => {
  test('the erased rows are zeroed in the database file, and the WAL keeps no copy', () => {
    const db = ctx.db;
    const bytes = () =>
      ['', '-wal']
        .map((suffix) => `${ctx.config.dbPath}${suffix}`)
        .filter((file) => existsSync(file))
        .map((file) => readFileSync(file).toString('latin1'))
        .join('');
    // Other members first: rows written before a page split leave stale copies in the old page that only a
    // VACUUM removes; what deleteMember can do is zero the rows it deletes, wherever they are now.
    for (let i = 0; i < 50; i += 1) createMember(db, { email: `m${i}@asso.fr`, name: `Membre ${i}` });
    const keep = createMember(db, { email: 'reste@asso.fr', name: 'Reste Là' });
    const gone = createMember(db, { email: 'efface-moi@asso.fr', name: 'Zélie Effacée', organisation: 'Asso Effacée' });
    createProfile(db, gone.id, { name: 'Projet de Zélie', keywords: ['zelieword'] });
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(bytes()).toContain('efface-moi@asso.fr');

    expect(deleteMember(db, gone.id)).toBe(true);
    const after = bytes();
    for (const text of ['efface-moi@asso.fr', 'Zélie Effacée'.normalize(), 'Asso Effacée', 'zelieword']) {
      expect(after.includes(text) || after.includes(Buffer.from(text, 'utf8').toString('latin1')), text).toBe(false);
    }
    expect(after).toContain(keep.email);
    expect(db.pragma('secure_delete', { simple: true })).toBe(0);
  });

  test('a reader in another process does not make the erasure wait', () => {
    const m = createMember(ctx.db, { email: 'pressé@asso.fr' });
    const other = openDb(ctx.config.dbPath);
    try {
      other.exec('BEGIN');
      other.prepare('SELECT count(*) FROM members').get();
      const started = performance.now();
      expect(deleteMember(ctx.db, m.id)).toBe(true);
      expect(performance.now() - started).toBeLessThan(1000);
      other.exec('COMMIT');
    } finally {
      other.close();
    }
    expect(getMember(ctx.db, m.id)).toBeNull();
  });
});
