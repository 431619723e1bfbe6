// The `profile_expansion` table: each profile's expansion words, as the scores stored beside them used them.
import type { Db } from '../db/connection.js';
import { stringList } from '../db/json.js';
import type { StrongMatch } from './expand.js';

/** What a run found for one profile: the words and the strongest matches they come from. */
export interface Expansion {
  words: string[];
  strongest: readonly StrongMatch[];
}

/**
 * The stored words of every valid expansion with some (what compiling a profile needs, read at every run). One
 * computed before its profile's last edit is left out, so editing a profile starts it afresh (the edit's
 * rescoring computes it again).
 */
export function loadExpansionWords(db: Db, profileIds?: readonly number[]): Map<number, string[]> {
  const only = profileIds ? `AND e.profile_id IN (SELECT value FROM json_each(?))` : '';
  const rows = db
    .prepare(`SELECT e.profile_id, e.words FROM profile_expansion e JOIN profiles p ON p.id = e.profile_id WHERE e.words <> '[]' AND e.computed_at >= p.updated_at ${only}`)
    .raw()
    .all(...(profileIds ? [JSON.stringify(profileIds)] : [])) as [number, string][];
  return new Map(rows.map(([id, words]) => [id, stringList(words)]));
}

/** Stores the expansions a run computed, beside the scores it stored with them. */
export function saveExpansions(db: Db, expansions: ReadonlyMap<number, Expansion>, now: Date): void {
  const upsert = db.prepare(
    // A profile deleted while the run scored is skipped: a full run writes with foreign keys relaxed (store.ts).
    `INSERT INTO profile_expansion (profile_id, words, computed_at)
     SELECT @id, @words, @at WHERE EXISTS (SELECT 1 FROM profiles WHERE id = @id)
     ON CONFLICT (profile_id) DO UPDATE SET words = excluded.words, computed_at = excluded.computed_at`,
  );
  const at = now.toISOString();
  db.transaction(() => {
    for (const [profileId, expansion] of expansions) {
      upsert.run({ id: profileId, words: JSON.stringify(expansion.words), at });
    }
  })();
}
