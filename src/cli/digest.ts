// `fundwatch digest`: run this week's digests now and print one summary line.
import { runDigests } from '../digest/run.js';
import { withContext } from './run.js';

/** `--now 2026-12-07` means that day (noon UTC, the same calendar day in any time zone); a full ISO time is kept as is. */
export function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T12:00:00Z` : value.trim();
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`--now : « ${value} » n’est pas une date valide (format attendu : AAAA-MM-JJ, par exemple 2026-12-07)`);
  return date;
}

/**
 * A run in which every delivery tried failed (the SMTP server is down or refuses us) is a failed run: exit 1, so a
 * cron wrapper or a container check notices that no member got mail. Some failures among sendings are reported only,
 * as one bounced address must not fail every week. Null when the run did its job.
 */
export function sendingFailure(summary: { sent: number; failed: number }, nothingSent: string): string | null {
  if (summary.failed === 0 || summary.sent > 0) return null;
  return `${nothingSent} (${summary.failed} en échec) : vérifiez SMTP_URL et le serveur de courrier, puis les lignes ci-dessus`;
}

export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n > 1 ? many : one}`;
}

export async function digest(opts: { dryRun?: boolean; member?: string; now?: string }): Promise<void> {
  const now = parseNow(opts.now);
  await withContext(async (ctx) => {
    const summary = await runDigests(ctx, { dryRun: opts.dryRun ?? false, memberEmail: opts.member, now });
    for (const { email, error } of summary.errors) process.stderr.write(`${email}: ${error}\n`);
    const where = opts.dryRun || !ctx.config.smtpUrl ? ` ; courriels écrits dans ${ctx.config.outboxDir}` : '';
    process.stdout.write(
      `lettres de la semaine ${summary.week}${opts.dryRun ? ' (essai, rien d’envoyé)' : ''} : ${count(summary.sent, 'envoyée')}, ` +
        `${count(summary.skipped, 'sans nouveauté ou en pause', 'sans nouveauté ou en pause')}, ${count(summary.failed, 'en échec', 'en échec')}, ` +
        `${count(summary.stuck, 'interrompue (état inconnu)', 'interrompues (état inconnu)')}${where}\n`,
    );
    const failure = sendingFailure(summary, 'aucune lettre n’a pu être envoyée');
    if (failure) {
      process.stderr.write(`fundwatch: ${failure}\n`);
      process.exitCode = 1;
    }
  });
}
