// What each member gets this week: pure selection, grouping and ordering, no I/O.
import type { Call } from '../calls/types.js';
import { isGeneralMatch, type ExplanationEntry } from '../match/score.js';
import { composePicks, type AnticipateEntry, type NetworkInput, type PickEntry } from '../network/digest.js';
import { addDays, daysBetween, type Day } from './format.js';
import { composeFollowed, type FollowedEntry, type FollowedInput } from '../follow/digest-section.js';
import { openToAllOf } from './open-to-all.js';

/** Calls whose deadline falls within this many days are listed again under « Date limite proche ». */
export const CLOSING_SOON_DAYS = 14;
/** « À regarder aussi » lists at most this many calls, after the main list. */
export const SECOND_CHANCES_SHOWN = 3;
/** The first digest of a member covers matches found since this many days before they joined (see query.ts). */
export const FIRST_DIGEST_DAYS = 14;
/**
 * A digest lists at most this many new calls, the best: a first digest, or a week when a large source arrives,
 * could list a hundred per profile, and Gmail clips a message past 102 KB (hiding the unsubscribe link) while a
 * reader on a phone stops long before. The others are in the member's feed, linked from each group.
 */
export const MAX_NEW_CALLS = 30;
/** …except that each profile shows at least its best few, so that a broad profile does not hide the others. */
export const MIN_NEW_PER_PROFILE = 3;

export interface MatchCandidate {
  profileId: number;
  callId: number;
  score: number;
  terms: string[];
  /** Which terms matched where (issue 4); absent or empty, the digest falls back to `terms`. */
  explanation?: ExplanationEntry[];
  /** ISO timestamp: when this call first fitted this profile. */
  firstMatchedAt: string;
}

export interface ComposeInput {
  today: Day;
  /** ISO timestamp: matches that first appeared after it are new. */
  since: string;
  /** The member's profiles, in the member's order. */
  profiles: { id: number; name: string }[];
  /**
   * Current matches of the member's profiles on open calls; those on general funds open to any association
   * (isGeneralMatch) go to « Ouverts à toute association », not to the main list.
   */
  matches: MatchCandidate[];
  /** Calls already sent to the member in earlier digests. */
  sentCallIds: ReadonlySet<number>;
  /**
   * New calls an earlier sent digest left out (MAX_NEW_CALLS) and no digest has sent since: still new, whenever they
   * first matched, so that a long first digest does not hide them for good. Absent: none.
   */
  heldBackCallIds?: ReadonlySet<number>;
  calls: ReadonlyMap<number, Call>;
  /** Staff picks, calls to anticipate and partners (issue 18); absent: none. */
  network?: NetworkInput;
  /** The member's followed calls and what changed on them (issue 17); absent: none. */
  followed?: FollowedInput;
  /** Calls under min_score that the thesaurus or the description vouch for (issue 15), `firstMatchedAt` = first seen. */
  secondChances?: MatchCandidate[];
}

export interface DigestEntry {
  call: Call;
  profileId: number;
  score: number;
  terms: string[];
  explanation: ExplanationEntry[];
  /** The next deadline on or after today; null when unknown. */
  deadline: Day | null;
  daysLeft: number | null;
}

export interface DigestGroup {
  profileId: number;
  profileName: string;
  entries: DigestEntry[];
  /**
   * New calls of this profile left out by MAX_NEW_CALLS (the member's feed has them), recorded so that the next
   * digest offers them again; absent: none.
   */
  heldBack?: DigestEntry[];
}

export interface DigestContent {
  groups: DigestGroup[];
  closing: DigestEntry[];
  newCount: number;
  closingCount: number;
  /** The member follows several profiles: show which profile each call comes from. */
  showProfiles: boolean;
  /** « Sélection du réseau »: staff picks, first in the digest (issue 18). */
  picks?: PickEntry[];
  /** « À anticiper »: recurring calls whose next edition is expected to open within six weeks (issue 18). */
  anticipate?: AnticipateEntry[];
  /** « À regarder aussi »: at most SECOND_CHANCES_SHOWN calls under min_score, after the main list (issue 15). */
  alsoSee?: DigestEntry[];
  /** « Ouverts à toute association »: general funds no keyword matched, after « À regarder aussi » (open-to-all.ts). */
  openToAll?: DigestEntry[];
  /** Other opted-in members matched on a call (issue 18). */
  partners?: (callId: number) => readonly string[];
  /** « Vos appels suivis »: followed calls closing within 21 days or changed since the last digest (issue 17). */
  followed?: FollowedEntry[];
}

/** The first deadline on or after today; `undefined` when every known deadline has passed. */
export function upcomingDeadline(call: Call, today: Day): Day | null | undefined {
  const known = call.deadlines.length > 0 ? call.deadlines : call.nextDeadline ? [call.nextDeadline] : [];
  if (known.length === 0) return null;
  return [...known].sort().find((day) => day >= today);
}

function toEntry(match: MatchCandidate, call: Call, today: Day): DigestEntry | null {
  if (call.status !== 'open') return null;
  const deadline = upcomingDeadline(call, today);
  if (deadline === undefined) return null;
  return {
    call,
    profileId: match.profileId,
    score: match.score,
    terms: match.terms,
    explanation: match.explanation ?? [],
    deadline,
    daysLeft: deadline === null ? null : daysBetween(today, deadline),
  };
}

/** Best score first, then the nearest deadline (unknown last), then the oldest call. */
function bestFirst(a: DigestEntry, b: DigestEntry): number {
  return b.score - a.score || compareDeadlines(a, b) || a.call.id - b.call.id;
}

function compareDeadlines(a: DigestEntry, b: DigestEntry): number {
  if (a.deadline === b.deadline) return 0;
  if (a.deadline === null) return 1;
  if (b.deadline === null) return -1;
  return a.deadline < b.deadline ? -1 : 1;
}

/** For each call, the match of the profile it fits best (ties: the member's first profile). */
function bestMatchPerCall(input: ComposeInput, keep: (m: MatchCandidate) => boolean): Map<number, DigestEntry> {
  const order = new Map(input.profiles.map((p, i) => [p.id, i]));
  const best = new Map<number, DigestEntry>();
  for (const match of input.matches) {
    if (!order.has(match.profileId) || !keep(match)) continue;
    const call = input.calls.get(match.callId);
    if (!call) continue;
    const entry = toEntry(match, call, input.today);
    if (!entry) continue;
    const current = best.get(match.callId);
    if (
      !current ||
      entry.score > current.score ||
      (entry.score === current.score && order.get(entry.profileId)! < order.get(current.profileId)!)
    ) {
      best.set(match.callId, entry);
    }
  }
  return best;
}

const noPartners = (): readonly string[] => [];

/** This week's digest for one member, or null when there is nothing new and nothing closing. */
export function composeDigest(input: ComposeInput): DigestContent | null {
  const since = Date.parse(input.since);
  // Compared as instants: the matcher's timestamps need not share our exact ISO spelling.
  // A picked call is shown once, first, with the staff's note: not again among the matches.
  const picks = composePicks(input.network, input.today);
  // A followed call is shown once too, in « Vos appels suivis » with its status and changes.
  const followed = composeFollowed(input.followed, input.today, new Set(picks.map((p) => p.call.id)));
  const picked = new Set([...picks.map((p) => p.call.id), ...followed.map((f) => f.call.id)]);
  const heldBack = input.heldBackCallIds;
  const isNew = (m: MatchCandidate) =>
    (!(Date.parse(m.firstMatchedAt) <= since) || heldBack?.has(m.callId) === true) && !input.sentCallIds.has(m.callId) && !picked.has(m.callId);
  // General funds have their own block: the main list and the reminders are the calls about the member's projects.
  const thematic = { ...input, matches: input.matches.filter((m) => !isGeneralMatch(m.explanation)) };
  const fresh = bestMatchPerCall(thematic, isNew);
  const groups = capNewCalls(
    input.profiles
      .map((profile) => ({
        profileId: profile.id,
        profileName: profile.name,
        entries: [...fresh.values()].filter((e) => e.profileId === profile.id).sort(bestFirst),
      }))
      .filter((group) => group.entries.length > 0),
  );

  const horizon = addDays(input.today, CLOSING_SOON_DAYS);
  // A call the member has submitted a dossier for (or heard back on) is not « closing » for them any more.
  const settled = input.followed?.settled;
  const reminders = bestMatchPerCall(
    thematic,
    (m) => input.sentCallIds.has(m.callId) && !fresh.has(m.callId) && !picked.has(m.callId) && !settled?.has(m.callId),
  );
  const closing = [...reminders.values()]
    .filter((e) => e.deadline !== null && e.deadline <= horizon)
    .sort((a, b) => compareDeadlines(a, b) || bestFirst(a, b));

  const anticipate = input.network?.anticipate ?? [];
  // Second chances are a complement: alone they do not make a digest worth sending.
  if (fresh.size === 0 && closing.length === 0 && picks.length === 0 && anticipate.length === 0 && followed.length === 0) return null;
  const alsoSee = secondChancesOf(input, picked);
  // Like second chances, general funds are a complement, shown once: never a call the member met another way.
  const shown = new Set([...input.sentCallIds, ...picked, ...knownFollows(input), ...thematic.matches.map((m) => m.callId), ...alsoSee.map((e) => e.call.id)]);
  const openToAll = openToAllOf([...bestMatchPerCall({ ...input, matches: input.matches.filter((m) => isGeneralMatch(m.explanation)) }, () => true).values()], shown);
  return {
    groups,
    closing,
    newCount: fresh.size,
    closingCount: closing.length,
    showProfiles: input.profiles.length > 1,
    picks,
    alsoSee,
    openToAll,
    anticipate,
    partners: input.network?.partners ?? noPartners,
    followed,
  };
}

/** The best MAX_NEW_CALLS new calls over all groups, each group keeping at least its MIN_NEW_PER_PROFILE best. */
function capNewCalls(groups: DigestGroup[]): DigestGroup[] {
  const all = groups.flatMap((group) => group.entries);
  if (all.length <= MAX_NEW_CALLS) return groups;
  const kept = new Set<DigestEntry>();
  for (const group of groups) for (const entry of group.entries.slice(0, MIN_NEW_PER_PROFILE)) kept.add(entry);
  for (const entry of all.sort(bestFirst)) {
    if (kept.size >= Math.max(MAX_NEW_CALLS, groups.length * MIN_NEW_PER_PROFILE)) break;
    kept.add(entry);
  }
  return groups.map((group) => {
    const entries = group.entries.filter((entry) => kept.has(entry));
    return { ...group, entries, heldBack: group.entries.filter((entry) => !kept.has(entry)) };
  });
}

/** The calls the member has set a follow status on, whatever it is now (FollowedInput.known; else the active ones). */
function knownFollows(input: ComposeInput): Iterable<number> {
  return input.followed?.known ?? (input.followed?.follows ?? []).map((f) => f.callId);
}

/**
 * « À regarder aussi »: the best second chances on open calls the member has never been sent and that no profile
 * matches (a matched call is in the main list, or was, or will be), each call once, at most SECOND_CHANCES_SHOWN.
 * Not only those found since the last digest: the block shows three a week, and the next best wait their turn.
 */
function secondChancesOf(input: ComposeInput, picked: ReadonlySet<number>): DigestEntry[] {
  // A call the member follows, or once followed, is one they know already.
  const matched = new Set([...input.matches.map((m) => m.callId), ...knownFollows(input)]);
  const keep = (m: MatchCandidate) => !input.sentCallIds.has(m.callId) && !picked.has(m.callId) && !matched.has(m.callId);
  const best = bestMatchPerCall({ ...input, matches: input.secondChances ?? [] }, keep);
  return [...best.values()].sort(bestFirst).slice(0, SECOND_CHANCES_SHOWN);
}

/** The calls a digest lists, with the section each appears in: recorded in the ledger. */
export function digestItems(content: DigestContent): { callId: number; profileId: number | null; section: 'new' | 'closing' }[] {
  return [
    // Picks and anticipations are recorded without a profile, so each is shown once (network/digest.ts).
    ...(content.picks ?? []).map((p) => ({ callId: p.call.id, profileId: null, section: 'new' as const })),
    ...(content.anticipate ?? []).map((a) => ({ callId: a.call.id, profileId: null, section: 'new' as const })),
    ...content.groups.flatMap((g) => g.entries.map((e) => ({ callId: e.call.id, profileId: e.profileId, section: 'new' as const }))),
    // Recorded as sent, so a second chance is offered once.
    ...(content.alsoSee ?? []).map((e) => ({ callId: e.call.id, profileId: e.profileId, section: 'new' as const })),
    ...(content.openToAll ?? []).map((e) => ({ callId: e.call.id, profileId: e.profileId, section: 'new' as const })),
    ...content.closing.map((e) => ({ callId: e.call.id, profileId: e.profileId, section: 'closing' as const })),
  ];
}

/** The new calls a digest left out for its length: the next digest offers them again (migration 024). */
export function heldBackItems(content: DigestContent): { callId: number; profileId: number }[] {
  return content.groups.flatMap((g) => (g.heldBack ?? []).map((e) => ({ callId: e.call.id, profileId: e.profileId })));
}
