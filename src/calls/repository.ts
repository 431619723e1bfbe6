// Reading stored calls. Writes belong to calls/store.ts (ingestion); search to calls/search.ts.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import type { Amount, Call, CallEdition, CallSourceRef, FunderType } from './types.js';

export interface CallRow {
  id: number;
  canonical_url: string | null;
  title: string;
  summary: string;
  body: string;
  funder: string;
  funder_name: string | null;
  regions: string;
  categories: string;
  deadlines: string;
  next_deadline: string | null;
  amount_min: number | null;
  amount_max: number | null;
  amount_currency: string | null;
  amount_scope: string | null;
  opens: string | null;
  rate: number | null;
  recurrence: string | null;
  eu_funds: string;
  series_id?: number | null;
  edition_recurrence?: string | null;
  expected_opens?: string | null;
  expected_deadline?: string | null;
  published_at: string | null;
  status: 'open' | 'closed';
  first_seen_at: string;
  last_seen_at: string;
  updated_at: string;
}

function amountOf(row: Omit<CallRow, 'body'>): Amount | null {
  if (row.amount_min === null && row.amount_max === null) return null;
  return {
    min: row.amount_min,
    max: row.amount_max,
    currency: 'EUR',
    scope: row.amount_scope === 'project' || row.amount_scope === 'total' ? row.amount_scope : null,
  };
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/**
 * The prepared statement for `sql` on this connection, prepared once: the API runs the same few queries for every
 * request. Only for a bounded set of SQL texts (parameters go in bindings, never in the text).
 */
export function cachedStatement(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** A call without its full text: what lists show (the body is about two thirds of a stored call). */
export type CallSummary = Omit<Call, 'body'>;

type CallSummaryRow = Omit<CallRow, 'body'>;

// Every column but body, for reads that do not need the full text.
const SUMMARY_COLUMNS = `id, canonical_url, title, summary, funder, funder_name, regions, categories, deadlines, next_deadline,
  amount_min, amount_max, amount_currency, amount_scope, opens, rate, recurrence, eu_funds, published_at, status, first_seen_at,
  last_seen_at, updated_at, series_id, edition_recurrence, expected_opens, expected_deadline`;

export function rowToCall(row: CallRow, sources: CallSourceRef[] = []): Call {
  return { ...rowToCallSummary(row, sources), body: row.body };
}

function editionOf(row: CallSummaryRow): CallEdition | null {
  if (row.series_id === undefined || row.series_id === null) return null;
  return {
    seriesId: row.series_id,
    recurrence: row.edition_recurrence === 'annual' ? 'annual' : null,
    expectedOpens: row.expected_opens ?? null,
    expectedDeadline: row.expected_deadline ?? null,
  };
}

function rowToCallSummary(row: CallSummaryRow, sources: CallSourceRef[] = []): CallSummary {
  return {
    id: row.id,
    canonicalUrl: row.canonical_url,
    title: row.title,
    summary: row.summary,
    funder: row.funder as FunderType,
    funderName: row.funder_name,
    regions: JSON.parse(row.regions) as string[],
    categories: JSON.parse(row.categories) as string[],
    deadlines: JSON.parse(row.deadlines) as string[],
    nextDeadline: row.next_deadline,
    amount: amountOf(row),
    opens: row.opens,
    rate: row.rate,
    recurrence: row.recurrence === 'annual' || row.recurrence === 'rolling' ? row.recurrence : null,
    euFunds: JSON.parse(row.eu_funds) as string[],
    edition: editionOf(row),
    publishedAt: row.published_at,
    status: row.status,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    updatedAt: row.updated_at,
    sources,
  };
}

/** Sources carrying each of the given calls, keyed by call id, with their attribution and public flag. */
export function sourcesOfCalls(db: Db, callIds: number[]): Map<number, CallSourceRef[]> {
  const bySource = new Map<number, CallSourceRef[]>();
  if (callIds.length === 0) return bySource;
  const rows = cachedStatement(
    db,
    `SELECT cs.call_id, cs.source_id, COALESCE(s.name, cs.source_id) AS name, cs.url, s.attribution,
            COALESCE(s.public, 1) AS public
       FROM call_sources cs LEFT JOIN sources s ON s.id = cs.source_id
      WHERE cs.call_id IN (SELECT value FROM json_each(?))
      ORDER BY cs.first_seen_at, cs.source_id`,
  ).all(JSON.stringify(callIds)) as SourceRefRow[];
  for (const row of rows) {
    const list = bySource.get(row.call_id) ?? [];
    if (!list.some((s) => s.id === row.source_id)) {
      list.push({ id: row.source_id, name: row.name, url: row.url, attribution: row.attribution, public: row.public !== 0 });
    }
    bySource.set(row.call_id, list);
  }
  return bySource;
}

interface SourceRefRow {
  call_id: number;
  source_id: string;
  name: string;
  url: string | null;
  attribution: string | null;
  public: number;
}

export function getCall(db: Db, id: number): Call | null {
  const row = db.prepare('SELECT * FROM calls WHERE id = ?').get(id) as CallRow | undefined;
  if (!row) return null;
  return rowToCall(row, sourcesOfCalls(db, [id]).get(id) ?? []);
}

/** Calls by id, with their sources, in the order of the ids given; unknown ids are skipped. */
export function getCalls(db: Db, ids: number[]): Call[] {
  if (ids.length === 0) return [];
  const rows = db.prepare('SELECT * FROM calls WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as CallRow[];
  const sources = sourcesOfCalls(db, ids);
  const byId = new Map(rows.map((row) => [row.id, rowToCall(row, sources.get(row.id) ?? [])]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Calls by id without their full text, with their sources, in the order of the ids given; unknown ids are skipped. */
export function getCallSummaries(db: Db, ids: number[]): CallSummary[] {
  if (ids.length === 0) return [];
  const rows = cachedStatement(db, `SELECT ${SUMMARY_COLUMNS} FROM calls WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as CallSummaryRow[];
  const sources = sourcesOfCalls(db, ids);
  const byId = new Map(rows.map((row) => [row.id, rowToCallSummary(row, sources.get(row.id) ?? [])]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Open calls: status open and, on `today` (YYYY-MM-DD), a deadline unknown or not passed.
 * Sources are not loaded (the matcher does not need them).
 */
export function listOpenCalls(db: Db, today: string): Call[] {
  const rows = db
    .prepare(`SELECT * FROM calls WHERE status = 'open' AND (next_deadline IS NULL OR next_deadline >= ?) ORDER BY id`)
    .all(today) as CallRow[];
  return rows.map((row) => rowToCall(row));
}
