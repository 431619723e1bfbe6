// The delivery ledger: one row per (period, member) moving pending -> sending -> sent | failed | skipped.
// Every transition is a guarded UPDATE, so two runs (or a run after a crash) can never both send a message.
// A row is marked `sent` right after the SMTP server's 250; a row still in `sending` afterwards has an
// unknown outcome and is only ever reported (Ghost's lesson), never resent.
// The weekly digest keeps its rows in digest_deliveries (one per ISO week); the deadline reminders of
// src/follow/ keep theirs in reminder_deliveries (one per day), with the same columns and the same rules.
import type { Db } from '../db/connection.js';

export const MAX_ATTEMPTS = 3;

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

/** Which ledger: its table and the column naming its period (a week, a day). Never user input. */
export interface LedgerTable {
  deliveries: 'digest_deliveries' | 'reminder_deliveries';
  period: 'week' | 'day';
}

export const DIGEST_LEDGER: LedgerTable = { deliveries: 'digest_deliveries', period: 'week' };

export interface Delivery {
  id: number;
  /** The row's period: an ISO week for digests, a day for reminders. */
  week: string;
  memberId: number;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
}

interface DeliveryRow {
  id: number;
  period: string;
  member_id: number;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
}

function toDelivery(row: DeliveryRow): Delivery {
  return { id: row.id, week: row.period, memberId: row.member_id, status: row.status, attempts: row.attempts, lastError: row.last_error };
}

/** Makes sure each member has the period's row in `table` (pending when new) and returns the rows. */
export function ensureLedgerRows(db: Db, table: LedgerTable, period: string, memberIds: number[], now: Date): Delivery[] {
  const at = now.toISOString();
  const insert = db.prepare(
    `INSERT INTO ${table.deliveries} (${table.period}, member_id, status, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?)
     ON CONFLICT (${table.period}, member_id) DO NOTHING`,
  );
  const select = db.prepare(
    `SELECT id, ${table.period} AS period, member_id, status, attempts, last_error FROM ${table.deliveries} WHERE ${table.period} = ? AND member_id = ?`,
  );
  return db.transaction(() =>
    memberIds.map((memberId) => {
      insert.run(period, memberId, at, at);
      return toDelivery(select.get(period, memberId) as DeliveryRow);
    }),
  )();
}

/** Makes sure each member has this week's digest row (pending when new) and returns the rows. */
export function ensureDeliveries(db: Db, week: string, memberIds: number[], now: Date): Delivery[] {
  return ensureLedgerRows(db, DIGEST_LEDGER, week, memberIds, now);
}

/** Whether this row may be worked on now: never sent, or failed with attempts left, or skipped earlier. */
export function isClaimable(delivery: Delivery): boolean {
  if (delivery.status === 'pending' || delivery.status === 'skipped') return true;
  return delivery.status === 'failed' && delivery.attempts < MAX_ATTEMPTS;
}

const CLAIMABLE = `status IN ('pending', 'skipped') OR (status = 'failed' AND attempts < ${MAX_ATTEMPTS})`;

export interface Claim {
  runId: number;
  messageId: string;
  subject: string;
  composedAt: Date;
  items: { callId: number; profileId: number | null; section: 'new' | 'closing' }[];
  /** New calls left out for the digest's length, offered again by the next digest; absent: none. */
  heldBack?: { callId: number; profileId: number }[];
}

export interface ClaimHeader {
  runId: number;
  messageId: string;
  subject: string;
  composedAt: Date;
}

/**
 * Moves a row to `sending` and, in the same (immediate) transaction, lets `writeItems` record what it carries.
 * False when another run got it first or the member is no longer active: then nothing must be sent. `writeItems`
 * may also return false (nothing left to send once checked inside the transaction): the claim is rolled back.
 */
export function claimLedgerRow(
  db: Db,
  table: LedgerTable,
  delivery: Delivery,
  claim: ClaimHeader,
  writeItems: () => boolean | void,
  now: Date = new Date(),
): boolean {
  const abandon = new Error('nothing left to claim');
  try {
    return db
      .transaction(() => {
        const result = db
          .prepare(
            `UPDATE ${table.deliveries}
                SET status = 'sending', attempts = attempts + 1, run_id = ?, message_id = ?, subject = ?,
                    composed_at = ?, claimed_at = ?, updated_at = ?
              WHERE id = ? AND (${CLAIMABLE})
                AND EXISTS (SELECT 1 FROM members m WHERE m.id = ${table.deliveries}.member_id AND m.status = 'active')`,
          )
          .run(claim.runId, claim.messageId, claim.subject, claim.composedAt.toISOString(), now.toISOString(), now.toISOString(), delivery.id);
        if (result.changes !== 1) return false;
        if (writeItems() === false) throw abandon;
        return true;
      })
      .immediate();
  } catch (error) {
    if (error === abandon) return false;
    throw error;
  }
}

/**
 * Moves a digest row to `sending` and records what it carries, in one transaction. False when another run got it
 * first or the member is no longer active: then nothing must be sent.
 */
export function claimDelivery(db: Db, delivery: Delivery, claim: Claim, now: Date = new Date()): boolean {
  return claimLedgerRow(
    db,
    DIGEST_LEDGER,
    delivery,
    claim,
    () => {
      db.prepare('DELETE FROM digest_items WHERE delivery_id = ?').run(delivery.id);
      const insert = db.prepare('INSERT INTO digest_items (delivery_id, member_id, call_id, profile_id, section) VALUES (?, ?, ?, ?, ?)');
      for (const item of claim.items) insert.run(delivery.id, delivery.memberId, item.callId, item.profileId, item.section);
      db.prepare('DELETE FROM digest_held_back WHERE delivery_id = ?').run(delivery.id);
      const hold = db.prepare('INSERT OR IGNORE INTO digest_held_back (delivery_id, member_id, call_id, profile_id) VALUES (?, ?, ?, ?)');
      for (const item of claim.heldBack ?? []) hold.run(delivery.id, delivery.memberId, item.callId, item.profileId);
    },
    now,
  );
}

export function markSent(db: Db, deliveryId: number, now: Date = new Date(), table: LedgerTable = DIGEST_LEDGER): void {
  db.prepare(
    `UPDATE ${table.deliveries} SET status = 'sent', sent_at = ?, last_error = NULL, updated_at = ? WHERE id = ? AND status = 'sending'`,
  ).run(now.toISOString(), now.toISOString(), deliveryId);
}

export function markFailed(db: Db, deliveryId: number, error: string, now: Date = new Date(), table: LedgerTable = DIGEST_LEDGER): void {
  db.prepare(`UPDATE ${table.deliveries} SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ? AND status = 'sending'`).run(
    error,
    now.toISOString(),
    deliveryId,
  );
}

/** The outcome is unknown: keep the row in `sending` (so it is never resent) but remember why. */
export function markUnknown(db: Db, deliveryId: number, error: string, now: Date = new Date(), table: LedgerTable = DIGEST_LEDGER): void {
  db.prepare(`UPDATE ${table.deliveries} SET last_error = ?, updated_at = ? WHERE id = ? AND status = 'sending'`).run(error, now.toISOString(), deliveryId);
}

/** Nothing to send this period (so far): the row can still be picked up by a later run of the same period. */
export function markSkipped(db: Db, delivery: Delivery, runId: number, now: Date = new Date(), table: LedgerTable = DIGEST_LEDGER): boolean {
  const result = db
    .prepare(`UPDATE ${table.deliveries} SET status = 'skipped', run_id = ?, updated_at = ? WHERE id = ? AND (${CLAIMABLE})`)
    .run(runId, now.toISOString(), delivery.id);
  return result.changes === 1;
}

// ---- runs ----

export interface DigestRun {
  id: number;
  week: string;
  startedAt: string;
  finishedAt: string | null;
  dryRun: boolean;
  sent: number;
  skipped: number;
  failed: number;
  stuck: number;
}

interface RunRow {
  id: number;
  week: string;
  started_at: string;
  finished_at: string | null;
  dry_run: number;
  sent: number;
  skipped: number;
  failed: number;
  stuck: number;
}

export function startRun(db: Db, week: string, dryRun: boolean, now: Date = new Date()): number {
  const info = db
    .prepare('INSERT INTO digest_runs (week, started_at, dry_run, pid) VALUES (?, ?, ?, ?)')
    .run(week, now.toISOString(), dryRun ? 1 : 0, process.pid);
  return Number(info.lastInsertRowid);
}

/** A real run of `week` still going: unfinished, and its process alive (`isLive` says so of a run id and pid). */
export function liveRunOf(db: Db, week: string, isLive: (runId: number, pid: number | null) => boolean): { id: number; startedAt: string; pid: number | null } | null {
  const rows = db
    .prepare('SELECT id, started_at, pid FROM digest_runs WHERE week = ? AND dry_run = 0 AND finished_at IS NULL ORDER BY id DESC')
    .all(week) as { id: number; started_at: string; pid: number | null }[];
  const live = rows.find((row) => isLive(row.id, row.pid));
  return live ? { id: live.id, startedAt: live.started_at, pid: live.pid } : null;
}

export function finishRun(
  db: Db,
  runId: number,
  counts: { sent: number; skipped: number; failed: number; stuck: number },
  now: Date = new Date(),
): void {
  db.prepare('UPDATE digest_runs SET finished_at = ?, sent = ?, skipped = ?, failed = ?, stuck = ? WHERE id = ?').run(
    now.toISOString(),
    counts.sent,
    counts.skipped,
    counts.failed,
    counts.stuck,
    runId,
  );
}

/** Past runs, newest first: anonymous counts that outlive members. */
export function listDigestRuns(db: Db, page: { limit: number; offset: number }): { items: DigestRun[]; total: number } {
  const rows = db.prepare('SELECT * FROM digest_runs ORDER BY id DESC LIMIT ? OFFSET ?').all(page.limit, page.offset) as RunRow[];
  const { total } = db.prepare('SELECT COUNT(*) AS total FROM digest_runs').get() as { total: number };
  return {
    items: rows.map((row) => ({
      id: row.id,
      week: row.week,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      dryRun: row.dry_run === 1,
      sent: row.sent,
      skipped: row.skipped,
      failed: row.failed,
      stuck: row.stuck,
    })),
    total,
  };
}
