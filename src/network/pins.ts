// Staff picks (issue 18): a call pinned by staff, with a note and an optional internal deadline, goes at the top of
// the next digest of every active member, or of the members having one of the pin's tags, whatever their profiles.
// A pin lasts while its call is open: a closed call loses its pin (trigger of migration 015 for the status, sweep
// here for a deadline that passed while the status is still open).
import type { Db } from '../db/connection.js';

export interface Pin {
  callId: number;
  note: string;
  /** YYYY-MM-DD: « envoyez-nous votre dossier avant le … »; null when staff gave none. */
  internalDeadline: string | null;
  /** Members with one of these tags see it; empty: every active member. */
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface PinInput {
  note: string;
  internalDeadline: string | null;
  tags: string[];
}

interface PinRow {
  call_id: number;
  note: string;
  internal_deadline: string | null;
  tags: string;
  created_at: string;
  updated_at: string;
}

function rowToPin(row: PinRow): Pin {
  return {
    callId: row.call_id,
    note: row.note,
    internalDeadline: row.internal_deadline,
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Whether a pin reaches a member with these tags. Pure. */
export function pinReaches(pin: Pick<Pin, 'tags'>, memberTags: readonly string[]): boolean {
  return pin.tags.length === 0 || pin.tags.some((tag) => memberTags.includes(tag));
}

/** Creates or replaces the pin of a call (the call must exist). */
export function putPin(db: Db, callId: number, input: PinInput, now: Date): Pin {
  const at = now.toISOString();
  const tags = [...new Set(input.tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''))];
  db.prepare(
    `INSERT INTO call_pins (call_id, note, internal_deadline, tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (call_id) DO UPDATE SET note = excluded.note, internal_deadline = excluded.internal_deadline,
       tags = excluded.tags, updated_at = excluded.updated_at`,
  ).run(callId, input.note.trim(), input.internalDeadline, JSON.stringify(tags), at, at);
  return getPin(db, callId)!;
}

export function getPin(db: Db, callId: number): Pin | null {
  const row = db.prepare('SELECT * FROM call_pins WHERE call_id = ?').get(callId) as PinRow | undefined;
  return row ? rowToPin(row) : null;
}

/** Removes a call's pin; false when it had none. */
export function deletePin(db: Db, callId: number): boolean {
  return db.prepare('DELETE FROM call_pins WHERE call_id = ?').run(callId).changes > 0;
}

// A call open on @today: status open and a deadline unknown or one not passed.
const OPEN_ON_TODAY = `c.status = 'open' AND (c.next_deadline IS NULL OR c.next_deadline >= @today
  OR EXISTS (SELECT 1 FROM json_each(c.deadlines) d WHERE d.value >= @today))`;

/** Unpins calls that are no longer open on `today` (YYYY-MM-DD); returns how many pins went. */
export function unpinClosedCalls(db: Db, today: string): number {
  return db
    .prepare(`DELETE FROM call_pins WHERE NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = call_pins.call_id AND ${OPEN_ON_TODAY})`)
    .run({ today }).changes;
}

/** Pins of calls open on `today`, newest pin first (a read: the sweep above removes the others). */
export function listOpenPins(db: Db, today: string): Pin[] {
  const rows = db
    .prepare(
      `SELECT p.* FROM call_pins p JOIN calls c ON c.id = p.call_id WHERE ${OPEN_ON_TODAY} ORDER BY p.updated_at DESC, p.call_id DESC`,
    )
    .all({ today }) as PinRow[];
  return rows.map(rowToPin);
}
