// Bulk loading of generated calls, members and profiles into a real fundwatch database.
import type { Db } from '../src/db/connection.js';
import { createMember, createProfile } from '../src/members/store.js';
import type { BenchCall, BenchProfile } from './corpus.js';

export const BENCH_SOURCE_ID = 'bench-generated';

/** Inserts the calls in one transaction (as a bulk import would) and returns their ids in order. */
export function insertCalls(db: Db, calls: readonly BenchCall[], now: Date): number[] {
  const at = now.toISOString();
  db.prepare(
    `INSERT OR IGNORE INTO sources (id, name, last_fetch_at, last_status, created_at) VALUES (?, ?, ?, 'ok', ?)`,
  ).run(BENCH_SOURCE_ID, 'Corpus de test (benchmark)', at, at);
  const insertCall = db.prepare(
    `INSERT INTO calls (canonical_url, title, title_key, summary, body, funder, funder_name, regions, categories,
                        deadlines, next_deadline, amount_min, amount_max, amount_currency, amount_scope, published_at,
                        status, content_hash, first_seen_at, last_seen_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', '', ?, ?, ?)`,
  );
  const insertSource = db.prepare(
    `INSERT INTO call_sources (source_id, item_key, call_id, url, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  return db.transaction(() =>
    calls.map((call) => {
      const amount = call.amountMin !== null || call.amountMax !== null;
      const info = insertCall.run(
        call.url,
        call.title,
        call.title.toLowerCase(),
        call.summary,
        call.body,
        call.funder,
        call.funderName,
        JSON.stringify(call.regions),
        JSON.stringify(call.categories),
        JSON.stringify(call.deadlines),
        call.deadlines[0] ?? null,
        call.amountMin,
        call.amountMax,
        amount ? 'EUR' : null,
        amount ? 'project' : null,
        call.publishedAt,
        at,
        at,
        at,
      );
      const id = Number(info.lastInsertRowid);
      insertSource.run(BENCH_SOURCE_ID, call.url, id, call.url, at, at);
      return id;
    }),
  )();
}

/** One active member per profile, through the members store. Returns the member ids in order. */
export function insertMembers(db: Db, profiles: readonly BenchProfile[], now: Date): number[] {
  return db.transaction(() =>
    profiles.map((profile, i) => {
      const member = createMember(db, { email: `membre${i + 1}@asso-${(i % 97) + 1}.example.org`, name: `Membre ${i + 1}`, organisation: `Association ${(i % 97) + 1}` }, now);
      createProfile(db, member.id, { name: profile.name, keywords: profile.keywords, exclude: profile.exclude, regions: profile.regions, description: profile.description }, now);
      return member.id;
    }),
  )();
}
