// One member's reminder email for one day: the view (pure), the MJML template compiled once, filled by mustache
// (which escapes every value: titles come from feeds), and the plain-text part from the same view.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import type { Call } from '../../calls/types.js';
import { formatDaysLeft, formatLongDate, frenchList, funderLabel, type Day } from '../../digest/format.js';
import { compileMjml } from '../../digest/render.js';
import { safeHttpUrl } from '../../digest/view.js';
import { templatesDir } from '../../paths.js';
import type { DueReminder } from './plan.js';

export const REMINDER_TEMPLATE = join(templatesDir, 'reminder.mjml');

export interface ReminderItemView {
  badge: string;
  urgent: boolean;
  question: string | null;
  title: string;
  url: string | null;
  funder: string;
  deadline: string;
  moved: string | null;
  submittedUrl: string;
  dropUrl: string;
}

export interface ReminderView {
  subject: string;
  preheader: string;
  dateLabel: string;
  greeting: string;
  intro: string;
  items: ReminderItemView[];
  leadTimes: string;
  memberPageUrl: string;
  unsubscribeUrl: string;
}

export interface ReminderLinks {
  /** The status page of a call proposing `status` (signed). */
  statusUrl: (callId: number, status: string) => string;
  memberPageUrl: string;
  unsubscribeUrl: string;
}

function inDays(n: number): string {
  return n <= 0 ? 'aujourd’hui' : n === 1 ? 'demain' : `dans ${n}\u00a0jours`;
}

function callTitle(call: Call): string {
  return call.title.replace(/\s+/g, ' ').trim() || 'Appel sans titre';
}

export function buildReminderView(
  due: DueReminder[],
  calls: ReadonlyMap<number, Call>,
  recipient: { name: string | null },
  leadDays: readonly number[],
  today: Day,
  links: ReminderLinks,
): ReminderView {
  const items = due.flatMap((item): ReminderItemView[] => {
    const call = calls.get(item.callId);
    if (!call) return [];
    const check = item.kind === 'submitted_check';
    return [
      {
        badge: `Date limite ${inDays(item.daysLeft)} (${formatDaysLeft(item.daysLeft)})`,
        urgent: item.daysLeft <= 3,
        question: check ? 'Votre dossier est-il déposé\u00a0?' : null,
        title: callTitle(call),
        url: safeHttpUrl(call.canonicalUrl ?? call.sources.find((s) => s.url)?.url ?? null),
        funder: funderLabel(call.funder, call.funderName),
        deadline: formatLongDate(item.deadline),
        moved: item.movedFrom
          ? `La date limite a changé\u00a0: elle était le ${formatLongDate(item.movedFrom)}, elle est désormais le ${formatLongDate(item.deadline)}. Vos rappels suivent la nouvelle date.`
          : null,
        submittedUrl: links.statusUrl(call.id, 'submitted'),
        dropUrl: links.statusUrl(call.id, 'none'),
      },
    ];
  });
  const first = items[0];
  const subject =
    items.length === 1 && first
      ? `${first.question ? 'Votre dossier est-il déposé ? ' : 'Rappel : '}${first.title} (date limite ${inDays(due[0]!.daysLeft)})`
      : `Rappel : ${items.length} appels suivis arrivent à leur date limite`;
  const name = recipient.name?.trim();
  return {
    subject: subject.length > 160 ? `${subject.slice(0, 157)}…` : subject,
    preheader: items.map((i) => `${i.title} : ${i.badge.toLowerCase()}`).join(' · ').slice(0, 140),
    dateLabel: formatLongDate(today),
    greeting: name ? `Bonjour ${name},` : 'Bonjour,',
    intro:
      items.length === 1
        ? 'Un appel que vous suivez arrive bientôt à sa date limite.'
        : `${items.length} appels que vous suivez arrivent bientôt à leur date limite.`,
    items,
    leadTimes: `rappels ${frenchList(leadDays.map((d) => `${d}\u00a0jour${d > 1 ? 's' : ''}`))} avant la date limite`,
    memberPageUrl: links.memberPageUrl,
    unsubscribeUrl: links.unsubscribeUrl,
  };
}

let compiled: Promise<string> | undefined;

/** The reminder template compiled by mjml once per process (a broken template fails the run before any claim). */
export function reminderTemplate(): Promise<string> {
  compiled ??= compileMjml(readFileSync(REMINDER_TEMPLATE, 'utf8'), REMINDER_TEMPLATE).catch((error: unknown) => {
    compiled = undefined;
    throw error;
  });
  return compiled;
}

export async function renderReminderHtml(view: ReminderView): Promise<string> {
  return Mustache.render(await reminderTemplate(), view);
}

export function renderReminderText(view: ReminderView): string {
  let out = `RAPPEL DE DATE LIMITE (${view.dateLabel})\n\n${view.greeting}\n\n${view.intro}\n\n`;
  for (const item of view.items) {
    out += `* ${item.badge}\n`;
    if (item.question) out += `  ${item.question}\n`;
    out += `  ${item.title}\n`;
    if (item.url) out += `  ${item.url}\n`;
    out += `  Financeur : ${item.funder}\n  Date limite : ${item.deadline}\n`;
    if (item.moved) out += `  ${item.moved}\n`;
    out += `  Dossier déposé : ${item.submittedUrl}\n  Je ne candidate plus : ${item.dropUrl}\n\n`;
  }
  out += `-- \nVous recevez ce rappel car vous suivez ces appels dans la veille financements du réseau (${view.leadTimes}).\n`;
  out += `Mes appels suivis et mes rappels : ${view.memberPageUrl}\nSe désabonner : ${view.unsubscribeUrl}\n`;
  return out;
}

/** Stable per member and day, so a retried send is recognisable as the same message; reveals no member id. */
export function reminderMessageId(secret: string, memberId: number, day: Day, domain: string): string {
  const hash = createHmac('sha256', secret).update(`reminder-id\n${memberId}`).digest('hex').slice(0, 20);
  return `<reminder-${day}-${hash}@${domain}>`;
}
