// GET /health: the database answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../errors.js';
import { errorResponses } from '../schemas.js';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'État du service',
        description: '200 quand la base de données répond.',
        response: { 200: Type.Object({ status: Type.Literal('ok') }), ...errorResponses(429, 503) },
      },
    },
    async (request) => {
      try {
        app.ctx.db.prepare('SELECT 1').get();
      } catch (error) {
        request.log.error({ err: error }, 'health check: the database does not answer');
        throw new ApiError(503, 'La base de données ne répond pas.');
      }
      return { status: 'ok' as const };
    },
  );
};
