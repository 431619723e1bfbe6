import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Db } from './connection.js';

/** SQLite's online backup: a consistent copy even while another process writes. */
export async function backupDb(db: Db, destination: string): Promise<void> {
  const target = resolve(destination);
  mkdirSync(dirname(target), { recursive: true });
  await db.backup(target);
}
