// The daily reminder run (REMINDER_CRON, `fundwatch reminders`): for each member with followed calls, what is due
// today, claimed in the reminder ledger, sent, recorded, exactly as the weekly digest does (src/digest/run.ts).
import { getCalls } from '../../calls/repository.js';
import type { AppContext } from '../../context.js';
import { signingSecret } from '../../db/settings.js';
import { ensureLedgerRows, markFailed, markSkipped, type Delivery } from '../../digest/ledger.js';
import { createMailer, type Mailer, type SendMailOptions } from '../../digest/mailer.js';
import { bareAddress, unsubscribeUrl } from '../../digest/message.js';
import { dayIn, type Day } from '../../digest/format.js';
import { errorText, sendClaimed, unclaimable } from '../../digest/run.js';
import { memberPageUrl, statusLinks } from '../../member-space/links.js';
import { getMember } from '../../members/store.js';
import type { Member } from '../../members/types.js';
import { followSettings } from '../settings.js';
import { dueReminders, type DueReminder } from './plan.js';
import { buildReminderView, reminderMessageId, reminderTemplate, renderReminderHtml, renderReminderText } from './message.js';
import { claimReminders, finishReminderRun, followedCallStates, membersToRemind, remindedSoFar, REMINDER_LEDGER, startReminderRun } from './store.js';

export interface ReminderRunOptions {
  /** Write every reminder to the outbox whatever SMTP_URL says, and leave the ledger alone. */
  dryRun?: boolean;
  /** The run's "now": decides the day. */
  now?: Date;
}

export interface ReminderRunSummary {
  runId: number;
  day: Day;
  sent: number;
  skipped: number;
  failed: number;
  stuck: number;
  errors: { email: string; error: string }[];
}

type Summary = Omit<ReminderRunSummary, 'runId' | 'day'>;

interface Composed {
  due: DueReminder[];
  mail: SendMailOptions;
  messageId: string;
  subject: string;
}

function mailDomain(ctx: AppContext): string {
  return bareAddress(ctx.config.mailFrom).split('@').pop() || 'localhost';
}

/** The member's reminder of `day`, or null when nothing is due. Reads the database, writes nothing. */
async function composeReminder(ctx: AppContext, member: Member, day: Day, only?: DueReminder[]): Promise<Composed | null> {
  const settings = followSettings(ctx.db, member.id);
  if (!settings || !settings.remindersEnabled) return null;
  const { reminded, lastDeadline } = remindedSoFar(ctx.db, member.id);
  const due =
    only ?? dueReminders({ today: day, leadDays: settings.leadDays, calls: followedCallStates(ctx.db, member.id), reminded, lastDeadline });
  if (due.length === 0) return null;
  const calls = new Map(getCalls(ctx.db, due.map((d) => d.callId)).map((call) => [call.id, call]));
  const status = statusLinks(ctx, member.id);
  const unsubscribe = unsubscribeUrl(ctx, member.id);
  const view = buildReminderView(due, calls, member, settings.leadDays, day, {
    statusUrl: (callId, value) => status(callId, value),
    memberPageUrl: memberPageUrl(ctx, member.id),
    unsubscribeUrl: unsubscribe,
  });
  const messageId = reminderMessageId(signingSecret(ctx.db, ctx.config.secret), member.id, day, mailDomain(ctx));
  return {
    due,
    messageId,
    subject: view.subject,
    mail: {
      from: ctx.config.mailFrom,
      to: { name: member.name ?? '', address: member.email },
      subject: view.subject,
      html: await renderReminderHtml(view),
      text: renderReminderText(view),
      messageId,
      headers: {
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'List-Id': `Veille financements <digest.${mailDomain(ctx)}>`,
        'Auto-Submitted': 'auto-generated',
      },
      ...(ctx.config.staffEmail ? { replyTo: ctx.config.staffEmail } : {}),
    },
  };
}

async function remind(ctx: AppContext, mailer: Mailer, runId: number, day: Day, now: Date, member: Member, delivery: Delivery, summary: Summary) {
  const { db, log } = ctx;
  const blocked = unclaimable(delivery);
  if (blocked) {
    // A row already sent today: a later run of the same day may still have new reminders (a call followed since),
    // but they wait for tomorrow's row, as one message a day is the promise.
    if (blocked.kind === 'sent') return;
    summary[blocked.kind]++;
    summary.errors.push({ email: member.email, error: blocked.error });
    return;
  }
  let composed: Composed | null;
  try {
    composed = await composeReminder(ctx, member, day);
  } catch (error) {
    log.error({ err: error, memberId: member.id }, 'reminders: could not compose');
    summary.failed++;
    summary.errors.push({ email: member.email, error: `préparation impossible : ${errorText(error)}` });
    return;
  }
  const claimed = composed
    ? claimReminders(db, delivery, { runId, messageId: composed.messageId, subject: composed.subject, composedAt: now }, composed.due, now)
    : null;
  if (!composed || !claimed) {
    if (markSkipped(db, delivery, runId, now, REMINDER_LEDGER)) summary.skipped++;
    return;
  }
  let mail = composed.mail;
  if (claimed.length !== composed.due.length) {
    // Another run took some of them between composing and claiming: the message says only what this row holds.
    log.info({ memberId: member.id, day }, 'reminders: some were taken by another run; sending the rest');
    try {
      mail = (await composeReminder(ctx, member, day, claimed))?.mail ?? mail;
    } catch (error) {
      markFailed(db, delivery.id, errorText(error), new Date(), REMINDER_LEDGER);
      summary.failed++;
      summary.errors.push({ email: member.email, error: `préparation impossible : ${errorText(error)}` });
      return;
    }
  }
  const outcome = await sendClaimed(db, mailer, REMINDER_LEDGER, delivery.id, mail);
  if (outcome.kind === 'sent') {
    summary.sent++;
    return;
  }
  summary[outcome.kind]++;
  summary.errors.push({ email: member.email, error: outcome.error });
  if (outcome.kind === 'failed') log.warn({ memberId: member.id, day, error: outcome.error }, 'reminders: delivery failed, will be retried');
  else log.error({ memberId: member.id, day, error: outcome.error }, 'reminders: delivery outcome unknown, left in sending');
}

function staffReport(day: Day, summary: Summary): { subject: string; text: string } {
  const lines = [
    'Bonjour,',
    '',
    `Rappels de dates limites du ${day} : ${summary.sent} envoyé(s), ${summary.failed} en échec, ${summary.stuck} à l’état inconnu.`,
    '',
    'Envois à vérifier :',
    ...summary.errors.map((e) => `- ${e.email} : ${e.error}`),
    '',
    'Les rappels en échec sont retentés au prochain passage (3 tentatives par jour au plus) ; un rappel à l’état inconnu n’est jamais renvoyé.',
    '',
    '-- ',
    'fundwatch, veille financements du réseau',
    '',
  ];
  return { subject: `Rappels du ${day} : ${summary.failed + summary.stuck} envoi(s) à vérifier`, text: lines.join('\n') };
}

/** Sends today's reminders. Safe to run twice, or after a crash: each reminder goes out once at most. */
export async function runReminders(ctx: AppContext, options: ReminderRunOptions = {}): Promise<ReminderRunSummary> {
  const now = options.now ?? new Date();
  const day = dayIn(now, ctx.config.timeZone);
  const dryRun = options.dryRun ?? false;
  await reminderTemplate(); // a broken template stops the run before anything is claimed
  const members = membersToRemind(ctx.db).flatMap((id) => getMember(ctx.db, id) ?? []);
  const runId = startReminderRun(ctx.db, day, dryRun, now);
  const summary: Summary = { sent: 0, skipped: 0, failed: 0, stuck: 0, errors: [] };
  const mailer = createMailer(ctx.config, { outbox: dryRun });
  try {
    if (dryRun) {
      for (const member of members) {
        try {
          const composed = await composeReminder(ctx, member, day);
          if (!composed) summary.skipped++;
          else {
            await mailer.send(composed.mail);
            summary.sent++;
          }
        } catch (error) {
          summary.failed++;
          summary.errors.push({ email: member.email, error: errorText(error) });
        }
      }
    } else {
      const rows = ensureLedgerRows(ctx.db, REMINDER_LEDGER, day, members.map((m) => m.id), now);
      // One at a time: a day's reminders are few, and a slow SMTP server must not see them all at once.
      for (const [i, row] of rows.entries()) await remind(ctx, mailer, runId, day, now, members[i]!, row, summary);
    }
    finishReminderRun(ctx.db, runId, summary, new Date());
    ctx.log.info({ runId, day, dryRun, sent: summary.sent, skipped: summary.skipped, failed: summary.failed, stuck: summary.stuck }, 'reminder run done');
    if (ctx.config.staffEmail && summary.errors.length > 0 && !dryRun) {
      const report = staffReport(day, summary);
      try {
        await mailer.send({ from: ctx.config.mailFrom, to: ctx.config.staffEmail, ...report, headers: { 'Auto-Submitted': 'auto-generated' } });
      } catch (error) {
        ctx.log.error({ err: error }, 'reminders: could not send the staff report');
      }
    }
  } finally {
    mailer.close();
  }
  return { runId, day, ...summary };
}
