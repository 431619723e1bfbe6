// « Ouverts à toute association »: the member's matches on general funds (score.ts generalResult: the FDVA's operation
// strand, a foundation for « tous les domaines »), shown in their own block after « À regarder aussi » rather than
// among the calls about the member's projects. Pure: which of them one member gets this week.
import type { DigestEntry } from './compose.js';

/** The block lists at most this many calls: a reminder that such funds exist, not a second list. */
export const OPEN_TO_ALL_SHOWN = 2;

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
 * The member's « Ouverts à toute association »: their general funds (one entry per call, under the profile it fits
 * first) that they have not met otherwise (`shown`: sent, picked, followed, in the main list or in « À regarder
 * aussi »), at most OPEN_TO_ALL_SHOWN; the others wait for a later week.
 */
export function openToAllOf(general: readonly DigestEntry[], shown: ReadonlySet<number>): DigestEntry[] {
  return general
    .filter((entry) => !shown.has(entry.call.id))
    .sort(nearestThenNewest)
    .slice(0, OPEN_TO_ALL_SHOWN);
}
