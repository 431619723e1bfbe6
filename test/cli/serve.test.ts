// `fundwatch serve` as a real process: it fetches on its schedule, follows feeds.yaml edits (and refuses a broken
// one while the previous sources keep running), and stops cleanly on SIGTERM with the database closed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';

const CLI = join(projectRoot, 'dist/src/cli/main.js');
const TOKEN = 'jeton-admin-de-test';

function rss(title: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Flux</title>
    <item><title>${title}</title><link>http://127.0.0.1/${encodeURIComponent(title)}</link>
    <description>Date limite de dépôt : 15 mars 2099.</description></item></channel></rss>`;
}

function source(id: string, url: string): string {
  return `  - id: ${id}\n    name: Source ${id}\n    type: rss\n    url: ${url}\n    funder: region\n`;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let dir: string;
let feeds: Server;
let feedsUrl: string;
let hits: Record<string, number>;
let child: ChildProcess | undefined;
let stderr: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fundwatch-serve-'));
  hits = {};
  feeds = createServer((req, res) => {
    const name = req.url ?? '';
    hits[name] = (hits[name] ?? 0) + 1;
    if (name === '/a.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Appel à projets Inclusion numérique'));
    else if (name === '/b.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss('Fonds pour les tiers-lieux'));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
  feedsUrl = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  stderr = '';
});

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await new Promise((resolve) => feeds.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    FUNDWATCH_DB: join(dir, 'data', 'fundwatch.db'),
    FUNDWATCH_FEEDS: join(dir, 'feeds.yaml'),
    FUNDWATCH_OUTBOX: join(dir, 'outbox'),
    FUNDWATCH_ADMIN_TOKEN: TOKEN,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

async function startServe(extra: Record<string, string>): Promise<string> {
  const port = await freePort();
  child = spawn(process.execPath, [CLI, 'serve'], { env: env({ PORT: String(port), ...extra }), stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  await waitFor('/health', async () => {
    if (child?.exitCode !== null) throw new Error(`serve exited early: ${stderr}`);
    const res = await fetch(`${base}/health`).catch(() => null);
    return res?.ok ? true : undefined;
  });
  return base;
}

async function callTitles(base: string): Promise<string[]> {
  const res = await fetch(`${base}/api/calls?limit=200`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = (await res.json()) as { items: { title: string }[] };
  return body.items.map((c) => c.title).sort();
}

describe('fundwatch serve', () => {
  it('fetches on FETCH_CRON, follows feeds.yaml edits, keeps the old sources when an edit is broken, stops cleanly', async () => {
    writeFileSync(join(dir, 'feeds.yaml'), `sources:\n${source('source-a', `${feedsUrl}/a.xml`)}`);
    const base = await startServe({ FETCH_CRON: '*/1 * * * * *', DIGEST_CRON: '0 8 1 1 *' });

    await waitFor('the first scheduled fetch', async () => ((await callTitles(base)).length === 1 ? true : undefined));
    expect(await callTitles(base)).toEqual(['Appel à projets Inclusion numérique']);

    writeFileSync(join(dir, 'feeds.yaml'), `sources:\n${source('source-a', `${feedsUrl}/a.xml`)}${source('source-b', `${feedsUrl}/b.xml`)}`);
    await waitFor('the added source to be fetched', async () => ((await callTitles(base)).length === 2 ? true : undefined));

    writeFileSync(join(dir, 'feeds.yaml'), `sources:\n${source('source-a', `${feedsUrl}/a.xml`)}    colour: rouge\n`);
    await waitFor('the broken file to be refused', () => (stderr.includes('feeds.yaml refused') ? true : undefined));
    expect(stderr).toContain('colour');
    const before = hits['/b.xml'] ?? 0;
    await waitFor('source-b to keep being fetched', () => ((hits['/b.xml'] ?? 0) > before ? true : undefined));

    child!.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child!.once('exit', resolve));
    expect(code).toBe(0);
    // SQLite removes the write-ahead log when the last connection closes cleanly.
    expect(existsSync(join(dir, 'data', 'fundwatch.db-wal'))).toBe(false);
    const db = new Database(join(dir, 'data', 'fundwatch.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('with nothing configured, serves and says in the log what is off and how to turn it on', async () => {
    const base = await startServe({ FETCH_CRON: '0 */6 * * *', FUNDWATCH_ADMIN_TOKEN: '' });
    expect(stderr).toContain('fichier introuvable');
    const api = await fetch(`${base}/api/calls`);
    expect(api.status).toBe(503);
    expect(((await api.json()) as { message: string }).message).toContain('FUNDWATCH_ADMIN_TOKEN');
    const lines = stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string; setup?: string });
    const setup = (topic: string) => lines.find((line) => line.setup === topic);
    expect(setup('api')?.msg).toContain('API d’administration fermée');
    expect(setup('api')?.msg).toContain('export FUNDWATCH_ADMIN_TOKEN=');
    expect(setup('mail')?.msg).toContain('.eml');
    expect(setup('sources')?.msg).toContain('Aucune source relevée');
    for (const topic of ['api', 'mail', 'sources']) expect(setup(topic)?.level).toBe(40);
    expect(lines.some((line) => line.msg.startsWith(`fundwatch est prêt : ${base}/`))).toBe(true);
    // The address it prints answers a French page, not a 404.
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('État du service');
    child!.kill('SIGINT');
    expect(await new Promise((resolve) => child!.once('exit', resolve))).toBe(0);
  });

  it.each([
    ['SMTP_URL', 'pas une adresse'],
    ['FETCH_CRON', 'tous les jours'],
    ['DIGEST_CRON', '61 8 * * 1'],
    ['FUNDWATCH_TZ', 'Europe/Lutece'],
    ['PORT', 'trois mille'],
  ])('refuses to start with a bad %s, in one line naming it', (name, value) => {
    const result = spawnSync(process.execPath, [CLI, 'serve'], { env: env({ [name]: value }), encoding: 'utf8', timeout: 10_000 });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(existsSync(join(dir, 'data', 'fundwatch.db'))).toBe(false);
  });
});
