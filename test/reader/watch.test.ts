// feeds.yaml followed on save: a valid edit replaces the sources, a broken one is refused and logged, the
// previous sources staying in force, whatever way the editor saves (in place or by renaming a temp file).
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/sources/load.js';
import { watchSourcesFile } from '../../src/sources/watch.js';

function yaml(...ids: string[]): string {
  return `sources:\n${ids.map((id) => `  - id: ${id}\n    name: Source ${id}\n    type: rss\n    url: https://example.org/${id}.xml\n    funder: region\n`).join('')}`;
}

async function until(check: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let dir: string;
let file: string;
let stop: (() => void) | null = null;
const changes: string[][] = [];
const logged: { level: number; msg: string; errors?: string[] }[] = [];
const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as (typeof logged)[number]) });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fundwatch-watch-'));
  file = join(dir, 'feeds.yaml');
  writeFileSync(file, yaml('a'));
  changes.length = 0;
  logged.length = 0;
  stop = watchSourcesFile(file, (sources: SourceConfig[]) => void changes.push(sources.map((s) => s.id)), log, { debounceMs: 50 });
});
afterEach(() => {
  stop?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('watchSourcesFile', () => {
  it('applies a valid edit, refuses a broken one with its errors, then applies the fix', async () => {
    writeFileSync(file, yaml('a', 'b'));
    await until(() => changes.length === 1);
    expect(changes).toEqual([['a', 'b']]);

    writeFileSync(file, `${yaml('a', 'b')}    shedule: oups\n`);
    await until(() => logged.some((l) => l.msg.startsWith('feeds.yaml refused')));
    const refusal = logged.find((l) => l.msg.startsWith('feeds.yaml refused'))!;
    expect(refusal.errors).toEqual([`${file}:12: source b: shedule: clé inconnue « shedule » (faute de frappe ?)`]);
    expect(changes).toHaveLength(1);

    // Saved by renaming a temporary file over it, as many editors do.
    writeFileSync(join(dir, '.feeds.yaml.tmp'), yaml('c'));
    renameSync(join(dir, '.feeds.yaml.tmp'), file);
    await until(() => changes.length === 2);
    expect(changes[1]).toEqual(['c']);
  });

  it('does not reload for a save that changes nothing, nor for other files of the folder', async () => {
    writeFileSync(join(dir, 'members.csv'), 'email\n');
    writeFileSync(file, `# un commentaire\n${yaml('a')}`);
    await new Promise((r) => setTimeout(r, 300));
    expect(changes).toEqual([]);
  });
});

describe('watchSourcesFile after a refusal', () => {
  it('says the corrected file is accepted again, even when it is identical to the last good one', async () => {
    writeFileSync(file, `${yaml('a')}    colour: rouge\n`);
    await until(() => logged.some((l) => l.msg.startsWith('feeds.yaml refused')));
    writeFileSync(file, yaml('a'));
    await until(() => logged.some((l) => l.msg.startsWith('feeds.yaml accepted again')));
    expect(changes).toEqual([]);
    expect(logged.filter((l) => l.msg.startsWith('feeds.yaml accepted again'))).toHaveLength(1);
  });
});
