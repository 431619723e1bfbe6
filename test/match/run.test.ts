import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, createProfile, updateProfile } from '../../src/members/store.js';
import { rescoreProfiles } from '../../src/match/profile-pool.js';
import { matchAll, matchCalls, todayIn } from '../../src/match/run.js';
import { listMemberMatches, listProfileMatches, replaceMatches } from '../../src/match/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall } from './insert-calls.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const LATER = new Date('2026-03-09T09:00:00Z');
const page = { today: '2026-03-02', limit: 50, offset: 0 };

let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.cleanup());

function seedCalls(): Record<string, number> {
  const ids = {
    fablab: insertCall(ctx.db, {
      title: 'Appel à projets Fabriques de territoire : tiers-lieux et fablabs',
      summary: 'L’ANCT soutient les tiers-lieux structurants dans les quartiers et les territoires ruraux.',
      body: 'Les fablabs et ateliers de fabrication numérique peuvent candidater.',
    }),
    mediation: insertCall(ctx.db, {
      title: 'Soutien à la médiation numérique',
      summary: 'Financement de postes de médiateurs numériques dans les associations.',
      funder: 'region',
      regions: ['Occitanie'],
    }),
    seniors: insertCall(ctx.db, {
      title: 'Prévention de la perte d’autonomie des seniors',
      summary: 'Ateliers collectifs pour les personnes âgées, dont ateliers numériques.',
      funder: 'department',
      regions: ['Bretagne'],
    }),
    closed: insertCall(ctx.db, { title: 'Tiers-lieux : appel clos', status: 'closed' }),
    expired: insertCall(ctx.db, { title: 'Tiers-lieux : échéance passée', nextDeadline: '2026-02-01' }),
  };
  for (let i = 0; i < 15; i++) {
    insertCall(ctx.db, { title: `Rénovation énergétique des bâtiments publics ${i}`, summary: 'Aide aux communes pour isoler les écoles.' });
  }
  return ids;
}

describe('matching through the database', () => {
  it('stores ranked matches with explanations, only for open calls', () => {
    const ids = seedCalls();
    const member = createMember(ctx.db, { email: 'tiers@example.org', name: 'La Fabrique' });
    const profile = createProfile(ctx.db, member.id, { name: 'Tiers-lieux', keywords: ['"tiers lieux"^2', 'fablab', 'inclusion numérique'] }, NOW);
    const summary = matchAll(ctx, NOW);
    expect(summary).toMatchObject({ profiles: 1, calls: 18 });

    const { items, total } = listMemberMatches(ctx.db, member.id, page);
    expect(items.map((m) => m.call.id)).toEqual([ids.fablab, ids.mediation, ids.seniors]);
    expect(total).toBe(3);
    const [first, second, third] = items;
    expect(first!.score).toBeGreaterThan(second!.score);
    expect(first!.profileId).toBe(profile.id);
    expect(first!.profileName).toBe('Tiers-lieux');
    expect(first!.terms).toEqual(['tiers lieux', 'fablab']);
    expect(first!.explanation).toEqual([
      { term: 'tiers lieux', field: 'title' },
      { term: 'fablab', field: 'title' },
    ]);
    // Through the shipped synonyms.yaml: médiation numérique ~ inclusion numérique.
    expect(second!.explanation).toEqual([{ term: 'inclusion numérique', field: 'title', via: 'médiation numérique' }]);
    // A narrower term in the opening of the summary (« Ateliers collectifs pour les personnes âgées, dont ateliers
    // numériques »): the call's subject, weighed as a title would be.
    expect(third!.explanation).toEqual([{ term: 'inclusion numérique', field: 'summary', via: 'atelier numérique', relation: 'narrower', of: 'inclusion numérique' }]);
    expect(summary.matches).toBe(3);
  });

  it('rescores an edited profile alone, and keeps first_matched_at across rescoring', async () => {
    const ids = seedCalls();
    const a = createMember(ctx.db, { email: 'a@example.org' });
    const b = createMember(ctx.db, { email: 'b@example.org' });
    const pa = createProfile(ctx.db, a.id, { name: 'Fablabs', keywords: ['fablab'] }, NOW);
    const pb = createProfile(ctx.db, b.id, { name: 'Seniors', keywords: ['seniors', 'personnes âgées'] }, NOW);
    matchAll(ctx, NOW);
    const before = listProfileMatches(ctx.db, pb.id);
    expect(before.map((m) => m.callId)).toEqual([ids.seniors]);
    expect(listProfileMatches(ctx.db, pa.id).map((m) => m.callId)).toEqual([ids.fablab]);

    updateProfile(ctx.db, pa.id, { keywords: ['fablab', 'médiation numérique'] }, LATER);
    const summary = await rescoreProfiles(ctx, [pa.id], LATER);
    expect(summary.profiles).toBe(1);
    const after = listProfileMatches(ctx.db, pa.id);
    expect(after.map((m) => m.callId).sort()).toEqual([ids.fablab, ids.mediation, ids.seniors].sort());
    expect(after.find((m) => m.callId === ids.fablab)!.firstMatchedAt).toBe(NOW.toISOString());
    expect(after.find((m) => m.callId === ids.mediation)!.firstMatchedAt).toBe(LATER.toISOString());
    // The other profile was not rescored.
    expect(listProfileMatches(ctx.db, pb.id)).toEqual(before);

    // Narrowing the profile removes matches that no longer hold.
    updateProfile(ctx.db, pa.id, { exclude: ['ANCT'] }, LATER);
    expect((await rescoreProfiles(ctx, [pa.id], LATER)).removed).toBe(1);
    expect(listProfileMatches(ctx.db, pa.id).map((m) => m.callId).sort()).toEqual([ids.mediation, ids.seniors].sort());
  });

  it('scores new and changed calls without touching the others', () => {
    seedCalls();
    const m = createMember(ctx.db, { email: 'm@example.org' });
    const p = createProfile(ctx.db, m.id, { name: 'Médias', keywords: ['"éducation aux médias"', 'fablab'] }, NOW);
    matchAll(ctx, NOW);
    const before = listProfileMatches(ctx.db, p.id);
    const fresh = insertCall(ctx.db, { title: 'Éducation aux médias et à l’information des jeunes', summary: 'Ateliers EMI en collège.' });
    const summary = matchCalls(ctx, [fresh], LATER);
    expect(summary).toMatchObject({ calls: 1, matches: 1, removed: 0 });
    const after = listProfileMatches(ctx.db, p.id);
    expect(after.find((x) => x.callId === fresh)!.explanation[0]).toEqual({ term: 'éducation aux médias', field: 'title' });
    expect(after.filter((x) => x.callId !== fresh)).toEqual(before);

    // The call closes: rescoring it removes its match.
    ctx.db.prepare("UPDATE calls SET status = 'closed' WHERE id = ?").run(fresh);
    expect(matchCalls(ctx, [fresh], LATER)).toMatchObject({ calls: 0, removed: 1 });
    expect(listProfileMatches(ctx.db, p.id)).toEqual(before);
  });

  it('sees a profile edited between two incremental runs (compiled profiles are cached per process)', () => {
    seedCalls();
    const m = createMember(ctx.db, { email: 'edit@example.org' });
    const p = createProfile(ctx.db, m.id, { name: 'Bibliothèques', keywords: ['bibliothèque'] }, NOW);
    matchAll(ctx, NOW);
    const first = insertCall(ctx.db, { title: 'Bibliothèques et fablabs : un appel commun' });
    expect(matchCalls(ctx, [first], NOW).matches).toBe(1);
    updateProfile(ctx.db, p.id, { keywords: ['seniors'] }, LATER);
    const second = insertCall(ctx.db, { title: 'Bibliothèques ouvertes aux seniors' });
    const third = insertCall(ctx.db, { title: 'Bibliothèques de rue' });
    matchCalls(ctx, [second, third], LATER);
    const stored = listProfileMatches(ctx.db, p.id);
    expect(stored.find((x) => x.callId === second)!.terms).toEqual(['seniors']);
    expect(stored.some((x) => x.callId === third)).toBe(false);
  });

  it('a full rewrite in bulk keeps first_matched_at and the indexes', () => {
    const ids = seedCalls();
    const m = createMember(ctx.db, { email: 'bulk@example.org' });
    const p = createProfile(ctx.db, m.id, { name: 'Fablabs', keywords: ['fablab', 'seniors'] }, NOW);
    matchAll(ctx, NOW);
    const indexes = (): string[] =>
      (ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'matches' ORDER BY name").pluck().all() as string[]);
    const before = indexes();
    expect(before).toEqual(expect.arrayContaining(['matches_call', 'matches_profile_score']));
    const results = listProfileMatches(ctx.db, p.id).map((x) => ({ profileId: x.profileId, callId: x.callId, score: x.score, terms: x.terms, explanation: x.explanation }));
    // bulkRows 0: the path a full run of half a million matches takes, indexes dropped and rebuilt.
    expect(results.map((x) => x.callId).sort()).toEqual([ids.fablab, ids.seniors].sort());
    const written = replaceMatches(ctx.db, { kind: 'all' }, results.slice(0, 1), LATER, { bulkRows: 0 });
    expect(written).toEqual({ written: results.length - 1, removed: 1 });
    expect(indexes()).toEqual(before);
    const after = listProfileMatches(ctx.db, p.id);
    expect(after.map((x) => x.firstMatchedAt)).toEqual(after.map(() => NOW.toISOString()));
    expect(after.map((x) => x.scoredAt)).toEqual(after.map(() => LATER.toISOString()));
    expect(after.map((x) => x.callId)).toEqual([results[0]!.callId]);
  });

  it('drops results whose profile or call is gone, and leaves foreign keys enforced', () => {
    const ids = seedCalls();
    const m = createMember(ctx.db, { email: 'fk@example.org' });
    const p = createProfile(ctx.db, m.id, { name: 'Fablabs', keywords: ['fablab'] }, NOW);
    const many = Array.from({ length: 1_200 }, (_, i) => ({ profileId: p.id, callId: ids.fablab, score: 50, terms: ['fablab'], explanation: [] }))
      .map((r, i) => (i === 0 ? r : { ...r, profileId: 1_000_000 + i }));
    // 1,200 rows: the path where this connection checks parents itself.
    expect(replaceMatches(ctx.db, { kind: 'all' }, [...many, { ...many[0]!, callId: 999_999 }], NOW)).toEqual({ written: 1, removed: 0 });
    expect(listProfileMatches(ctx.db, p.id).map((x) => x.callId)).toEqual([ids.fablab]);
    expect(ctx.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => ctx.db.prepare("INSERT INTO matches (profile_id, call_id, score, first_matched_at, scored_at) VALUES (424242, ?, 1, 'x', 'x')").run(ids.fablab)).toThrow(/FOREIGN KEY/);
  });

  it('lists one entry per call with every profile that matched, paginated', () => {
    const ids = seedCalls();
    const m = createMember(ctx.db, { email: 'multi@example.org' });
    createProfile(ctx.db, m.id, { name: 'Tiers-lieux', keywords: ['tiers-lieux'] }, NOW);
    createProfile(ctx.db, m.id, { name: 'Fablabs', keywords: ['fablab'] }, NOW);
    createProfile(ctx.db, m.id, { name: 'Seniors', keywords: ['seniors'] }, NOW);
    matchAll(ctx, NOW);
    const all = listMemberMatches(ctx.db, m.id, page);
    expect(all.total).toBe(2);
    const fablab = all.items.find((x) => x.call.id === ids.fablab)!;
    expect(fablab.profiles.map((p) => p.profileName).sort()).toEqual(['Fablabs', 'Tiers-lieux']);
    expect(fablab.score).toBe(Math.max(...fablab.profiles.map((p) => p.score)));
    const second = listMemberMatches(ctx.db, m.id, { ...page, limit: 1, offset: 1 });
    expect(second.total).toBe(2);
    expect(second.items.map((x) => x.call.id)).toEqual([all.items[1]!.call.id]);
    // A call whose deadline passes drops out of the list even before the next run.
    ctx.db.prepare('UPDATE calls SET next_deadline = ? WHERE id = ?').run('2026-03-05', ids.fablab);
    expect(listMemberMatches(ctx.db, m.id, { ...page, today: '2026-03-06' }).items.map((x) => x.call.id)).toEqual([ids.seniors]);
  });

  it('computes today in the configured time zone', () => {
    expect(todayIn('Europe/Paris', new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(todayIn('UTC', new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-01');
  });
});
