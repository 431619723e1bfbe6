// Rescoring edited profiles on a worker thread: the same matches as on the calling thread, and what changed between
// scoring and writing (a profile deleted, a member who left) wins over the scores.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, createProfile, deleteProfile, updateMember } from '../../src/members/store.js';
import { closeProfilePool, rescoreProfiles } from '../../src/match/profile-pool.js';
import { scoreProfiles, storeProfileScoring } from '../../src/match/run.js';
import { listProfileMatches } from '../../src/match/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall } from './insert-calls.js';

const NOW = new Date('2026-03-02T09:00:00Z');

let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext();
  insertCall(ctx.db, { title: 'Fabriques de territoire : tiers-lieux et fablabs', summary: 'Ateliers de fabrication numérique.' });
  insertCall(ctx.db, { title: 'Soutien à la médiation numérique', summary: 'Postes de médiateurs numériques dans les associations.' });
  insertCall(ctx.db, { title: 'Ateliers numériques pour les seniors', summary: 'Prévention de la perte d’autonomie.' });
  for (let i = 0; i < 10; i++) insertCall(ctx.db, { title: `Rénovation énergétique des écoles ${i}`, summary: 'Isolation des bâtiments publics.' });
});
afterEach(() => ctx.cleanup());
afterAll(() => closeProfilePool());

function seedProfiles(): { fablab: number; mediation: number; gone: number } {
  const a = createMember(ctx.db, { email: 'a@example.org' });
  const b = createMember(ctx.db, { email: 'b@example.org' });
  const left = createMember(ctx.db, { email: 'parti@example.org', status: 'unsubscribed' });
  return {
    fablab: createProfile(ctx.db, a.id, { name: 'Fablabs', keywords: ['fablab', 'tiers-lieux'] }, NOW).id,
    mediation: createProfile(ctx.db, b.id, { name: 'Médiation', keywords: ['médiation numérique', 'seniors'] }, NOW).id,
    gone: createProfile(ctx.db, left.id, { name: 'Parti', keywords: ['numérique'] }, NOW).id,
  };
}

function matchesOf(profileId: number): { callId: number; score: number; terms: string[] }[] {
  return listProfileMatches(ctx.db, profileId).map((m) => ({ callId: m.callId, score: m.score, terms: m.terms }));
}

describe('rescoreProfiles', () => {
  it('stores, from the worker thread, the matches each profile gets when scored alone on this thread', async () => {
    const ids = seedProfiles();
    const alone = [ids.fablab, ids.mediation].map((id) => {
      storeProfileScoring(ctx.db, [id], scoreProfiles(ctx.db, ctx.log, [id], '2026-03-02', NOW), NOW);
      return matchesOf(id);
    });
    expect(alone.map((m) => m.length)).toEqual([1, 2]);
    ctx.db.prepare('DELETE FROM matches').run();

    const summary = await rescoreProfiles(ctx, [ids.fablab, ids.mediation, ids.gone], NOW);

    expect([matchesOf(ids.fablab), matchesOf(ids.mediation)]).toEqual(alone);
    expect(matchesOf(ids.gone)).toEqual([]);
    expect(summary).toMatchObject({ profiles: 2, calls: 13, matches: 3 });
  });

  it('scores off this thread: nothing is written when the call returns, everything once it resolves', async () => {
    const ids = seedProfiles();
    const pending = rescoreProfiles(ctx, [ids.fablab], NOW);
    // Scored on this thread, the work (reading, scoring and writing) would be done before the call returned, and the
    // event loop held all along. (A timer armed before the call said the same, but raced the thread's answer.)
    expect(matchesOf(ids.fablab)).toEqual([]);
    await pending;
    expect(matchesOf(ids.fablab)).toHaveLength(1);
  });

  it('writes no matches for a profile deleted, or a member who left, after it was scored', () => {
    const ids = seedProfiles();
    const scoring = scoreProfiles(ctx.db, ctx.log, [ids.fablab, ids.mediation], '2026-03-02', NOW);
    expect(scoring.results.length).toBe(3);
    const mediationMember = ctx.db.prepare('SELECT member_id FROM profiles WHERE id = ?').pluck().get(ids.mediation) as number;
    updateMember(ctx.db, mediationMember, { status: 'unsubscribed' }, NOW);
    deleteProfile(ctx.db, ids.fablab);

    const summary = storeProfileScoring(ctx.db, [ids.fablab, ids.mediation], scoring, NOW);

    expect(summary.matches).toBe(0);
    expect(ctx.db.prepare('SELECT count(*) FROM matches').pluck().get()).toBe(0);
  });
});
