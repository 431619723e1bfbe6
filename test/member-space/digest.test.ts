// The whole loop: the real matcher finds two calls for two members, one member clicks "Pas pertinent" on one of
// them through the real routes, the matcher rescores, and the next digest (through a real SMTP server) no longer
// lists that call for that member, while the other member still gets it.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/run.js';
import { matchAll } from '../../src/match/run.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { notRelevantLinks } from '../../src/member-space/links.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { buildTestApp, insertCall, pathOf } from './helpers.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const MATCHED_AT = new Date('2026-11-27T10:00:00Z');
const MONDAY = new Date('2026-11-30T07:00:00Z');

describe('"Pas pertinent" and the next digest', () => {
  let smtp: TestSmtp;
  let ctx: TestContext;
  let app: FastifyInstance;

  beforeEach(async () => {
    smtp = await startSmtp();
    ctx = createTestContext({ SMTP_URL: smtp.url, FUNDWATCH_BASE_URL: 'https://veille.reseau.example', FUNDWATCH_ADMIN_TOKEN: 'admin-secret' });
    app = await buildTestApp(ctx, { now: () => MATCHED_AT });
  });

  afterEach(async () => {
    await app.close();
    ctx.cleanup();
    await smtp.close();
  });

  function digestFor(email: string): string {
    const message = smtp.received.find((r) => r.to.includes(email));
    expect(message, `a digest for ${email}`).toBeDefined();
    return `${message!.mail.text ?? ''}\n${message!.mail.html || ''}`;
  }

  it('leaves the hidden call out of that member’s next digest, and only theirs', async () => {
    const alice = createMember(ctx.db, { email: 'alice@espace-numerique.example', name: 'Alice' });
    const bruno = createMember(ctx.db, { email: 'bruno@centre-social.example', name: 'Bruno' });
    const aliceProfile = createProfile(ctx.db, alice.id, { name: 'Médiation numérique', keywords: ['"médiation numérique"', 'inclusion'] });
    createProfile(ctx.db, bruno.id, { name: 'Médiation numérique', keywords: ['"médiation numérique"', 'inclusion'] });
    const noisy = insertCall(ctx.db, {
      title: 'Médiation numérique pour les entreprises du BTP',
      summary: 'Appel à projets de médiation numérique et d’inclusion destiné aux entreprises du bâtiment.',
      deadlines: ['2027-01-31'],
      sourceId: 'cci-region',
    });
    const kept = insertCall(ctx.db, {
      title: 'Médiation numérique dans les quartiers prioritaires',
      summary: 'Soutenir la médiation numérique et l’inclusion des habitants des quartiers prioritaires.',
      deadlines: ['2027-02-28'],
    });
    matchAll(ctx, MATCHED_AT);
    const matchedCalls = (memberId: number) =>
      (ctx.db.prepare('SELECT m.call_id FROM matches m JOIN profiles p ON p.id = m.profile_id WHERE p.member_id = ? ORDER BY m.call_id').all(memberId) as { call_id: number }[]).map((r) => r.call_id);
    expect(matchedCalls(alice.id)).toEqual([noisy, kept]);

    const click = await app.inject({ method: 'POST', url: pathOf(notRelevantLinks(ctx, alice.id)(noisy, aliceProfile.id)) });
    expect(click.statusCode).toBe(200);
    // A full rescore (the weekly `fundwatch match`, or a profile edit) does not bring the call back.
    matchAll(ctx, new Date(MATCHED_AT.getTime() + 3_600_000));
    expect(matchedCalls(alice.id)).toEqual([kept]);
    expect(matchedCalls(bruno.id)).toEqual([noisy, kept]);

    const summary = await runDigests(ctx, { now: MONDAY });
    expect(summary.sent).toBe(2);
    const forAlice = digestFor('alice@espace-numerique.example');
    expect(forAlice).toContain('Médiation numérique dans les quartiers prioritaires');
    expect(forAlice).not.toContain('entreprises du BTP');
    const forBruno = digestFor('bruno@centre-social.example');
    expect(forBruno).toContain('Médiation numérique dans les quartiers prioritaires');
    expect(forBruno).toContain('Médiation numérique pour les entreprises du BTP');

    const feedback = await app.inject({ method: 'GET', url: '/api/feedback', headers: { authorization: 'Bearer admin-secret' } });
    expect(feedback.json().by_source).toEqual([{ source_id: 'cci-region', source_name: 'Source cci-region', count: 1 }]);
    expect(feedback.json().items[0].terms.length).toBeGreaterThan(0);
  });
});
