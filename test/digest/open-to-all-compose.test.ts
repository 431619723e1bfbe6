// « Ouverts à toute association » in composeDigest: pure selection among the run's general funds.
import { expect, it } from 'vitest';
import type { Call } from '../../src/calls/types.js';
import { composeDigest, digestItems, type ComposeInput, type MatchCandidate } from '../../src/digest/compose.js';
import { OPEN_TO_ALL_SHOWN, profileFilter, type GeneralCall } from '../../src/digest/open-to-all.js';
import { normaliseRegions } from '../../src/match/score.js';

function call(id: number, over: Partial<Call> = {}): Call {
  return {
    id, canonicalUrl: `https://example.org/${id}`, title: `Appel ${id}`, summary: '', body: '', funder: 'state', funderName: null, regions: [],
    categories: [], deadlines: ['2027-03-01'], nextDeadline: '2027-03-01', amount: null, opens: null, rate: null, recurrence: null, euFunds: [],
    publishedAt: null, status: 'open', firstSeenAt: '2026-11-01T00:00:00Z', lastSeenAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', sources: [],
    ...over,
  };
}

const general = (c: Call): GeneralCall => ({ call: c, regions: normaliseRegions(c.regions) });
const candidate = (callId: number, score: number): MatchCandidate => ({ profileId: 1, callId, score, terms: ['t'], explanation: [], firstMatchedAt: '2026-11-30T06:00:00Z' });

function input(funds: Call[], over: Partial<ComposeInput> = {}): ComposeInput {
  const all = [call(1), ...funds];
  return {
    today: '2026-12-01',
    since: '2026-11-24T00:00:00Z',
    profiles: [{ id: 1, name: 'EPN Bretagne' }, { id: 2, name: 'Fondations' }],
    matches: [candidate(1, 60)],
    sentCallIds: new Set(),
    calls: new Map(all.map((c) => [c.id, c])),
    openToAll: {
      calls: funds.map(general),
      filters: [
        profileFilter({ id: 1, categories: [], regions: ['Bretagne'] }),
        profileFilter({ id: 2, categories: ['foundation'], regions: [] }),
      ],
      known: new Set(),
    },
    ...over,
  };
}

it('keeps the funds that pass one profile’s filters, nearest deadline then newest first, two at most', () => {
  const funds = [
    call(10, { regions: ['Occitanie'], deadlines: ['2026-12-05'] }), // no profile: another region, a state funder
    call(11, { regions: ['Bretagne'], deadlines: ['2027-01-15'] }),
    call(12, { regions: ['Occitanie'], funder: 'foundation', deadlines: [] }), // the second profile: any region
    call(13, { regions: [], deadlines: ['2027-01-15'], firstSeenAt: '2026-11-20T00:00:00Z' }), // nationwide, newer than 11
    call(14, { regions: ['Bretagne'], deadlines: ['2026-11-20'] }), // its deadline has passed
  ];
  const content = composeDigest(input(funds))!;
  expect(content.openToAll!.map((e) => [e.call.id, e.profileId])).toEqual([[13, 1], [11, 1]]);
  expect(content.openToAll).toHaveLength(OPEN_TO_ALL_SHOWN);
  expect(digestItems(content).map((i) => i.callId)).toEqual(expect.arrayContaining([13, 11]));
  expect(content.newCount).toBe(1);
  // With the first two gone, the foundation's (unknown deadline, last) comes through the second profile.
  const later = composeDigest(input(funds, { sentCallIds: new Set([13, 11]) }))!;
  expect(later.openToAll!.map((e) => [e.call.id, e.profileId])).toEqual([[12, 2]]);
});

it('never lists a fund the member matched, was sent, follows, hid, or sees in « À regarder aussi »', () => {
  const funds = [20, 21, 22, 23, 24, 25].map((id) => call(id));
  const content = composeDigest(
    input(funds, {
      matches: [candidate(1, 60), candidate(20, 40)],
      sentCallIds: new Set([21]),
      secondChances: [candidate(22, 20)],
      followed: { follows: [{ callId: 23, status: 'interested' }], calls: new Map(), changes: new Map() },
    }),
  )!;
  const known = { ...input(funds).openToAll!, known: new Set([24]) };
  expect(content.alsoSee!.map((e) => e.call.id)).toEqual([22]);
  // Same deadline, same first sighting: the newer id first.
  expect(content.openToAll!.map((e) => e.call.id)).toEqual([25, 24]);
  const withKnown = composeDigest(input(funds, { openToAll: known, matches: [candidate(1, 60), candidate(20, 40)], sentCallIds: new Set([21]) }))!;
  expect(withKnown.openToAll!.map((e) => e.call.id)).toEqual([25, 23]);
});

it('general funds alone do not make a digest', () => {
  expect(composeDigest(input([call(30)], { matches: [] }))).toBeNull();
});
