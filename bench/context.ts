// A throw-away fundwatch context for one scenario: a real SQLite file in a temporary folder, silent logs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import type { AppContext } from '../src/context.js';
import { openDb } from '../src/db/connection.js';
import { silentLogger } from '../src/log.js';

export interface BenchContext extends AppContext {
  dir: string;
  cleanup: () => void;
}

export function createBenchContext(env: Record<string, string> = {}): BenchContext {
  const dir = mkdtempSync(join(tmpdir(), 'fundwatch-bench-'));
  const config = loadConfig({
    FUNDWATCH_DB: join(dir, 'fundwatch.db'),
    FUNDWATCH_OUTBOX: join(dir, 'outbox'),
    FUNDWATCH_FEEDS: join(dir, 'feeds.yaml'),
    FUNDWATCH_SECRET: 'bench-secret',
    LOG_LEVEL: 'silent',
    ...env,
  });
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
