// The weekly run: for every active member, claim this week's ledger row, compose, send, record the outcome.
import pLimit from 'p-limit';
import type { AppContext } from '../context.js';
import type { Db } from '../db/connection.js';
import { isPaused } from '../follow/settings.js';
import { followReport, previousReportAt, type FollowReport } from '../follow/report.js';
import { getMemberByEmail, listActiveMembers } from '../members/store.js';
import type { Member } from '../members/types.js';
import { digestItems, heldBackItems } from './compose.js';
import {
  claimDelivery,
  ensureDeliveries,
  DIGEST_LEDGER,
  finishRun,
  liveRunOf,
  isClaimable,
  markFailed,
  markSent,
  markSkipped,
  markUnknown,
  MAX_ATTEMPTS,
  startRun,
  type Delivery,
  type LedgerTable,
} from './ledger.js';
import { createMailer, type Mailer, type SendMailOptions } from './mailer.js';
import { buildDigestMessage, digestWeek, type DigestMessage, type DigestWeek } from './message.js';
import { digestTemplate } from './render.js';
import { refreshEditions } from '../network/editions-store.js';
import { unpinClosedCalls } from '../network/pins.js';
import { defaultSourceProblems, sendStaffReport, type SourceProblem, type SourceProblemsFn } from './report.js';

export { listDigestRuns, type DigestRun } from './ledger.js';

export interface DigestRunSummary {
  runId: number;
  week: string;
  sent: number;
  skipped: number;
  failed: number;
  stuck: number;
  errors: { email: string; error: string }[];
}

export interface RunOptions {
  /** Write every digest to the outbox whatever SMTP_URL says, and leave the ledger alone. */
  dryRun?: boolean;
  /** Only this member. */
  memberEmail?: string;
  /** The run's "now": decides the week, today's date and what is new. */
  now?: Date;
  /** Sources to flag in the staff report; defaults to the source health of feeds.yaml (src/sources/health.ts). */
  sourceProblems?: SourceProblemsFn;
}

type Summary = Omit<DigestRunSummary, 'runId' | 'week'>;

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 500);
}

function selectMembers(ctx: AppContext, email: string | undefined): Member[] {
  if (email === undefined) return listActiveMembers(ctx.db);
  const member = getMemberByEmail(ctx.db, email);
  if (!member) throw new Error(`aucun membre avec l’adresse ${email}`);
  if (member.status !== 'active') throw new Error(`le membre ${email} est désinscrit : aucune lettre ne lui est envoyée`);
  return [member];
}

function mailOf(ctx: AppContext, member: Member, message: DigestMessage): SendMailOptions {
  return {
    from: ctx.config.mailFrom,
    to: { name: member.name ?? '', address: member.email },
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    headers: message.headers,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
  };
}

/** Where a row that cannot be worked on stands, for the run's summary; null when it can be claimed. */
export function unclaimable(delivery: Delivery): { kind: 'sent' } | { kind: 'stuck' | 'failed'; error: string } | null {
  if (delivery.status === 'sent') return { kind: 'sent' };
  if (delivery.status === 'sending') {
    return { kind: 'stuck', error: `envoi interrompu, état inconnu : non renvoyé${delivery.lastError ? ` (${delivery.lastError})` : ''}` };
  }
  if (!isClaimable(delivery)) return { kind: 'failed', error: `abandonné après ${MAX_ATTEMPTS} tentatives : ${delivery.lastError ?? 'erreur inconnue'}` };
  return null;
}

export type SendOutcome = { kind: 'sent' } | { kind: 'failed' | 'stuck'; error: string };

/**
 * Sends the message of a row claimed in `table` and records the outcome: `sent` right after the SMTP server's 250,
 * `failed` (retried later) when the error proves nothing went out, else left in `sending` (never resent, reported).
 */
export async function sendClaimed(db: Db, mailer: Mailer, table: LedgerTable, deliveryId: number, mail: SendMailOptions): Promise<SendOutcome> {
  try {
    await mailer.send(mail);
  } catch (error) {
    const text = errorText(error);
    if (mailer.provesNotSent(error)) {
      markFailed(db, deliveryId, text, new Date(), table);
      return { kind: 'failed', error: text };
    }
    markUnknown(db, deliveryId, text, new Date(), table);
    return { kind: 'stuck', error: `état inconnu, non renvoyé : ${text}` };
  }
  markSent(db, deliveryId, new Date(), table);
  return { kind: 'sent' };
}

/** One member's row: claim, send, record. Adds the outcome to `summary`. */
async function deliver(ctx: AppContext, mailer: Mailer, runId: number, week: DigestWeek, member: Member, delivery: Delivery, summary: Summary) {
  const { db, log } = ctx;
  const blocked = unclaimable(delivery);
  if (blocked) {
    if (blocked.kind === 'sent') return;
    summary[blocked.kind]++;
    summary.errors.push({ email: member.email, error: blocked.error });
    return;
  }
  if (isPaused(db, member.id, week.today)) {
    if (markSkipped(db, delivery, runId)) summary.skipped++;
    return;
  }
  let message: DigestMessage | null;
  try {
    message = await buildDigestMessage(ctx, member, week);
  } catch (error) {
    log.error({ err: error, memberId: member.id }, 'digest: could not compose');
    summary.failed++;
    summary.errors.push({ email: member.email, error: `préparation impossible : ${errorText(error)}` });
    return;
  }
  if (!message) {
    if (markSkipped(db, delivery, runId)) summary.skipped++;
    return;
  }
  const { content } = message;
  const claim = { runId, messageId: message.messageId, subject: message.subject, composedAt: week.now, items: digestItems(content), heldBack: heldBackItems(content) };
  if (!claimDelivery(db, delivery, claim)) {
    log.info({ memberId: member.id, week: week.label }, 'digest: taken by another run or member left, not sent');
    return;
  }
  const outcome = await sendClaimed(db, mailer, DIGEST_LEDGER, delivery.id, mailOf(ctx, member, message));
  if (outcome.kind === 'sent') {
    summary.sent++;
    return;
  }
  summary[outcome.kind]++;
  summary.errors.push({ email: member.email, error: outcome.error });
  if (outcome.kind === 'failed') log.warn({ memberId: member.id, week: week.label, error: outcome.error }, 'digest: delivery failed, will be retried');
  else log.error({ memberId: member.id, week: week.label, error: outcome.error }, 'digest: delivery outcome unknown, left in sending');
}

async function sendAll(ctx: AppContext, mailer: Mailer, runId: number, week: DigestWeek, members: Member[], summary: Summary) {
  const deliveries = ensureDeliveries(ctx.db, week.label, members.map((m) => m.id), week.now);
  const limit = pLimit(mailer.kind === 'smtp' ? ctx.config.smtpMaxConnections : 1);
  await Promise.all(deliveries.map((delivery, i) => limit(() => deliver(ctx, mailer, runId, week, members[i]!, delivery, summary))));
}

/** A dry run: every digest goes to the outbox; the ledger is neither read for claims nor written. */
async function writeAll(ctx: AppContext, mailer: Mailer, week: DigestWeek, members: Member[], summary: Summary) {
  for (const member of members) {
    try {
      if (isPaused(ctx.db, member.id, week.today)) {
        summary.skipped++;
        continue;
      }
      const message = await buildDigestMessage(ctx, member, week);
      if (!message) {
        summary.skipped++;
        continue;
      }
      await mailer.send(mailOf(ctx, member, message));
      summary.sent++;
    } catch (error) {
      summary.failed++;
      summary.errors.push({ email: member.email, error: errorText(error) });
    }
  }
}

async function sourceProblems(ctx: AppContext, now: Date, computed: SourceProblemsFn | undefined): Promise<SourceProblem[]> {
  try {
    return await (computed ?? defaultSourceProblems)(ctx, now);
  } catch (error) {
    ctx.log.error({ err: error }, 'digest: could not check the sources for the staff report');
    return [{ id: '-', name: 'vérification des sources', problem: `impossible : ${errorText(error)}` }];
  }
}

/** Pins of closed calls go, and editions are linked afresh, before the run reads them (issue 18). */
function prepareNetwork(ctx: AppContext, today: string, dryRun: boolean): void {
  try {
    // A dry run may preview a later week (--now): sweeping pins by that day would drop pins still open today.
    if (!dryRun) unpinClosedCalls(ctx.db, today);
    refreshEditions(ctx.db, today);
  } catch (error) {
    // The digest still goes out with what was stored before.
    ctx.log.error({ err: error }, 'digest: could not refresh pins and editions');
  }
}

/** The follow counts for the staff report; a failure leaves them out of it rather than the report out. */
function followsForReport(ctx: AppContext, runId: number): FollowReport | undefined {
  try {
    return followReport(ctx.db, previousReportAt(ctx.db, runId));
  } catch (error) {
    ctx.log.error({ err: error }, 'digest: could not count the followed calls for the staff report');
    return undefined;
  }
}

/** Real runs going on in this process (the schedule and an API request may overlap in `serve`). */
const runningHere = new Set<number>();

/** Whether a run is still going: in this process, by the set above; in another, by its process being alive. */
function isLiveRun(runId: number, pid: number | null): boolean {
  if (pid === null) return false;
  if (pid === process.pid) return runningHere.has(runId);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A second real run of a week while the first is still sending: it steps aside (the API answers 409). */
export class DigestRunInProgressError extends Error {
  constructor(week: string, startedAt: string) {
    super(
      `les lettres de la semaine ${week} sont déjà en cours d’envoi (tournée commencée le ${startedAt}) : celle-ci n’envoie rien ; ` +
        'relancez-la quand la première aura fini si des membres restent à servir',
    );
    this.name = 'DigestRunInProgressError';
  }
}

/** Starts a real run unless another of the same week is live; the check and the start are one write transaction. */
function claimRun(ctx: AppContext, week: string): number {
  return ctx.db
    .transaction(() => {
      const live = liveRunOf(ctx.db, week, isLiveRun);
      if (live) {
        const at = new Date(live.startedAt).toLocaleString('fr-FR', { timeZone: ctx.config.timeZone, dateStyle: 'short', timeStyle: 'short' });
        throw new DigestRunInProgressError(week, at);
      }
      return startRun(ctx.db, week, false);
    })
    .immediate();
}

export async function runDigests(
  ctx: AppContext,
  options: RunOptions = {},
): Promise<DigestRunSummary> {
  const week = digestWeek(options.now ?? new Date(), ctx.config.timeZone);
  const dryRun = options.dryRun ?? false;
  await digestTemplate(); // a broken template stops the run before anything is claimed
  prepareNetwork(ctx, week.today, dryRun);
  const members = selectMembers(ctx, options.memberEmail);
  const runId = dryRun ? startRun(ctx.db, week.label, dryRun) : claimRun(ctx, week.label);
  const summary: Summary = { sent: 0, skipped: 0, failed: 0, stuck: 0, errors: [] };
  const mailer = createMailer(ctx.config, { outbox: dryRun });
  runningHere.add(runId);
  try {
    if (dryRun) await writeAll(ctx, mailer, week, members, summary);
    else await sendAll(ctx, mailer, runId, week, members, summary);
    finishRun(ctx.db, runId, summary);
    ctx.log.info({ runId, week: week.label, dryRun, sent: summary.sent, skipped: summary.skipped, failed: summary.failed, stuck: summary.stuck }, 'digest run done');
    if (ctx.config.staffEmail) {
      const follows = followsForReport(ctx, runId);
      await sendStaffReport(ctx, mailer, { week: week.label, dryRun, ...summary, follows }, await sourceProblems(ctx, week.now, options.sourceProblems));
    }
  } finally {
    runningHere.delete(runId);
    mailer.close();
  }
  return { runId, week: week.label, ...summary };
}
