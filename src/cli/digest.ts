// `fundwatch digest`: run this week's digests now and print one summary line.
import { runDigests } from '../digest/run.js';
import { withContext } from './run.js';

/**
 * `--now 2026-12-07` means that day where members live: noon in `timeZone` (noon UTC is already the next day in
 * New Caledonia or Wallis-et-Futuna); a full ISO time is kept as is. An impossible day (« 2027-02-30 ») is refused.
 */
export function parseNow(value: string | undefined, timeZone = 'Europe/Paris'): Date {
  if (value === undefined) return new Date();
  const text = value.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const utcNoon = new Date(Date.UTC(year, month - 1, date, 12));
    if (utcNoon.getUTCFullYear() !== year || utcNoon.getUTCMonth() !== month - 1 || utcNoon.getUTCDate() !== date) throw badNow(value);
    return new Date(utcNoon.getTime() - offsetMinutes(utcNoon, timeZone) * 60_000);
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw badNow(value);
  return date;
}

function badNow(value: string): Error {
  return new Error(`--now : « ${value} » n’est pas une date valide (format attendu : AAAA-MM-JJ, par exemple 2026-12-07)`);
}

/** How far `timeZone` is ahead of UTC at `instant`, in minutes. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - instant.getTime()) / 60_000);
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
  await withContext(async (ctx) => {
    const now = parseNow(opts.now, ctx.config.timeZone);
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
