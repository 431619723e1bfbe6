// Admin routes of issue 8: members' "not relevant" feedback with counts per source and per profile term, and the
// rotation that revokes a member's private links. Everything here needs the admin bearer token.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
// Type-only: brings @fastify/swagger's description/tags fields into FastifySchema.
import type {} from '@fastify/swagger';
import type { AppContext } from '../../context.js';
import { feedbackReport, type FeedbackReport } from '../../member-feeds/feedback.js';
import { memberLinks, rotateMemberLinks } from '../../member-feeds/links.js';
import { memberTokenSalt } from '../../members/store.js';

export interface FeedbackRoutesOptions {
  ctx: AppContext;
  /**
   * The app's admin check. When absent, the plugin checks `Authorization: Bearer $FUNDWATCH_ADMIN_TOKEN` itself,
   * with the interface's answers (503 when no token is configured, 401 otherwise).
   */
  authenticate?: preHandlerAsyncHookHandler;
  now?: () => Date;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Bearer check used when the app does not provide its own. */
export function bearerAuth(ctx: AppContext): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const expected = ctx.config.adminToken;
    if (!expected) {
      return reply.code(503).send({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'API d’administration désactivée : définissez la variable FUNDWATCH_ADMIN_TOKEN puis redémarrez fundwatch.',
      });
    }
    const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim() ?? '';
    if (!sameSecret(given, expected)) {
      return reply
        .code(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ statusCode: 401, error: 'Unauthorized', message: 'Jeton d’administration absent ou invalide (en-tête Authorization: Bearer …).' });
    }
    return undefined;
  };
}

const errorSchema = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
} as const;

const feedbackQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    offset: { type: 'integer', minimum: 0, default: 0 },
    since: { type: 'string', format: 'date', description: 'only feedback given on or after this day (YYYY-MM-DD, UTC)' },
    member_id: { type: 'integer', minimum: 1 },
    source: { type: 'string', minLength: 1, description: 'only feedback on calls carried by this source id' },
  },
} as const;

interface FeedbackQuery {
  limit: number;
  offset: number;
  since?: string;
  member_id?: number;
  source?: string;
}

const nullableInteger = { type: ['integer', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

const feedbackResponseSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          member_id: { type: 'integer' },
          profile_id: nullableInteger,
          profile_name: nullableString,
          call_id: { type: 'integer' },
          call_title: { type: 'string' },
          sources: { type: 'array', items: { type: 'string' } },
          terms: { type: 'array', items: { type: 'string' } },
          score: { type: ['number', 'null'] },
          created_at: { type: 'string' },
        },
      },
    },
    total: { type: 'integer' },
    by_source: {
      type: 'array',
      items: { type: 'object', properties: { source_id: { type: 'string' }, source_name: { type: 'string' }, count: { type: 'integer' } } },
    },
    by_term: { type: 'array', items: { type: 'object', properties: { term: { type: 'string' }, count: { type: 'integer' } } } },
    by_profile_term: {
      type: 'array',
      items: {
        type: 'object',
        properties: { profile_id: nullableInteger, profile_name: nullableString, term: { type: 'string' }, count: { type: 'integer' } },
      },
    },
  },
} as const;

const memberIdParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1 } },
  required: ['id'],
} as const;

const linksSchema = {
  type: 'object',
  properties: { calendar_url: { type: 'string' }, feed_url: { type: 'string' } },
} as const;

function toJson(report: FeedbackReport) {
  return {
    items: report.items.map((item) => ({
      id: item.id,
      member_id: item.memberId,
      profile_id: item.profileId,
      profile_name: item.profileName,
      call_id: item.callId,
      call_title: item.callTitle,
      sources: item.sources,
      terms: item.terms,
      score: item.score,
      created_at: item.createdAt,
    })),
    total: report.total,
    by_source: report.bySource.map((s) => ({ source_id: s.sourceId, source_name: s.sourceName, count: s.count })),
    by_term: report.byTerm,
    by_profile_term: report.byProfileTerm.map((t) => ({ profile_id: t.profileId, profile_name: t.profileName, term: t.term, count: t.count })),
  };
}

function memberNotFound(reply: FastifyReply, id: number): FastifyReply {
  return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `Membre ${id} introuvable.` });
}

export const feedbackRoutes: FastifyPluginAsync<FeedbackRoutesOptions> = async (app, options) => {
  const { ctx } = options;
  const now = options.now ?? (() => new Date());
  app.addHook('preHandler', options.authenticate ?? bearerAuth(ctx));

  app.get<{ Querystring: FeedbackQuery }>(
    '/api/feedback',
    {
      schema: {
        description: 'Retours « pas pertinent » des membres, les plus récents en premier, avec les totaux par source et par mot-clé de profil.',
        tags: ['feedback'],
        querystring: feedbackQuerySchema,
        response: { 200: feedbackResponseSchema, 400: errorSchema, 401: errorSchema, 503: errorSchema },
      },
    },
    async (request) => {
      const { limit, offset, since, member_id: memberId, source } = request.query;
      return toJson(feedbackReport(ctx.db, { limit, offset, since, memberId, sourceId: source }));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/members/:id/links',
    {
      schema: {
        description: 'Les liens privés du membre : agenda des dates limites (iCalendar) et flux Atom.',
        tags: ['members'],
        params: memberIdParams,
        response: { 200: linksSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (memberTokenSalt(ctx.db, request.params.id) === null) return memberNotFound(reply, request.params.id);
      const links = memberLinks(ctx, request.params.id);
      return { calendar_url: links.calendarUrl, feed_url: links.feedUrl };
    },
  );

  app.post<{ Params: { id: number } }>(
    '/api/members/:id/links/rotate',
    {
      schema: {
        description:
          'Révoque tous les liens privés du membre (agenda, flux, « pas pertinent », désinscription) et renvoie ses nouveaux liens.',
        tags: ['members'],
        params: memberIdParams,
        response: { 200: linksSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      if (!rotateMemberLinks(ctx.db, request.params.id, now())) return memberNotFound(reply, request.params.id);
      ctx.log.info({ memberId: request.params.id }, 'member links rotated');
      const links = memberLinks(ctx, request.params.id);
      return { calendar_url: links.calendarUrl, feed_url: links.feedUrl };
    },
  );
};
