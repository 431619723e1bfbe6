// The `profile_expansion` table: each profile's expansion words, the strongest matches they were read from, and
// whether the profile awaits rescoring with new words.
import type { Db } from '../db/connection.js';
import { stringList } from '../db/json.js';
import type { StrongMatch } from './expand.js';

export interface StoredExpansion {
  /** Expansion words the profile's stored scores were computed with. */
  words: string[];
  /** Its strongest matches on its own terms, best first (call id, evidence). */
  strongest: [number, number][];
  /** Whether new strongest matches gave other words, not yet applied to the stored scores. */
  due: boolean;
}

/** What a run found for one profile: the words and the strongest matches they come from. */
export interface Expansion {
  words: string[];
  strongest: readonly StrongMatch[];
}

function pairs(json: string): [number, number][] {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.filter((p): p is [number, number] => Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number');
  } catch {
    return [];
  }
}

/**
 * Every stored expansion still valid: one computed before its profile's last edit is left out, so editing a
 * profile starts it afresh (the edit's rescoring computes it again).
 */
export function loadExpansions(db: Db, profileIds?: readonly number[]): Map<number, StoredExpansion> {
  const only = profileIds ? `AND e.profile_id IN (SELECT value FROM json_each(?))` : '';
  const rows = db
    .prepare(`SELECT e.profile_id, e.words, e.strongest, e.due FROM profile_expansion e JOIN profiles p ON p.id = e.profile_id WHERE e.computed_at >= p.updated_at ${only}`)
    .raw()
    .all(...(profileIds ? [JSON.stringify(profileIds)] : [])) as [number, string, string, number][];
  return new Map(rows.map(([id, words, strongest, due]) => [id, { words: stringList(words), strongest: pairs(strongest), due: due === 1 }]));
}

/** The stored words alone, of every valid expansion with some (what compiling a profile needs, read at every run). */
export function loadExpansionWords(db: Db, profileIds?: readonly number[]): Map<number, string[]> {
  const only = profileIds ? `AND e.profile_id IN (SELECT value FROM json_each(?))` : '';
  const rows = db
    .prepare(`SELECT e.profile_id, e.words FROM profile_expansion e JOIN profiles p ON p.id = e.profile_id WHERE e.words <> '[]' AND e.computed_at >= p.updated_at ${only}`)
    .raw()
    .all(...(profileIds ? [JSON.stringify(profileIds)] : [])) as [number, string][];
  return new Map(rows.map(([id, words]) => [id, stringList(words)]));
}

/** Stores expansions; `due` marks those whose words changed without the profile being rescored yet. */
export function saveExpansions(db: Db, expansions: ReadonlyMap<number, Expansion>, now: Date, due: ReadonlySet<number> = new Set()): void {
  const upsert = db.prepare(
    `INSERT INTO profile_expansion (profile_id, words, strongest, due, computed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (profile_id) DO UPDATE SET words = excluded.words, strongest = excluded.strongest, due = excluded.due, computed_at = excluded.computed_at`,
  );
  const at = now.toISOString();
  db.transaction(() => {
    for (const [profileId, expansion] of expansions) {
      const strongest = JSON.stringify(expansion.strongest.map((s) => [s.callId, s.evidence]));
      upsert.run(profileId, JSON.stringify(expansion.words), strongest, due.has(profileId) ? 1 : 0, at);
    }
  })();
}

/** Active profiles whose expansion changed since their scores were stored: the next rescoring applies it. */
export function profilesDueForExpansion(db: Db): number[] {
  return db
    .prepare(
      `SELECT e.profile_id FROM profile_expansion e JOIN profiles p ON p.id = e.profile_id JOIN members m ON m.id = p.member_id
        WHERE e.due = 1 AND m.status = 'active' ORDER BY e.profile_id`,
    )
    .pluck()
    .all() as number[];
}
