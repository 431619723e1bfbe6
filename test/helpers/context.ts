// A real SQLite file in a fresh temporary folder, and a context around it, for tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { openDb } from '../../src/db/connection.js';
import { silentLogger } from '../../src/log.js';

export interface TestContext extends AppContext {
  dir: string;
  cleanup: () => void;
}

/** Config as from the environment given (defaults otherwise), with paths inside `dir`. */
export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    FUNDWATCH_DB: join(dir, 'fundwatch.db'),
    FUNDWATCH_OUTBOX: join(dir, 'outbox'),
    FUNDWATCH_FEEDS: join(dir, 'feeds.yaml'),
    FUNDWATCH_SECRET: 'test-secret',
    ...env,
  });
}

export function createTestContext(env: Record<string, string> = {}): TestContext {
  const dir = mkdtempSync(join(tmpdir(), 'fundwatch-test-'));
  const config = testConfig(dir, env);
  const db = openDb(config.dbPath);
  return {
    config,
    db,
    log: silentLogger,
    dir,
    cleanup: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
