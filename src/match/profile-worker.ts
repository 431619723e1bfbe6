// Worker-thread entry for scoreProfiles (run by profile-pool.ts): its own read-only connection to the database,
// opened once per thread and kept while the thread lives.
import { openDb, type Db } from '../db/connection.js';
import { createLogger } from '../log.js';
import { scoreProfiles, type ProfileScoring } from './run.js';

export interface ProfileTask {
  dbPath: string;
  profileIds: number[];
  /** YYYY-MM-DD in the configured time zone. */
  today: string;
  /** ISO timestamp of the run. */
  now: string;
}

const connections = new Map<string, Db>();
// Only synonyms.yaml problems are logged here, and they are errors.
const log = createLogger('error');

export default function scoreProfilesInWorker(task: ProfileTask): ProfileScoring {
  let db = connections.get(task.dbPath);
  if (!db) connections.set(task.dbPath, (db = openDb(task.dbPath, { readonly: true })));
  // One read transaction: the profiles and the calls come from the same snapshot even while the main thread writes.
  return db.transaction(() => scoreProfiles(db, log, task.profileIds, task.today, new Date(task.now)))();
}
