// A member's pause and reminder settings (issue 17), kept on the members row.
import type { Db } from '../db/connection.js';

export const DEFAULT_LEAD_DAYS: readonly number[] = [14, 3];
/** Lead times a member may choose: at most this many, each from 1 to 90 days. */
export const MAX_LEADS = 4;
export const MAX_LEAD_DAYS = 90;
/** An `applying` call gets « Votre dossier est-il déposé ? » this many days before its deadline. */
export const SUBMITTED_CHECK_DAYS = 2;
/** A pause ends at most this far ahead (a year). */
export const MAX_PAUSE_DAYS = 366;

export interface FollowSettings {
  /** YYYY-MM-DD: no digest before that day; null: not paused. */
  pausedUntil: string | null;
  /** Lead times in days, descending, distinct. */
  leadDays: number[];
  remindersEnabled: boolean;
}

interface SettingsRow {
  paused_until: string | null;
  reminder_days: string;
  reminders_enabled: number;
}

/** Lead times as stored or typed: whole days within bounds, distinct, descending; null when not valid. */
export function normaliseLeadDays(values: readonly unknown[]): number[] | null {
  const days = values.map((v) => (typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : v));
  if (days.length === 0 || days.length > MAX_LEADS) return null;
  if (!days.every((d): d is number => typeof d === 'number' && Number.isInteger(d) && d >= 1 && d <= MAX_LEAD_DAYS)) return null;
  return [...new Set(days)].sort((a, b) => b - a);
}

function parseLeadDays(json: string): number[] {
  try {
    const value: unknown = JSON.parse(json);
    return (Array.isArray(value) ? normaliseLeadDays(value) : null) ?? [...DEFAULT_LEAD_DAYS];
  } catch {
    return [...DEFAULT_LEAD_DAYS];
  }
}

export function followSettings(db: Db, memberId: number): FollowSettings | null {
  const row = db.prepare('SELECT paused_until, reminder_days, reminders_enabled FROM members WHERE id = ?').get(memberId) as SettingsRow | undefined;
  if (!row) return null;
  return { pausedUntil: row.paused_until, leadDays: parseLeadDays(row.reminder_days), remindersEnabled: row.reminders_enabled === 1 };
}

/** Whether the member's digest is paused on `today` (YYYY-MM-DD): the pause ends on its day, by itself. */
export function isPaused(db: Db, memberId: number, today: string): boolean {
  const row = db.prepare('SELECT paused_until FROM members WHERE id = ?').get(memberId) as { paused_until: string | null } | undefined;
  return row?.paused_until != null && row.paused_until > today;
}

/** Sets or clears the pause; the caller has checked the date. */
export function setPausedUntil(db: Db, memberId: number, day: string | null, now: Date = new Date()): boolean {
  return db.prepare('UPDATE members SET paused_until = ?, updated_at = ? WHERE id = ?').run(day, now.toISOString(), memberId).changes === 1;
}

export function setReminderSettings(db: Db, memberId: number, leadDays: number[], enabled: boolean, now: Date = new Date()): boolean {
  return (
    db
      .prepare('UPDATE members SET reminder_days = ?, reminders_enabled = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(leadDays), enabled ? 1 : 0, now.toISOString(), memberId).changes === 1
  );
}
