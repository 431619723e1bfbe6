// GET /api/members/:id/matches: the member's scored open calls, best first, from the matcher's own store.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { describeExplanation } from '../../match/explain.js';
import { listMemberMatches } from '../../match/store.js';
import { getMember } from '../../members/store.js';
import { dayIn } from '../clock.js';
import { callSummaryJson } from '../json.js';
import { CallSummarySchema, errorResponses, IdParams, nullable, pageOf, PageQuery } from '../schemas.js';
import { memberNotFound } from './members.js';

const MatchSchema = Type.Object({
  call_id: Type.Integer(),
  title: Type.String(),
  score: Type.Number({ description: '0 à 100, celui du profil le mieux placé' }),
  terms: Type.Array(Type.String(), { description: 'termes du profil trouvés dans l’appel, tels que le membre les a écrits' }),
  explanation: Type.Array(
    Type.Object({
      term: Type.String(),
      field: Type.String({ description: 'title, summary ou body' }),
      via: Type.Optional(nullable(Type.String())),
      relation: Type.Optional(Type.String({ description: 'narrower (terme plus précis), broader (terme plus large) ou related (terme voisin), selon le thésaurus' })),
      of: Type.Optional(Type.String({ description: 'le concept dont `via` est un terme plus précis ou voisin ; pour un terme plus large, le mot-clé du membre' })),
      source: Type.Optional(Type.String({ description: 'description (terme de la description du profil), name (expression du nom du profil), trade (inclusion numérique, le domaine d’un projet de médiation numérique d’après sa description), expansion (élargi) ou general (fonds ouvert à toute association quel que soit son domaine, seule entrée de l’explication, noté au min_score du profil)' })),
      rejections: Type.Optional(Type.Integer({ description: '« Pas pertinent » qui ont réduit le poids de ce terme' })),
      endorsements: Type.Optional(Type.Integer({ description: 'appels suivis qui ont augmenté le poids de ce terme' })),
    }),
  ),
  why: Type.String({ description: 'l’explication en une phrase' }),
  profile_id: Type.Integer(),
  profile_name: Type.String(),
  profiles: Type.Array(
    Type.Object({ profile_id: Type.Integer(), profile_name: Type.String(), score: Type.Number(), terms: Type.Array(Type.String()) }),
    { description: 'chaque profil du membre qui retient cet appel, du mieux au moins bien placé' },
  ),
  call: CallSummarySchema,
});

export const matchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.ctx;

  app.get(
    '/members/:id/matches',
    {
      schema: {
        summary: 'Appels retenus pour un membre',
        description: 'Ses appels ouverts notés, le meilleur score d’abord (à score égal, la date limite la plus proche), avec les termes trouvés.',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(MatchSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      if (!getMember(db, request.params.id)) throw memberNotFound(request.params.id);
      const today = dayIn(config.timeZone, app.now());
      const { limit, offset } = request.query;
      const page = listMemberMatches(db, request.params.id, { today, limit, offset });
      return {
        total: page.total,
        items: page.items.map((m) => ({
          call_id: m.call.id,
          title: m.call.title,
          score: m.score,
          terms: m.terms,
          explanation: m.explanation.map((e) => ({ ...e })),
          why: describeExplanation(m.explanation),
          profile_id: m.profileId,
          profile_name: m.profileName,
          profiles: m.profiles.map((p) => ({ profile_id: p.profileId, profile_name: p.profileName, score: p.score, terms: p.terms })),
          call: callSummaryJson(m.call, today),
        })),
      };
    },
  );
};
