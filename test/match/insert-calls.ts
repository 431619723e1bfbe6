// Inserts call rows straight into the `calls` table, so matcher tests do not depend on the ingestion store.
import type { Db } from '../../src/db/connection.js';
import type { FunderType } from '../../src/calls/types.js';

export interface CallRowInput {
  title: string;
  summary?: string;
  body?: string;
  funder?: FunderType;
  regions?: string[];
  nextDeadline?: string | null;
  status?: 'open' | 'closed';
  url?: string;
}

export function insertCall(db: Db, input: CallRowInput, at = '2026-01-05T10:00:00.000Z'): number {
  const deadline = input.nextDeadline ?? null;
  const info = db
    .prepare(
      `INSERT INTO calls (canonical_url, title, title_key, summary, body, funder, regions, deadlines, next_deadline,
                          status, first_seen_at, last_seen_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      input.url ?? null,
      input.title,
      input.title.toLowerCase(),
      input.summary ?? '',
      input.body ?? '',
      input.funder ?? 'state',
      JSON.stringify(input.regions ?? []),
      JSON.stringify(deadline ? [deadline] : []),
      deadline,
      input.status ?? 'open',
      at,
      at,
      at,
    );
  return Number(info.lastInsertRowid);
}
