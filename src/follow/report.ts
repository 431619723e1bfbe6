// What members did with the calls, for the staff report after each digest run (issue 17): how many calls they
// follow, applied to, won or lost since the last report, by source, so staff learn which sources pay off.
// `followReport` reads; `followReportLines` writes the French lines.
import type { Db } from '../db/connection.js';
import { formatLongDate } from '../digest/format.js';

export interface FollowCounts {
  /** (member, call) pairs that started being followed (any status but `none`) in the period. */
  followed: number;
  /** Pairs that reached `applying` or `submitted` in the period. */
  applied: number;
  won: number;
  lost: number;
}

export interface SourceFollowCounts extends FollowCounts {
  sourceId: string;
  sourceName: string;
}

export interface FollowReport {
  /** ISO instant the period starts at (the previous report); null: since the beginning. */
  since: string | null;
  total: FollowCounts;
  bySource: SourceFollowCounts[];
  /** Right now: pairs followed (interested, applying) and dossiers submitted awaiting an answer. */
  current: { following: number; submitted: number };
}

// One row per (member, call) and what it reached in the period; a pair counts once per kind however many clicks.
const PAIRS = `
  SELECT e.member_id, e.call_id,
         MAX(e.status <> 'none' AND (e.previous IS NULL OR e.previous = 'none')) AS followed,
         MAX(e.status IN ('applying', 'submitted')) AS applied,
         MAX(e.status = 'won') AS won,
         MAX(e.status = 'lost') AS lost
    FROM call_follow_events e
   WHERE (@since IS NULL OR e.at > @since)
   GROUP BY e.member_id, e.call_id`;

const SUMS = 'COALESCE(SUM(followed), 0) AS followed, COALESCE(SUM(applied), 0) AS applied, COALESCE(SUM(won), 0) AS won, COALESCE(SUM(lost), 0) AS lost';

/** When the previous report went out: the start of the last digest run before `runId` that sent for real. */
export function previousReportAt(db: Db, runId: number): string | null {
  const row = db.prepare('SELECT started_at FROM digest_runs WHERE id < ? AND dry_run = 0 ORDER BY id DESC LIMIT 1').get(runId) as
    | { started_at: string }
    | undefined;
  return row?.started_at ?? null;
}

export function followReport(db: Db, since: string | null): FollowReport {
  const total = db.prepare(`SELECT ${SUMS} FROM (${PAIRS})`).get({ since }) as FollowCounts;
  const bySource = db
    .prepare(
      `SELECT cs.source_id AS sourceId, COALESCE(s.name, cs.source_id) AS sourceName, ${SUMS}
         FROM (${PAIRS}) p
         JOIN (SELECT DISTINCT call_id, source_id FROM call_sources) cs ON cs.call_id = p.call_id
         LEFT JOIN sources s ON s.id = cs.source_id
        GROUP BY cs.source_id
        ORDER BY won DESC, applied DESC, followed DESC, cs.source_id`,
    )
    .all({ since }) as SourceFollowCounts[];
  const current = db
    .prepare(
      `SELECT COALESCE(SUM(status IN ('interested', 'applying')), 0) AS following, COALESCE(SUM(status = 'submitted'), 0) AS submitted
         FROM call_follows`,
    )
    .get() as { following: number; submitted: number };
  return { since, total, bySource: bySource.filter((s) => s.followed + s.applied + s.won + s.lost > 0), current };
}

function counts(c: FollowCounts): string {
  return `${c.followed} suivi${c.followed > 1 ? 's' : ''}, ${c.applied} candidature${c.applied > 1 ? 's' : ''}, ${c.won} obtenu${c.won > 1 ? 's' : ''}, ${c.lost} refusé${c.lost > 1 ? 's' : ''}`;
}

/** The report's section, in French, one line per source that led somewhere in the period. */
export function followReportLines(report: FollowReport): string[] {
  const period = report.since ? `depuis le bilan précédent (${formatLongDate(report.since.slice(0, 10))})` : 'depuis le début';
  const lines = [
    `Appels suivis par les membres, ${period}\u00a0: ${counts(report.total)}.`,
    `En ce moment\u00a0: ${report.current.following} appel${report.current.following > 1 ? 's' : ''} suivi${report.current.following > 1 ? 's' : ''} (à étudier ou candidature en cours), ${report.current.submitted} dossier${report.current.submitted > 1 ? 's' : ''} déposé${report.current.submitted > 1 ? 's' : ''} en attente de réponse.`,
  ];
  if (report.bySource.length > 0) {
    lines.push('Par source (un appel relevé par plusieurs sources compte pour chacune)\u00a0:');
    for (const s of report.bySource) lines.push(`- ${s.sourceName} (${s.sourceId})\u00a0: ${counts(s)}`);
  }
  return [...lines, ''];
}
