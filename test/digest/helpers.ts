// Test helpers for the digest: rows written straight into SQLite (calls, sources, matches), and the shared real
// SMTP server re-exported for the digest tests.
import type { Db } from '../../src/db/connection.js';
import type { ExplanationEntry } from '../../src/match/score.js';

export { startSmtp, type Received, type SmtpOptions, type TestSmtp } from '../helpers/smtp.js';

export interface CallSeed {
  title: string;
  summary?: string;
  url?: string | null;
  funder?: string;
  funderName?: string | null;
  deadlines?: string[];
  amountMin?: number | null;
  amountMax?: number | null;
  amountScope?: 'project' | 'total' | null;
  status?: 'open' | 'closed';
  sourceId?: string;
}

let seq = 0;

export function insertSource(db: Db, id: string, name: string): void {
  db.prepare('INSERT OR IGNORE INTO sources (id, name, created_at) VALUES (?, ?, ?)').run(id, name, new Date().toISOString());
}

export function insertCall(db: Db, seed: CallSeed): number {
  const at = '2026-11-01T00:00:00.000Z';
  const url = seed.url === undefined ? `https://financeurs.example.org/appel-${++seq}` : seed.url;
  const deadlines = [...(seed.deadlines ?? [])].sort();
  const info = db
    .prepare(
      `INSERT INTO calls (canonical_url, title, title_key, summary, funder, funder_name, deadlines, next_deadline,
                          amount_min, amount_max, amount_currency, amount_scope, status, first_seen_at, last_seen_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'EUR', ?, ?, ?, ?, ?)`,
    )
    .run(
      url,
      seed.title,
      `${seed.title.toLowerCase()}-${seq}`,
      seed.summary ?? '',
      seed.funder ?? 'region',
      seed.funderName ?? null,
      JSON.stringify(deadlines),
      deadlines[0] ?? null,
      seed.amountMin ?? null,
      seed.amountMax ?? null,
      seed.amountScope ?? null,
      seed.status ?? 'open',
      at,
      at,
      at,
    );
  const id = Number(info.lastInsertRowid);
  const sourceId = seed.sourceId ?? 'region-aap';
  insertSource(db, sourceId, sourceId === 'region-aap' ? 'Région : appels à projets' : sourceId);
  db.prepare(
    `INSERT INTO call_sources (source_id, item_key, call_id, url, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(sourceId, `item-${id}`, id, url, at, at);
  return id;
}

/** A match row as the matcher stores it; `explanation` defaults to none, as rows stored before issue 4. */
export function insertMatch(
  db: Db,
  profileId: number,
  callId: number,
  score: number,
  terms: string[],
  firstMatchedAt: string,
  explanation: ExplanationEntry[] = [],
): void {
  db.prepare(
    `INSERT INTO matches (profile_id, call_id, score, terms, explanation, first_matched_at, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (profile_id, call_id) DO UPDATE SET score = excluded.score, terms = excluded.terms, explanation = excluded.explanation`,
  ).run(profileId, callId, score, JSON.stringify(terms), JSON.stringify(explanation), firstMatchedAt, firstMatchedAt);
}

/** Normalises French non-breaking spaces so tests can compare with plain spaces. */
export function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}
