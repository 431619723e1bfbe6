// The delivery ledger: one row per (week, member) moving pending -> sending -> sent | failed | skipped.
// Every transition is a guarded UPDATE, so two runs (or a run after a crash) can never both send a digest.
// A row is marked `sent` right after the SMTP server's 250; a row still in `sending` afterwards has an
// unknown outcome and is only ever reported (Ghost's lesson), never resent.
import type { Db } from '../db/connection.js';

export const MAX_ATTEMPTS = 3;

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface Delivery {
  id: number;
  week: string;
  memberId: number;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
}

interface DeliveryRow {
  id: number;
  week: string;
  member_id: number;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
}

function toDelivery(row: DeliveryRow): Delivery {
  return { id: row.id, week: row.week, memberId: row.member_id, status: row.status, attempts: row.attempts, lastError: row.last_error };
}

/** Makes sure each member has this week's row (pending when new) and returns the rows. */
export function ensureDeliveries(db: Db, week: string, memberIds: number[], now: Date): Delivery[] {
  const at = now.toISOString();
  const insert = db.prepare(
    `INSERT INTO digest_deliveries (week, member_id, status, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?)
     ON CONFLICT (week, member_id) DO NOTHING`,
  );
  const select = db.prepare('SELECT id, week, member_id, status, attempts, last_error FROM digest_deliveries WHERE week = ? AND member_id = ?');
  return db.transaction(() =>
    memberIds.map((memberId) => {
      insert.run(week, memberId, at, at);
      return toDelivery(select.get(week, memberId) as DeliveryRow);
    }),
  )();
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
}

/**
 * Moves a row to `sending` and records what it carries, in one transaction. False when another run got it
 * first or the member is no longer active: then nothing must be sent.
 */
export function claimDelivery(db: Db, delivery: Delivery, claim: Claim, now: Date = new Date()): boolean {
  return db.transaction(() => {
    const result = db
      .prepare(
        `UPDATE digest_deliveries
            SET status = 'sending', attempts = attempts + 1, run_id = ?, message_id = ?, subject = ?,
                composed_at = ?, claimed_at = ?, updated_at = ?
          WHERE id = ? AND (${CLAIMABLE})
            AND EXISTS (SELECT 1 FROM members m WHERE m.id = digest_deliveries.member_id AND m.status = 'active')`,
      )
      .run(claim.runId, claim.messageId, claim.subject, claim.composedAt.toISOString(), now.toISOString(), now.toISOString(), delivery.id);
    if (result.changes !== 1) return false;
    db.prepare('DELETE FROM digest_items WHERE delivery_id = ?').run(delivery.id);
    const insert = db.prepare('INSERT INTO digest_items (delivery_id, member_id, call_id, profile_id, section) VALUES (?, ?, ?, ?, ?)');
    for (const item of claim.items) insert.run(delivery.id, delivery.memberId, item.callId, item.profileId, item.section);
    return true;
  })();
}

export function markSent(db: Db, deliveryId: number, now: Date = new Date()): void {
  db.prepare(
    `UPDATE digest_deliveries SET status = 'sent', sent_at = ?, last_error = NULL, updated_at = ? WHERE id = ? AND status = 'sending'`,
  ).run(now.toISOString(), now.toISOString(), deliveryId);
}

export function markFailed(db: Db, deliveryId: number, error: string, now: Date = new Date()): void {
  db.prepare(`UPDATE digest_deliveries SET status = 'failed', last_error = ?, updated_at = ? WHERE id = ? AND status = 'sending'`).run(
    error,
    now.toISOString(),
    deliveryId,
  );
}

/** The outcome is unknown: keep the row in `sending` (so it is never resent) but remember why. */
export function markUnknown(db: Db, deliveryId: number, error: string, now: Date = new Date()): void {
  db.prepare(`UPDATE digest_deliveries SET last_error = ?, updated_at = ? WHERE id = ? AND status = 'sending'`).run(error, now.toISOString(), deliveryId);
}

/** Nothing to send this week (so far): the row can still be picked up by a later run of the same week. */
export function markSkipped(db: Db, delivery: Delivery, runId: number, now: Date = new Date()): boolean {
  const result = db
    .prepare(`UPDATE digest_deliveries SET status = 'skipped', run_id = ?, updated_at = ? WHERE id = ? AND (${CLAIMABLE})`)
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
  const info = db.prepare('INSERT INTO digest_runs (week, started_at, dry_run) VALUES (?, ?, ?)').run(week, now.toISOString(), dryRun ? 1 : 0);
  return Number(info.lastInsertRowid);
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
