import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/connection.js';
import { currentVersion, loadMigrations, migrate, MigrationError } from '../../src/db/migrate.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fundwatch-migrate-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('migrations', () => {
  it('bring a fresh database to the latest version, creating its folder', () => {
    const path = join(tempDir(), 'nested', 'fundwatch.db');
    const db = openDb(path);
    const latest = loadMigrations().at(-1)!.version;
    expect(currentVersion(db)).toBe(latest);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['calls', 'call_sources', 'members', 'profiles', 'sources']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('change nothing when run twice', () => {
    const path = join(tempDir(), 'fundwatch.db');
    const db = openDb(path);
    const schema = () => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const before = schema();
    const recorded = db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get();
    expect(migrate(db)).toEqual([]);
    expect(schema()).toEqual(before);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual(recorded);
    db.close();
  });

  it('refuse a database newer than the code', () => {
    const path = join(tempDir(), 'fundwatch.db');
    const db = openDb(path);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(9999, '9999_future.sql', new Date().toISOString());
    expect(() => migrate(db)).toThrow(MigrationError);
    expect(() => migrate(db)).toThrow(/schema version 9999/);
    db.close();
  });

  it('roll back a failing migration whole', () => {
    const dir = tempDir();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_ok.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(migrations, '002_bad.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);');
    const db = openDb(join(dir, 'x.db'), { migrate: false });
    expect(() => migrate(db, loadMigrations(migrations))).toThrow(/nowhere/);
    expect(currentVersion(db)).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'b'`).get()).toBeUndefined();
    db.close();
  });

  it('apply a migration numbered into a gap left below the latest', () => {
    const dir = tempDir();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(join(migrations, '005_e.sql'), 'CREATE TABLE e (x INTEGER);');
    const db = openDb(join(dir, 'x.db'), { migrate: false });
    expect(migrate(db, loadMigrations(migrations))).toEqual(['001_a.sql', '005_e.sql']);
    writeFileSync(join(migrations, '003_c.sql'), 'CREATE TABLE c (x INTEGER);');
    expect(migrate(db, loadMigrations(migrations))).toEqual(['003_c.sql']);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'c'`).get()).toEqual({ name: 'c' });
    db.close();
  });
});
