// buildApp(): the fastify instance, without listening, so tests can inject requests.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: ctx.log as FastifyBaseLogger });
  app.get('/health', async (_request, reply) => {
    ctx.db.prepare('SELECT 1').get();
    return reply.send({ status: 'ok' });
  });
  return app;
}
