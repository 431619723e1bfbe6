// Shared plumbing for commands: one context per process, one-line failures.
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createContext, type AppContext } from '../context.js';
import { createLogger } from '../log.js';

/** Loads the configuration or stops with one line naming the bad variable. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`fundwatch: erreur de configuration : ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export function openContext(config: Config = configOrExit()): AppContext {
  return createContext(config, createLogger(config.logLevel));
}

/** Runs `work` with a context and always closes the database. */
export async function withContext<T>(work: (ctx: AppContext) => Promise<T> | T): Promise<T> {
  const ctx = openContext();
  try {
    return await work(ctx);
  } finally {
    ctx.db.close();
  }
}

export function fail(error: unknown): never {
  const message = error instanceof ConfigError ? `erreur de configuration : ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`fundwatch: ${message.split('\n')[0]}\n`);
  process.exit(1);
}
