// One SQLite connection per process, set up the same way everywhere.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrate.js';
import { databaseOpenError } from './open-error.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Apply pending migrations on open (the default). `fundwatch migrate` passes false and migrates itself. */
  migrate?: boolean;
  readonly?: boolean;
}

export function openDb(path: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: options.readonly ?? false });
  } catch (error) {
    throw databaseOpenError(path, error);
  }
  try {
    // The first statement is where a file that is not a database is found out.
    if (!options.readonly) db.pragma('journal_mode = WAL');
    else db.pragma('schema_version');
  } catch (error) {
    db.close();
    throw databaseOpenError(path, error);
  }
  db.pragma('foreign_keys = ON');
  // Several processes (serve, a CLI fetch, a backup) may touch the file at once: wait rather than fail.
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  if (options.migrate ?? !options.readonly) migrate(db);
  return db;
}
