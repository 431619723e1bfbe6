// Small helpers for issue 8's tests: calls and matches go straight into the tables (the ingestion and matching
// modules are tested on their own), members and profiles through the members store.
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/connection.js';
import type { AppContext } from '../../src/context.js';
import { memberSpaceRoutes } from '../../src/api/routes/member-space.js';
import { feedbackRoutes } from '../../src/api/routes/feedback.js';
import { requireAdminToken } from '../../src/api/auth.js';
import { handleError } from '../../src/api/errors.js';
import { schemaErrorFormatter, validatorCompiler } from '../../src/api/validation.js';

export interface CallSeed {
  title: string;
  deadlines?: string[];
  summary?: string;
  funder?: string;
  funderName?: string | null;
  amountMax?: number | null;
  url?: string;
  sourceId?: string;
  status?: 'open' | 'closed';
  updatedAt?: string;
}

let urlCounter = 0;

export function insertCall(db: Db, seed: CallSeed): number {
  const at = seed.updatedAt ?? '2026-11-01T09:00:00.000Z';
  const deadlines = [...(seed.deadlines ?? [])].sort();
  const url = seed.url ?? `https://financeur.example.org/appels/${++urlCounter}`;
  const info = db
    .prepare(
      `INSERT INTO calls (canonical_url, title, title_key, summary, funder, funder_name, deadlines, next_deadline,
                          amount_min, amount_max, amount_currency, amount_scope, status, first_seen_at, last_seen_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'EUR', 'project', ?, ?, ?, ?)`,
    )
    .run(
      url,
      seed.title,
      seed.title.toLowerCase(),
      seed.summary ?? '',
      seed.funder ?? 'region',
      seed.funderName === undefined ? 'Région Occitanie' : seed.funderName,
      JSON.stringify(deadlines),
      deadlines.at(-1) ?? null,
      seed.amountMax ?? null,
      seed.status ?? 'open',
      at,
      at,
      at,
    );
  const id = Number(info.lastInsertRowid);
  const sourceId = seed.sourceId ?? 'region-occitanie';
  db.prepare('INSERT OR IGNORE INTO sources (id, name, created_at) VALUES (?, ?, ?)').run(sourceId, `Source ${sourceId}`, at);
  db.prepare(
    `INSERT INTO call_sources (source_id, item_key, call_id, url, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(sourceId, url, id, url, at, at);
  return id;
}

/** A funder moves a deadline: what ingestion would store. */
export function moveDeadlines(db: Db, callId: number, deadlines: string[], updatedAt: string): void {
  db.prepare('UPDATE calls SET deadlines = ?, next_deadline = ?, updated_at = ? WHERE id = ?').run(
    JSON.stringify(deadlines),
    deadlines.at(-1) ?? null,
    updatedAt,
    callId,
  );
}

export function insertMatch(db: Db, profileId: number, callId: number, score: number, terms: string[], firstMatchedAt: string): void {
  db.prepare(
    `INSERT INTO matches (profile_id, call_id, score, terms, explanation, first_matched_at, scored_at) VALUES (?, ?, ?, ?, '[]', ?, ?)`,
  ).run(profileId, callId, score, JSON.stringify(terms), firstMatchedAt, firstMatchedAt);
}

/**
 * A fastify app wired like src/api/app.ts (validation, error handler, admin token on /api), with this two
 * plugins registered where the API would register them: public routes at the root, admin routes under /api.
 */
export async function buildTestApp(ctx: AppContext, options: { now?: () => Date; rateLimitPerMinute?: number } = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, schemaErrorFormatter });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(handleError(256 * 1024));
  await app.register(memberSpaceRoutes, { ctx, ...options });
  await app.register(
    async (admin) => {
      admin.addHook('onRequest', requireAdminToken(ctx.config.adminToken));
      await admin.register(feedbackRoutes, { ctx, now: options.now });
    },
    { prefix: '/api' },
  );
  await app.ready();
  return app;
}

/** The path part of an absolute link built from FUNDWATCH_BASE_URL, for app.inject. */
export function pathOf(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
