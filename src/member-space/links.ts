// Members' private links: the calendar, the Atom feed, and "not relevant" per call. Each is signed with the
// member's salt, so rotating the salt revokes all of them at once.
import type { AppContext } from '../context.js';
import type { Db } from '../db/connection.js';
import { signingSecret } from '../db/settings.js';
import { memberTokenSalt, newTokenSalt } from '../members/store.js';
import { signMemberToken, verifyMemberToken } from './signing.js';

export const CALENDAR_PURPOSE = 'calendar';
export const FEED_PURPOSE = 'feed';
/**
 * The member's own page (/m/:token) and the status pages of their calls (/m/:token/calls/:callId/status) share one
 * member-wide token: a digest then signs once, not once per call, and the page acts for the member anyway.
 */
export const MEMBER_PAGE_PURPOSE = 'member-page';

/** The purpose is per call (and profile), so a link can only ever hide the call it was made for. */
export function notRelevantPurpose(callId: number, profileId?: number | null): string {
  return profileId == null ? `not-relevant:${callId}` : `not-relevant:${callId}:${profileId}`;
}

export class UnknownMemberError extends Error {
  override name = 'UnknownMemberError';
  constructor(readonly memberId: number) {
    super(`member ${memberId} does not exist`);
  }
}

/**
 * Signs links for one member with the salt and secret read once: a digest signs a « Pas pertinent » link for every
 * call it lists, and reading them per link was two statements prepared and run per call. Throws UnknownMemberError.
 */
function memberSigner(ctx: AppContext, memberId: number): (purpose: string) => string {
  const salt = memberTokenSalt(ctx.db, memberId);
  if (salt === null) throw new UnknownMemberError(memberId);
  const secret = signingSecret(ctx.db, ctx.config.secret);
  return (purpose) => encodeURIComponent(signMemberToken(secret, memberId, salt, purpose));
}

export interface MemberLinks {
  calendarUrl: string;
  feedUrl: string;
}

/** The member's calendar and feed URLs, absolute from FUNDWATCH_BASE_URL. Throws UnknownMemberError. */
export function memberLinks(ctx: AppContext, memberId: number): MemberLinks {
  const base = ctx.config.baseUrl;
  const sign = memberSigner(ctx, memberId);
  return {
    calendarUrl: `${base}/m/${sign(CALENDAR_PURPOSE)}/calendar.ics`,
    feedUrl: `${base}/m/${sign(FEED_PURPOSE)}/feed.atom`,
  };
}

/** The member's "Pas pertinent" links, one per call (optionally naming the profile it was shown under). */
export function notRelevantLinks(ctx: AppContext, memberId: number): (callId: number, profileId?: number) => string {
  const base = ctx.config.baseUrl;
  const sign = memberSigner(ctx, memberId);
  return (callId, profileId) => {
    const query = profileId === undefined ? '' : `?profile=${profileId}`;
    return `${base}/m/${sign(notRelevantPurpose(callId, profileId))}/not-relevant/${callId}${query}`;
  };
}

/**
 * A path of this site as browsers must ask for it: behind a proxy that serves fundwatch under a path
 * (FUNDWATCH_BASE_URL https://reseau.example/veille-fonds), `/m/…` is `/veille-fonds/m/…`.
 */
export function sitePath(baseUrl: string, path: string): string {
  return `${new URL(baseUrl).pathname.replace(/\/+$/, '')}${path}`;
}

/** The member's own page, absolute from FUNDWATCH_BASE_URL. Throws UnknownMemberError. */
export function memberPageUrl(ctx: AppContext, memberId: number): string {
  return `${ctx.config.baseUrl}/m/${memberSigner(ctx, memberId)(MEMBER_PAGE_PURPOSE)}`;
}

/**
 * The status page of each call (« Je suis intéressé », « Dossier déposé »…), signed once for all calls; `status` is
 * the choice the page proposes. Throws UnknownMemberError.
 */
export function statusLinks(ctx: AppContext, memberId: number): (callId: number, status?: string) => string {
  const page = memberPageUrl(ctx, memberId);
  return (callId, status) => `${page}/calls/${callId}/status${status ? `?status=${status}` : ''}`;
}

/** The member a token was signed for, for this purpose; null for a forged, altered or revoked token. */
export function memberOfToken(ctx: AppContext, token: string, purpose: string): number | null {
  try {
    return verifyMemberToken(ctx.db, signingSecret(ctx.db, ctx.config.secret), token, purpose);
  } catch {
    // Whatever a malformed token makes the verifier throw, the answer to the visitor is the same "not found".
    return null;
  }
}

/** Revokes every signed link of the member by giving them a new salt. False when the member does not exist. */
export function rotateMemberLinks(db: Db, memberId: number, now: Date = new Date()): boolean {
  const info = db.prepare('UPDATE members SET token_salt = ?, updated_at = ? WHERE id = ?').run(newTokenSalt(), now.toISOString(), memberId);
  return info.changes > 0;
}

/** Host part of FUNDWATCH_BASE_URL, for calendar UIDs and feed entry ids. */
export function publicHost(ctx: AppContext): string {
  return new URL(ctx.config.baseUrl).hostname;
}
