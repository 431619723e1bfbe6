import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchCalls, type CallFilters } from '../../src/calls/search.js';
import { openDb, type Db } from '../../src/db/connection.js';
import { loadMigrations, migrate } from '../../src/db/migrate.js';
import { seedCall } from '../api/helpers.js';

const TODAY = '2026-03-10';
const WORDS = ['numérique', 'inclusion', 'associations', 'associatif', 'tiers-lieux', 'médiation', 'dépôt', 'déposer', 'conseil', 'construction', 'consommation', 'interne', 'international', 'région', 'régional', 'emploi'];
const QUERIES = ['numérique', 'cons', 'conse', 'inter', 'dépôt', 'régio', 'associ', 'tiers lieu', '"médiation numérique"', 'dép', 'international emploi', 'ab'];

let dir: string;
let db: Db;
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A database at schema 008, as fundwatch left it before 009, with calls stored through the old index. */
function before009(): void {
  dir = mkdtempSync(join(tmpdir(), 'fundwatch-009-'));
  db = openDb(join(dir, 'fundwatch.db'), { migrate: false });
  // Every other migration too: later ones add columns today's code reads calls with (searchCalls runs here on the
  // old index), and migrate() applies numbers left unapplied, so 009 still runs last on this index.
  migrate(db, loadMigrations().filter((m) => m.version !== 9));
  let seed = 3;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  for (let i = 0; i < 150; i += 1) {
    seedCall(db, { title: `Appel ${words(3)}`, summary: words(5), body: words(12), source: 'anct', firstSeen: `2026-02-0${1 + (i % 9)}T08:00:00Z` });
  }
}

function everything(filters: CallFilters): { ids: number[]; total: number } {
  const result = searchCalls(db, { today: TODAY, ...filters }, { limit: 500, offset: 0 });
  return { ids: result.items.map((c) => c.id), total: result.total };
}

describe('migration 009 (prefix indexes on calls_fts, newest-first index)', () => {
  test('every search answers the same calls in the same order before and after', () => {
    before009();
    const cases: CallFilters[] = [{}, ...QUERIES.map((q) => ({ q }))];
    const answers = cases.map(everything);
    expect(answers.filter((a) => a.total > 10).length).toBeGreaterThan(5);
    expect(migrate(db, loadMigrations())).toEqual(['009_calls_fts_prefix.sql']);
    expect(String(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'calls_fts'`).pluck().get())).toMatch(/prefix = '4 5'/);
    cases.forEach((filters, i) => expect(everything(filters), JSON.stringify(filters)).toEqual(answers[i]));
    db.exec(`INSERT INTO calls_fts (calls_fts) VALUES ('integrity-check')`);
    // And with every later migration too.
    migrate(db);
    cases.forEach((filters, i) => expect(everything(filters), JSON.stringify(filters)).toEqual(answers[i]));
  });

  test('the triggers keep the rebuilt index in step with calls', () => {
    before009();
    migrate(db);
    const id = seedCall(db, { title: 'Zythologie associative', source: 'anct' });
    expect(everything({ q: 'zythol' }).ids).toEqual([id]);
    db.prepare(`UPDATE calls SET title = 'Brasserie coopérative' WHERE id = ?`).run(id);
    expect(everything({ q: 'zythol' }).ids).toEqual([]);
    expect(everything({ q: 'brass' }).ids).toEqual([id]);
    db.prepare('DELETE FROM calls WHERE id = ?').run(id);
    expect(everything({ q: 'brass' }).ids).toEqual([]);
    db.exec(`INSERT INTO calls_fts (calls_fts) VALUES ('integrity-check')`);
  });

  test('the list without q is read newest first off the index, not sorted', () => {
    before009();
    migrate(db);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT c.id FROM calls c ORDER BY c.first_seen_at DESC, c.id DESC LIMIT 20`)
      .all()
      .map((row) => (row as { detail: string }).detail)
      .join(' / ');
    expect(plan).toMatch(/calls_first_seen/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
