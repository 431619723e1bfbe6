// What a member does with a call: the status they gave it (issue 17), and every change of it, for staff.
import type { Db } from '../db/connection.js';

export const FOLLOW_STATUSES = ['interested', 'applying', 'submitted', 'won', 'lost', 'none'] as const;
export type FollowStatus = (typeof FOLLOW_STATUSES)[number];

/** The statuses that still lead to a deadline: reminders, « Vos appels suivis », calendar alarms. */
export const ACTIVE_STATUSES: readonly FollowStatus[] = ['interested', 'applying'];

/** How a member reads each status (buttons, lists). */
export const STATUS_LABELS: Readonly<Record<FollowStatus, string>> = {
  interested: 'À étudier',
  applying: 'Je candidate',
  submitted: 'Dossier déposé',
  won: 'Obtenu',
  lost: 'Refusé',
  none: 'Ne plus suivre',
};

export function isFollowStatus(value: unknown): value is FollowStatus {
  return typeof value === 'string' && (FOLLOW_STATUSES as readonly string[]).includes(value);
}

export function isActiveStatus(status: FollowStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

export interface Follow {
  memberId: number;
  callId: number;
  status: FollowStatus;
  createdAt: string;
  updatedAt: string;
}

interface FollowRow {
  member_id: number;
  call_id: number;
  status: FollowStatus;
  created_at: string;
  updated_at: string;
}

function toFollow(row: FollowRow): Follow {
  return { memberId: row.member_id, callId: row.call_id, status: row.status, createdAt: row.created_at, updatedAt: row.updated_at };
}

export function getFollow(db: Db, memberId: number, callId: number): Follow | null {
  const row = db.prepare('SELECT * FROM call_follows WHERE member_id = ? AND call_id = ?').get(memberId, callId) as FollowRow | undefined;
  return row ? toFollow(row) : null;
}

/** Every status the member gave, keyed by call. */
export function followsOfMember(db: Db, memberId: number): Map<number, Follow> {
  const rows = db.prepare('SELECT * FROM call_follows WHERE member_id = ?').all(memberId) as FollowRow[];
  return new Map(rows.map((row) => [row.call_id, toFollow(row)]));
}

/**
 * Records the member's status for a call and the change, in one transaction. Saying the same status twice changes
 * nothing (no event, `changed` false). The caller has checked that the member and the call exist.
 */
export function setFollowStatus(
  db: Db,
  memberId: number,
  callId: number,
  status: FollowStatus,
  now: Date = new Date(),
): { changed: boolean; previous: FollowStatus | null } {
  const at = now.toISOString();
  return db
    .transaction(() => {
      const previous = getFollow(db, memberId, callId)?.status ?? null;
      if (previous === status) return { changed: false, previous };
      db.prepare(
        `INSERT INTO call_follows (member_id, call_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (member_id, call_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
      ).run(memberId, callId, status, at, at);
      db.prepare('INSERT INTO call_follow_events (member_id, call_id, status, previous, at) VALUES (?, ?, ?, ?, ?)').run(
        memberId,
        callId,
        status,
        previous,
        at,
      );
      return { changed: true, previous };
    })
    .immediate();
}

export interface FollowedCall {
  callId: number;
  status: FollowStatus;
  updatedAt: string;
  title: string;
  nextDeadline: string | null;
  callStatus: 'open' | 'closed';
}

/**
 * The member's followed calls (every status but `none`, unless asked), the soonest deadline first (unknown last),
 * then the latest change first.
 */
export function listFollowedCalls(
  db: Db,
  memberId: number,
  page: { limit: number; offset: number },
  options: { includeNone?: boolean } = {},
): { items: FollowedCall[]; total: number } {
  const where = `f.member_id = ?${options.includeNone ? '' : " AND f.status <> 'none'"}`;
  const rows = db
    .prepare(
      `SELECT f.call_id, f.status, f.updated_at, c.title, c.next_deadline, c.status AS call_status
         FROM call_follows f JOIN calls c ON c.id = f.call_id
        WHERE ${where}
        ORDER BY c.next_deadline IS NULL, c.next_deadline, f.updated_at DESC, f.call_id
        LIMIT ? OFFSET ?`,
    )
    .all(memberId, page.limit, page.offset) as {
    call_id: number;
    status: FollowStatus;
    updated_at: string;
    title: string;
    next_deadline: string | null;
    call_status: 'open' | 'closed';
  }[];
  const { total } = db.prepare(`SELECT COUNT(*) AS total FROM call_follows f WHERE ${where}`).get(memberId) as { total: number };
  return {
    items: rows.map((row) => ({
      callId: row.call_id,
      status: row.status,
      updatedAt: row.updated_at,
      title: row.title,
      nextDeadline: row.next_deadline,
      callStatus: row.call_status,
    })),
    total,
  };
}
