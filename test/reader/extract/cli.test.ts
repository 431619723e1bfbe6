// `fundwatch extract`: the JSON line it prints, its checks on --published, and the real command.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatExtraction, parsePublished, readAll, todayIn } from '../../../src/cli/extract.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist/src/cli/main.js');

describe('fundwatch extract output', () => {
  it('prints every field the interface describes, in its order', () => {
    const text =
      'Candidatures du 2 mars au 15 juin. Subvention plafonnée à 20 000 € par projet, au taux maximal de 80 %. ' +
      'Appel annuel cofinancé par le Fonds social européen et le FEDER.';
    const line = formatExtraction(text, '2026-01-10');
    expect(Object.keys(JSON.parse(line) as object)).toEqual(['deadlines', 'amount', 'opens', 'rate', 'recurrence', 'eu_funds']);
    expect(JSON.parse(line)).toEqual({
      deadlines: ['2026-06-15'],
      amount: { min: null, max: 20000, currency: 'EUR', scope: 'project' },
      opens: '2026-03-02',
      rate: 80,
      recurrence: 'annual',
      eu_funds: ['FSE+', 'FEDER'],
    });
  });

  it('prints nulls and empty lists when the text says nothing', () => {
    expect(formatExtraction('Accompagnement gratuit des communes.', '2026-01-10')).toBe(
      '{"deadlines":[],"amount":{"min":null,"max":null,"currency":"EUR","scope":null},"opens":null,"rate":null,"recurrence":null,"eu_funds":[]}',
    );
  });

  it('reads the whole input, however it is chunked, as UTF-8', async () => {
    const bytes = Buffer.from('Clôture : 1er décembre 2026', 'utf8');
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 4), bytes.subarray(4)]; // splits "ô" across chunks
    expect(await readAll(Readable.from(chunks))).toBe('Clôture : 1er décembre 2026');
  });
});

describe('--published', () => {
  it('accepts a date or an ISO timestamp', () => {
    expect(parsePublished('2026-03-01')).toBe('2026-03-01');
    expect(parsePublished('2026-03-01T08:00:00Z')).toBe('2026-03-01');
  });

  it('refuses anything else with a French message naming the option', () => {
    for (const bad of ['hier', '2026-02-30', '01/03/2026', '']) {
      expect(() => parsePublished(bad)).toThrow(/^--published : .*n'est pas une date valide/);
    }
  });

  it('defaults to today in the configured time zone', () => {
    const lateEvening = new Date('2026-03-14T23:30:00Z'); // already the 15th in Paris
    expect(todayIn('Europe/Paris', lateEvening)).toBe('2026-03-15');
    expect(todayIn('UTC', lateEvening)).toBe('2026-03-14');
  });
});

/** The built command is only worth running when it was built from the current sources. */
function builtFromCurrentSources(): boolean {
  if (!existsSync(cli)) return false;
  const newestSource = Math.max(
    statSync(join(root, 'src/cli/extract.ts')).mtimeMs,
    ...readdirSync(join(root, 'src/reader/extract')).map((f) => statSync(join(root, 'src/reader/extract', f)).mtimeMs),
  );
  const built = join(root, 'dist/src/cli/extract.js');
  return existsSync(built) && statSync(built).mtimeMs >= newestSource;
}

const fresh = builtFromCurrentSources();
if (!fresh) console.warn('dist/ is missing or older than src/: run `npm run build` to test the real `fundwatch extract` command');

describe.skipIf(!fresh)('the real command (node dist/src/cli/main.js extract)', () => {
  const run = (args: string[], input: string) =>
    spawnSync(process.execPath, [cli, 'extract', ...args], { input, encoding: 'utf8', cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' } });

  it('reads stdin and prints one JSON line', () => {
    const result = run(['--published', '2026-10-01'], 'Clôture des candidatures le 15 janvier à midi. Enveloppe de 2 M€ à répartir.');
    expect(result.status).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(JSON.parse(result.stdout)).toEqual({
      deadlines: ['2027-01-15'],
      amount: { min: null, max: 2_000_000, currency: 'EUR', scope: 'total' },
      opens: null,
      rate: null,
      recurrence: null,
      eu_funds: [],
    });
  });

  it('exits 1 with one line when --published is not a date', () => {
    const result = run(['--published', 'demain'], 'Date limite : 15 mars 2026');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--published');
  });
});
