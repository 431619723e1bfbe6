// Everything the member page shows, read from the database (issue 17); member-page.ts renders it.
import { getCalls } from '../calls/repository.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/connection.js';
import { unsubscribeUrl } from '../digest/message.js';
import { followSettings } from '../follow/settings.js';
import { listFollowedCalls } from '../follow/statuses.js';
import { loadExpansionWords } from '../match/expansion-store.js';
import type { MatchResult } from '../match/score.js';
import type { Member, Profile } from '../members/types.js';
import { hiddenCallIds } from './feedback.js';
import type { ProfileForm } from './forms.js';
import { memberLinks, memberPageUrl } from './links.js';
import type { MemberPageInput, ProfileMatchView, ProfileView } from './member-page.js';

/** What a page answering a form shows instead of the stored state. */
export interface PageOverrides {
  notice?: string | null;
  problem?: string | null;
  problemAt?: MemberPageInput['problemAt'];
  leadDaysText?: string;
  /** The profile form just posted: its typed values, and its preview or its problem. */
  profile?: { id: number; form: ProfileForm; preview: MatchResult[] | null; problem: string | null };
}

/** The stored fields of a profile, as its form shows them: one term per line. */
export function profileFormOf(profile: Profile): ProfileForm {
  return {
    keywords: profile.keywords.join('\n'),
    exclude: profile.exclude.join('\n'),
    regions: profile.regions.join('\n'),
    description: profile.description,
  };
}

/** The profile's stored matches on calls open on `today`, best first. */
function storedMatches(db: Db, profileId: number, today: string): { callId: number; score: number; terms: string[] }[] {
  const rows = db
    .prepare(
      `SELECT m.call_id, m.score, m.terms FROM matches m JOIN calls c ON c.id = m.call_id
        WHERE m.profile_id = ? AND c.status = 'open' AND (c.next_deadline IS NULL OR c.next_deadline >= ?)
        ORDER BY m.score DESC, m.call_id`,
    )
    .all(profileId, today) as { call_id: number; score: number; terms: string }[];
  return rows.map((row) => ({ callId: row.call_id, score: row.score, terms: JSON.parse(row.terms) as string[] }));
}

function withCalls(db: Db, matches: { callId: number; score: number; terms: string[] }[], limit: number, widened: ReadonlySet<string>): ProfileMatchView[] {
  const calls = new Map(getCalls(db, matches.slice(0, limit).map((m) => m.callId)).map((call) => [call.id, call]));
  return matches.slice(0, limit).flatMap((m) => {
    const call = calls.get(m.callId);
    return call ? [{ call, score: m.score, terms: m.terms, widened: m.terms.filter((t) => widened.has(t)) }] : [];
  });
}

/** The words expansion added to a preview's scoring: its explanations say which. */
function previewExpansion(preview: readonly MatchResult[]): Set<string> {
  return new Set(preview.flatMap((m) => m.explanation.filter((e) => e.source === 'expansion').map((e) => e.term)));
}

const SHOWN = 5;

function profileView(db: Db, memberId: number, profile: Profile, today: string, overrides: PageOverrides): ProfileView {
  const posted = overrides.profile?.id === profile.id ? overrides.profile : null;
  if (posted?.preview) {
    // A call the member hid never reaches them, whatever the profile says: the preview leaves it out too.
    const hidden = hiddenCallIds(db, memberId);
    const visible = posted.preview.filter((m) => !hidden.has(m.callId));
    const matches = withCalls(db, visible, SHOWN, previewExpansion(visible));
    return { id: profile.id, name: profile.name, form: posted.form, matches, matchCount: visible.length, preview: true, problem: null };
  }
  const stored = storedMatches(db, profile.id, today);
  return {
    id: profile.id,
    name: profile.name,
    form: posted?.form ?? profileFormOf(profile),
    matches: withCalls(db, stored, SHOWN, new Set(loadExpansionWords(db, [profile.id]).get(profile.id))),
    matchCount: stored.length,
    preview: false,
    problem: posted?.problem ?? null,
  };
}

/** The member page's input for `member` on `today`, with the overrides of a form just posted. */
export function memberPageInput(ctx: AppContext, member: Member, today: string, overrides: PageOverrides = {}): MemberPageInput {
  const followed = listFollowedCalls(ctx.db, member.id, { limit: 200, offset: 0 }).items;
  const calls = new Map(getCalls(ctx.db, followed.map((f) => f.callId)).map((call) => [call.id, call]));
  const pageUrl = memberPageUrl(ctx, member.id);
  const actionBase = new URL(pageUrl).pathname;
  const settings = followSettings(ctx.db, member.id)!;
  return {
    email: member.email,
    name: member.name,
    organisation: member.organisation,
    unsubscribed: member.status !== 'active',
    today,
    followed: followed.flatMap((f) => {
      const call = calls.get(f.callId);
      return call ? [{ follow: { memberId: member.id, callId: f.callId, status: f.status, createdAt: f.updatedAt, updatedAt: f.updatedAt }, call }] : [];
    }),
    statusAction: (callId) => `${actionBase}/calls/${callId}/status`,
    unsubscribeUrl: member.status === 'active' ? unsubscribeUrl(ctx, member.id) : null,
    notice: overrides.notice ?? null,
    problem: overrides.problem ?? null,
    problemAt: overrides.problemAt ?? null,
    settings: { ...settings, visibleToNetwork: member.visibleToNetwork, leadDaysText: overrides.leadDaysText },
    profiles: member.profiles.map((profile) => profileView(ctx.db, member.id, profile, today, overrides)),
    actionBase,
    // Calendar and feed answer only while the member is subscribed (routes/member-space.ts).
    links: member.status === 'active' ? memberLinks(ctx, member.id) : null,
  };
}
