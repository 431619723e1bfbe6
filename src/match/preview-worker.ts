// Worker-thread entry for previewProfile (run by preview.ts): its own read-only connection, kept while the thread
// lives, so that scoring every open call for a member's preview never holds the event loop the API shares.
import { openDb, type Db } from '../db/connection.js';
import { createLogger } from '../log.js';
import type { Profile } from '../members/types.js';
import { previewProfile } from './preview.js';
import type { MatchResult } from './score.js';

export interface PreviewTask {
  dbPath: string;
  profile: Profile;
  /** YYYY-MM-DD in the configured time zone. */
  today: string;
}

const connections = new Map<string, Db>();
const log = createLogger('error');

export default function previewInWorker(task: PreviewTask): MatchResult[] {
  let db = connections.get(task.dbPath);
  if (!db) connections.set(task.dbPath, (db = openDb(task.dbPath, { readonly: true })));
  // One read transaction: the calls, the statistics and the profile's signals come from the same snapshot.
  return db.transaction(() => previewProfile(db, log, task.profile, task.today))();
}
