// `fundwatch reminders`: send today's deadline reminders of followed calls now and print one summary line.
import { runReminders } from '../follow/reminders/run.js';
import { parseNow } from './digest.js';
import { withContext } from './run.js';

export async function reminders(opts: { dryRun?: boolean; now?: string }): Promise<void> {
  const now = parseNow(opts.now);
  await withContext(async (ctx) => {
    const summary = await runReminders(ctx, { dryRun: opts.dryRun ?? false, now });
    for (const { email, error } of summary.errors) process.stderr.write(`${email}: ${error}\n`);
    const where = opts.dryRun || !ctx.config.smtpUrl ? ` (outbox: ${ctx.config.outboxDir})` : '';
    process.stdout.write(
      `reminders ${summary.day}${opts.dryRun ? ' dry run' : ''}: sent ${summary.sent}, skipped ${summary.skipped}, ` +
        `failed ${summary.failed}, stuck ${summary.stuck}${where}\n`,
    );
  });
}
