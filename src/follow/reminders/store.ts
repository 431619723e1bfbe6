// The reminders' side of the database: who has followed calls to be reminded of, what was already reminded, and the
// reminder ledger (reminder_deliveries, same rules as the digest's: src/digest/ledger.ts).
import type { Db } from '../../db/connection.js';
import { claimLedgerRow, type ClaimHeader, type Delivery, type LedgerTable } from '../../digest/ledger.js';
import type { Day } from '../../digest/format.js';
import type { FollowStatus } from '../statuses.js';
import { reminderKey, type DueReminder, type FollowedCallState } from './plan.js';

export const REMINDER_LEDGER: LedgerTable = { deliveries: 'reminder_deliveries', period: 'day' };

/** Active members with reminders on and at least one call they study or apply to. */
export function membersToRemind(db: Db): number[] {
  const rows = db
    .prepare(
      `SELECT m.id FROM members m
        WHERE m.status = 'active' AND m.reminders_enabled = 1
          AND EXISTS (SELECT 1 FROM call_follows f WHERE f.member_id = m.id AND f.status IN ('interested', 'applying'))
        ORDER BY m.id`,
    )
    .all() as { id: number }[];
  return rows.map((row) => row.id);
}

export function followedCallStates(db: Db, memberId: number): FollowedCallState[] {
  const rows = db
    .prepare(
      `SELECT f.call_id, f.status, c.status AS call_status, c.deadlines, c.next_deadline
         FROM call_follows f JOIN calls c ON c.id = f.call_id
        WHERE f.member_id = ? AND f.status IN ('interested', 'applying')`,
    )
    .all(memberId) as { call_id: number; status: FollowStatus; call_status: 'open' | 'closed'; deadlines: string; next_deadline: string | null }[];
  return rows.map((row) => ({
    callId: row.call_id,
    status: row.status,
    callStatus: row.call_status,
    deadlines: parseDays(row.deadlines),
    nextDeadline: row.next_deadline,
  }));
}

function parseDays(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((d): d is string => typeof d === 'string') : [];
  } catch {
    return [];
  }
}

interface ItemRow {
  call_id: number;
  kind: DueReminder['kind'];
  lead_days: number;
  deadline: string;
}

const TAKEN = `SELECT i.call_id, i.kind, i.lead_days, i.deadline FROM reminder_items i
                 JOIN reminder_deliveries d ON d.id = i.delivery_id
                WHERE i.member_id = ? AND d.status IN ('sent', 'sending')`;

/** What the member was already reminded of (sent, or outcome unknown), and per call the latest deadline given. */
export function remindedSoFar(db: Db, memberId: number): { reminded: Set<string>; lastDeadline: Map<number, Day> } {
  const rows = db.prepare(`${TAKEN} ORDER BY d.id, i.deadline`).all(memberId) as ItemRow[];
  const reminded = new Set<string>();
  const lastDeadline = new Map<number, Day>();
  for (const row of rows) {
    reminded.add(reminderKey(row.call_id, row.kind, row.lead_days, row.deadline));
    lastDeadline.set(row.call_id, row.deadline);
  }
  return { reminded, lastDeadline };
}

/**
 * Claims the member's row of the day and records the reminders it carries, in one immediate transaction. Reminders
 * another run took in the meantime are dropped (checked inside the transaction); false when nothing is left to send
 * or the row is not claimable: then nothing must be sent. Returns the reminders actually claimed.
 */
export function claimReminders(db: Db, delivery: Delivery, header: ClaimHeader, due: DueReminder[], now: Date): DueReminder[] | null {
  let claimed: DueReminder[] = [];
  const ok = claimLedgerRow(
    db,
    REMINDER_LEDGER,
    delivery,
    header,
    () => {
      // Not this row's own items (left by a failed attempt): the row itself has just moved to `sending`.
      const taken = new Set(
        (db.prepare(`${TAKEN} AND d.id <> ?`).all(delivery.memberId, delivery.id) as ItemRow[]).map((row) => reminderKey(row.call_id, row.kind, row.lead_days, row.deadline)),
      );
      claimed = due.filter((item) => !taken.has(reminderKey(item.callId, item.kind, item.leadDays, item.deadline)));
      if (claimed.length === 0) return false;
      db.prepare('DELETE FROM reminder_items WHERE delivery_id = ?').run(delivery.id);
      const insert = db.prepare(
        'INSERT INTO reminder_items (delivery_id, member_id, call_id, kind, lead_days, deadline, moved_from) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const item of claimed) insert.run(delivery.id, delivery.memberId, item.callId, item.kind, item.leadDays, item.deadline, item.movedFrom);
      return true;
    },
    now,
  );
  return ok ? claimed : null;
}

export function startReminderRun(db: Db, day: Day, dryRun: boolean, now: Date): number {
  return Number(db.prepare('INSERT INTO reminder_runs (day, started_at, dry_run) VALUES (?, ?, ?)').run(day, now.toISOString(), dryRun ? 1 : 0).lastInsertRowid);
}

export function finishReminderRun(db: Db, runId: number, counts: { sent: number; skipped: number; failed: number; stuck: number }, now: Date): void {
  db.prepare('UPDATE reminder_runs SET finished_at = ?, sent = ?, skipped = ?, failed = ?, stuck = ? WHERE id = ?').run(
    now.toISOString(),
    counts.sent,
    counts.skipped,
    counts.failed,
    counts.stuck,
    runId,
  );
}
