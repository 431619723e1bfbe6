// Scores a member can trust (issue 15): unrelated calls arriving do not move a member's scores, a plain full run
// on an unchanged corpus moves nothing, adding a keyword never removes a match, and when the statistics are
// refreshed every stored score is refreshed with them.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createMember, createProfile, updateProfile } from '../../src/members/store.js';
import { closeProfilePool, rescoreProfiles } from '../../src/match/profile-pool.js';
import { matchAll, matchCalls, STATS_DRIFT } from '../../src/match/run.js';
import { listProfileMatches, loadCorpusStats } from '../../src/match/store.js';
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

const TOPICS = [
  'fablab solidaire', 'voirie communale', 'eau potable', 'inclusion numérique', 'éclairage public', 'zones humides', 'friches industrielles',
  'logement social', 'bibliothèque de quartier', 'pistes cyclables', 'rénovation énergétique', 'seniors isolés', 'méthanisation',
  'tourisme rural', 'patrimoine bâti', 'chaufferie bois', 'ponts communaux', 'trait de côte', 'gare routière', 'cimetière paysager',
];

function insertCalls(count: number, seed: number, text = (n: number) => TOPICS[n % TOPICS.length]!): number[] {
  return Array.from({ length: count }, (_, i) =>
    insertCall(ctx.db, { title: `Appel ${seed + i} : ${text(seed + i)}`, summary: `Soutien aux projets (${text(seed + i + 7)}).`, body: 'Les associations peuvent candidater.' }),
  );
}

const scores = (profileId: number): Map<number, number> => new Map(listProfileMatches(ctx.db, profileId).map((m) => [m.callId, m.score]));

it('unrelated calls arriving, then a plain full run, leave existing scores as they were', () => {
  const member = createMember(ctx.db, { email: 'a@example.org' });
  const profile = createProfile(ctx.db, member.id, { name: 'p', keywords: ['fablab', 'inclusion numérique'] }, NOW);
  insertCalls(100, 0);
  matchAll(ctx, NOW);
  const before = scores(profile.id);
  expect(before.size).toBeGreaterThan(10);
  // Fewer new calls than the drift allows, about something else entirely.
  const fresh = insertCalls(Math.floor(100 * STATS_DRIFT) - 2, 1_000, () => 'voirie communale et assainissement');
  matchCalls(ctx, fresh, LATER);
  expect(scores(profile.id)).toEqual(before);
  matchAll(ctx, LATER);
  expect(scores(profile.id)).toEqual(before);
});

it('adding a keyword to a profile never removes a match nor lowers a score by itself', async () => {
  const member = createMember(ctx.db, { email: 'b@example.org' });
  const profile = createProfile(ctx.db, member.id, { name: 'p', keywords: ['fablab', 'seniors'], minScore: 40 }, NOW);
  insertCalls(100, 0);
  matchAll(ctx, NOW);
  const before = scores(profile.id);
  expect(before.size).toBeGreaterThan(5);
  // Calls arrive in between, as they do between two edits (within the drift).
  matchCalls(ctx, insertCalls(15, 500), LATER);
  updateProfile(ctx.db, profile.id, { keywords: ['fablab', 'seniors', 'agriculture biologique'] }, LATER);
  await rescoreProfiles(ctx, [profile.id], LATER);
  const after = scores(profile.id);
  for (const [callId, score] of before) expect(after.get(callId), `call ${callId}`).toBeGreaterThanOrEqual(score);
});

it('when the corpus has grown past the drift, the next run refreshes the statistics and every stored score', () => {
  const member = createMember(ctx.db, { email: 'c@example.org' });
  const first = createProfile(ctx.db, member.id, { name: 'un', keywords: ['fablab'] }, NOW);
  const second = createProfile(ctx.db, member.id, { name: 'deux', keywords: ['bibliothèque'] }, NOW);
  insertCalls(50, 0);
  matchAll(ctx, NOW);
  expect(loadCorpusStats(ctx.db)!.stats.calls).toBe(50);
  // Many calls about fablabs: « fablab » becomes common, and the snapshot no longer describes the corpus.
  matchCalls(ctx, insertCalls(40, 2_000, () => 'fablab et fabrication numérique'), LATER);
  expect(loadCorpusStats(ctx.db)!.stats.calls).toBe(90);
  const rows = ctx.db.prepare('SELECT profile_id, scored_at FROM matches WHERE profile_id IN (?, ?)').all(first.id, second.id) as { profile_id: number; scored_at: string }[];
  expect(rows.length).toBeGreaterThan(0);
  // Both profiles' matches, old calls included, were written by the refreshing run.
  expect(new Set(rows.map((r) => r.scored_at))).toEqual(new Set([LATER.toISOString()]));
  expect(rows.some((r) => r.profile_id === second.id)).toBe(true);
});
