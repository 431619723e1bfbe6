// Small key/value settings kept in the database (e.g. the generated signing secret).
import { randomBytes } from 'node:crypto';
import type { Db } from './connection.js';

export function getSetting(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** The secret for signed links: FUNDWATCH_SECRET when set, else one generated once and kept. */
export function signingSecret(db: Db, configured: string | null): string {
  if (configured) return configured;
  db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run('secret', randomBytes(32).toString('base64url'));
  return getSetting(db, 'secret')!;
}
