// Expansion across runs, through a real SQLite file: the calls of one fetch never move a profile's words nor, through
// them, its stored scores; the next full run reads the words again from the strongest matches and rescores with them,
// ending exactly where a full run over the same calls puts it, whatever order the calls came in.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { closeProfilePool } from '../../src/match/profile-pool.js';
import { loadExpansionWords } from '../../src/match/expansion-store.js';
import { matchAll, matchCalls } from '../../src/match/run.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall } from './insert-calls.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const LATER = new Date('2026-03-09T09:00:00Z');

let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(async () => {
  await closeProfilePool();
  ctx.cleanup();
});

const PROSE = 'Appel à projets pour les associations et les collectivités du territoire.';

function rows(): unknown[] {
  return ctx.db.prepare('SELECT profile_id, call_id, score, terms, explanation FROM matches ORDER BY profile_id, call_id').all();
}

it('an incremental run keeps the stored words and scores; the next full run reads new words and ends where a full run does', () => {
  const member = createMember(ctx.db, { email: 'epn@example.org' });
  const profile = createProfile(ctx.db, member.id, { name: 'EPN', keywords: ['médiation numérique'] }, NOW);
  createProfile(ctx.db, member.id, { name: 'Sport', keywords: ['équipements sportifs'] }, NOW);
  for (let i = 0; i < 60; i++) insertCall(ctx.db, { title: `Équipements sportifs des communes ${i}`, summary: PROSE, body: PROSE });
  for (let i = 0; i < 4; i++) insertCall(ctx.db, { title: `Médiation numérique ${i}`, summary: 'Ateliers pour les seniors sur tablettes tactiles.' });
  const later = insertCall(ctx.db, { title: 'Prêt de matériel', summary: `Ordinateurs reconditionnés pour les familles. ${PROSE} Une médiation numérique est proposée.` });
  matchAll(ctx, NOW);
  const first = loadExpansionWords(ctx.db).get(profile.id)!;
  expect(first).toEqual(expect.arrayContaining(['tablettes']));
  const before = ctx.db.prepare('SELECT call_id, score FROM matches WHERE call_id <= ? ORDER BY profile_id, call_id').all(later);

  // Eight calls on reconditioned computers: they would be the profile's strongest matches, with other words.
  const fresh = Array.from({ length: 8 }, (_, i) =>
    insertCall(ctx.db, { title: `Médiation numérique et ordinateurs reconditionnés ${i}`, summary: 'Ordinateurs reconditionnés pour les familles.' }),
  );
  matchCalls(ctx, fresh, LATER);
  // The fetch moved neither the words nor a single stored score of the calls already there.
  expect(loadExpansionWords(ctx.db).get(profile.id)).toEqual(first);
  expect(ctx.db.prepare('SELECT call_id, score FROM matches WHERE call_id <= ? ORDER BY profile_id, call_id').all(later)).toEqual(before);

  // The next full run reads the words again from the new strongest matches and rescores with them.
  expect(matchAll(ctx, LATER).expansionsChanged).toBeGreaterThan(0);
  const words = loadExpansionWords(ctx.db).get(profile.id)!;
  expect(words).toEqual(expect.arrayContaining(['reconditionnés', 'familles']));
  const lifted = ctx.db.prepare('SELECT explanation FROM matches WHERE profile_id = ? AND call_id = ?').pluck().get(profile.id, later) as string | undefined;
  expect(lifted).toContain('expansion');
  const afterFull = rows();

  // Another full run over the same calls: same words, no second scoring, not one score different.
  expect(matchAll(ctx, LATER)).toMatchObject({ expansionsChanged: 0 });
  expect(loadExpansionWords(ctx.db).get(profile.id)).toEqual(words);
  expect(rows()).toEqual(afterFull);
});

it('a full run whose expansion words cannot be written leaves the stored scores as they were', () => {
  const member = createMember(ctx.db, { email: 'epn@example.org' });
  const profile = createProfile(ctx.db, member.id, { name: 'EPN', keywords: ['médiation numérique'] }, NOW);
  for (let i = 0; i < 4; i++) insertCall(ctx.db, { title: `Médiation numérique ${i}`, summary: 'Ateliers pour les seniors sur tablettes tactiles.' });
  matchAll(ctx, NOW);
  const before = rows();
  const stats = ctx.db.prepare("SELECT value FROM settings WHERE key = 'match.corpus'").all();
  expect(before.length).toBeGreaterThan(0);
  expect(stats).toHaveLength(1);

  // More calls on other words, then a full run that fails while writing its expansion words (a full disk, a lock).
  for (let i = 0; i < 8; i++) insertCall(ctx.db, { title: `Médiation numérique et ordinateurs reconditionnés ${i}`, summary: 'Ordinateurs reconditionnés pour les familles.' });
  ctx.db.exec("CREATE TRIGGER refuse_words BEFORE INSERT ON profile_expansion BEGIN SELECT RAISE(ABORT, 'disque plein'); END");
  expect(() => matchAll(ctx, LATER)).toThrow(/disque plein/);
  // Nothing of the failed run stayed: not its matches, not its statistics.
  expect(rows()).toEqual(before);
  expect(ctx.db.prepare("SELECT value FROM settings WHERE key = 'match.corpus'").all()).toEqual(stats);
  expect(loadExpansionWords(ctx.db).get(profile.id)).toEqual(expect.arrayContaining(['tablettes']));

  ctx.db.exec('DROP TRIGGER refuse_words');
  matchAll(ctx, LATER);
  expect(rows().length).toBeGreaterThan(before.length);
});
