// Deadline reminders through the real `fundwatch reminders --now` command (and the same run in process for a sweep of
// days) against a real SMTP server: one reminder per lead time, the « dossier déposé ? » check, none after
// `submitted` or for a closed call, the right one after a deadline moved, never twice, even after a SIGKILL.
import { spawn } from 'node:child_process';
import * as cheerio from 'cheerio';
import { afterEach, describe, expect, it } from 'vitest';
import { runReminders } from '../../src/follow/reminders/run.js';
import { setReminderSettings } from '../../src/follow/settings.js';
import { setFollowStatus, type FollowStatus } from '../../src/follow/statuses.js';
import { createMember } from '../../src/members/store.js';
import { CLI, fundwatch } from '../helpers/cli.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, plainSpaces, startSmtp, type Received, type TestSmtp } from '../digest/helpers.js';

let ctx: TestContext;
let smtp: TestSmtp;

afterEach(async () => {
  ctx?.cleanup();
  await smtp?.close();
});

function env(): Record<string, string> {
  return {
    FUNDWATCH_DB: ctx.config.dbPath,
    FUNDWATCH_OUTBOX: ctx.config.outboxDir,
    FUNDWATCH_FEEDS: ctx.config.feedsPath,
    FUNDWATCH_SECRET: 'test-secret',
    FUNDWATCH_BASE_URL: 'https://veille.reseau.example',
    SMTP_URL: smtp.url,
    SMTP_MAX_CONNECTIONS: '1',
    LOG_LEVEL: 'silent',
  };
}

function follow(memberId: number, callId: number, status: FollowStatus, at = '2026-12-01T10:00:00Z') {
  setFollowStatus(ctx.db, memberId, callId, status, new Date(at));
}

function moveDeadline(callId: number, deadline: string, at: string) {
  ctx.db.prepare('UPDATE calls SET deadlines = ?, next_deadline = ?, updated_at = ? WHERE id = ?').run(JSON.stringify([deadline]), deadline, at, callId);
}

/** Each day from `from` to `to` (inclusive), YYYY-MM-DD. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T12:00:00Z`); d <= new Date(`${to}T12:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/** What each received reminder says, in the order received: day of the run, recipient, and its text. */
function texts(received: Received[]): { to: string; subject: string; text: string }[] {
  return received.map((r) => ({ to: r.to[0]!, subject: plainSpaces(r.mail.subject ?? ''), text: plainSpaces(r.mail.text ?? '') }));
}

describe('fundwatch reminders', { timeout: 90_000 }, () => {
  it('sends one reminder per lead time on the right days, and nothing on the others, even when run twice', async () => {
    smtp = await startSmtp();
    ctx = createTestContext({ SMTP_URL: smtp.url, FUNDWATCH_BASE_URL: 'https://veille.reseau.example' });
    const awa = createMember(ctx.db, { email: 'awa@asso.example', name: 'Awa' });
    const studied = insertCall(ctx.db, { title: 'Fonds numérique solidaire', deadlines: ['2027-01-31'] });
    const applied = insertCall(ctx.db, { title: 'Appel tiers-lieux', deadlines: ['2027-01-20'] });
    const closed = insertCall(ctx.db, { title: 'Appel déjà clos', deadlines: ['2027-01-25'], status: 'closed' });
    follow(awa.id, studied, 'interested');
    follow(awa.id, applied, 'applying');
    follow(awa.id, closed, 'interested');

    // The real command, on the first reminder's day, twice.
    const first = await fundwatch(['reminders', '--now', '2027-01-06'], env());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('rappels du 2027-01-06 : 1 envoyé, 0 sans objet, 0 en échec, 0 interrompu');
    const again = await fundwatch(['reminders', '--now', '2027-01-06'], env());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(' : 0 envoyé,');
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!.mail;
    expect(plainSpaces(mail.subject ?? '')).toBe('Rappel : Appel tiers-lieux (date limite dans 14 jours)');
    const $ = cheerio.load(mail.html as string);
    const buttons = $('a').filter((_, a) => ['Dossier déposé', 'Je ne candidate plus'].includes($(a).text().trim()));
    expect(buttons.map((_, a) => $(a).attr('href')).get()).toEqual([
      expect.stringMatching(new RegExp(`^https://veille\\.reseau\\.example/m/[^/]+/calls/${applied}/status\\?status=submitted$`)),
      expect.stringMatching(new RegExp(`/calls/${applied}/status\\?status=none$`)),
    ]);

    // Every other day of the month, in process, each run twice.
    for (const day of days('2027-01-01', '2027-02-05')) {
      await runReminders(ctx, { now: new Date(`${day}T09:00:00+01:00`) });
      await runReminders(ctx, { now: new Date(`${day}T18:00:00+01:00`) });
    }
    expect(texts(smtp.received).map((m) => m.subject)).toEqual([
      'Rappel : Appel tiers-lieux (date limite dans 14 jours)', // 6 janvier: J-14
      'Rappel : 2 appels suivis arrivent à leur date limite', // 17 janvier: J-3 of one, J-14 of the other
      'Votre dossier est-il déposé ? Appel tiers-lieux (date limite dans 2 jours)', // 18 janvier
      'Rappel : Fonds numérique solidaire (date limite dans 3 jours)', // 28 janvier
    ]);
    // One message a day: on 17 January both calls are in the same reminder.
    const rows = ctx.db.prepare(`SELECT d.day, i.call_id, i.kind, i.lead_days FROM reminder_items i JOIN reminder_deliveries d ON d.id = i.delivery_id WHERE d.status = 'sent' ORDER BY d.day, i.call_id`).all();
    expect(rows).toEqual([
      { day: '2027-01-06', call_id: applied, kind: 'deadline', lead_days: 14 },
      { day: '2027-01-17', call_id: studied, kind: 'deadline', lead_days: 14 },
      { day: '2027-01-17', call_id: applied, kind: 'deadline', lead_days: 3 },
      { day: '2027-01-18', call_id: applied, kind: 'submitted_check', lead_days: 2 },
      { day: '2027-01-28', call_id: studied, kind: 'deadline', lead_days: 3 },
    ]);
    expect(smtp.received).toHaveLength(4);
    const both = texts(smtp.received)[1]!;
    expect(both.subject).toBe('Rappel : 2 appels suivis arrivent à leur date limite');
    expect(both.text).toContain('Appel tiers-lieux');
    expect(both.text).toContain('Fonds numérique solidaire');
    expect(texts(smtp.received).some((m) => m.text.includes('Appel déjà clos'))).toBe(false);
    expect(texts(smtp.received)[2]!.text).toContain('Votre dossier est-il déposé ?');
  });

  it('sends nothing after « dossier déposé », follows a moved deadline and says so, and honours the member’s lead times', async () => {
    smtp = await startSmtp();
    ctx = createTestContext({ SMTP_URL: smtp.url });
    const member = createMember(ctx.db, { email: 'lea@asso.example' });
    const submitted = insertCall(ctx.db, { title: 'Dossier parti', deadlines: ['2027-01-20'] });
    const moving = insertCall(ctx.db, { title: 'Appel reporté', deadlines: ['2027-01-31'] });
    follow(member.id, submitted, 'applying');
    follow(member.id, moving, 'interested');
    setReminderSettings(ctx.db, member.id, [10, 1], true);

    const run = async (day: string) => fundwatch(['reminders', '--now', day], env());
    expect((await run('2027-01-10')).stdout).toContain(' : 1 envoyé,'); // « Dossier parti », J-10
    follow(member.id, submitted, 'submitted', '2027-01-11T10:00:00Z');
    expect((await run('2027-01-18')).stdout).toContain(' : 0 envoyé,'); // its J-2 check: not after submitted
    expect((await run('2027-01-19')).stdout).toContain(' : 0 envoyé,'); // its J-1: neither
    expect((await run('2027-01-21')).stdout).toContain(' : 1 envoyé,'); // « Appel reporté », J-10
    // The funder moves the deadline by ten days: the J-1 of the old date is not sent, the new J-10 is, saying so.
    moveDeadline(moving, '2027-02-10', '2027-01-25T08:00:00.000Z');
    expect((await run('2027-01-30')).stdout).toContain(' : 0 envoyé,');
    expect((await run('2027-01-31')).stdout).toContain(' : 1 envoyé,');
    expect((await run('2027-01-31')).stdout).toContain(' : 0 envoyé,');
    const last = texts(smtp.received).at(-1)!;
    expect(last.subject).toBe('Rappel : Appel reporté (date limite dans 10 jours)');
    expect(last.text).toContain('La date limite a changé : elle était le dimanche 31 janvier 2027, elle est désormais le mercredi 10 février 2027.');
    expect((await run('2027-02-09')).stdout).toContain(' : 1 envoyé,'); // new J-1
    expect(smtp.received).toHaveLength(4);
    expect(texts(smtp.received).filter((m) => m.text.includes('Dossier parti'))).toHaveLength(1);

    // Reminders turned off: nothing, whatever is due.
    const later = insertCall(ctx.db, { title: 'Encore un', deadlines: ['2027-03-01'] });
    follow(member.id, later, 'interested');
    setReminderSettings(ctx.db, member.id, [10, 1], false);
    expect((await run('2027-02-19')).stdout).toContain(' : 0 envoyé,');
  });

  it('retries a refused reminder and reports it, and never sends one twice after a SIGKILL mid-run', async () => {
    let kill: (() => void) | undefined;
    // The 3rd message arrives and, before the server answers, the sending process dies.
    smtp = await startSmtp({ delayMs: 200, onData: (count) => count === 3 && kill?.() });
    ctx = createTestContext({ SMTP_URL: smtp.url });
    const call = insertCall(ctx.db, { title: 'Appel commun', deadlines: ['2027-01-31'] });
    for (let i = 1; i <= 6; i++) follow(createMember(ctx.db, { email: `membre${i}@asso.example` }).id, call, 'interested');

    const killed = await new Promise<{ signal: NodeJS.Signals | null }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'reminders', '--now', '2027-01-17'], { env: { PATH: process.env.PATH ?? '', ...env() }, stdio: 'ignore' });
      kill = () => child.kill('SIGKILL');
      child.on('error', reject);
      child.on('close', (_code, signal) => resolve({ signal }));
    });
    expect(killed.signal).toBe('SIGKILL');
    // The server still accepts the third message once its delay is over: delivered, but the sender never knew.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received.map((r) => r.to[0])).toEqual(['membre1@asso.example', 'membre2@asso.example', 'membre3@asso.example']);

    // The next runs send to the others, never to those already sent to, and report the one in doubt.
    smtp.setRefuseAfter(1);
    const second = await fundwatch(['reminders', '--now', '2027-01-17'], env());
    expect(second.stdout).toContain('1 envoyé, 0 sans objet, 2 en échec, 1 interrompu (état inconnu)');
    expect(second.stderr).toContain('état inconnu');
    expect(second.stderr).toContain('Boîte pleine');
    smtp.setRefuseAfter(undefined);
    const third = await fundwatch(['reminders', '--now', '2027-01-17'], env());
    expect(third.stdout).toContain('2 envoyés, 0 sans objet, 0 en échec, 1 interrompu (état inconnu)');
    const fourth = await fundwatch(['reminders', '--now', '2027-01-18'], env());
    expect(fourth.stdout).toContain(' : 0 envoyé,');

    const perMember = new Map<string, number>();
    for (const r of smtp.received) perMember.set(r.to[0]!, (perMember.get(r.to[0]!) ?? 0) + 1);
    expect([...perMember.values()].every((n) => n === 1)).toBe(true);
    expect(perMember.size).toBe(6); // membre3's came from the killed run: never sent again
    const statuses = ctx.db.prepare("SELECT status, COUNT(*) AS n FROM reminder_deliveries WHERE day = '2027-01-17' GROUP BY status ORDER BY status").all();
    expect(statuses).toEqual([
      { status: 'sending', n: 1 },
      { status: 'sent', n: 5 },
    ]);
  });
});
