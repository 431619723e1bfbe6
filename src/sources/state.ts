// The fetch state of each source in the `sources` table: validators for conditional GET, outcome, backoff.
import type { Db } from '../db/connection.js';
import type { FetchErrorKind } from '../reader/fetcher/errors.js';

export interface SourceStateRow {
  id: string;
  name: string;
  etag: string | null;
  last_modified: string | null;
  last_fetch_at: string | null;
  last_status: string | null;
  last_error: string | null;
  last_error_kind: string | null;
  consecutive_failures: number;
  next_attempt_at: string | null;
  items_seen: number;
  last_new_at: string | null;
  gone_at: string | null;
  created_at: string;
  /** The address last fetched; null before the first fetch (or before migration 010). */
  url: string | null;
  /** From feeds.yaml (migration 011): text shown with the source's calls, and 0 when they must stay off `/veille`. */
  attribution: string | null;
  public: number;
}

/** Backoff after the n-th failure in a row: 30 min doubling, at most a day, so a broken source is retried forever. */
export const BACKOFF_BASE_MS = 30 * 60 * 1000;
export const BACKOFF_MAX_MS = 24 * 60 * 60 * 1000;

export function backoffDelayMs(consecutiveFailures: number): number {
  const exponent = Math.max(0, consecutiveFailures - 1);
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 20));
}

/**
 * The row of a source, created on first sight. A source whose address changed in feeds.yaml starts afresh: the old
 * address's validators would be sent to the new one, and its backoff or 410 would keep the new one from being read.
 * `urlChanged` says whether that happened.
 */
export function ensureSourceRow(db: Db, id: string, name: string, url: string, now: Date): { row: SourceStateRow; urlChanged: boolean } {
  return db.transaction(() => {
    const before = db.prepare('SELECT url FROM sources WHERE id = ?').get(id) as { url: string | null } | undefined;
    const urlChanged = before?.url != null && before.url !== url;
    db.prepare(
      `INSERT INTO sources (id, name, url, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url`,
    ).run(id, name, url, now.toISOString());
    if (urlChanged) {
      db.prepare(
        `UPDATE sources SET etag = NULL, last_modified = NULL, consecutive_failures = 0, next_attempt_at = NULL, gone_at = NULL
          WHERE id = ?`,
      ).run(id);
    }
    return { row: db.prepare('SELECT * FROM sources WHERE id = ?').get(id) as SourceStateRow, urlChanged };
  })();
}

export function getSourceRows(db: Db): Map<string, SourceStateRow> {
  const rows = db.prepare('SELECT * FROM sources').all() as SourceStateRow[];
  return new Map(rows.map((row) => [row.id, row]));
}

export function recordNotModified(db: Db, id: string, now: Date): void {
  db.prepare(
    `UPDATE sources SET last_fetch_at = ?, last_status = 'not_modified', last_error = NULL, last_error_kind = NULL,
            consecutive_failures = 0, next_attempt_at = NULL, gone_at = NULL WHERE id = ?`,
  ).run(now.toISOString(), id);
}

export interface SuccessRecord {
  etag: string | null;
  lastModified: string | null;
  itemsSeen: number;
  newItems: number;
}

export function recordSuccess(db: Db, id: string, now: Date, record: SuccessRecord): void {
  const at = now.toISOString();
  db.prepare(
    `UPDATE sources SET etag = ?, last_modified = ?, last_fetch_at = ?, last_status = 'ok', last_error = NULL,
            last_error_kind = NULL, consecutive_failures = 0, next_attempt_at = NULL, gone_at = NULL, items_seen = ?,
            last_new_at = CASE WHEN ? > 0 THEN ? ELSE last_new_at END
      WHERE id = ?`,
  ).run(record.etag, record.lastModified, at, record.itemsSeen, record.newItems, at, id);
}

/** A failure: counted, and the next attempt pushed back (no earlier than the server's Retry-After). */
export function recordFailure(db: Db, id: string, now: Date, kind: FetchErrorKind, message: string, retryAt: Date | null): void {
  const row = db.prepare('SELECT consecutive_failures FROM sources WHERE id = ?').get(id) as { consecutive_failures: number };
  const failures = row.consecutive_failures + 1;
  const backoff = now.getTime() + backoffDelayMs(failures);
  const next = Math.max(backoff, retryAt?.getTime() ?? 0);
  db.prepare(
    `UPDATE sources SET last_fetch_at = ?, last_status = 'error', last_error = ?, last_error_kind = ?,
            consecutive_failures = ?, next_attempt_at = ? WHERE id = ?`,
  ).run(now.toISOString(), message, kind, failures, new Date(next).toISOString(), id);
}

/**
 * Deferred, not failed: the source's host asked (answering another source or page) to wait until `until`. Neither
 * counted as a failure nor backed off beyond that time; the reason is kept for /api/sources.
 */
export function recordDeferral(db: Db, id: string, now: Date, message: string, until: Date): void {
  db.prepare(`UPDATE sources SET last_fetch_at = ?, last_error = ?, last_error_kind = 'held', next_attempt_at = ? WHERE id = ?`).run(
    now.toISOString(),
    message,
    until.toISOString(),
    id,
  );
}

/** 410 Gone: the source stays off until staff change its address (or a forced fetch finds it back). */
export function recordGone(db: Db, id: string, now: Date, message: string): void {
  db.prepare(
    `UPDATE sources SET last_fetch_at = ?, last_status = 'gone', last_error = ?, last_error_kind = 'http_status',
            consecutive_failures = consecutive_failures + 1, gone_at = COALESCE(gone_at, ?), next_attempt_at = NULL
      WHERE id = ?`,
  ).run(now.toISOString(), message, now.toISOString(), id);
}

/** What a source's calls carry from feeds.yaml: its attribution and whether they may be shown publicly. */
export interface SourceSettings {
  id: string;
  attribution?: string | null;
  public?: boolean;
}

/**
 * Writes each source's attribution and public flag from feeds.yaml onto its row, in one transaction. Only rows that
 * exist are touched (a source never fetched has no calls to show); `ensureSourceRow` creates the others.
 */
export function recordSourceSettings(db: Db, sources: SourceSettings[]): void {
  const update = db.prepare('UPDATE sources SET attribution = ?, public = ? WHERE id = ? AND (attribution IS NOT ? OR public IS NOT ?)');
  db.transaction(() => {
    for (const source of sources) {
      const attribution = source.attribution ?? null;
      const isPublic = source.public === false ? 0 : 1;
      update.run(attribution, isPublic, source.id, attribution, isPublic);
    }
  })();
}

/**
 * A source that cannot run for want of a key (an unset environment variable): recorded without counting a failure
 * or scheduling a retry, since nothing will change until staff set the key. True when this is news (the first run
 * that found the key missing, or another key now missing), so the caller reports it once.
 */
export function recordMissingKey(db: Db, id: string, now: Date, message: string): boolean {
  const info = db
    .prepare(
      `UPDATE sources SET last_fetch_at = ?, last_status = 'skipped', last_error = ?, last_error_kind = 'missing_key'
        WHERE id = ? AND (last_error_kind IS NOT 'missing_key' OR last_error IS NOT ?)`,
    )
    .run(now.toISOString(), message, id, message);
  return info.changes > 0;
}
