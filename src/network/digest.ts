// The network's parts of a member's digest (issue 18): staff picks « Sélection du réseau », calls to anticipate
// « À anticiper », and per call « Aussi concernés dans le réseau ». What is the same for every member is read once
// per run (loadNetworkRun); each member then costs one or two small queries and no per-call I/O.
import { getCalls } from '../calls/repository.js';
import type { Call } from '../calls/types.js';
import type { Db } from '../db/connection.js';
import { upcomingDeadline } from '../digest/compose.js';
import { daysBetween, type Day } from '../digest/format.js';
import type { Logger } from '../log.js';
import { projectSynonyms } from '../match/run.js';
import { analyseCall, compileProfile, computeStats, scoreAnalysed, type AnalysedCall, type CorpusStats } from '../match/score.js';
import { loadCorpusStats } from '../match/store.js';
import { EMPTY_SYNONYMS, type SynonymTable } from '../match/synonyms.js';
import type { Member } from '../members/types.js';
import { listAnticipations, type Anticipation } from './editions-store.js';
import { expectedOpening, type ExpectedNext } from './editions.js';
import { listOpenPins, pinReaches, type Pin } from './pins.js';

export interface PickEntry {
  call: Call;
  note: string;
  internalDeadline: Day | null;
  deadline: Day | null;
  daysLeft: number | null;
}

export interface AnticipateEntry {
  /** The last edition seen. */
  call: Call;
  expected: ExpectedNext;
  /** When the next edition is expected to open (estimated from its deadline when no edition said). */
  expectedOpening: Day | null;
}

/** What the network adds to one member's digest; absent, the digest is as before issue 18. */
export interface NetworkInput {
  picks: { pin: Pin; call: Call }[];
  anticipate: AnticipateEntry[];
  /** Organisations of other opted-in members matched on a call; empty for a member who did not opt in. */
  partners: (callId: number) => readonly string[];
}

interface PartnerRow {
  call_id: number;
  member_id: number;
  label: string;
}

/** Read once per digest run: the same for every member. */
export interface NetworkRun {
  pins: { pin: Pin; call: Call }[];
  /** Per call, the opted-in active members matched on it, with the name shown. */
  partners: Map<number, { memberId: number; label: string }[]>;
  anticipations: { anticipation: Anticipation; call: Call; analysed: AnalysedCall }[];
  stats: CorpusStats;
  synonyms: SynonymTable;
}

function partnersByCall(db: Db): NetworkRun['partners'] {
  const rows = db
    .prepare(
      `SELECT DISTINCT m.call_id, mem.id AS member_id, COALESCE(NULLIF(TRIM(mem.organisation), ''), NULLIF(TRIM(mem.name), '')) AS label
         FROM matches m
         JOIN profiles p ON p.id = m.profile_id
         JOIN members mem ON mem.id = p.member_id
         JOIN calls c ON c.id = m.call_id
        WHERE mem.visible_to_network = 1 AND mem.status = 'active' AND c.status = 'open'
          AND COALESCE(NULLIF(TRIM(mem.organisation), ''), NULLIF(TRIM(mem.name), '')) IS NOT NULL
        ORDER BY m.call_id, label COLLATE NOCASE, mem.id`,
    )
    .all() as PartnerRow[];
  const byCall: NetworkRun['partners'] = new Map();
  for (const row of rows) {
    const list = byCall.get(row.call_id) ?? [];
    list.push({ memberId: row.member_id, label: row.label });
    byCall.set(row.call_id, list);
  }
  return byCall;
}

/** Everything of the network's sections that is the same for every member of a run on `today`. */
export function loadNetworkRun(db: Db, today: Day, log: Logger, runCalls: Map<number, Call> = new Map()): NetworkRun {
  const pins = listOpenPins(db, today);
  const anticipations = listAnticipations(db, today);
  const ids = [...pins.map((p) => p.callId), ...anticipations.map((a) => a.callId)].filter((id) => !runCalls.has(id));
  for (const call of getCalls(db, ids)) runCalls.set(call.id, call);
  const withCall = <T extends { callId: number }>(item: T) => (runCalls.has(item.callId) ? [{ item, call: runCalls.get(item.callId)! }] : []);
  const anticipated = anticipations.flatMap(withCall).map(({ item, call }) => ({
    anticipation: item,
    call,
    // Scored as if open: the edition to come is what the member would answer.
    analysed: analyseCall({ ...call, status: 'open', nextDeadline: null }),
  }));
  return {
    pins: pins.flatMap(withCall).map(({ item, call }) => ({ pin: item, call })),
    partners: partnersByCall(db),
    anticipations: anticipated,
    stats: anticipated.length > 0 ? (loadCorpusStats(db)?.stats ?? computeStats(anticipated.map((a) => a.analysed))) : computeStats([]),
    synonyms: anticipated.length > 0 ? projectSynonyms(log) : EMPTY_SYNONYMS,
  };
}

/**
 * Calls listed to the member without a profile (a pick or an anticipation; matches carry their profile) in digests
 * already delivered (other weeks than `week`), with when the last such digest was composed.
 */
function deliveredNetworkItems(db: Db, memberId: number, week: string, callIds: number[]): Map<number, string> {
  if (callIds.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT i.call_id, MAX(d.composed_at) AS at FROM digest_items i JOIN digest_deliveries d ON d.id = i.delivery_id
        WHERE i.member_id = ? AND d.status = 'sent' AND d.week <> ? AND i.profile_id IS NULL
          AND i.call_id IN (SELECT value FROM json_each(?))
        GROUP BY i.call_id`,
    )
    .all(memberId, week, JSON.stringify(callIds)) as { call_id: number; at: string | null }[];
  return new Map(rows.map((r) => [r.call_id, r.at ?? '']));
}

/** The last edition's closing day: after it, the call can only have been listed as an anticipation. */
function closedOn(call: Call): string {
  return [...call.deadlines].sort().at(-1) ?? call.nextDeadline ?? '';
}

/** The network's parts of one member's digest for `week`. */
export function networkInputFor(db: Db, run: NetworkRun, member: Pick<Member, 'id' | 'tags' | 'visibleToNetwork' | 'profiles'>, week: string): NetworkInput {
  const reached = run.pins.filter((p) => pinReaches(p.pin, member.tags));
  const candidates = run.anticipations.length > 0 ? fittingAnticipations(run, member, followedSeries(db, member.id)) : [];
  const delivered = deliveredNetworkItems(db, member.id, week, [...reached.map((p) => p.call.id), ...candidates.map((a) => a.call.id)]);
  const picks = reached.filter((p) => {
    const at = delivered.get(p.call.id);
    // Sent in a digest composed after the pin was (re)written: shown already.
    return at === undefined || Date.parse(at) < Date.parse(p.pin.updatedAt);
  });
  // Shown once: a digest composed after the edition closed listed it as an anticipation already. The member who got
  // the edition itself last year (as a match, or as a pick while it was open) is the first who should see it.
  const anticipate = candidates.filter((a) => {
    const at = delivered.get(a.call.id);
    return at === undefined || at.slice(0, 10) <= closedOn(a.call);
  });
  const partners = member.visibleToNetwork
    ? (callId: number) => (run.partners.get(callId) ?? []).filter((p) => p.memberId !== member.id).map((p) => p.label)
    : () => [];
  return { picks, anticipate, partners };
}

/**
 * The series of editions whose calls the member followed, applied to or heard back on (any status but « ne plus
 * suivre »): the member who applied last year is the first who should hear that the call comes back.
 */
function followedSeries(db: Db, memberId: number): Set<number> {
  const rows = db
    .prepare(
      `SELECT DISTINCT c.series_id FROM call_follows f JOIN calls c ON c.id = f.call_id
        WHERE f.member_id = ? AND f.status <> 'none' AND c.series_id IS NOT NULL`,
    )
    .all(memberId) as { series_id: number }[];
  return new Set(rows.map((row) => row.series_id));
}

/** Anticipated series whose last edition fits one of the member's profiles, or that the member followed. */
function fittingAnticipations(run: NetworkRun, member: Pick<Member, 'profiles'>, followed: ReadonlySet<number>): AnticipateEntry[] {
  const profiles = member.profiles.map((p) => compileProfile(p, run.synonyms));
  return run.anticipations
    .filter(
      ({ call, analysed }) =>
        (call.edition?.seriesId !== undefined && followed.has(call.edition.seriesId)) ||
        profiles.some((profile) => scoreAnalysed(analysed, profile, run.stats, '0000-00-00') !== null),
    )
    .map(({ call, anticipation }) => ({ call, expected: anticipation.expected, expectedOpening: expectedOpening(anticipation.expected) }));
}

/** Picks as the digest shows them: open ones, soonest internal deadline (else deadline) first. Pure. */
export function composePicks(input: NetworkInput | undefined, today: Day): PickEntry[] {
  if (!input) return [];
  const entries: PickEntry[] = [];
  for (const { pin, call } of input.picks) {
    if (call.status !== 'open') continue;
    const deadline = upcomingDeadline(call, today);
    if (deadline === undefined) continue;
    entries.push({
      call,
      note: pin.note,
      internalDeadline: pin.internalDeadline,
      deadline,
      daysLeft: deadline === null ? null : daysBetween(today, deadline),
    });
  }
  const key = (e: PickEntry) => e.internalDeadline ?? e.deadline ?? '9999-12-31';
  return entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.call.id - b.call.id));
}
