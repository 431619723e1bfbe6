// Calls to anticipate (issue 18), the stored part: editions linked in the calls table and the next one expected,
// recomputed from every stored call (closed ones included) after each fetch and before each digest run.
import type { Db } from '../db/connection.js';
import { fold } from '../match/analyse.js';
import { findSeries, opensSoon, type EditionCall, type ExpectedNext } from './editions.js';
import type { Day } from '../digest/format.js';

interface Row {
  id: number;
  title: string;
  funder: string;
  funder_name: string | null;
  published_at: string | null;
  deadlines: string;
  next_deadline: string | null;
  source_id: string | null;
  opens: string | null;
  recurrence: string | null;
  series_id: number | null;
  edition_recurrence: string | null;
  expected_opens: string | null;
  expected_deadline: string | null;
}

// The extraction's `opens` and `recurrence` columns, read when this database has them.
function optionalColumns(db: Db): { opens: string; recurrence: string } {
  const columns = new Set((db.prepare(`SELECT name FROM pragma_table_info('calls')`).all() as { name: string }[]).map((c) => c.name));
  return {
    opens: columns.has('opens') ? 'c.opens' : 'NULL',
    recurrence: columns.has('recurrence') ? 'c.recurrence' : 'NULL',
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}/;

function day(value: string | null): Day | null {
  return value !== null && DAY.test(value) ? value.slice(0, 10) : null;
}

function lastDeadline(row: Row): Day | null {
  try {
    const list = (JSON.parse(row.deadlines) as unknown[]).filter((d): d is string => typeof d === 'string' && DAY.test(d)).sort();
    return list.at(-1) ?? day(row.next_deadline);
  } catch {
    return day(row.next_deadline);
  }
}

/** Who funds a call: its funder's name when known, else its funder type as seen by its first source. */
export function funderKey(funder: string, funderName: string | null, sourceId: string | null): string {
  const name = funderName ? fold(funderName).replace(/[^a-z0-9]+/g, ' ').trim() : '';
  return name ? `name:${name}` : `type:${funder}:${sourceId ?? ''}`;
}

function toEditionCall(row: Row): EditionCall {
  return {
    id: row.id,
    title: row.title,
    funderKey: funderKey(row.funder, row.funder_name, row.source_id),
    opens: day(row.opens) ?? day(row.published_at),
    deadline: lastDeadline(row),
    saysAnnual: row.recurrence === 'annual',
  };
}

export interface EditionsSummary {
  series: number;
  changed: number;
}

/** Links the editions of every recurring call and stores when each series' next edition is expected. */
export function refreshEditions(db: Db, today: Day): EditionsSummary {
  const optional = optionalColumns(db);
  const rows = db
    .prepare(
      `SELECT c.id, c.title, c.funder, c.funder_name, c.published_at, c.deadlines, c.next_deadline,
              (SELECT cs.source_id FROM call_sources cs WHERE cs.call_id = c.id ORDER BY cs.first_seen_at, cs.source_id LIMIT 1) AS source_id,
              ${optional.opens} AS opens, ${optional.recurrence} AS recurrence,
              c.series_id, c.edition_recurrence, c.expected_opens, c.expected_deadline
         FROM calls c`,
    )
    .all() as Row[];
  const series = findSeries(rows.map(toEditionCall), today);
  const wanted = new Map<number, { seriesId: number; recurrence: string | null; next: ExpectedNext | null }>();
  for (const s of series) for (const call of s.calls) wanted.set(call.id, { seriesId: s.id, recurrence: s.recurrence, next: s.expectedNext });
  const update = db.prepare('UPDATE calls SET series_id = ?, edition_recurrence = ?, expected_opens = ?, expected_deadline = ? WHERE id = ?');
  let changed = 0;
  db.transaction(() => {
    for (const row of rows) {
      const w = wanted.get(row.id);
      const values = [w?.seriesId ?? null, w?.recurrence ?? null, w?.next?.opens ?? null, w?.next?.deadline ?? null] as const;
      if (row.series_id === values[0] && row.edition_recurrence === values[1] && row.expected_opens === values[2] && row.expected_deadline === values[3]) continue;
      update.run(...values, row.id);
      changed++;
    }
  })();
  return { series: series.length, changed };
}

/** A series whose next edition is expected to open within six weeks, with its last edition. */
export interface Anticipation {
  /** The last edition seen (its dates are shown). */
  callId: number;
  seriesId: number;
  expected: ExpectedNext;
}

/**
 * Series whose next edition is expected to open from `today` to six weeks later and whose last edition is not open
 * any more (an open edition is in the digest already). Read from what refreshEditions stored.
 */
export function listAnticipations(db: Db, today: Day): Anticipation[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.series_id, c.expected_opens, c.expected_deadline
         FROM calls c
        WHERE c.series_id IS NOT NULL AND (c.expected_opens IS NOT NULL OR c.expected_deadline IS NOT NULL)
          AND c.id = (SELECT l.id FROM calls l WHERE l.series_id = c.series_id
                       ORDER BY COALESCE(l.next_deadline, '') DESC, l.id DESC LIMIT 1)
          AND NOT EXISTS (SELECT 1 FROM calls o WHERE o.series_id = c.series_id AND o.status = 'open'
                           AND (o.next_deadline IS NULL OR o.next_deadline >= ?))`,
    )
    .all(today) as { id: number; series_id: number; expected_opens: string | null; expected_deadline: string | null }[];
  return rows
    .map((r) => ({ callId: r.id, seriesId: r.series_id, expected: { opens: r.expected_opens, deadline: r.expected_deadline } }))
    .filter((a) => opensSoon(a.expected, today));
}
