// `fundwatch members import` as staff run it: the built command, a real SQLite file, the fixtures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { formatImportSummary } from '../../src/cli/members.js';
import { openDb } from '../../src/db/connection.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');
const fixtures = join(root, 'test/fixtures/members');
const built = join(root, 'dist/src/cli/members.js');
const fresh = existsSync(built) && statSync(built).mtimeMs >= statSync(join(root, 'src/cli/members.ts')).mtimeMs
  && statSync(join(root, 'dist/src/members/import.js')).mtimeMs >= statSync(join(root, 'src/members/import.ts')).mtimeMs;
if (!fresh) console.warn('dist/ is missing or older than src/: run `npm run build` to test the real `fundwatch members import` command');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fundwatch-import-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(file: string) {
  return spawnSync(process.execPath, [cli, 'members', 'import', file], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, FUNDWATCH_DB: join(dir, 'fw.db'), FUNDWATCH_FEEDS: join(dir, 'feeds.yaml'), LOG_LEVEL: 'silent' },
  });
}

function count(table: string): number {
  const db = openDb(join(dir, 'fw.db'));
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('the summary line says what happened, in French with the counts', () => {
  expect(formatImportSummary({ created: 2, updated: 1, profilesCreated: 3, profilesReplaced: 0, profileIds: [] })).toBe(
    'membres : 2 créés, 1 mis à jour ; profils : 3 créés, 0 remplacé (members: created 2, updated 1)',
  );
});

describe.skipIf(!fresh)('the real command', () => {
  test('imports a CSV, then updates from YAML without duplicates', () => {
    const first = run(join(fixtures, 'members.csv'));
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('membres : 3 créés, 0 mis à jour ; profils : 3 créés');
    const second = run(join(fixtures, 'members.yaml'));
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('membres : 0 créé, 2 mis à jour ; profils : 0 créé, 2 remplacés');
    expect(count('members')).toBe(3);
    expect(count('profiles')).toBe(3);
  });

  test('a bad file: every error with its line, exit 1, nothing written', () => {
    const result = run(join(fixtures, 'bad.csv'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${join(fixtures, 'bad.csv')}:3: email : adresse email invalide`);
    expect(result.stderr).toContain('bad.csv:7: min_score');
    expect(result.stderr).toMatch(/rien n'a été enregistré/);
    expect(result.stdout).toBe('');
    expect(existsSync(join(dir, 'fw.db')) ? count('members') : 0).toBe(0);
  });
});
