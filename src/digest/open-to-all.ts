// « Ouverts à toute association »: general funds (src/match/general.ts) that fit no profile's keywords but any
// association's operation or project. Pure: which of the run's general funds one member gets this week.
import type { Call, FunderType } from '../calls/types.js';
import { passesNormalisedFilters, profileRegionKeys, type CompiledProfile } from '../match/score.js';
import { daysBetween, type Day } from './format.js';
import { upcomingDeadline, type DigestEntry } from './compose.js';

/** The block lists at most this many calls: a reminder that such funds exist, not a second list. */
export const OPEN_TO_ALL_SHOWN = 2;

/** A general fund of this run, with its regions normalised once (normaliseRegions) for every member's filters. */
export interface GeneralCall {
  call: Call;
  regions: readonly string[];
}

/** A profile's filters as the matcher applies them (score.ts passesFilters): funder types and regions. */
export type ProfileFilter = Pick<CompiledProfile, 'id' | 'categories' | 'regions'>;

export interface OpenToAllInput {
  /** The run's general funds on open calls (loaded once per run). */
  calls: readonly GeneralCall[];
  /** The member's profiles' filters, in the member's order. */
  filters: readonly ProfileFilter[];
  /** Calls the member hid or follows (whatever the status): they know them already. */
  known: ReadonlySet<number>;
}

/** A profile's filters, compiled as compileProfile does, without its terms (they play no part here). */
export function profileFilter(profile: { id: number; categories: readonly FunderType[]; regions: readonly string[] }): ProfileFilter {
  return { id: profile.id, categories: new Set(profile.categories), regions: new Set(profileRegionKeys(profile.regions)) };
}

// passesNormalisedFilters reads the profile's categories and regions only; the rest of a CompiledProfile is empty.
function asCompiled(filter: ProfileFilter): CompiledProfile {
  return { ...filter, name: '', terms: [], exclusions: [], minScore: 0 };
}

/** Nearest known deadline first (unknown last), then the newest call. */
function nearestThenNewest(a: DigestEntry, b: DigestEntry): number {
  if (a.deadline !== b.deadline) {
    if (a.deadline === null) return 1;
    if (b.deadline === null) return -1;
    return a.deadline < b.deadline ? -1 : 1;
  }
  return b.call.firstSeenAt.localeCompare(a.call.firstSeenAt) || b.call.id - a.call.id;
}

/**
 * The member's « Ouverts à toute association »: general funds on open calls that pass the filters of at least one of
 * their profiles (recorded under the first such profile) and that the member has not met otherwise (`shown`: matched,
 * picked, followed, hidden, sent, or in « À regarder aussi »), at most OPEN_TO_ALL_SHOWN.
 */
export function openToAllOf(input: OpenToAllInput | undefined, shown: ReadonlySet<number>, today: Day): DigestEntry[] {
  if (!input || input.calls.length === 0 || input.filters.length === 0) return [];
  const profiles = input.filters.map(asCompiled);
  const entries: DigestEntry[] = [];
  for (const { call, regions } of input.calls) {
    if (call.status !== 'open' || shown.has(call.id) || input.known.has(call.id)) continue;
    const deadline = upcomingDeadline(call, today);
    if (deadline === undefined) continue;
    const profile = profiles.find((p) => passesNormalisedFilters(call.funder, regions, p));
    if (!profile) continue;
    entries.push({ call, profileId: profile.id, score: 0, terms: [], explanation: [], deadline, daysLeft: deadline === null ? null : daysBetween(today, deadline) });
  }
  return entries.sort(nearestThenNewest).slice(0, OPEN_TO_ALL_SHOWN);
}
