// Source health for staff: how each source of feeds.yaml has been doing, and which ones went quiet or away.
import type { Db } from '../db/connection.js';
import type { SourceConfig } from './load.js';
import { getSourceRows, type SourceStateRow } from './state.js';

export interface SourceHealth {
  id: string;
  name: string;
  type: 'rss' | 'html' | 'json';
  url: string;
  enabled: boolean;
  lastFetchAt: string | null;
  lastStatus: string | null;
  consecutiveFailures: number;
  lastError: string | null;
  lastErrorKind: string | null;
  itemsSeen: number;
  lastNewAt: string | null;
  /** Nothing new for longer than the source's expect_new_within_days. */
  stale: boolean;
  /** The site answered 410 Gone: disabled until staff act. */
  gone: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function listSourceHealth(db: Db, sources: SourceConfig[], now: Date): SourceHealth[] {
  const rows = getSourceRows(db);
  return sources.map((source) => healthOf(source, rows.get(source.id), now));
}

export function healthOf(source: SourceConfig, row: SourceStateRow | undefined, now: Date): SourceHealth {
  const gone = row?.gone_at != null;
  return {
    id: source.id,
    name: source.name,
    type: source.type,
    url: source.url,
    enabled: source.enabled && !gone,
    lastFetchAt: row?.last_fetch_at ?? null,
    lastStatus: row?.last_status ?? null,
    consecutiveFailures: row?.consecutive_failures ?? 0,
    lastError: row?.last_error ?? null,
    lastErrorKind: row?.last_error_kind ?? null,
    itemsSeen: row?.items_seen ?? 0,
    lastNewAt: row?.last_new_at ?? null,
    stale: isStale(source, row, now),
    gone,
  };
}

/**
 * A source watched for longer than its expected rhythm with nothing new since (or ever) is stale. A disabled
 * source, or one never fetched yet, is not: nobody expects anything from it.
 */
function isStale(source: SourceConfig, row: SourceStateRow | undefined, now: Date): boolean {
  if (!source.enabled || !row || row.last_fetch_at === null) return false;
  const since = Date.parse(row.last_new_at ?? row.created_at);
  return now.getTime() - since > source.expectNewWithinDays * DAY_MS;
}
