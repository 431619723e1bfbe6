// This week's digest of one member as it would be sent: composes and renders, sends and writes nothing.
import type { AppContext } from '../context.js';
import { getMember } from '../members/store.js';
import { buildDigestMessage, digestWeek } from './message.js';

export async function previewDigest(
  ctx: AppContext,
  memberId: number,
  now: Date = new Date(),
): Promise<{ subject: string; html: string; text: string } | null> {
  const member = getMember(ctx.db, memberId);
  if (!member || member.status !== 'active') return null;
  const message = await buildDigestMessage(ctx, member, digestWeek(now, ctx.config.timeZone));
  return message ? { subject: message.subject, html: message.html, text: message.text } : null;
}
