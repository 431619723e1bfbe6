// Where a call's data comes from, as its sources' licences ask it to be shown, and whether it may be shown publicly.
// Pure helpers over a call's sources, and one read for many calls at once (for pages listing calls).
import type { Db } from '../db/connection.js';
import { sourcesOfCalls } from './repository.js';
import type { CallSourceRef } from './types.js';

export interface CallAttribution {
  sources: CallSourceRef[];
  /** Each distinct attribution of the call's sources, in the order the sources first carried the call. */
  attribution: string[];
  /** False when every source of the call is `public: false` in feeds.yaml (a call with no source stays public). */
  public: boolean;
}

/** The distinct attributions of a call's sources, in order; sources without one add nothing. */
export function attributionOf(sources: readonly CallSourceRef[]): string[] {
  const seen: string[] = [];
  for (const source of sources) {
    const text = source.attribution?.trim();
    if (text && !seen.includes(text)) seen.push(text);
  }
  return seen;
}

/** Whether a call may be shown on a public page: at least one of its sources allows it. */
export function isPublicCall(sources: readonly CallSourceRef[]): boolean {
  return sources.length === 0 || sources.some((source) => source.public !== false);
}

/** For each of the given calls (by id): its sources, their attributions and whether it may be shown publicly. */
export function callAttributions(db: Db, callIds: number[]): Map<number, CallAttribution> {
  const result = new Map<number, CallAttribution>();
  for (const [callId, sources] of sourcesOfCalls(db, callIds)) {
    result.set(callId, { sources, attribution: attributionOf(sources), public: isPublicCall(sources) });
  }
  return result;
}
