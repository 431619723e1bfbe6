// The member's own page (/m/:token, issue 17): followed calls, profiles, pause, reminders, unsubscribe.
// Pure: a view in, HTML out (mustache escapes every value).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import type { Call } from '../calls/types.js';
import { formatDaysLeft } from '../digest/format.js';
import { safeHttpUrl } from '../digest/view.js';
import { STATUS_LABELS, type Follow, type FollowStatus } from '../follow/statuses.js';
import { templatesDir } from '../paths.js';
import { callLink } from './items.js';
import { frenchDay, frenchFunder } from './format.js';

let templates: { page: string; style: string } | undefined;

function load(): { page: string; style: string } {
  templates ??= {
    page: readFileSync(join(templatesDir, 'member-page.html'), 'utf8'),
    style: readFileSync(join(templatesDir, 'member-style.html'), 'utf8'),
  };
  return templates;
}

/** The one-click next steps offered for each status (the status page offers every status). */
const NEXT_STEPS: Readonly<Record<FollowStatus, FollowStatus[]>> = {
  interested: ['applying', 'submitted', 'none'],
  applying: ['submitted', 'none'],
  submitted: ['won', 'lost'],
  won: ['submitted'],
  lost: ['submitted', 'interested'],
  none: ['interested'],
};

/** What each one-click button says (a verb where the status label alone would be unclear). */
const BUTTON_LABELS: Readonly<Record<FollowStatus, string>> = {
  interested: 'Suivre à nouveau',
  applying: 'Je candidate',
  submitted: 'Dossier déposé',
  won: 'Obtenu',
  lost: 'Refusé',
  none: 'Ne plus suivre',
};

export interface MemberPageInput {
  email: string;
  name: string | null;
  organisation: string | null;
  unsubscribed: boolean;
  today: string;
  followed: { follow: Follow; call: Call }[];
  /** Where a call's status form posts. */
  statusAction: (callId: number) => string;
  unsubscribeUrl: string | null;
  notice: string | null;
  problem: string | null;
}

function followedView(input: MemberPageInput) {
  return input.followed.map(({ follow, call }) => {
    const deadline = call.nextDeadline;
    const daysLeft = deadline && deadline >= input.today ? Math.round((Date.parse(deadline) - Date.parse(input.today)) / 86_400_000) : null;
    return {
      title: call.title,
      url: safeHttpUrl(callLink(call)),
      funder: frenchFunder(call),
      deadline: deadline ? `${frenchDay(deadline)}${daysLeft !== null ? ` (${formatDaysLeft(daysLeft)})` : ''}` : 'non précisée',
      urgent: daysLeft !== null && daysLeft <= 7,
      closed: call.status === 'closed' || (deadline !== null && deadline < input.today),
      statusLabel: STATUS_LABELS[follow.status],
      action: input.statusAction(call.id),
      next: NEXT_STEPS[follow.status].map((value) => ({ value, label: BUTTON_LABELS[value] })),
    };
  });
}

export function renderMemberPage(input: MemberPageInput): string {
  const { page, style } = load();
  const who = [input.name, input.organisation].filter((v): v is string => !!v?.trim()).join(', ');
  const calls = followedView(input);
  return Mustache.render(
    page,
    {
      who: who ? `${who} · ${input.email}` : input.email,
      unsubscribed: input.unsubscribed,
      notice: input.notice,
      problem: input.problem,
      calls,
      hasCalls: calls.length > 0,
      unsubscribeUrl: input.unsubscribeUrl,
    },
    { style },
  );
}
