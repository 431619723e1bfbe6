// GET /health: the database answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../schemas.js';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        summary: 'État du service',
        description: '200 quand la base de données répond.',
        response: { 200: Type.Object({ status: Type.Literal('ok') }), ...errorResponses(429, 500) },
      },
    },
    async () => {
      app.ctx.db.prepare('SELECT 1').get();
      return { status: 'ok' as const };
    },
  );
};
