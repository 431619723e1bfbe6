// Admin routes of issue 8: members' "not relevant" feedback with counts per source and per profile term, and the
// member's private links (shown, or rotated to revoke them). Paths are relative: register the plugin inside the
// admin API (prefix /api, behind requireAdminToken), like the other resources.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { feedbackReport, type FeedbackReport } from '../../member-space/feedback.js';
import { memberLinks, rotateMemberLinks } from '../../member-space/links.js';
import { memberTokenSalt } from '../../members/store.js';
import { ApiError } from '../errors.js';
import { errorResponses, IdParams, nullable, pageProperties } from '../schemas.js';

export interface FeedbackRoutesOptions {
  ctx: AppContext;
  /** The clock, for tests. */
  now?: () => Date;
}

const FeedbackQuery = Type.Object(
  {
    ...pageProperties,
    since: Type.String({ format: 'date', description: 'seulement les retours donnés ce jour-là ou après (AAAA-MM-JJ, UTC)' }),
    member_id: Type.Integer({ minimum: 1, description: 'seulement les retours de ce membre' }),
    source: Type.String({ minLength: 1, maxLength: 200, description: 'seulement les retours sur des appels venus de cette source' }),
  },
  { additionalProperties: false },
);
// Only limit and offset have defaults; the filters are optional.
const FeedbackQuerySchema = Type.Partial(FeedbackQuery, { additionalProperties: false });

const FeedbackItem = Type.Object({
  id: Type.Integer(),
  member_id: Type.Integer(),
  profile_id: nullable(Type.Integer()),
  profile_name: nullable(Type.String()),
  call_id: Type.Integer(),
  call_title: Type.String(),
  sources: Type.Array(Type.String(), { description: 'identifiants des sources qui portent l’appel' }),
  terms: Type.Array(Type.String(), { description: 'mots du profil qui avaient fait retenir l’appel' }),
  score: nullable(Type.Number()),
  created_at: Type.String(),
});

const FeedbackReportSchema = Type.Object({
  items: Type.Array(FeedbackItem),
  total: Type.Integer({ minimum: 0 }),
  by_source: Type.Array(Type.Object({ source_id: Type.String(), source_name: Type.String(), count: Type.Integer() }), {
    description: 'retours par source, du plus au moins bruyant (sur tous les retours filtrés, pas seulement la page)',
  }),
  by_term: Type.Array(Type.Object({ term: Type.String(), count: Type.Integer() }), {
    description: 'retours par mot-clé, tous profils confondus (casse ignorée)',
  }),
  by_profile_term: Type.Array(
    Type.Object({ profile_id: nullable(Type.Integer()), profile_name: nullable(Type.String()), term: Type.String(), count: Type.Integer() }),
    { description: 'retours par mot-clé de chaque profil' },
  ),
});

const LinksSchema = Type.Object({
  calendar_url: Type.String({ description: 'agenda des dates limites (iCalendar), à ajouter dans un agenda' }),
  feed_url: Type.String({ description: 'flux Atom des appels retenus, pour un lecteur de flux' }),
});

function reportJson(report: FeedbackReport) {
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

function memberNotFound(id: number): ApiError {
  return new ApiError(404, `Membre ${id} introuvable.`);
}

export const feedbackRoutes: FastifyPluginAsyncTypebox<FeedbackRoutesOptions> = async (app, options) => {
  const { ctx } = options;
  const now = options.now ?? (() => new Date());

  const linksJson = (memberId: number) => {
    const links = memberLinks(ctx, memberId);
    return { calendar_url: links.calendarUrl, feed_url: links.feedUrl };
  };

  app.get(
    '/feedback',
    {
      schema: {
        summary: 'Retours « pas pertinent » des membres',
        description:
          'Les appels que des membres ont jugés hors sujet, les plus récents en premier, avec les totaux par source et par mot-clé ' +
          'de profil : de quoi repérer les sources et les mots-clés qui font du bruit.',
        tags: ['feedback'],
        querystring: FeedbackQuerySchema,
        response: { 200: FeedbackReportSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const { limit = 50, offset = 0, since, member_id: memberId, source } = request.query;
      return reportJson(feedbackReport(ctx.db, { limit, offset, since, memberId, sourceId: source }));
    },
  );

  app.get(
    '/members/:id/links',
    {
      schema: {
        summary: 'Liens privés d’un membre',
        description: 'Son agenda des dates limites (iCalendar) et son flux Atom, tels qu’ils figurent dans ses lettres.',
        tags: ['members'],
        params: IdParams,
        response: { 200: LinksSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      if (memberTokenSalt(ctx.db, request.params.id) === null) throw memberNotFound(request.params.id);
      return linksJson(request.params.id);
    },
  );

  app.post(
    '/members/:id/links/rotate',
    {
      schema: {
        summary: 'Révoquer les liens privés d’un membre',
        description:
          'Rend inutilisables tous ses liens signés (agenda, flux, « pas pertinent », désinscription), par exemple après une fuite, ' +
          'et renvoie ses nouveaux liens. Les lettres suivantes portent les nouveaux liens.',
        tags: ['members'],
        params: IdParams,
        response: { 200: LinksSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      if (!rotateMemberLinks(ctx.db, request.params.id, now())) throw memberNotFound(request.params.id);
      request.log.info({ memberId: request.params.id }, 'member links rotated');
      return linksJson(request.params.id);
    },
  );
};
