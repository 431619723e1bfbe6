// An app over a real SQLite file, with an admin token, and small helpers to call it.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/api/app.js';
import type { Db } from '../../src/db/connection.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

export const TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: FastifyInstance;
  ctx: TestContext;
  /** A request to /api with the admin token. */
  api: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  close: () => Promise<void>;
}

export async function createTestApp(env: Record<string, string> = { FUNDWATCH_ADMIN_TOKEN: TOKEN }, options: AppOptions = {}): Promise<TestApp> {
  const ctx = createTestContext(env);
  const app = await buildApp(ctx, { now: () => new Date('2026-03-10T09:00:00Z'), ...options });
  return {
    app,
    ctx,
    api: (request) => app.inject({ ...request, headers: { authorization: `Bearer ${TOKEN}`, ...request.headers } }),
    close: async () => {
      await app.close();
      ctx.cleanup();
    },
  };
}

/** Every row of every table, as text: to prove a request changed nothing. */
export function snapshot(db: Db): string {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'calls_fts%' ORDER BY name`)
    .all() as { name: string }[];
  return JSON.stringify(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}"`).all()]));
}

export interface CallSeed {
  title: string;
  summary?: string;
  body?: string;
  funder?: string;
  regions?: string[];
  categories?: string[];
  deadlines?: string[];
  status?: 'open' | 'closed';
  source?: string;
  url?: string;
  firstSeen?: string;
  amountMax?: number;
}

/** Stores a call the way ingestion does (row, source item, FTS through the triggers). */
export function seedCall(db: Db, seed: CallSeed): number {
  const at = seed.firstSeen ?? '2026-03-01T10:00:00.000Z';
  const deadlines = [...(seed.deadlines ?? [])].sort();
  const info = db
    .prepare(
      `INSERT INTO calls (canonical_url, title, title_key, summary, body, funder, regions, categories, deadlines, next_deadline,
                          amount_max, amount_currency, status, first_seen_at, last_seen_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      seed.url ?? null,
      seed.title,
      seed.title.toLowerCase(),
      seed.summary ?? '',
      seed.body ?? '',
      seed.funder ?? 'foundation',
      JSON.stringify(seed.regions ?? []),
      JSON.stringify(seed.categories ?? []),
      JSON.stringify(deadlines),
      deadlines.at(-1) ?? null,
      seed.amountMax ?? null,
      seed.amountMax === undefined ? null : 'EUR',
      seed.status ?? 'open',
      at,
      at,
      at,
    );
  const id = Number(info.lastInsertRowid);
  const source = seed.source ?? 'test-source';
  db.prepare(`INSERT OR IGNORE INTO sources (id, name, created_at) VALUES (?, ?, ?)`).run(source, `Source ${source}`, at);
  db.prepare(
    `INSERT INTO call_sources (source_id, item_key, call_id, url, first_seen_at, last_seen_at, title, summary, funder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(source, `item-${id}`, id, seed.url ?? `https://example.org/appel/${id}`, at, at, seed.title, seed.summary ?? '', seed.funder ?? 'foundation');
  return id;
}
