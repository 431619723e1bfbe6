// What a profile learns besides its definition (issue 15): the member's « Pas pertinent » and followed calls since
// the profile was last edited, and the expansion words its strongest matches gave. Read in one query each per run.
import type { Db } from '../db/connection.js';
import { stringList } from '../db/json.js';
import { loadExpansionWords } from './expansion-store.js';
import type { CompileOptions } from './score.js';

export interface ProfileSignals {
  rejections: Map<string, number>;
  endorsements: Map<string, number>;
  /** Expansion words the profile's stored scores were computed with. */
  expansion: string[];
}

/** Statuses of a followed call that say the member wants it (`none` and `lost` say nothing of the profile). */
const WANTED = `('interested', 'applying', 'submitted', 'won')`;


function tableExists(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/**
 * Signals of every profile (or of `profileIds`). Feedback older than the profile's last edit is ignored: editing the
 * profile is how a member takes back what the matcher learnt from them.
 */
export function loadProfileSignals(db: Db, profileIds?: readonly number[]): Map<number, ProfileSignals> {
  const signals = new Map<number, ProfileSignals>();
  const of = (id: number): ProfileSignals => {
    let s = signals.get(id);
    if (!s) signals.set(id, (s = { rejections: new Map(), endorsements: new Map(), expansion: [] }));
    return s;
  };
  const only = profileIds ? `AND p.id IN (SELECT value FROM json_each(@ids))` : '';
  const params = profileIds ? { ids: JSON.stringify(profileIds) } : {};
  const count = (map: Map<string, number>, terms: string[]): void => {
    for (const term of new Set(terms)) map.set(term, (map.get(term) ?? 0) + 1);
  };
  const rejected = db
    .prepare(`SELECT f.profile_id AS id, f.terms FROM feedback f JOIN profiles p ON p.id = f.profile_id WHERE f.kind = 'not_relevant' AND f.created_at > p.updated_at ${only}`)
    .all(params) as { id: number; terms: string }[];
  for (const row of rejected) count(of(row.id).rejections, stringList(row.terms));
  if (tableExists(db, 'call_follows')) {
    const followed = db
      .prepare(
        // CROSS JOIN keeps follows as the outer loop: left to itself SQLite scanned the whole matches table (half
        // a million rows, 85 ms of every incremental run) to find the few followed calls.
        `SELECT m.profile_id AS id, m.terms FROM call_follows cf
           CROSS JOIN profiles p ON p.member_id = cf.member_id
           CROSS JOIN matches m ON m.profile_id = p.id AND m.call_id = cf.call_id
          WHERE cf.status IN ${WANTED} AND cf.updated_at > p.updated_at ${only}`,
      )
      .all(params) as { id: number; terms: string }[];
    for (const row of followed) count(of(row.id).endorsements, stringList(row.terms));
  }
  if (tableExists(db, 'profile_expansion')) {
    for (const [id, words] of loadExpansionWords(db, profileIds)) if (words.length > 0) of(id).expansion = words;
  }
  return signals;
}

/** The compile options a profile's signals give; a stable text of them for caches keyed by what was compiled. */
export function signalOptions(signals: ProfileSignals | undefined): { options: CompileOptions; key: string } {
  if (!signals) return { options: {}, key: '' };
  const sorted = (map: Map<string, number>): [string, number][] => [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    options: { rejections: signals.rejections, endorsements: signals.endorsements, expansion: signals.expansion },
    key: JSON.stringify([sorted(signals.rejections), sorted(signals.endorsements), signals.expansion]),
  };
}
