// One member's digest for one week, as a ready-to-send message: compose, then render both parts.
// Shared by the weekly run and the admin preview; reads the database, writes nothing.
import { createHmac } from 'node:crypto';
import type { Call } from '../calls/types.js';
import type { AppContext } from '../context.js';
import { signingSecret } from '../db/settings.js';
import type { Member } from '../members/types.js';
import { signMemberToken, TOKEN_PURPOSES } from '../members/tokens.js';
import { memberTokenSalt } from '../members/store.js';
import { composeDigest, type DigestContent } from './compose.js';
import { dayIn, isoWeek, type Day } from './format.js';
import { lastDigestAt, loadComposeInput } from './query.js';
import { loadFollowedInput } from '../follow/digest-section.js';
import { renderDigestHtml } from './render.js';
import { renderDigestText } from './text.js';
import { buildDigestView, type ViewLinks } from './view.js';
import { memberLinks, memberPageUrl, notRelevantLinks, statusLinks } from '../member-space/links.js';

import { loadNetworkRun, networkInputFor, type NetworkRun } from '../network/digest.js';

export interface DigestWeek {
  /** ISO week label in FUNDWATCH_TZ, e.g. 2026-W48. */
  label: string;
  number: number;
  today: Day;
  now: Date;
  /** Calls read so far in this run, shared by its members (see loadComposeInput). */
  calls: Map<number, Call>;
  /** The network's sections, read once per run at its first member (issue 18). */
  network?: NetworkRun;
}

export interface DigestMessage {
  content: DigestContent;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
  unsubscribeUrl: string;
  /** Replies go to the staff who can change the member's profiles, when STAFF_EMAIL is set. */
  replyTo: string | null;
}

export function digestWeek(now: Date, timeZone: string): DigestWeek {
  const today = dayIn(now, timeZone);
  const week = isoWeek(today);
  return { label: week.label, number: week.week, today, now, calls: new Map() };
}

/** The bare address of "Name <addr@host>" or "addr@host". */
export function bareAddress(mailbox: string): string {
  return (/<([^>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim();
}

function mailDomain(mailFrom: string): string {
  return bareAddress(mailFrom).split('@').pop() || 'localhost';
}

/** Stable per member and week, so a retried send is recognisable as the same message; reveals no member id. */
export function digestMessageId(secret: string, memberId: number, week: string, mailFrom: string): string {
  const hash = createHmac('sha256', secret).update(`message-id\n${memberId}`).digest('hex').slice(0, 20);
  return `<digest-${week}-${hash}@${mailDomain(mailFrom)}>`;
}

export function unsubscribeUrl(ctx: AppContext, memberId: number): string {
  const salt = memberTokenSalt(ctx.db, memberId);
  if (salt === null) throw new Error(`member ${memberId} does not exist`);
  const token = signMemberToken(signingSecret(ctx.db, ctx.config.secret), memberId, salt, TOKEN_PURPOSES.unsubscribe);
  return `${ctx.config.baseUrl}/unsubscribe/${token}`;
}

/** The member's calendar, feed and "Pas pertinent" links (issue 8), signed with the same per-member scheme. */
function memberFeedLinks(
  ctx: AppContext,
  memberId: number,
): Pick<ViewLinks, 'calendarUrl' | 'feedUrl' | 'notRelevantUrl' | 'interestedUrl' | 'memberPageUrl' | 'statusUrl'> {
  try {
    const { calendarUrl, feedUrl } = memberLinks(ctx, memberId);
    const status = statusLinks(ctx, memberId);
    return {
      calendarUrl,
      feedUrl,
      notRelevantUrl: notRelevantLinks(ctx, memberId),
      interestedUrl: (callId) => status(callId),
      statusUrl: (callId) => status(callId),
      memberPageUrl: memberPageUrl(ctx, memberId),
    };
  } catch (error) {
    // Extra links are a convenience: a digest still goes out without them.
    ctx.log.warn({ err: error, memberId }, 'digest: could not build the member links');
    return {};
  }
}

/** The member's digest for `week`, or null when there is nothing new and nothing closing. */
export async function buildDigestMessage(ctx: AppContext, member: Member, week: DigestWeek): Promise<DigestMessage | null> {
  const input = loadComposeInput(ctx.db, member.id, week.label, week.today, week.now, week.calls);
  week.network ??= loadNetworkRun(ctx.db, week.today, ctx.log, week.calls);
  input.network = networkInputFor(ctx.db, week.network, member, week.label);
  input.followed = loadFollowedInput(ctx.db, member.id, lastDigestAt(ctx.db, member.id, week.label), week.now, week.calls, ctx.config.timeZone);
  const content = composeDigest(input);
  if (!content) return null;
  const link = unsubscribeUrl(ctx, member.id);
  const contactEmail = bareAddress(ctx.config.staffEmail ?? ctx.config.mailFrom);
  const view = buildDigestView(
    content,
    { email: member.email, name: member.name, organisation: member.organisation, profileNames: member.profiles.map((p) => p.name) },
    { unsubscribeUrl: link, contactEmail, ...memberFeedLinks(ctx, member.id) },
    week.today,
    week.number,
  );
  const secret = signingSecret(ctx.db, ctx.config.secret);
  return {
    content,
    subject: view.subject,
    html: await renderDigestHtml(view),
    text: renderDigestText(view),
    messageId: digestMessageId(secret, member.id, week.label, ctx.config.mailFrom),
    unsubscribeUrl: link,
    replyTo: ctx.config.staffEmail,
    headers: {
      // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to the link.
      'List-Unsubscribe': `<${link}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Id': `Veille financements <digest.${mailDomain(ctx.config.mailFrom)}>`,
      'Auto-Submitted': 'auto-generated',
    },
  };
}
