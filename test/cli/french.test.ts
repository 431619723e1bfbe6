// The command line as staff meet it: help, usage errors, configuration errors and command output in French, and the
// backup's refusals naming the path and the variable.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frenchCommanderError } from '../../src/cli/french.js';
import { fundwatch } from '../helpers/cli.js';
import { listenProblem } from '../../src/cli/serve.js';

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fundwatch-cli-fr-'));
  env = { FUNDWATCH_DB: join(dir, 'data', 'fundwatch.db'), FUNDWATCH_FEEDS: join(dir, 'feeds.yaml'), FUNDWATCH_OUTBOX: join(dir, 'outbox') };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('help and usage errors', () => {
  it('prints the help in French', async () => {
    const run = await fundwatch(['--help'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Utilisation : fundwatch');
    expect(run.stdout).toContain('Commandes :');
    expect(run.stdout).toContain('relever maintenant toutes les sources activées');
    expect(run.stdout).not.toMatch(/display help|Usage:|Commands:/);
    const digest = await fundwatch(['digest', '--help'], env);
    expect(digest.stdout).toContain('Options :');
    expect(digest.stdout).toContain('afficher cette aide');
  });

  it('says a mistyped command or option in French, with a suggestion, and exits 1', async () => {
    const command = await fundwatch(['fetsh'], env);
    expect(command.code).toBe(1);
    expect(command.stderr).toContain('erreur : commande inconnue « fetsh »');
    expect(command.stderr).toContain('(Vouliez-vous dire fetch ?)');
    const argument = await fundwatch(['backup'], env);
    expect(argument.code).toBe(1);
    expect(argument.stderr).toContain('argument obligatoire manquant : fichier');
  });

  it.each([
    ["error: unknown option '--dryrun'\n(Did you mean --dry-run?)\n", 'erreur : option inconnue « --dryrun »\n(Vouliez-vous dire --dry-run ?)\n'],
    ["error: option '--now <date>' argument missing\n", 'erreur : l’option « --now <date> » demande une valeur\n'],
    ["error: too many arguments for 'backup'. Expected 1 argument but got 2.\n", 'erreur : trop d’arguments pour « backup » (1 attendu, 2 reçus)\n'],
    ['error: something new\n', 'erreur : something new\n'],
  ])('translates %j', (english, french) => {
    expect(frenchCommanderError(english)).toBe(french);
  });
});

describe('configuration and output', () => {
  it('names HOST or PORT in one French line when serve cannot listen', async () => {
    const run = await fundwatch(['serve'], { ...env, HOST: '999.1.1.1', LOG_LEVEL: 'silent' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual(['fundwatch: HOST : « 999.1.1.1 » n’est pas une adresse de cette machine (par exemple 127.0.0.1, ou 0.0.0.0 pour toutes)']);
    const busy = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000'), { code: 'EADDRINUSE' });
    expect(listenProblem(busy, '127.0.0.1', 3000)).toMatch(/^PORT : le port 3000 est déjà utilisé sur 127\.0\.0\.1/);
  });

  it('refuses a bad variable in one French line naming it', async () => {
    const run = await fundwatch(['migrate'], { ...env, FETCH_CRON: 'tous les jours' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      'fundwatch: erreur de configuration : FETCH_CRON : « tous les jours » n’est pas une expression cron valide (exemple : 0 8 * * 1 pour le lundi à 8 h)',
    ]);
  });

  it('says in French that migrations ran, then that the base is up to date', async () => {
    const first = await fundwatch(['migrate'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^migration appliquée : 001_/);
    const second = await fundwatch(['migrate'], env);
    expect(second.stdout).toBe('base à jour : aucune migration à appliquer\n');
  });

  it('names FUNDWATCH_DB and the path when it is not a database, and leaves the file alone', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'des notes, pas une base\n'.repeat(200));
    const run = await fundwatch(['match'], { ...env, FUNDWATCH_DB: notes });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`FUNDWATCH_DB : « ${notes} » n’est pas une base SQLite`);
    expect(readFileSync(notes, 'utf8')).toBe('des notes, pas une base\n'.repeat(200));
  });
});

describe('fundwatch backup', () => {
  it('writes a copy, and refuses to write onto the live database however its path is spelled', async () => {
    expect((await fundwatch(['migrate'], env)).code).toBe(0);
    const copy = join(dir, 'copies', 'fundwatch-copie.db');
    const ok = await fundwatch(['backup', copy], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe(`copie de la base écrite dans ${copy}\n`);
    const copied = new Database(copy, { readonly: true });
    expect(copied.pragma('integrity_check', { simple: true })).toBe('ok');
    copied.close();

    const live = env.FUNDWATCH_DB!;
    const before = statSync(live).mtimeMs;
    for (const target of [live, join(dir, 'data', '..', 'data', 'fundwatch.db'), `${live}-wal`]) {
      const run = await fundwatch(['backup', target], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`« ${target} » est la base en service (FUNDWATCH_DB=${live}`);
    }
    expect(statSync(live).mtimeMs).toBe(before);
    const db = new Database(live, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n).toBeGreaterThan(5);
    db.close();
  });

  it('names the path when the target is a folder', async () => {
    mkdirSync(join(dir, 'copies'));
    const run = await fundwatch(['backup', join(dir, 'copies')], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`« ${join(dir, 'copies')} » est un dossier`);
  });
});
