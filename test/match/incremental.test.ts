// An incremental run must store, for each new call, exactly what scoring that call alone would give, and only
// where it beats the profile's weakest kept match; cuts, cached statistics and cached profiles must not change that.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getCalls } from '../../src/calls/repository.js';
import { createMember, createProfile, getProfile, updateMember, updateProfile } from '../../src/members/store.js';
import { MAX_MATCHES_PER_PROFILE, matchAll, matchCalls, projectSynonyms, projectThesaurus, statsStillValid, todayIn } from '../../src/match/run.js';
import { rescoreProfiles } from '../../src/match/profile-pool.js';
import { analyseCall, compileProfile, SCORER_VERSION, scoreAnalysed, type MatchResult } from '../../src/match/score.js';
import { ANALYSER_VERSION } from '../../src/match/analyse.js';
import { listProfileMatches, loadCorpusStats, profileCuts, saveCorpusStats } from '../../src/match/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall } from './insert-calls.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const LATER = new Date('2026-03-09T09:00:00Z');

let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.cleanup());

const WORDS = ['fablab', 'tiers-lieux', 'numérique', 'seniors', 'jeunesse', 'bibliothèque', 'culture', 'sport'];

/** Calls mixing the profile words in title, summary and body, so scores spread and repeat (ties at the cut). */
function insertCalls(count: number, seed: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + seed;
    const pick = (k: number): string => WORDS[(n * k + (n >> 2)) % WORDS.length]!;
    return insertCall(ctx.db, {
      title: `Appel ${n % 7} : ${pick(3)} et ${pick(5)}`,
      summary: n % 3 === 0 ? `Soutien aux projets ${pick(7)} des associations.` : 'Soutien aux associations du territoire.',
      body: n % 4 === 0 ? `Les actions ${pick(11)} et ${pick(13)} sont éligibles.` : 'Les collectivités peuvent candidater.',
      funder: n % 5 === 0 ? 'region' : 'state',
      regions: n % 5 === 0 ? ['Bretagne'] : [],
    });
  });
}

function key(m: Pick<MatchResult, 'profileId' | 'callId' | 'score' | 'terms' | 'explanation'>): string {
  return JSON.stringify([m.profileId, m.callId, m.score, m.terms, m.explanation]);
}

describe('incremental matching', () => {
  it('stores for new calls exactly the pairs that beat each profile’s weakest kept match, scored as alone', () => {
    const member = createMember(ctx.db, { email: 'inc@example.org' });
    const profiles = [
      createProfile(ctx.db, member.id, { name: 'Large', keywords: ['fablab', 'tiers-lieux', 'numérique', 'seniors', 'culture'] }, NOW),
      createProfile(ctx.db, member.id, { name: 'Régional', keywords: ['jeunesse', 'sport^2', 'bibliothèque'], regions: ['Bretagne'] }, NOW),
      createProfile(ctx.db, member.id, { name: 'Étroit', keywords: ['"tiers lieux"', 'fablab'], exclude: ['sport'] }, NOW),
    ];
    insertCalls(400, 0);
    matchAll(ctx, NOW);
    const before = new Map(profiles.map((p) => [p.id, listProfileMatches(ctx.db, p.id)]));
    // The broad profile is full, so its cut decides; the others may have room.
    expect(before.get(profiles[0]!.id)!.length).toBe(MAX_MATCHES_PER_PROFILE);
    const storedStats = loadCorpusStats(ctx.db)!;

    const fresh = insertCalls(60, 1_000);
    const summary = matchCalls(ctx, fresh, LATER);

    const today = todayIn(ctx.config.timeZone, LATER);
    const analysed = getCalls(ctx.db, fresh).map(analyseCall);
    // New calls are scored with the stored snapshot (60 new calls on 400 stay within STATS_DRIFT).
    const stats = storedStats.stats;
    const synonyms = projectSynonyms(ctx.log);
    const expected: string[] = [];
    let beaten = 0;
    for (const profile of profiles) {
      const kept = before.get(profile.id)!;
      const cut = kept.length >= MAX_MATCHES_PER_PROFILE ? kept[MAX_MATCHES_PER_PROFILE - 1]!.score : Number.NEGATIVE_INFINITY;
      const compiled = compileProfile(getProfile(ctx.db, profile.id)!, synonyms);
      for (const call of analysed) {
        const result = scoreAnalysed(call, compiled, stats, today);
        if (result === null) continue;
        if (result.score > cut) expected.push(key(result));
        else beaten++;
      }
    }
    const stored = profiles.flatMap((p) => listProfileMatches(ctx.db, p.id)).filter((m) => fresh.includes(m.callId));
    expect(stored.map(key).sort()).toEqual(expected.sort());
    expect(summary.matches).toBe(expected.length);
    // Both sides of the cut are exercised: some new calls get in, some matching ones are kept out (ties included).
    expect(expected.length).toBeGreaterThan(0);
    expect(beaten).toBeGreaterThan(0);
    // The older matches are untouched.
    for (const p of profiles) expect(listProfileMatches(ctx.db, p.id).filter((m) => !fresh.includes(m.callId))).toEqual(before.get(p.id));
  });

  it('rescoring calls leaves their own old matches out of the cut, and follows edited profiles', () => {
    const member = createMember(ctx.db, { email: 'again@example.org' });
    const profile = createProfile(ctx.db, member.id, { name: 'Large', keywords: ['fablab', 'tiers-lieux', 'numérique', 'seniors', 'culture'] }, NOW);
    const ids = insertCalls(400, 0);
    matchAll(ctx, NOW);
    const kept = listProfileMatches(ctx.db, profile.id);
    const best = kept.slice(0, 3).map((m) => m.callId);
    // Rescoring the three best calls: against the 100 best of the others, they get back in with the same rows.
    expect(matchCalls(ctx, best, NOW)).toMatchObject({ matches: 3, removed: 0 });
    expect(listProfileMatches(ctx.db, profile.id)).toEqual(kept);

    // Weighted high enough that new calls beat the 100 matches the old keywords left.
    updateProfile(ctx.db, profile.id, { keywords: ['bibliothèque^10'] }, LATER);
    const fresh = insertCalls(20, 2_000);
    matchCalls(ctx, fresh, LATER);
    const terms = listProfileMatches(ctx.db, profile.id).filter((m) => fresh.includes(m.callId)).map((m) => m.terms);
    expect(terms.length).toBeGreaterThan(0);
    expect(terms.every((t) => t.length === 1 && t[0] === 'bibliothèque')).toBe(true);
    expect(ids.length).toBe(400);
  });
});

describe('profiles of an incremental run', () => {
  it('are the active members’ ones, as stored now, whether many or few changed since the last run', () => {
    // 30 profiles: more than are read one by one when compiled anew.
    const members = Array.from({ length: 30 }, (_, i) => createMember(ctx.db, { email: `m${i}@example.org` }));
    const profiles = members.map((m, i) => createProfile(ctx.db, m.id, { name: `P${i}`, keywords: [i % 2 === 0 ? 'fablab' : 'seniors'] }, NOW));
    for (let i = 0; i < 40; i++) insertCall(ctx.db, { title: `Rénovation énergétique des écoles ${i}`, summary: 'Aide aux communes.' });
    matchAll(ctx, NOW);
    const call = (title: string): number => insertCall(ctx.db, { title });
    const first = call('Fablab et seniors : ateliers partagés');
    expect(matchCalls(ctx, [first], NOW)).toMatchObject({ profiles: 30, matches: 30 });

    updateProfile(ctx.db, profiles[0]!.id, { keywords: ['bibliothèque'] }, LATER);
    updateMember(ctx.db, members[1]!.id, { status: 'unsubscribed' }, LATER);
    const second = call('Fablab, bibliothèque et seniors');
    expect(matchCalls(ctx, [second], LATER)).toMatchObject({ profiles: 29, matches: 29 });
    expect(listProfileMatches(ctx.db, profiles[0]!.id).find((m) => m.callId === second)!.terms).toEqual(['bibliothèque']);
    expect(listProfileMatches(ctx.db, profiles[1]!.id).some((m) => m.callId === second)).toBe(false);

    // Every profile edited at once (a synonyms.yaml change has the same effect): all read again in one query.
    for (const p of profiles) updateProfile(ctx.db, p.id, { keywords: ['culture'] }, LATER);
    const third = call('Culture et fablab');
    expect(matchCalls(ctx, [third], LATER)).toMatchObject({ profiles: 29, matches: 29 });
    expect(listProfileMatches(ctx.db, profiles[2]!.id).find((m) => m.callId === third)!.terms).toEqual(['culture']);
  });
});

describe('profileCuts', () => {
  it('gives the cap-th best score, leaving out the calls being rescored, and nothing for profiles with room', () => {
    const member = createMember(ctx.db, { email: 'cuts@example.org' });
    const full = createProfile(ctx.db, member.id, { name: 'Plein', keywords: ['fablab'] }, NOW);
    const roomy = createProfile(ctx.db, member.id, { name: 'Place', keywords: ['seniors'] }, NOW);
    const calls = insertCalls(6, 0);
    const insert = ctx.db.prepare("INSERT INTO matches (profile_id, call_id, score, first_matched_at, scored_at) VALUES (?, ?, ?, 'x', 'x')");
    [90, 80, 70, 60, 50].forEach((score, i) => insert.run(full.id, calls[i], score));
    insert.run(roomy.id, calls[0], 99);
    const ids = [full.id, roomy.id, 424242];
    expect(profileCuts(ctx.db, ids, 3, [])).toEqual(new Map([[full.id, 70]]));
    // Rescoring the best call: the third best of the others is 60.
    expect(profileCuts(ctx.db, ids, 3, [calls[0]!])).toEqual(new Map([[full.id, 60]]));
    expect(profileCuts(ctx.db, ids, 5, [calls[5]!])).toEqual(new Map([[full.id, 50]]));
    expect(profileCuts(ctx.db, ids, 5, [calls[4]!])).toEqual(new Map());
  });
});

describe('corpus statistics snapshot', () => {
  it('is read again when another writer changed it', () => {
    const stats = { stats: { calls: 3, avgLength: [1, 2, 3] as [number, number, number], df: new Map([['fablab', 2]]) }, maxCallId: 3, computedAt: 'a' };
    saveCorpusStats(ctx.db, stats);
    expect(loadCorpusStats(ctx.db)).toBe(stats);
    const changed = JSON.stringify({ calls: 4, avgLength: [1, 1, 1], df: [['fablab', 3]], maxCallId: 4, computedAt: 'b', analyser: ANALYSER_VERSION, scorer: SCORER_VERSION });
    ctx.db.prepare("UPDATE settings SET value = ? WHERE key = 'match.corpus'").run(changed);
    const loaded = loadCorpusStats(ctx.db)!;
    expect(loaded.maxCallId).toBe(4);
    expect(loaded.stats.df.get('fablab')).toBe(3);
    expect(loadCorpusStats(ctx.db)).toBe(loaded);
  });

  it('made by another version of the scorer, is not valid, so the next fetch rescores every stored match on today’s scale', async () => {
    const member = createMember(ctx.db, { email: 'v@example.org' });
    const profile = createProfile(ctx.db, member.id, { name: 'Fablab', keywords: ['fablab'] }, NOW);
    const other = createProfile(ctx.db, member.id, { name: 'Seniors', keywords: ['seniors'] }, NOW);
    insertCalls(12, 0);
    matchAll(ctx, NOW);
    expect(listProfileMatches(ctx.db, profile.id).length).toBeGreaterThan(1);
    // An install upgraded from a scorer whose scores meant something else: its snapshot and its stored scores.
    const current = ctx.db.prepare("SELECT value FROM settings WHERE key = 'match.corpus'").pluck().get() as string;
    const older = { ...(JSON.parse(current) as Record<string, unknown>) };
    delete older['scorer'];
    ctx.db.prepare("UPDATE settings SET value = ? WHERE key = 'match.corpus'").run(JSON.stringify(older));
    // Still readable (previews and network digests score with it), but not valid for the scores beside it.
    const loaded = loadCorpusStats(ctx.db)!;
    expect(loaded.scorer).toBe(1);
    expect(statsStillValid(loaded, loaded.stats.calls, projectThesaurus(ctx.log).fingerprint)).toBe(false);
    ctx.db.prepare('UPDATE matches SET score = 1').run();
    // A member edits another profile first: it is scored alone, and must not store a snapshot that would make the
    // other profiles' old scores look current.
    updateProfile(ctx.db, other.id, { keywords: ['seniors', 'fablab'] }, NOW);
    await rescoreProfiles(ctx, [other.id], NOW);
    expect(loadCorpusStats(ctx.db)!.scorer).toBe(1);
    expect(listProfileMatches(ctx.db, profile.id).every((m) => m.score === 1)).toBe(true);
    // One new call arrives: the run it triggers is a full one, every stored score recomputed…
    const [added] = insertCalls(1, 40);
    matchCalls(ctx, [added!], NOW);
    const rescored = listProfileMatches(ctx.db, profile.id);
    expect(rescored.filter((m) => m.score === 1)).toEqual([]);
    // …exactly as a full run on the new snapshot gives them.
    matchAll(ctx, NOW);
    expect(listProfileMatches(ctx.db, profile.id).map(key)).toEqual(rescored.map(key));
    expect(JSON.parse(ctx.db.prepare("SELECT value FROM settings WHERE key = 'match.corpus'").pluck().get() as string).scorer).toBe(SCORER_VERSION);
  });

  it('made with another synonyms.yaml, is refreshed with every stored score by the next run', () => {
    const member = createMember(ctx.db, { email: 't@example.org' });
    const profile = createProfile(ctx.db, member.id, { name: 'Fablab', keywords: ['fablab'] }, NOW);
    insertCalls(12, 0);
    matchAll(ctx, NOW);
    const thesaurus = projectThesaurus(ctx.log).fingerprint;
    const loaded = loadCorpusStats(ctx.db)!;
    expect(loaded.thesaurus).toBe(thesaurus);
    expect(statsStillValid(loaded, loaded.stats.calls, thesaurus)).toBe(true);
    // Staff edited the thesaurus since the scores were stored (the snapshot names the file it was made with).
    const current = JSON.parse(ctx.db.prepare("SELECT value FROM settings WHERE key = 'match.corpus'").pluck().get() as string) as Record<string, unknown>;
    ctx.db.prepare("UPDATE settings SET value = ? WHERE key = 'match.corpus'").run(JSON.stringify({ ...current, thesaurus: 'an-older-file' }));
    expect(statsStillValid(loadCorpusStats(ctx.db), loaded.stats.calls, thesaurus)).toBe(false);
    ctx.db.prepare('UPDATE matches SET score = 1').run();
    // One new call arrives: every stored score is recomputed with today's thesaurus, not only the new call's.
    const [added] = insertCalls(1, 40);
    matchCalls(ctx, [added!], NOW);
    expect(listProfileMatches(ctx.db, profile.id).filter((m) => m.score === 1)).toEqual([]);
    expect(loadCorpusStats(ctx.db)!.thesaurus).toBe(thesaurus);
  });

  it('made by another version of the analyser, is not used: its tokens are not today’s, and the next run rebuilds it', () => {
    const older = JSON.stringify({ calls: 4, avgLength: [1, 1, 1], df: [['ain', 3]], maxCallId: 4, computedAt: 'b', analyser: ANALYSER_VERSION - 1, scorer: SCORER_VERSION });
    ctx.db.prepare("INSERT INTO settings (key, value) VALUES ('match.corpus', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(older);
    expect(loadCorpusStats(ctx.db)).toBeNull();
    const unversioned = JSON.stringify({ calls: 4, avgLength: [1, 1, 1], df: [['ain', 3]], maxCallId: 4, computedAt: 'b' });
    ctx.db.prepare("UPDATE settings SET value = ? WHERE key = 'match.corpus'").run(unversioned);
    expect(loadCorpusStats(ctx.db)).toBeNull();
  });
});
