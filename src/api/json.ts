// Domain objects to the API's JSON (snake_case, as in the interface). Only what the schemas list goes out.
import { attributionOf } from '../calls/attribution.js';
import type { CallSummary } from '../calls/repository.js';
import type { CallSearchResult } from '../calls/search.js';
import type { Call } from '../calls/types.js';
import type { Member, Profile } from '../members/types.js';
import { euNotice } from '../network/eu-notice.js';
import type { CallJson, CallSummaryJson, MemberJson, ProfileJson } from './schemas.js';

export function profileJson(profile: Profile): ProfileJson {
  return {
    id: profile.id,
    member_id: profile.memberId,
    name: profile.name,
    keywords: profile.keywords,
    exclude: profile.exclude,
    categories: profile.categories,
    regions: profile.regions,
    min_score: profile.minScore,
    description: profile.description,
    created_at: profile.createdAt,
    updated_at: profile.updatedAt,
  };
}

export function memberJson(member: Member): MemberJson {
  return {
    id: member.id,
    email: member.email,
    name: member.name,
    organisation: member.organisation,
    status: member.status,
    created_at: member.createdAt,
    updated_at: member.updatedAt,
    unsubscribed_at: member.unsubscribedAt,
    tags: member.tags,
    visible_to_network: member.visibleToNetwork,
    paused_until: member.pausedUntil,
    profiles: member.profiles.map(profileJson),
  };
}

/** Whether a call is still open on `today`: status open and a deadline unknown or not passed. */
export function isOpenOn(call: CallSummary, today: string): boolean {
  if (call.status !== 'open') return false;
  if (call.deadlines.some((d) => d >= today)) return true;
  return call.nextDeadline === null || call.nextDeadline >= today;
}

/** The next deadline as of `today`: the first not passed, else the one stored. */
function nextDeadlineOn(call: CallSummary, today: string): string | null {
  return call.deadlines.find((d) => d >= today) ?? call.nextDeadline;
}

/** What the text says (annual, rolling), else what its editions show (annual: about a year apart). */
function recurrenceOf(call: CallSummary): 'annual' | 'rolling' | null {
  return call.recurrence ?? call.edition?.recurrence ?? null;
}

/** When the next edition is expected, for a call that comes back every year; null otherwise or when unknown. */
function expectedNext(call: CallSummary): { opens: string | null; deadline: string | null } | null {
  const edition = call.edition;
  if (!edition || recurrenceOf(call) !== 'annual') return null;
  if (edition.expectedOpens === null && edition.expectedDeadline === null) return null;
  return { opens: edition.expectedOpens, deadline: edition.expectedDeadline };
}

export function callSummaryJson(call: CallSummary, today: string): CallSummaryJson {
  return {
    id: call.id,
    title: call.title,
    url: call.canonicalUrl ?? call.sources.find((s) => s.url)?.url ?? null,
    summary: call.summary,
    funder: call.funder,
    funder_name: call.funderName,
    regions: call.regions,
    categories: call.categories,
    deadlines: call.deadlines,
    next_deadline: nextDeadlineOn(call, today),
    open: isOpenOn(call, today),
    amount: call.amount,
    opens: call.opens,
    rate: call.rate,
    recurrence: recurrenceOf(call),
    expected_next: expectedNext(call),
    eu_funds: call.euFunds,
    eu_notice: euNotice(call),
    published_at: call.publishedAt,
    status: call.status,
    first_seen: call.firstSeenAt,
    last_seen: call.lastSeenAt,
    updated_at: call.updatedAt,
    sources: call.sources.map((s) => ({ id: s.id, name: s.name, url: s.url, attribution: s.attribution ?? null, public: s.public !== false })),
    attribution: attributionOf(call.sources),
  };
}

/** A page of GET /api/calls. */
export function callPageJson(result: CallSearchResult, today: string): { items: CallSummaryJson[]; total: number } {
  return { items: result.items.map((call) => callSummaryJson(call, today)), total: result.total };
}

export function callJson(call: Call, today: string): CallJson {
  return { ...callSummaryJson(call, today), body: call.body };
}
