// docs/reference.md is the repository's own reference: every variable the configuration reads, every route the app
// registers and every variable `serve --help` must list are checked against it here, so a change that adds one
// without documenting it fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { loadConfig, VARIABLES } from '../../src/config.js';
import { projectRoot } from '../../src/paths.js';
import { fundwatch } from '../helpers/cli.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

const reference = readFileSync(join(projectRoot, 'docs/reference.md'), 'utf8');

/** The rows of the reference's environment table, by variable. */
function environmentRows(): Map<string, string> {
  const section = reference.slice(reference.indexOf('## Environment'), reference.indexOf('\n## ', reference.indexOf('## Environment') + 1));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const name = /^\| `([A-Z][A-Z0-9_]*)` \|/.exec(line)?.[1];
    if (name) rows.set(name, line);
  }
  return rows;
}

/** Every variable loadConfig reads: those it asks for with nothing set, and those named in its source. */
function variablesRead(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_target, key) => {
      if (typeof key === 'string') read.add(key);
      return undefined;
    },
  });
  loadConfig(env);
  // Variables read only in some cases (when another is set) are found in the source.
  const source = readFileSync(join(projectRoot, 'src/config.ts'), 'utf8');
  for (const match of source.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\]|, ['"]([A-Z][A-Z0-9_]+)['"])/g)) {
    read.add((match[1] ?? match[2] ?? match[3])!);
  }
  return read;
}

/** The configuration without what it keeps of the environment as a whole (json sources read `${NAME}` from it). */
function withoutEnv(config: object): object {
  return Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'sourceEnv'));
}

describe('docs/reference.md', () => {
  it('documents every variable the configuration reads, in the table serve --help prints', () => {
    const read = variablesRead();
    expect(read.size).toBeGreaterThanOrEqual(20);
    const rows = environmentRows();
    const declared = new Set(VARIABLES.map((v) => v.name));
    const undocumented = [...read].filter((name) => !rows.has(name)).sort();
    const notInHelp = [...read].filter((name) => !declared.has(name)).sort();
    expect(undocumented, 'add a row to the Environment table of docs/reference.md').toEqual([]);
    expect(notInHelp, 'add a line to VARIABLES in src/config.ts').toEqual([]);
  });

  it('gives each variable the default the configuration really uses', () => {
    const rows = environmentRows();
    const defaults = loadConfig({});
    for (const variable of VARIABLES) {
      const row = rows.get(variable.name);
      expect(row, variable.name).toBeDefined();
      const defaultCell = row!.split(' | ')[1]!;
      if (variable.default === null) {
        expect(defaultCell, variable.name).not.toMatch(/`/);
      } else {
        expect(defaultCell, variable.name).toBe(`\`${variable.default}\``);
        // Setting a variable to its documented default changes nothing.
        expect(withoutEnv(loadConfig({ [variable.name]: variable.default })), variable.name).toEqual(withoutEnv(defaults));
      }
    }
  });

  describe('routes', () => {
    let ctx: TestContext;
    let app: FastifyInstance;
    beforeAll(async () => {
      ctx = createTestContext({ FUNDWATCH_ADMIN_TOKEN: 'token' });
      app = await buildApp(ctx);
      await app.ready();
    });
    afterAll(async () => {
      await app.close();
      ctx.cleanup();
    });

    it('documents every route the app registers', () => {
      // Swagger UI's assets are documented as a folder.
      const routes = app.routeList.filter((route) => !/ \/docs\/(static\/|\*)/.test(route));
      expect(routes).toContain('GET /api/calls');
      expect(routes).toContain('POST /unsubscribe/:token');
      const missing = [...new Set(routes)].filter((route) => !reference.includes(`\`${route}\``));
      expect(missing, 'add a row to the HTTP routes of docs/reference.md').toEqual([]);
    });
  });

  it('is what serve --help lists', async () => {
    const run = await fundwatch(['serve', '--help'], {});
    expect(run.code).toBe(0);
    for (const variable of VARIABLES) expect(run.stdout, variable.name).toContain(variable.name);
    expect(run.stdout).toContain('docs/reference.md');
  });

  it('is linked from the README, which no longer sends readers to a folder a clone does not have', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    expect(readme).toContain('(docs/reference.md)');
    expect(readme).not.toMatch(/shared folder|INTERFACE\.md/);
  });
});
