// Crash safety with a real process: `fundwatch digest` runs against an SMTP server that answers slowly and
// is killed with SIGKILL half-way; the next run sends every remaining member exactly one message and
// reports the one whose fate is unknown instead of sending it again.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/run.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { projectRoot } from '../../src/paths.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch, startSmtp, type TestSmtp } from './helpers.js';

// Built before any test by test/global-setup.ts.
const CLI = join(projectRoot, 'dist/src/cli/main.js');
const NOW = '2026-11-30T08:00:00Z';
const MEMBERS = 8;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(env: Record<string, string>, onSpawn?: (kill: () => void) => void): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'digest', '--now', NOW], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn?.(() => child.kill('SIGKILL'));
  });
}

let ctx: TestContext;
let smtp: TestSmtp;

afterEach(async () => {
  ctx?.cleanup();
  await smtp?.close();
});

describe('a digest run whose every delivery fails', () => {
  it('exits 1 with one French line naming SMTP_URL, so a cron wrapper notices', async () => {
    ctx = createTestContext();
    const callId = insertCall(ctx.db, { title: 'Appel pour tous', deadlines: ['2027-01-31'] });
    const member = createMember(ctx.db, { email: 'membre@asso.example' });
    insertMatch(ctx.db, createProfile(ctx.db, member.id, { name: 'Numérique' }).id, callId, 50, ['numérique'], '2026-11-27T00:00:00Z');
    // A port nothing listens on: the server is down.
    const down = await startSmtp();
    const url = down.url;
    await down.close();
    const run = await runCli({
      FUNDWATCH_DB: ctx.config.dbPath,
      FUNDWATCH_OUTBOX: ctx.config.outboxDir,
      FUNDWATCH_FEEDS: ctx.config.feedsPath,
      FUNDWATCH_SECRET: 'test-secret',
      SMTP_URL: url,
      LOG_LEVEL: 'silent',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('0 envoyée, 0 sans nouveauté ou en pause, 1 en échec');
    expect(run.stderr).toContain('fundwatch: aucune lettre n’a pu être envoyée (1 en échec) : vérifiez SMTP_URL');
  });
});

describe('two digest runs of one week at once', () => {
  it('the second steps aside, in this process and in another, and nothing is reported stuck', async () => {
    // Slow enough for another process to start while the first run still waits on the server.
    smtp = await startSmtp({ delayMs: 6000 });
    ctx = createTestContext({ SMTP_URL: smtp.url });
    const callId = insertCall(ctx.db, { title: 'Appel pour tous', deadlines: ['2027-01-31'] });
    for (let i = 1; i <= 3; i++) {
      const member = createMember(ctx.db, { email: `membre${i}@asso.example` });
      insertMatch(ctx.db, createProfile(ctx.db, member.id, { name: 'Numérique' }).id, callId, 50, ['numérique'], '2026-11-27T00:00:00Z');
    }
    const first = runDigests(ctx, { now: new Date(NOW) });
    // The schedule's run is sending; an API request asks for the same week in the same process.
    await expect(runDigests(ctx, { now: new Date(NOW) })).rejects.toThrow(/déjà en cours d’envoi/);
    // And `fundwatch digest` by hand, from another process.
    const other = await runCli({
      FUNDWATCH_DB: ctx.config.dbPath,
      FUNDWATCH_OUTBOX: ctx.config.outboxDir,
      FUNDWATCH_FEEDS: ctx.config.feedsPath,
      FUNDWATCH_SECRET: 'test-secret',
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'silent',
    });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('les lettres de la semaine 2026-W49 sont déjà en cours d’envoi');
    expect(await first).toMatchObject({ sent: 3, stuck: 0, failed: 0 });
    expect(smtp.received).toHaveLength(3);
    // Once the first has finished, a new run may go: nothing is left to send, nothing is stuck.
    expect(await runDigests(ctx, { now: new Date(NOW) })).toMatchObject({ sent: 0, stuck: 0 });
  });
});

describe('digest run killed half-way', () => {

  it('sends every member exactly one digest, except the one left in sending, which is reported', async () => {
    let kill: (() => void) | undefined;
    // The 4th message arrives, and before the server answers, the sending process dies.
    smtp = await startSmtp({ delayMs: 250, onData: (count) => count === 4 && kill?.() });
    ctx = createTestContext({ SMTP_URL: smtp.url });
    const callId = insertCall(ctx.db, { title: 'Appel pour tous', deadlines: ['2027-01-31'] });
    for (let i = 1; i <= MEMBERS; i++) {
      const member = createMember(ctx.db, { email: `membre${i}@asso.example` });
      insertMatch(ctx.db, createProfile(ctx.db, member.id, { name: 'Numérique' }).id, callId, 50, ['numérique'], '2026-11-27T00:00:00Z');
    }
    const env = {
      FUNDWATCH_DB: ctx.config.dbPath,
      FUNDWATCH_OUTBOX: ctx.config.outboxDir,
      FUNDWATCH_FEEDS: ctx.config.feedsPath,
      FUNDWATCH_SECRET: 'test-secret',
      SMTP_URL: smtp.url,
      SMTP_MAX_CONNECTIONS: '1',
      LOG_LEVEL: 'silent',
    };

    const killed = await runCli(env, (k) => (kill = k));
    expect(killed.signal).toBe('SIGKILL');
    const states = () =>
      ctx.db.prepare('SELECT m.email, d.status FROM digest_deliveries d JOIN members m ON m.id = d.member_id ORDER BY m.id').all() as {
        email: string;
        status: string;
      }[];
    const afterCrash = states();
    expect(afterCrash.filter((s) => s.status === 'sent')).toHaveLength(3);
    const stuck = afterCrash.filter((s) => s.status === 'sending').map((s) => s.email);
    expect(stuck).toHaveLength(1);
    expect(afterCrash.filter((s) => s.status === 'pending')).toHaveLength(MEMBERS - 4);

    const rerun = await runCli({ ...env, LOG_LEVEL: 'silent' });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout.trim()).toBe(`lettres de la semaine 2026-W49 : ${MEMBERS - 4} envoyées, 0 sans nouveauté ou en pause, 0 en échec, 1 interrompue (état inconnu)`);
    expect(rerun.stderr).toContain(`${stuck[0]}: envoi interrompu, état inconnu : non renvoyé`);

    const received = new Map<string, number>();
    for (const r of smtp.received) received.set(r.to[0]!, (received.get(r.to[0]!) ?? 0) + 1);
    for (let i = 1; i <= MEMBERS; i++) {
      const email = `membre${i}@asso.example`;
      if (stuck.includes(email)) expect(received.get(email) ?? 0).toBeLessThanOrEqual(1);
      else expect(received.get(email), email).toBe(1);
    }

    // Still reported, never resent, on every later run of the week.
    const third = await runDigests(ctx, { now: new Date(NOW) });
    expect(third).toMatchObject({ sent: 0, stuck: 1, errors: [{ email: stuck[0] }] });
    expect(states().find((s) => s.email === stuck[0])!.status).toBe('sending');
  });
});
