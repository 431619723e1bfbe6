// The staff report after each digest run: counts, deliveries needing attention, sources failing or stale.
import { existsSync } from 'node:fs';
import type { AppContext } from '../context.js';
import type { Db } from '../db/connection.js';
import { listSourceHealth } from '../sources/health.js';
import { DEFAULT_EXPECT_NEW_WITHIN_DAYS, loadSourcesFile, type SourceConfig } from '../sources/load.js';
import { formatLongDate, plural } from './format.js';
import type { Mailer } from './mailer.js';
import { followReportLines, type FollowReport } from '../follow/report.js';

export interface SourceProblem {
  id: string;
  name: string;
  /** In French, for staff: what is wrong with the source. */
  problem: string;
}

/** Computes the sources staff should look at; the ingestion side's source health can be plugged in here. */
export type SourceProblemsFn = (ctx: AppContext, now: Date) => SourceProblem[] | Promise<SourceProblem[]>;

export interface RunReport {
  week: string;
  dryRun: boolean;
  sent: number;
  skipped: number;
  failed: number;
  stuck: number;
  errors: { email: string; error: string }[];
  /** What members did with the calls since the last report (issue 17); absent: not reported. */
  follows?: FollowReport;
}

interface SourceRow {
  id: string;
  name: string;
  last_fetch_at: string | null;
  last_status: string | null;
  last_error: string | null;
  consecutive_failures: number;
  last_new_at: string | null;
  gone_at: string | null;
  created_at: string;
}

function day(iso: string): string {
  return formatLongDate(iso.slice(0, 10));
}

/** What is wrong with one source, in French; null when nothing is. Shared by both checks below. */
function problemOf(
  row: Pick<SourceRow, 'last_status' | 'last_error' | 'consecutive_failures' | 'gone_at' | 'last_new_at' | 'created_at'>,
  stale: boolean,
  expectNewWithinDays: number,
): string | null {
  if (row.gone_at) return `disparue (410 Gone) depuis le ${day(row.gone_at)}, plus interrogée`;
  if (row.last_status === 'error' || row.consecutive_failures > 0) {
    const count = plural(Math.max(row.consecutive_failures, 1), 'échec', 'échecs consécutifs');
    return `${count}${row.last_error ? ` : ${row.last_error}` : ''}`;
  }
  if (stale) return `rien de nouveau depuis le ${day(row.last_new_at ?? row.created_at)} (plus de ${expectNewWithinDays} jours)`;
  return null;
}

/** From the ingestion side's health of the sources of feeds.yaml (disabled ones are not reported). */
export function sourceProblemsFromHealth(db: Db, sources: SourceConfig[], now: Date): SourceProblem[] {
  const rows = new Map((db.prepare('SELECT * FROM sources').all() as SourceRow[]).map((r) => [r.id, r]));
  const byId = new Map(sources.map((s) => [s.id, s]));
  return listSourceHealth(db, sources, now).flatMap((health) => {
    const row = rows.get(health.id);
    const source = byId.get(health.id)!;
    if (!row || (!source.enabled && !health.gone)) return [];
    const problem = problemOf(row, health.stale, source.expectNewWithinDays);
    return problem ? [{ id: health.id, name: health.name, problem }] : [];
  });
}

/** Without a readable feeds.yaml: every source row of the database, with the default staleness threshold. */
export function sourceProblemsFromDb(db: Db, now: Date): SourceProblem[] {
  const rows = db.prepare('SELECT * FROM sources ORDER BY id').all() as SourceRow[];
  return rows.flatMap((row) => {
    const stale =
      row.last_fetch_at !== null && now.getTime() - Date.parse(row.last_new_at ?? row.created_at) > DEFAULT_EXPECT_NEW_WITHIN_DAYS * 86_400_000;
    const problem = problemOf(row, stale, DEFAULT_EXPECT_NEW_WITHIN_DAYS);
    return problem ? [{ id: row.id, name: row.name, problem }] : [];
  });
}

/** The default check: source health from feeds.yaml; the bare table when the file is missing or broken. */
export function defaultSourceProblems(ctx: AppContext, now: Date): SourceProblem[] {
  const path = ctx.config.feedsPath;
  if (!existsSync(path)) return sourceProblemsFromDb(ctx.db, now);
  try {
    return sourceProblemsFromHealth(ctx.db, loadSourcesFile(path).sources, now);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return [{ id: '-', name: 'fichier des sources', problem: `illisible, vérifiez-le avec « fundwatch sources check » : ${first}` }, ...sourceProblemsFromDb(ctx.db, now)];
  }
}

export function buildStaffReport(report: RunReport, problems: SourceProblem[]): { subject: string; text: string } {
  const mode = report.dryRun ? ' (essai à blanc, rien n’a été envoyé aux membres)' : '';
  const attention = report.failed + report.stuck + problems.length > 0 ? ' : à vérifier' : '';
  const lines = [
    'Bonjour,',
    '',
    `Voici le bilan de l’envoi de la veille, semaine ${report.week}${mode}.`,
    '',
    `- envoyés : ${report.sent}`,
    `- sans contenu cette semaine (rien envoyé) : ${report.skipped}`,
    `- en échec : ${report.failed}`,
    `- état inconnu (envoi interrompu, non renvoyé) : ${report.stuck}`,
    '',
  ];
  if (report.errors.length > 0) {
    lines.push('Envois à vérifier :', ...report.errors.map((e) => `- ${e.email} : ${e.error}`), '');
    if (report.failed > 0) lines.push('Les envois en échec seront retentés au prochain passage, sauf ceux déjà abandonnés après 3 tentatives cette semaine.');
    if (report.stuck > 0) {
      lines.push(
        'Un envoi à l’état inconnu a pu arriver ou non : il n’est jamais renvoyé automatiquement. Les appels qu’il contenait',
        'figureront dans la veille suivante du membre.',
      );
    }
    lines.push('');
  }
  if (report.follows) lines.push(...followReportLines(report.follows));
  if (problems.length > 0) {
    lines.push('Sources à vérifier :', ...problems.map((p) => `- ${p.name} (${p.id}) : ${p.problem}`), '');
  } else {
    lines.push('Toutes les sources répondent normalement.', '');
  }
  lines.push('-- ', 'fundwatch, veille financements du réseau', '');
  return {
    subject: `Veille ${report.week}${report.dryRun ? ' (essai à blanc)' : ''} : ${plural(report.sent, 'envoi', 'envois')}, ${plural(report.failed, 'échec', 'échecs')}${attention}`,
    text: lines.join('\n'),
  };
}

/** Mails the report to STAFF_EMAIL; a failure is logged, never thrown (the run itself is done). */
export async function sendStaffReport(
  ctx: AppContext,
  mailer: Mailer,
  report: RunReport,
  problems: SourceProblem[],
): Promise<boolean> {
  if (!ctx.config.staffEmail) return false;
  const { subject, text } = buildStaffReport(report, problems);
  try {
    await mailer.send({ from: ctx.config.mailFrom, to: ctx.config.staffEmail, subject, text, headers: { 'Auto-Submitted': 'auto-generated' } });
    return true;
  } catch (error) {
    ctx.log.error({ err: error, to: ctx.config.staffEmail }, 'digest: could not send the staff report');
    return false;
  }
}
