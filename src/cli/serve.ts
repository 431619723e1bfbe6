import { buildApp } from '../api/app.js';
import { openContext } from './run.js';

export async function serve(): Promise<void> {
  const ctx = openContext();
  const app = await buildApp(ctx);
  await app.listen({ host: ctx.config.host, port: ctx.config.port });
  const stop = async (signal: string) => {
    ctx.log.info({ signal }, 'stopping');
    await app.close();
    ctx.db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
