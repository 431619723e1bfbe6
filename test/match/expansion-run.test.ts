// Expansion across runs, through a real SQLite file: calls that change a profile's strongest matches change its
// words; the profile is rescored with them after the incremental run, and ends exactly where a full run over the same
// calls puts it, whatever order the calls came in.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { applyExpansions } from '../../src/jobs.js';
import { closeProfilePool } from '../../src/match/profile-pool.js';
import { loadExpansions, profilesDueForExpansion } from '../../src/match/expansion-store.js';
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

it('an incremental run that changes a profile’s words marks it due; rescored, it matches a full run over the same calls', async () => {
  const member = createMember(ctx.db, { email: 'epn@example.org' });
  const profile = createProfile(ctx.db, member.id, { name: 'EPN', keywords: ['médiation numérique'] }, NOW);
  const other = createProfile(ctx.db, member.id, { name: 'Sport', keywords: ['équipements sportifs'] }, NOW);
  for (let i = 0; i < 60; i++) insertCall(ctx.db, { title: `Équipements sportifs des communes ${i}`, summary: PROSE, body: PROSE });
  for (let i = 0; i < 4; i++) insertCall(ctx.db, { title: `Médiation numérique ${i}`, summary: 'Ateliers pour les seniors sur tablettes tactiles.' });
  const later = insertCall(ctx.db, { title: 'Prêt de matériel', summary: `Ordinateurs reconditionnés pour les familles. ${PROSE} Une médiation numérique est proposée.` });
  matchAll(ctx, NOW);
  expect(loadExpansions(ctx.db).get(profile.id)!.words).toEqual(expect.arrayContaining(['tablettes']));
  expect(profilesDueForExpansion(ctx.db)).toEqual([]);

  // Eight calls on reconditioned computers: they become the profile's strongest matches, its words change.
  const fresh = Array.from({ length: 8 }, (_, i) =>
    insertCall(ctx.db, { title: `Médiation numérique et ordinateurs reconditionnés ${i}`, summary: 'Ordinateurs reconditionnés pour les familles.' }),
  );
  const summary = matchCalls(ctx, fresh, LATER);
  expect(summary.expansionsChanged).toBe(1);
  expect(profilesDueForExpansion(ctx.db)).toEqual([profile.id]);
  // Until rescored, the stored words are the ones the stored scores used.
  expect(loadExpansions(ctx.db).get(profile.id)!.words).toContain('tablettes');

  await applyExpansions(ctx, LATER);
  expect(profilesDueForExpansion(ctx.db)).toEqual([]);
  const words = loadExpansions(ctx.db).get(profile.id)!.words;
  expect(words).toEqual(expect.arrayContaining(['reconditionnés', 'familles']));
  const incremental = rows();
  // The call that only mentioned the profile in passing now gets the new words' help.
  const lifted = ctx.db.prepare('SELECT explanation FROM matches WHERE profile_id = ? AND call_id = ?').pluck().get(profile.id, later) as string | undefined;
  expect(lifted).toContain('expansion');

  // A full run over the same calls: same words, no second scoring, not one score different.
  expect(matchAll(ctx, LATER)).toMatchObject({ expansionsChanged: 0 });
  expect(loadExpansions(ctx.db).get(profile.id)!.words).toEqual(words);
  expect(rows()).toEqual(incremental);
  expect(loadExpansions(ctx.db).get(other.id)).toBeDefined();
});
