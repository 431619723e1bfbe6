// « À regarder aussi » in composeDigest (issue 15): pure selection.
import { expect, it } from 'vitest';
import type { Call } from '../../src/calls/types.js';
import { composeDigest, digestItems, SECOND_CHANCES_SHOWN, type ComposeInput, type MatchCandidate } from '../../src/digest/compose.js';

function call(id: number): Call {
  return {
    id, canonicalUrl: `https://example.org/${id}`, title: `Appel ${id}`, summary: '', body: '', funder: 'region', funderName: null, regions: [],
    categories: [], deadlines: ['2027-03-01'], nextDeadline: '2027-03-01', amount: null, opens: null, rate: null, recurrence: null, euFunds: [],
    publishedAt: null, status: 'open', firstSeenAt: '2026-11-01T00:00:00Z', lastSeenAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', sources: [],
  };
}

const RECENT = '2026-11-30T06:00:00Z';
const candidate = (callId: number, score: number, profileId = 1): MatchCandidate => ({ profileId, callId, score, terms: ['t'], explanation: [], firstMatchedAt: RECENT });

function input(over: Partial<ComposeInput>): ComposeInput {
  const ids = Array.from({ length: 20 }, (_, i) => i + 1);
  return {
    today: '2026-12-01',
    since: '2026-11-24T00:00:00Z',
    profiles: [{ id: 1, name: 'A' }, { id: 2, name: 'B' }],
    matches: [candidate(1, 60)],
    sentCallIds: new Set(),
    calls: new Map(ids.map((id) => [id, call(id)])),
    ...over,
  };
}

it('lists at most three second chances, best first, each call once, after nothing the member already has', () => {
  const content = composeDigest(
    input({
      sentCallIds: new Set([3]),
      secondChances: [candidate(1, 25), candidate(2, 20), candidate(3, 29), candidate(4, 21), candidate(4, 27, 2), candidate(5, 19), candidate(6, 28)],
      followed: { follows: [{ callId: 6, status: 'interested' }], calls: new Map(), changes: new Map() },
    }),
  )!;
  // 1 is a match, 3 was sent, 6 is followed; 4 counts once, by its best profile.
  expect(content.alsoSee!.map((e) => [e.call.id, e.profileId])).toEqual([[4, 2], [2, 1], [5, 1]]);
  expect(content.alsoSee).toHaveLength(SECOND_CHANCES_SHOWN);
  // Shown once: recorded in the ledger like the main list, and not counted as new calls.
  expect(content.newCount).toBe(1);
  expect(digestItems(content).map((i) => i.callId)).toEqual(expect.arrayContaining([4, 2, 5]));
});

it('second chances alone do not make a digest', () => {
  expect(composeDigest(input({ matches: [], secondChances: [candidate(2, 25)] }))).toBeNull();
});
