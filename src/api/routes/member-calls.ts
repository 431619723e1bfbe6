// GET /api/members/:id/calls: the calls a member follows, with their status (issue 17).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listFollowedCalls } from '../../follow/statuses.js';
import { getMember } from '../../members/store.js';
import { errorResponses, FollowedCallSchema, FollowedCallsQuery, IdParams, pageOf } from '../schemas.js';
import { memberNotFound } from './members.js';

export const memberCallRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;
  app.get(
    '/members/:id/calls',
    {
      schema: {
        summary: 'Appels suivis par un membre',
        description:
          'Les appels auxquels le membre a donné un statut (« Je suis intéressé », « Dossier déposé »…), la date limite la plus proche d’abord. Sans `include_none`, les appels qu’il ne suit plus sont omis.',
        params: IdParams,
        querystring: FollowedCallsQuery,
        response: { 200: pageOf(FollowedCallSchema), ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      if (!getMember(db, request.params.id)) throw memberNotFound(request.params.id);
      const { limit, offset, include_none: includeNone } = request.query;
      const page = listFollowedCalls(db, request.params.id, { limit, offset }, { includeNone });
      return {
        items: page.items.map((item) => ({
          call_id: item.callId,
          status: item.status,
          updated_at: item.updatedAt,
          title: item.title,
          deadline: item.nextDeadline,
          open: item.callStatus === 'open',
        })),
        total: page.total,
      };
    },
  );
};
