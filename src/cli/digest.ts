// `fundwatch digest`: run this week's digests now and print one summary line.
import { runDigests } from '../digest/run.js';
import { withContext } from './run.js';

/** `--now 2026-12-07` means that day (noon UTC, the same calendar day in any time zone); a full ISO time is kept as is. */
export function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T12:00:00Z` : value.trim();
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`--now: not a valid ISO date: "${value}"`);
  return date;
}

export async function digest(opts: { dryRun?: boolean; member?: string; now?: string }): Promise<void> {
  const now = parseNow(opts.now);
  await withContext(async (ctx) => {
    const summary = await runDigests(ctx, { dryRun: opts.dryRun ?? false, memberEmail: opts.member, now });
    for (const { email, error } of summary.errors) process.stderr.write(`${email}: ${error}\n`);
    const where = opts.dryRun || !ctx.config.smtpUrl ? ` (outbox: ${ctx.config.outboxDir})` : '';
    process.stdout.write(
      `digest ${summary.week}${opts.dryRun ? ' dry run' : ''}: sent ${summary.sent}, skipped ${summary.skipped}, ` +
        `failed ${summary.failed}, stuck ${summary.stuck}${where}\n`,
    );
  });
}
