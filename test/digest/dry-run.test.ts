// What `digest --dry-run` leaves behind: its .eml files, one digest_runs row marked dry_run, and nothing else that a
// later real run depends on, even when it previews a later week.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { listDigestRuns } from '../../src/digest/ledger.js';
import { runDigests } from '../../src/digest/run.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { getPin, putPin } from '../../src/network/pins.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch } from './helpers.js';

const MONDAY = new Date('2026-11-30T07:00:00Z');
const LATER = new Date('2026-12-14T07:00:00Z');

let ctx: TestContext;
afterEach(() => ctx?.cleanup());

describe('digest --dry-run', () => {
  it('records only its run, keeps pins and the ledger, and the real run after it sends the same digest', async () => {
    ctx = createTestContext({ FUNDWATCH_BASE_URL: 'https://veille.reseau.example', STAFF_EMAIL: 'equipe@reseau.example' });
    const member = createMember(ctx.db, { email: 'essai@asso.example' });
    const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
    const closingSoon = insertCall(ctx.db, { title: 'Appel qui ferme le 5 décembre', deadlines: ['2026-12-05'] });
    insertMatch(ctx.db, profile.id, closingSoon, 60, ['numérique'], '2026-11-27T10:00:00.000Z');
    putPin(ctx.db, closingSoon, { note: 'À regarder', internalDeadline: null, tags: [] }, MONDAY);
    const count = (table: string) => (ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

    // Two weeks ahead, the pinned call is closed: the preview must not unpin it for today's real run.
    await runDigests(ctx, { now: LATER, dryRun: true });
    await runDigests(ctx, { now: MONDAY, dryRun: true });
    expect(getPin(ctx.db, closingSoon)).not.toBeNull();
    expect(count('digest_deliveries')).toBe(0);
    expect(listDigestRuns(ctx.db, { limit: 10, offset: 0 }).items.map((run) => run.dryRun)).toEqual([true, true]);
    // The digests and the staff report (marked as a trial) went to the outbox, not to SMTP.
    expect(readdirSync(ctx.config.outboxDir).filter((f) => f.endsWith('.eml')).length).toBeGreaterThanOrEqual(2);
    // Staff reading only their inbox's subject line must not believe members were mailed.
    const subjects = await Promise.all(
      readdirSync(ctx.config.outboxDir).filter((f) => f.endsWith('.eml')).map(async (f) => (await simpleParser(readFileSync(join(ctx.config.outboxDir, f)))).subject ?? ''),
    );
    const reports = subjects.filter((s) => s.startsWith('Veille 2026-W'));
    expect(reports.length).toBeGreaterThanOrEqual(1);
    for (const subject of reports) expect(subject).toMatch(/^Veille 2026-W\d\d \(essai à blanc\) : /);

    expect(await runDigests(ctx, { now: MONDAY })).toMatchObject({ sent: 1 });
  });

  it('previews next week’s « Date limite proche » section as the real run will show it', async () => {
    ctx = createTestContext({ FUNDWATCH_BASE_URL: 'https://veille.reseau.example' });
    const member = createMember(ctx.db, { email: 'proche@asso.example' });
    const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
    const call = insertCall(ctx.db, { title: 'Fonds pour les ateliers numériques', deadlines: ['2026-12-15'] });
    insertMatch(ctx.db, profile.id, call, 60, ['numérique'], '2026-11-27T10:00:00.000Z');
    expect(await runDigests(ctx, { now: MONDAY })).toMatchObject({ sent: 1 });
    rmSync(ctx.config.outboxDir, { recursive: true, force: true });

    const NEXT_MONDAY = new Date('2026-12-07T07:00:00Z');
    expect(await runDigests(ctx, { now: NEXT_MONDAY, dryRun: true })).toMatchObject({ sent: 1 });
    const [file] = readdirSync(ctx.config.outboxDir).filter((f) => f.endsWith('.eml'));
    const mail = await simpleParser(readFileSync(join(ctx.config.outboxDir, file!)));
    const text = (mail.text ?? '').replace(/\u00a0/g, ' ');
    expect(text).toContain('Date limite proche');
    expect(text).toContain('Fonds pour les ateliers numériques');
  });
});
