// Keeps matches fresh after an admin edits a profile or a member's status (a fetch scores its calls in jobs.ts).
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.js';
import { rescoreProfiles } from '../match/profile-pool.js';

/**
 * Rescores profiles with the matcher itself, on a worker thread (1.5-2 s at 20,000 open calls, during which the API
 * keeps answering). A failure is logged, never turned into a failed request: the data the admin sent is saved, and
 * the next `fundwatch match` (or scheduled run) catches up.
 */
export async function refreshProfileMatches(ctx: AppContext, profileIds: number[], log: FastifyBaseLogger, now: Date): Promise<void> {
  if (profileIds.length === 0) return;
  try {
    await rescoreProfiles(ctx, profileIds, now);
  } catch (error) {
    log.error({ err: error, profileIds }, 'could not rescore the profiles; the next match run will');
  }
}
