// Keeps matches fresh after an admin edits a profile or a member's status (a fetch scores its calls in jobs.ts).
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.js';
import { matchProfile } from '../match/run.js';

/**
 * Rescores profiles with the matcher itself. A failure is logged, never turned into a failed request: the data
 * the admin sent is saved, and the next `fundwatch match` (or scheduled run) catches up.
 */
export function refreshProfileMatches(ctx: AppContext, profileIds: number[], log: FastifyBaseLogger, now: Date): void {
  for (const profileId of profileIds) {
    try {
      matchProfile(ctx, profileId, now);
    } catch (error) {
      log.error({ err: error, profileId }, 'could not rescore the profile; the next match run will');
    }
  }
}
