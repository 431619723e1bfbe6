// `fundwatch reminders`: send today's deadline reminders of followed calls now and print one summary line.
import { runReminders } from '../follow/reminders/run.js';
import { count, parseNow, sendingFailure } from './digest.js';
import { withContext } from './run.js';

export async function reminders(opts: { dryRun?: boolean; now?: string }): Promise<void> {
  await withContext(async (ctx) => {
    const now = parseNow(opts.now, ctx.config.timeZone);
    const summary = await runReminders(ctx, { dryRun: opts.dryRun ?? false, now });
    for (const { email, error } of summary.errors) process.stderr.write(`${email}: ${error}\n`);
    const where = opts.dryRun || !ctx.config.smtpUrl ? ` ; courriels écrits dans ${ctx.config.outboxDir}` : '';
    process.stdout.write(
      `rappels du ${summary.day}${opts.dryRun ? ' (essai, rien d’envoyé)' : ''} : ${count(summary.sent, 'envoyé')}, ` +
        `${count(summary.skipped, 'sans objet', 'sans objet')}, ${count(summary.failed, 'en échec', 'en échec')}, ` +
        `${count(summary.stuck, 'interrompu (état inconnu)', 'interrompus (état inconnu)')}${where}\n`,
    );
    const failure = sendingFailure(summary, 'aucun rappel n’a pu être envoyé');
    if (failure) {
      process.stderr.write(`fundwatch: ${failure}\n`);
      process.exitCode = 1;
    }
  });
}
