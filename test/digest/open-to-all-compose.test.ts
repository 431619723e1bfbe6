// « Ouverts à toute association » in composeDigest: pure selection among the member's matches on general funds.
import { expect, it } from 'vitest';
import type { Call } from '../../src/calls/types.js';
import { composeDigest, digestItems, type ComposeInput, type MatchCandidate } from '../../src/digest/compose.js';
import { OPEN_TO_ALL_SHOWN } from '../../src/digest/open-to-all.js';
import { GENERAL_ENTRY } from '../../src/match/score.js';

function call(id: number, over: Partial<Call> = {}): Call {
  return {
    id, canonicalUrl: `https://example.org/${id}`, title: `Appel ${id}`, summary: '', body: '', funder: 'state', funderName: null, regions: [],
    categories: [], deadlines: ['2027-03-01'], nextDeadline: '2027-03-01', amount: null, opens: null, rate: null, recurrence: null, euFunds: [],
    publishedAt: null, status: 'open', firstSeenAt: '2026-11-01T00:00:00Z', lastSeenAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', sources: [],
    ...over,
  };
}

const candidate = (callId: number, score: number, profileId = 1): MatchCandidate => ({ profileId, callId, score, terms: ['t'], explanation: [], firstMatchedAt: '2026-11-30T06:00:00Z' });
/** A general fund's match as the matcher stores it (score.ts generalResult): at min_score, one `general` entry. */
const general = (callId: number, profileId = 1): MatchCandidate => ({ profileId, callId, score: 30, terms: [], explanation: [{ ...GENERAL_ENTRY }], firstMatchedAt: '2026-11-30T06:00:00Z' });

function input(funds: Call[], matches: MatchCandidate[], over: Partial<ComposeInput> = {}): ComposeInput {
  const all = [call(1), ...funds];
  return {
    today: '2026-12-01',
    since: '2026-11-24T00:00:00Z',
    profiles: [{ id: 1, name: 'EPN Bretagne' }, { id: 2, name: 'Fondations' }],
    matches: [candidate(1, 60), ...matches],
    sentCallIds: new Set(),
    calls: new Map(all.map((c) => [c.id, c])),
    ...over,
  };
}

it('lists general funds in their own block, nearest deadline then newest first, two at most, not among the new calls', () => {
  const funds = [
    call(11, { deadlines: ['2027-01-15'] }),
    call(12, { funder: 'foundation', deadlines: [] }),
    call(13, { deadlines: ['2027-01-15'], firstSeenAt: '2026-11-20T00:00:00Z' }), // newer than 11
    call(14, { deadlines: ['2026-11-20'] }), // its deadline has passed
  ];
  const matches = [general(11), general(12, 2), general(13), general(13, 2), general(14)];
  const content = composeDigest(input(funds, matches))!;
  expect(content.openToAll!.map((e) => [e.call.id, e.profileId])).toEqual([[13, 1], [11, 1]]);
  expect(content.openToAll).toHaveLength(OPEN_TO_ALL_SHOWN);
  expect(content.groups.flatMap((g) => g.entries.map((e) => e.call.id))).toEqual([1]);
  expect(content.newCount).toBe(1);
  expect(digestItems(content).map((i) => i.callId)).toEqual(expect.arrayContaining([13, 11]));
  // With the first two sent, the foundation's (unknown deadline, last) comes, under the profile it fits.
  const later = composeDigest(input(funds, matches, { sentCallIds: new Set([13, 11]) }))!;
  expect(later.openToAll!.map((e) => [e.call.id, e.profileId])).toEqual([[12, 2]]);
  // A general fund already sent is not recalled under « Date limite proche »: the block shows each fund once.
  const closing = composeDigest(input([call(15, { deadlines: ['2026-12-05'] })], [general(15)], { sentCallIds: new Set([15]) }))!;
  expect(closing.closing).toEqual([]);
});

it('never lists a fund the member matched on their terms, was sent or follows; a general fund is no second chance', () => {
  const funds = [20, 21, 22, 23, 24, 25].map((id) => call(id));
  const content = composeDigest(
    input(funds, [candidate(20, 40, 2), ...[20, 21, 22, 23, 24, 25].map((id) => general(id))], {
      sentCallIds: new Set([21]),
      secondChances: [candidate(22, 20)],
      followed: { follows: [{ callId: 23, status: 'interested' }], calls: new Map(), changes: new Map() },
    }),
  )!;
  // 22 fell under min_score on the profile's terms, but a general fund is a match: not « À regarder aussi » too.
  expect(content.alsoSee!.map((e) => e.call.id)).toEqual([]);
  // 20 is in the main list (a profile matched it on its terms); same deadline, same first sighting: newer id first.
  expect(content.groups.flatMap((g) => g.entries.map((e) => e.call.id))).toEqual([1, 20]);
  expect(content.openToAll!.map((e) => e.call.id)).toEqual([25, 24]);
  const later = composeDigest(input(funds, [...[20, 21, 22, 23].map((id) => general(id))], { sentCallIds: new Set([21, 24, 25]), followed: { follows: [{ callId: 23, status: 'interested' }], calls: new Map(), changes: new Map() } }))!;
  expect(later.openToAll!.map((e) => e.call.id)).toEqual([22, 20]);
});

it('general funds alone do not make a digest', () => {
  expect(composeDigest(input([call(30)], [general(30)], { matches: [general(30)] }))).toBeNull();
});
