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
import { frenchSpaces } from '../typography.js';
import { callLink } from './items.js';
import { addDays, frenchDay, frenchFunder } from './format.js';
import type { ProfileForm } from './forms.js';
import { MAX_PAUSE_DAYS } from '../follow/settings.js';

let templates: { page: string; style: string } | undefined;

function load(): { page: string; style: string } {
  templates ??= {
    // French spacing in the template's own text, once (its values are spaced where they are built).
    page: frenchSpaces(readFileSync(join(templatesDir, 'member-page.html'), 'utf8')),
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

/** A call a profile retains (stored) or would retain (preview). */
export interface ProfileMatchView {
  call: Call;
  score: number;
  terms: string[];
  /** Those of `terms` that expansion added (shown « élargi »). */
  widened: string[];
}

export interface ProfileView {
  id: number;
  name: string;
  /** The fields as shown in the form: stored, or as typed when the page answers a preview or a problem. */
  form: ProfileForm;
  /** Its open calls this week, best first: stored matches, or those of the typed values (`preview`). */
  matches: ProfileMatchView[];
  matchCount: number;
  preview: boolean;
  /** What is wrong with the values typed in this profile's form (nothing was saved). */
  problem: string | null;
}

export interface MemberSettingsView {
  pausedUntil: string | null;
  leadDays: number[];
  remindersEnabled: boolean;
  visibleToNetwork: boolean;
  /** Lead times as typed, when the page answers a problem with them. */
  leadDaysText?: string;
}

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
  settings: MemberSettingsView;
  profiles: ProfileView[];
  /** Where the page's forms post: `/m/:token` followed by the action's path. */
  actionBase: string;
  /** The member's private calendar and feed; null when not offered. */
  links?: { calendarUrl: string; feedUrl: string } | null;
  /** Which form the problem is about, to show it next to that form. */
  problemAt?: 'pause' | 'rappels' | 'reseau' | 'appels' | null;
}

/** Matches shown per profile: enough to judge the keywords, few enough for a phone. */
const SHOWN_MATCHES = 5;

function profilesView(input: MemberPageInput) {
  return input.profiles.map((profile) => ({
    id: profile.id,
    name: profile.name,
    action: `${input.actionBase}/profiles/${profile.id}`,
    keywords: profile.form.keywords,
    exclude: profile.form.exclude,
    regions: profile.form.regions,
    description: profile.form.description,
    problem: profile.problem,
    preview: profile.preview,
    matchCount: profile.matchCount,
    countText: matchCountText(profile.matchCount, profile.preview),
    matches: profile.matches.slice(0, SHOWN_MATCHES).map(({ call, terms, widened }) => ({
      title: frenchSpaces(call.title),
      url: safeHttpUrl(callLink(call)),
      deadline: call.nextDeadline ? frenchDay(call.nextDeadline) : 'date limite non précisée',
      // Only a general fund's match has no term (score.ts generalResult): say why it is there.
      terms: terms.length === 0 ? 'ouvert à toute association' : terms.map((term) => (widened.includes(term) ? `${term} (élargi)` : term)).join(', '),
    })),
  }));
}

function matchCountText(count: number, preview: boolean): string {
  const verb = preview ? 'retiendrait' : 'retient';
  if (count === 0) return `Avec ces critères, ce profil ne ${verb} aucun appel ouvert cette semaine.`;
  return `Avec ces critères, ce profil ${verb} ${count}\u00a0appel${count > 1 ? 's' : ''} ouvert${count > 1 ? 's' : ''} cette semaine${count > SHOWN_MATCHES ? `, dont les ${SHOWN_MATCHES} mieux placés` : ''}\u00a0:`;
}

function settingsView(input: MemberPageInput) {
  const { settings, today } = input;
  const paused = settings.pausedUntil !== null && settings.pausedUntil > today;
  return {
    paused,
    pausedUntil: paused ? frenchDay(settings.pausedUntil!) : null,
    pauseMin: addDays(today, 1),
    pauseMax: addDays(today, MAX_PAUSE_DAYS),
    pauseValue: paused ? settings.pausedUntil : '',
    remindersEnabled: settings.remindersEnabled,
    leadDays: settings.leadDaysText ?? settings.leadDays.join(', '),
    visibleToNetwork: settings.visibleToNetwork,
  };
}

function followedView(input: MemberPageInput) {
  return input.followed.map(({ follow, call }) => {
    const deadline = call.nextDeadline;
    const daysLeft = deadline && deadline >= input.today ? Math.round((Date.parse(deadline) - Date.parse(input.today)) / 86_400_000) : null;
    return {
      title: frenchSpaces(call.title),
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
      calls,
      hasCalls: calls.length > 0,
      unsubscribeUrl: input.unsubscribeUrl,
      ...settingsView(input),
      profiles: profilesView(input),
      hasProfiles: input.profiles.length > 0,
      links: input.links ?? null,
      action: {
        pause: `${input.actionBase}/pause`,
        resume: `${input.actionBase}/resume`,
        reminders: `${input.actionBase}/reminders`,
        visibility: `${input.actionBase}/visibility`,
      },
      problemAt: input.problemAt ? { [input.problemAt]: input.problem } : {},
      problemTop: input.problemAt ? null : input.problem,
    },
    { style },
  );
}
