// A member's pause (`paused_until`, INTERFACE.md) set by staff through the admin API or the members import: no
// digest before that day, then the digest comes back by itself. Real app, real SQLite file, real SMTP server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/run.js';
import { applyImport, parseMembersCsv, parseMembersYaml } from '../../src/members/import.js';
import { getMemberByEmail } from '../../src/members/store.js';
import { createTestApp, seedCall, type TestApp, TOKEN } from '../api/helpers.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

let smtp: TestSmtp;
let t: TestApp;

beforeEach(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, SMTP_URL: smtp.url });
});

afterEach(async () => {
  await t?.close();
  await smtp?.close();
});

const profiles = [{ name: 'Médiation', keywords: ['médiation numérique'] }];

describe('paused_until through the admin API', () => {
  it('is stored, returned, cleared with null, and a bad date is a 400 that changes nothing', async () => {
    const created = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'a@asso.example', paused_until: '2026-03-20', profiles } });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: number }).id;
    expect(created.json()).toMatchObject({ paused_until: '2026-03-20' });

    const bad = await t.api({ method: 'PATCH', url: `/api/members/${id}`, payload: { paused_until: '20/03/2026' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('paused_until');
    expect((await t.api({ method: 'GET', url: `/api/members/${id}` })).json()).toMatchObject({ paused_until: '2026-03-20' });

    const cleared = await t.api({ method: 'PATCH', url: `/api/members/${id}`, payload: { paused_until: null } });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ paused_until: null });
    const other = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'b@asso.example' } });
    expect(other.json()).toMatchObject({ paused_until: null });
  });

  it('skips the paused member’s digest until the day, then sends it again by itself', async () => {
    seedCall(t.ctx.db, { title: 'Appel à projets médiation numérique 2026', summary: 'Soutien à la médiation numérique.', deadlines: ['2026-06-30'] });
    const paused = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'paused@asso.example', paused_until: '2026-03-20', profiles } });
    expect(paused.statusCode, paused.body).toBe(201);
    await t.api({ method: 'POST', url: '/api/members', payload: { email: 'active@asso.example', profiles } });

    await runDigests(t.ctx, { now: new Date('2026-03-16T08:00:00Z') });
    expect(smtp.received.flatMap((r) => r.to)).toEqual(['active@asso.example']);

    await runDigests(t.ctx, { now: new Date('2026-03-23T08:00:00Z') });
    const paused2 = smtp.received.filter((r) => r.to.includes('paused@asso.example'));
    expect(paused2).toHaveLength(1);
    expect(paused2[0]!.mail.subject).toBeTruthy();
  });

  it('previews no digest for a paused member, as none would be sent, and says until when', async () => {
    seedCall(t.ctx.db, { title: 'Appel à projets médiation numérique 2026', summary: 'Soutien à la médiation numérique.', deadlines: ['2026-06-30'] });
    const created = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'pause@asso.example', paused_until: '2026-03-20', profiles } });
    const id = (created.json() as { id: number }).id;
    const paused = await t.api({ url: `/api/members/${id}/digest/preview` });
    expect(paused.statusCode).toBe(409);
    expect(paused.json().message).toContain('est en pause jusqu’au vendredi 20 mars 2026');
    await t.api({ method: 'PATCH', url: `/api/members/${id}`, payload: { paused_until: null } });
    expect((await t.api({ url: `/api/members/${id}/digest/preview` })).statusCode).toBe(200);
  });

  it('gives a member who joined paused, at the first digest after the pause, every call matched when they joined', async () => {
    // Imported on 10 March with a pause until 1 June: the calls matched that day are still open in June.
    seedCall(t.ctx.db, { title: 'Appel à projets médiation numérique 2026', summary: 'Soutien à la médiation numérique.', deadlines: ['2026-09-30'] });
    const created = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'summer@asso.example', paused_until: '2026-06-01', profiles } });
    expect(created.statusCode, created.body).toBe(201);
    expect((await t.api({ url: `/api/members/${(created.json() as { id: number }).id}/matches` })).json().total).toBe(1);

    const summary = await runDigests(t.ctx, { now: new Date('2026-06-01T08:00:00Z') });
    expect(summary).toMatchObject({ sent: 1 });
    expect(smtp.received[0]!.mail.html).toContain('Appel à projets médiation numérique 2026');
  });
});

describe('paused_until through the members import', () => {
  it('reads a French day in CSV and an ISO day in YAML, leaves it alone when absent, and names the line of a bad one', () => {
    const csv = parseMembersCsv("courriel;pause jusqu'au\nalice@asso.example;31/08/2026\nbruno@asso.example;\n");
    expect(csv.issues).toEqual([]);
    applyImport(t.ctx.db, csv.members);
    expect(getMemberByEmail(t.ctx.db, 'alice@asso.example')).toMatchObject({ pausedUntil: '2026-08-31' });
    expect(getMemberByEmail(t.ctx.db, 'bruno@asso.example')).toMatchObject({ pausedUntil: null });

    const yaml = parseMembersYaml('members:\n  - email: alice@asso.example\n    name: Alice\n  - email: bruno@asso.example\n    paused_until: "2026-09-15"\n');
    expect(yaml.issues).toEqual([]);
    applyImport(t.ctx.db, yaml.members);
    expect(getMemberByEmail(t.ctx.db, 'alice@asso.example')).toMatchObject({ pausedUntil: '2026-08-31' });
    expect(getMemberByEmail(t.ctx.db, 'bruno@asso.example')).toMatchObject({ pausedUntil: '2026-09-15' });

    const bad = parseMembersCsv('email,paused_until\nalice@asso.example,fin août\n');
    expect(bad.issues).toHaveLength(1);
    expect(bad.issues[0]).toMatchObject({ line: 2 });
    expect(bad.issues[0]!.message).toContain('paused_until');
  });
});
