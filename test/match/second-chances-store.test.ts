// The second_chances table (issue 15) on a real SQLite file: first_seen_at kept, rows of deleted parents skipped,
// and a run over some calls keeping each profile's best SECOND_CHANCES_PER_PROFILE.
import { afterEach, expect, it } from 'vitest';
import { replaceSecondChances, secondChanceCuts } from '../../src/match/second-chances.js';
import { SECOND_CHANCES_PER_PROFILE, type MatchResult } from '../../src/match/score.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { seedCall } from '../api/helpers.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
afterEach(() => ctx?.cleanup());

const T1 = new Date('2026-03-01T10:00:00Z');
const T2 = new Date('2026-03-02T10:00:00Z');
const result = (profileId: number, callId: number, score: number): MatchResult => ({ profileId, callId, score, terms: ['t'], explanation: [{ term: 't', field: 'summary', via: 'v' }] });

function rows(): { profile_id: number; call_id: number; score: number; first_seen_at: string }[] {
  return ctx.db.prepare('SELECT profile_id, call_id, score, first_seen_at FROM second_chances ORDER BY profile_id, score DESC, call_id').all() as never;
}

it('keeps first_seen_at, skips vanished parents, and trims a profile back to its best after a run over some calls', () => {
  ctx = createTestContext();
  const member = createMember(ctx.db, { email: 'a@b.example' });
  const profile = createProfile(ctx.db, member.id, { name: 'P', keywords: ['x'] });
  const calls = Array.from({ length: SECOND_CHANCES_PER_PROFILE + 3 }, (_, i) => seedCall(ctx.db, { title: `Appel ${i}` }));
  const first = calls.slice(0, SECOND_CHANCES_PER_PROFILE);
  replaceSecondChances(ctx.db, { kind: 'all' }, [...first.map((c, i) => result(profile.id, c, 20 + i / 10)), result(profile.id, 999_999, 25), result(424_242, first[0]!, 25)], T1);
  expect(rows()).toHaveLength(SECOND_CHANCES_PER_PROFILE);
  // What a new call must beat: the tenth best, unless one of the kept calls is being rescored (then there is room).
  expect(secondChanceCuts(ctx.db, SECOND_CHANCES_PER_PROFILE, [])).toEqual(new Map([[profile.id, 20]]));
  expect(secondChanceCuts(ctx.db, SECOND_CHANCES_PER_PROFILE, [first[3]!])).toEqual(new Map());

  // Three new calls, two better than the weakest: they replace the two weakest; one rescored call keeps its date.
  const fresh = calls.slice(SECOND_CHANCES_PER_PROFILE);
  replaceSecondChances(ctx.db, { kind: 'calls', callIds: [...fresh, first[5]!] }, [result(profile.id, fresh[0]!, 29), result(profile.id, fresh[1]!, 28), result(profile.id, fresh[2]!, 1), result(profile.id, first[5]!, 20.5)], T2);
  const after = rows();
  expect(after).toHaveLength(SECOND_CHANCES_PER_PROFILE);
  expect(after.slice(0, 2).map((r) => r.call_id)).toEqual([fresh[0], fresh[1]]);
  expect(after.map((r) => r.call_id)).not.toContain(first[0]);
  expect(after.map((r) => r.call_id)).not.toContain(fresh[2]);
  expect(after.find((r) => r.call_id === first[5])!.first_seen_at).toBe(T1.toISOString());
  expect(after.find((r) => r.call_id === fresh[0])!.first_seen_at).toBe(T2.toISOString());
});
