import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real servers and real SQLite files: give slow CI machines room, but never hang forever.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest leaves a core to its main process (one worker on CI's 2 cores), but these tests spend most of their time
    // waiting on their own HTTP, SMTP and SQLite servers: one worker per core took the suite from 349 s to 238 s on
    // a 2-core VM, so CI (Node 20, then Node 22) keeps its margin under 15 minutes.
    maxWorkers: availableParallelism(),
    globalSetup: ['test/global-setup.ts'],
  },
});
