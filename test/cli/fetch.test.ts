// `fundwatch fetch`'s exit code: a failing source among others is reported but the run succeeds; nothing gathered,
// or the one source named failing, exits 1 with one French line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchOutcome } from '../../src/cli/fetch.js';
import type { FetchSummary } from '../../src/reader/ingest.js';
import { fundwatch } from '../helpers/cli.js';
import { serve, startSite, type Site } from '../reader/helpers/site.js';

const RSS = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Région</title>
<item><title>Appel à projets inclusion numérique</title><link>https://region.example/aap-1</link><description>Date limite : 31 mars 2099.</description></item>
</channel></rss>`;

const summary = (id: string, status: FetchSummary['status'], error: string | null = null): FetchSummary => ({ id, status, new: 0, updated: 0, unchanged: 0, error });

describe('fetchOutcome', () => {
  it('fails only when nothing was gathered or the named source failed', () => {
    expect(fetchOutcome([summary('a', 'ok'), summary('b', 'not_modified'), summary('c', 'skipped')], false)).toEqual({ code: 0, message: null });
    expect(fetchOutcome([summary('a', 'ok'), summary('b', 'error', 'HTTP 500')], false)).toEqual({
      code: 0,
      message: '1 source sur 2 en échec (b) ; les autres ont été relevées',
    });
    expect(fetchOutcome([summary('a', 'error', 'HTTP 500'), summary('b', 'gone', '410'), summary('c', 'skipped')], false).code).toBe(1);
    expect(fetchOutcome([summary('a', 'error', 'HTTP 500')], true)).toEqual({ code: 1, message: 'la source « a » n’a pas pu être relevée : HTTP 500' });
    expect(fetchOutcome([], false)).toEqual({ code: 0, message: null });
    // Both failed, but one stored its first pages before its second failed: not « aucune des 2 sources ».
    const partial = { ...summary('a', 'error', 'page 2 : HTTP 500'), new: 3 };
    expect(fetchOutcome([partial, summary('b', 'error', 'HTTP 429')], false)).toEqual({
      code: 0,
      message: '2 sources sur 2 en échec (a, b) ; ce qui a été lu avant l’échec est enregistré',
    });
    // Named, and not even tried (its key is missing): what staff asked was not done.
    expect(fetchOutcome([summary('at', 'skipped', 'clé manquante : AIDES_TERRITOIRES_API_KEY')], true)).toEqual({
      code: 1,
      message: 'la source « at » n’a pas été relevée : clé manquante : AIDES_TERRITOIRES_API_KEY',
    });
  });
});

describe('fundwatch fetch', () => {
  let site: Site;
  let dir: string;

  beforeAll(async () => {
    site = await startSite({ '/region.xml': serve(RSS, { 'content-type': 'application/rss+xml; charset=utf-8' }) });
    dir = mkdtempSync(join(tmpdir(), 'fundwatch-fetch-'));
  });
  afterAll(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function feeds(name: string, ids: Record<string, string>): string {
    const file = join(dir, name);
    const lines = ['sources:'];
    for (const [id, path] of Object.entries(ids)) {
      lines.push(`  - id: ${id}`, `    name: Source ${id}`, '    type: rss', `    url: ${site.url}${path}`, '    funder: region');
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }
  const run = (feedsFile: string, args: string[] = []) =>
    fundwatch(['fetch', ...args], { FUNDWATCH_DB: join(dir, `${feedsFile.split('/').pop()}.db`), FUNDWATCH_FEEDS: feedsFile, LOG_LEVEL: 'silent' });

  it('exits 0 when one source fails among others, and says which on stderr', async () => {
    const result = await run(feeds('mixed.yaml', { region: '/region.xml', cassee: '/absente.xml' }));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^region ok new=1/m);
    expect(result.stdout).toMatch(/^cassee error /m);
    expect(result.stderr).toBe('fundwatch: 1 source sur 2 en échec (cassee) ; les autres ont été relevées\n');
  });

  it('exits 1 with one line when no source could be fetched, or the named one failed', async () => {
    const broken = feeds('broken.yaml', { une: '/absente-1.xml', deux: '/absente-2.xml' });
    const all = await run(broken);
    expect(all.code).toBe(1);
    expect(all.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^fundwatch: aucune des 2 sources n’a pu être relevée \(une, deux\)/)]);
    const named = await run(broken, ['--source', 'deux']);
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/^fundwatch: la source « deux » n’a pas pu être relevée : .+\n$/);
  });

  it('says so when no source is enabled', async () => {
    const file = join(dir, 'none.yaml');
    writeFileSync(file, `sources:\n  - id: off\n    name: Off\n    type: rss\n    url: ${site.url}/region.xml\n    funder: region\n    enabled: false\n`);
    const result = await run(file);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('aucune source activée');
  });
});
