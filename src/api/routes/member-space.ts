// Members' private, signed links: the deadline calendar, the Atom feed (and its stylesheet), and "Pas pertinent" for one call.
// Public routes: a bad, altered or revoked token gets the same 404 as an unknown path, and nothing else.
import { createHash } from 'node:crypto';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { getCall } from '../../calls/repository.js';
import type { AppContext } from '../../context.js';
import { buildAtomFeed } from '../../member-space/atom.js';
import { FEED_STYLESHEET_HREF, feedStylesheet } from '../../member-space/feed-style.js';
import { prefersPage, renderFeedPage } from '../../member-space/feed-page.js';
import { buildDeadlineCalendar } from '../../member-space/calendar.js';
import { isCallHidden, markNotRelevant, memberMatchOfCall } from '../../member-space/feedback.js';
import { dayIn, frenchDay, frenchFunder } from '../../member-space/format.js';
import { calendarCalls, memberCalls } from '../../member-space/items.js';
import { followSettings } from '../../follow/settings.js';
import {
  CALENDAR_PURPOSE,
  FEED_PURPOSE,
  memberLinks,
  memberOfToken,
  notRelevantLinks,
  notRelevantPurpose,
  publicHost,
  statusLinks,
} from '../../member-space/links.js';
import { renderConfirmPage, renderDonePage, renderGonePage, renderNotFoundPage } from '../../member-space/pages.js';
import { namesErasedMember } from '../../members/tokens.js';
import type { Db } from '../../db/connection.js';

export interface MemberSpaceRoutesOptions {
  ctx: AppContext;
  /** The clock, for tests. */
  now?: () => Date;
  /** Requests per minute and client address on each route; default: the app's rate limit, else 60. */
  rateLimitPerMinute?: number;
}

interface TokenParams {
  token: string;
}
interface NotRelevantParams extends TokenParams {
  callId: string;
}
interface NotRelevantQuery {
  profile?: unknown;
}

// Params are checked by hand rather than by schema: a malformed link must get the same 404 as a forged one,
// not a 400 that tells a prober which part it got wrong.
const tokenParams = { type: 'object', properties: { token: { type: 'string' } }, required: ['token'] } as const;
const notRelevantParamsSchema = {
  type: 'object',
  properties: { token: { type: 'string' }, callId: { type: 'string' } },
  required: ['token', 'callId'],
} as const;
// No type on `profile` either: a repeated or odd value is just another bad link (404), checked below.
const notRelevantQuerySchema = {
  type: 'object',
  properties: { profile: { description: 'the profile the link was made for, when the digest named one' } },
} as const;

// No type: any other value is ignored, and the Accept header decides.
const feedQuerySchema = {
  type: 'object',
  properties: { format: { description: '`atom`: the feed itself, even to a browser (the page links to it for feed discovery)' } },
} as const;

const ID = /^[1-9][0-9]{0,14}$/;
const DEFAULT_PER_MINUTE = 60;
// A feed reader wants the recent matches; a calendar wants every upcoming deadline.
const FEED_MAX_ENTRIES = 100;
const CALENDAR_MAX_CALLS = 2000;
const NOT_FOUND_TEXT = 'Lien introuvable : ce lien n’est pas valide ou n’est plus actif.\n';

function parseId(text: string): number | null {
  return ID.test(text) ? Number(text) : null;
}

/** Private content: never cached by shared caches, never indexed, never leaked through a Referer. */
export function privateHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('Cache-Control', 'private, no-cache')
    .header('X-Robots-Tag', 'noindex, nofollow')
    .header('Referrer-Policy', 'no-referrer');
}

/** Sends a generated document with an ETag, answering 304 when the client already has it. */
function sendDocument(request: FastifyRequest, reply: FastifyReply, contentType: string, body: string): FastifyReply {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  privateHeaders(reply).header('ETag', etag);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type(contentType).send(body);
}

function notFoundText(reply: FastifyReply): FastifyReply {
  return privateHeaders(reply).code(404).type('text/plain; charset=utf-8').send(NOT_FOUND_TEXT);
}

/** A link that does not open: 404, or 410 saying the person is no longer on the list when its member was erased. */
function notFoundPage(reply: FastifyReply, db?: Db, token?: string): FastifyReply {
  const gone = db !== undefined && token !== undefined && namesErasedMember(db, token);
  return privateHeaders(reply)
    .code(gone ? 410 : 404)
    .type('text/html; charset=utf-8')
    .send(gone ? renderGonePage() : renderNotFoundPage());
}

function tooManyRequests(_request: FastifyRequest, context: { statusCode: number; ttl: number }): Error {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
  const error = new Error(`Trop de requêtes : réessayez dans ${seconds} seconde${seconds > 1 ? 's' : ''}.`) as Error & { statusCode: number };
  error.statusCode = context.statusCode;
  return error;
}

export const memberSpaceRoutes: FastifyPluginAsync<MemberSpaceRoutesOptions> = async (app, options) => {
  const { ctx } = options;
  const now = options.now ?? (() => new Date());
  // When the app registered @fastify/rate-limit (global or not), the route configs below use its instance and its
  // limits; otherwise this plugin brings its own, for its routes only.
  if (!app.hasDecorator('rateLimit')) {
    await app.register(rateLimit, { global: false, max: DEFAULT_PER_MINUTE, timeWindow: 60_000, errorResponseBuilder: tooManyRequests });
  }
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  const perMinute = options.rateLimitPerMinute;
  const config = { rateLimit: perMinute === undefined ? {} : { max: perMinute, timeWindow: 60_000 } };

  const today = (): string => dayIn(ctx.config.timeZone, now());
  const linkOf = (memberId: number) => notRelevantLinks(ctx, memberId);

  /**
   * The member a calendar or feed link is for, while they are subscribed: someone who unsubscribed asked to stop
   * hearing from the network, so their calendar and feed answer like a revoked link until they are active again.
   */
  function subscribedMemberOf(token: string, purpose: string): number | null {
    const memberId = memberOfToken(ctx, token, purpose);
    if (memberId === null) return null;
    const row = ctx.db.prepare('SELECT status FROM members WHERE id = ?').get(memberId) as { status: string } | undefined;
    return row?.status === 'active' ? memberId : null;
  }

  app.get<{ Params: TokenParams }>('/m/:token/calendar.ics', { config, schema: { params: tokenParams } }, async (request, reply) => {
    const memberId = subscribedMemberOf(request.params.token, CALENDAR_PURPOSE);
    if (memberId === null) return notFoundText(reply);
    const day = today();
    const ics = buildDeadlineCalendar(calendarCalls(ctx.db, memberId, day, CALENDAR_MAX_CALLS), {
      today: day,
      timeZone: ctx.config.timeZone,
      uidHost: publicHost(ctx),
      notRelevantUrl: linkOf(memberId),
      leadDays: followSettings(ctx.db, memberId)?.leadDays,
      statusUrl: statusLinks(ctx, memberId),
    });
    reply.header('Content-Disposition', 'inline; filename="fundwatch-dates-limites.ics"');
    return sendDocument(request, reply, 'text/calendar; charset=utf-8', ics);
  });

  // A browser opening the link gets the feed as a French page (same calls, same text); a feed reader gets Atom.
  // The Atom document also names an XSL stylesheet, for clients that show XML as it comes; browsers are not sent
  // there because their XSLT is going away (Chromium 156 already covers such pages with an English warning).
  const feedSchema = { params: tokenParams, querystring: feedQuerySchema };
  app.get<{ Params: TokenParams; Querystring: { format?: unknown } }>('/m/:token/feed.atom', { config, schema: feedSchema }, async (request, reply) => {
    const memberId = subscribedMemberOf(request.params.token, FEED_PURPOSE);
    if (memberId === null) return notFoundText(reply);
    const items = memberCalls(ctx.db, memberId, today(), FEED_MAX_ENTRIES);
    const links = { notRelevantUrl: linkOf(memberId), interestedUrl: statusLinks(ctx, memberId) };
    reply.header('Vary', 'Accept');
    if (prefersPage(request.headers.accept, request.query.format)) {
      return sendDocument(request, reply, 'text/html; charset=utf-8', renderFeedPage(items, { ...links, timeZone: ctx.config.timeZone }));
    }
    const atom = buildAtomFeed(items, {
      ...links,
      selfUrl: memberLinks(ctx, memberId).feedUrl,
      idHost: publicHost(ctx),
      now: now(),
      stylesheetHref: FEED_STYLESHEET_HREF,
    });
    return sendDocument(request, reply, 'application/atom+xml; charset=utf-8', atom);
  });

  // Served on the feed's own signed path (the feed points to it relatively), to the same people as the feed.
  app.get<{ Params: TokenParams }>('/m/:token/feed.xsl', { config, schema: { params: tokenParams } }, async (request, reply) => {
    if (subscribedMemberOf(request.params.token, FEED_PURPOSE) === null) return notFoundText(reply);
    return sendDocument(request, reply, 'text/xsl; charset=utf-8', feedStylesheet());
  });

  /** The member and call a "not relevant" link is for, or null when the link is not valid. */
  function resolveNotRelevant(request: FastifyRequest<{ Params: NotRelevantParams; Querystring: NotRelevantQuery }>) {
    const callId = parseId(request.params.callId);
    const { profile } = request.query;
    const profileId = profile === undefined ? undefined : typeof profile === 'string' ? parseId(profile) : null;
    if (callId === null || profileId === null) return null;
    const memberId = memberOfToken(ctx, request.params.token, notRelevantPurpose(callId, profileId));
    if (memberId === null) return null;
    const call = getCall(ctx.db, callId);
    return call ? { memberId, call, profileId } : null;
  }

  const notRelevantSchema = { params: notRelevantParamsSchema, querystring: notRelevantQuerySchema };
  const notRelevantPath = '/m/:token/not-relevant/:callId';

  // GET only shows the question: mail scanners follow links, and must not hide calls on the member's behalf.
  app.get<{ Params: NotRelevantParams; Querystring: NotRelevantQuery }>(notRelevantPath, { config, schema: notRelevantSchema }, async (request, reply) => {
    const target = resolveNotRelevant(request);
    if (!target) return notFoundPage(reply, ctx.db, request.params.token);
    const { memberId, call, profileId } = target;
    privateHeaders(reply).type('text/html; charset=utf-8');
    if (isCallHidden(ctx.db, memberId, call.id)) return reply.send(renderDonePage(call.title));
    const match = memberMatchOfCall(ctx.db, memberId, call.id, profileId ?? null);
    return reply.send(
      renderConfirmPage({
        title: call.title,
        funder: frenchFunder(call),
        deadline: call.nextDeadline ? frenchDay(call.nextDeadline) : null,
        profileName: match?.profileName ?? null,
        terms: match?.terms.length ? match.terms.join(', ') : null,
        action: request.url,
      }),
    );
  });

  app.post<{ Params: NotRelevantParams; Querystring: NotRelevantQuery }>(notRelevantPath, { config, schema: notRelevantSchema }, async (request, reply) => {
    const target = resolveNotRelevant(request);
    if (!target) return notFoundPage(reply, ctx.db, request.params.token);
    const outcome = markNotRelevant(ctx.db, { memberId: target.memberId, callId: target.call.id, profileId: target.profileId ?? null }, now());
    if (outcome.recorded) ctx.log.info({ memberId: target.memberId, callId: target.call.id, profileId: outcome.profileId }, 'call marked not relevant');
    return privateHeaders(reply).type('text/html; charset=utf-8').send(renderDonePage(target.call.title));
  });
};
