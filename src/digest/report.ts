// The staff report after each digest run: counts, deliveries needing attention, sources failing or stale.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { AppContext } from '../context.js';
import type { Db } from '../db/connection.js';
import { formatLongDate, plural } from './format.js';
import type { Mailer } from './mailer.js';

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
}

const DEFAULT_EXPECT_NEW_WITHIN_DAYS = 90;

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

interface FeedsEntry {
  enabled: boolean;
  expectNewWithinDays: number;
}

/**
 * The enabled sources of feeds.yaml with their staleness threshold, read leniently (the file's real
 * validation belongs to `fundwatch sources check`); null when the file cannot be read.
 */
function readFeedsFile(path: string): Map<string, FeedsEntry> | null {
  if (!existsSync(path)) return null;
  try {
    const doc = parseYaml(readFileSync(path, 'utf8')) as { sources?: unknown };
    if (!Array.isArray(doc?.sources)) return null;
    const entries = new Map<string, FeedsEntry>();
    for (const source of doc.sources as Record<string, unknown>[]) {
      if (typeof source?.id !== 'string') continue;
      const days = source.expect_new_within_days;
      entries.set(source.id, {
        enabled: source.enabled !== false,
        expectNewWithinDays: typeof days === 'number' && days > 0 ? days : DEFAULT_EXPECT_NEW_WITHIN_DAYS,
      });
    }
    return entries;
  } catch {
    return null;
  }
}

function day(iso: string): string {
  return formatLongDate(iso.slice(0, 10));
}

/** Default source check, straight from the sources table: failing, gone, or nothing new for too long. */
export function sourceProblemsFromDb(db: Db, now: Date, feedsPath: string | null): SourceProblem[] {
  const feeds = feedsPath ? readFeedsFile(feedsPath) : null;
  const rows = db.prepare('SELECT * FROM sources ORDER BY id').all() as SourceRow[];
  const problems: SourceProblem[] = [];
  for (const row of rows) {
    const entry = feeds?.get(row.id);
    // A source no longer in feeds.yaml, or disabled there, is not a problem to report.
    if (feeds && (!entry || !entry.enabled)) continue;
    if (row.gone_at) {
      problems.push({ id: row.id, name: row.name, problem: `disparue (410 Gone) depuis le ${day(row.gone_at)}, plus interrogée` });
    } else if (row.last_status === 'error' || row.consecutive_failures > 0) {
      const count = plural(Math.max(row.consecutive_failures, 1), 'échec', 'échecs consécutifs');
      problems.push({ id: row.id, name: row.name, problem: `${count}${row.last_error ? ` : ${row.last_error}` : ''}` });
    } else if (row.last_fetch_at) {
      const lastNew = row.last_new_at ?? row.created_at;
      const days = entry?.expectNewWithinDays ?? DEFAULT_EXPECT_NEW_WITHIN_DAYS;
      if (now.getTime() - Date.parse(lastNew) > days * 86_400_000) {
        problems.push({ id: row.id, name: row.name, problem: `rien de nouveau depuis le ${day(lastNew)} (plus de ${days} jours)` });
      }
    }
  }
  return problems;
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
    if (report.failed > 0) lines.push('Les envois en échec seront retentés au prochain passage (3 tentatives par semaine au plus).');
    if (report.stuck > 0) {
      lines.push(
        'Un envoi à l’état inconnu a pu arriver ou non : il n’est jamais renvoyé automatiquement. Les appels qu’il contenait',
        'figureront dans la veille suivante du membre.',
      );
    }
    lines.push('');
  }
  if (problems.length > 0) {
    lines.push('Sources à vérifier :', ...problems.map((p) => `- ${p.name} (${p.id}) : ${p.problem}`), '');
  } else {
    lines.push('Toutes les sources répondent normalement.', '');
  }
  lines.push('-- ', 'fundwatch, veille financements du réseau', '');
  return {
    subject: `Veille ${report.week} : ${plural(report.sent, 'envoi', 'envois')}, ${plural(report.failed, 'échec', 'échecs')}${attention}`,
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
