// Unsubscribe pages on a bare fastify instance: the confirmation page changes nothing, the button and the
// RFC 8058 one-click POST unsubscribe (twice is fine), a forged token gets a French 400 page, and no
// digest reaches the member afterwards.
import * as cheerio from 'cheerio';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unsubscribeRoutes } from '../../src/api/routes/unsubscribe.js';
import { signingSecret } from '../../src/db/settings.js';
import { unsubscribeUrl } from '../../src/digest/message.js';
import { runDigests } from '../../src/digest/run.js';
import { createMember, createProfile, getMember, memberTokenSalt } from '../../src/members/store.js';
import { signMemberToken, verifyMemberToken } from '../../src/members/tokens.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch, startSmtp, type TestSmtp } from './helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
let smtp: TestSmtp;
let memberId: number;
let token: string;

beforeEach(async () => {
  smtp = await startSmtp();
  ctx = createTestContext({ SMTP_URL: smtp.url, FUNDWATCH_BASE_URL: 'https://veille.reseau.example', STAFF_EMAIL: 'equipe@reseau.example' });
  const member = createMember(ctx.db, { email: 'marie@asso.example', name: 'Marie' });
  memberId = member.id;
  const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
  insertMatch(ctx.db, profile.id, insertCall(ctx.db, { title: 'Appel', deadlines: ['2027-01-31'] }), 50, ['numérique'], '2026-11-27T00:00:00Z');
  token = unsubscribeUrl(ctx, member.id).split('/').pop()!;
  app = Fastify();
  await app.register(unsubscribeRoutes, { ctx });
  await app.ready();
});

afterEach(async () => {
  await app.close();
  ctx.cleanup();
  await smtp.close();
});

const status = () => getMember(ctx.db, memberId)!.status;

describe('unsubscribe', () => {
  it('GET shows a French confirmation page with a button and changes nothing', async () => {
    const response = await app.inject({ method: 'GET', url: `/unsubscribe/${token}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const $ = cheerio.load(response.body);
    expect($('html').attr('lang')).toBe('fr');
    expect($('meta[name="viewport"]').attr('content')).toContain('width=device-width');
    expect($('h1').text()).toBe('Se désabonner de la veille financements');
    expect($('form').attr('method')).toBe('post');
    expect(new URL($('form').attr('action')!, `https://veille.reseau.example/unsubscribe/${token}`).pathname).toBe(`/unsubscribe/${token}`);
    expect($('form button').text()).toBe('Me désabonner');
    expect(response.body).toContain('marie@asso.example');
    expect(status()).toBe('active');
  });

  it('the page button (form POST) unsubscribes, and again is fine', async () => {
    const first = await app.inject({
      method: 'POST',
      url: `/unsubscribe/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(first.statusCode).toBe(200);
    expect(cheerio.load(first.body)('h1').text()).toBe('Vous êtes désabonné·e');
    expect(status()).toBe('unsubscribed');
    const unsubscribedAt = getMember(ctx.db, memberId)!.unsubscribedAt;
    const second = await app.inject({ method: 'POST', url: `/unsubscribe/${token}` });
    expect(second.statusCode).toBe(200);
    expect(getMember(ctx.db, memberId)!.unsubscribedAt).toBe(unsubscribedAt);
    const page = await app.inject({ method: 'GET', url: `/unsubscribe/${token}` });
    expect(cheerio.load(page.body)('h1').text()).toBe('Vous êtes déjà désabonné·e');
  });

  it('accepts the RFC 8058 one-click POST, and no digest is sent afterwards', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/unsubscribe/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
    expect(status()).toBe('unsubscribed');
    const multipart = await app.inject({
      method: 'POST',
      url: `/unsubscribe/${token}`,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    expect(multipart.statusCode).toBe(200);

    const summary = await runDigests(ctx, { now: new Date('2026-11-30T08:00:00Z') });
    expect(summary).toMatchObject({ sent: 0, failed: 0 });
    expect(smtp.received.filter((r) => r.to[0] === 'marie@asso.example')).toHaveLength(0);
  });

  it('answers a forged or altered token with a clear French 400 page and changes nothing', async () => {
    const salt = memberTokenSalt(ctx.db, memberId)!;
    const forged = [
      signMemberToken('not-the-secret', memberId, salt, 'unsubscribe'),
      signMemberToken(signingSecret(ctx.db, ctx.config.secret), memberId, salt, 'calendar'), // another purpose
      `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`,
      token.replace(/^\d+/, String(memberId + 1)),
      'nimportequoi',
      `${token}x`,
    ];
    for (const bad of forged) {
      for (const method of ['GET', 'POST'] as const) {
        const response = await app.inject({ method, url: `/unsubscribe/${encodeURIComponent(bad)}` });
        expect(response.statusCode, `${method} ${bad}`).toBe(400);
        const $ = cheerio.load(response.body);
        expect($('h1').text()).toBe('Lien de désabonnement invalide');
        expect($('body').text()).toContain('n’est pas valide');
        expect($('form').length).toBe(0);
      }
    }
    expect(status()).toBe('active');
  });

  it('revokes links when the member salt is rotated or the member is deleted', async () => {
    const secret = signingSecret(ctx.db, ctx.config.secret);
    expect(verifyMemberToken(ctx.db, secret, token, 'unsubscribe')).toBe(memberId);
    ctx.db.prepare('UPDATE members SET token_salt = ? WHERE id = ?').run('rotated', memberId);
    expect(verifyMemberToken(ctx.db, secret, token, 'unsubscribe')).toBeNull();
    expect((await app.inject({ method: 'POST', url: `/unsubscribe/${token}` })).statusCode).toBe(400);
    const fresh = unsubscribeUrl(ctx, memberId).split('/').pop()!;
    ctx.db.prepare('DELETE FROM members WHERE id = ?').run(memberId);
    // An erased member's link says the person is no longer on the list (issue 19), still without a form.
    const gone = await app.inject({ method: 'GET', url: `/unsubscribe/${fresh}` });
    expect(gone.statusCode).toBe(410);
    expect(cheerio.load(gone.body)('form').length).toBe(0);
  });

  it('follows the link found in a real digest', async () => {
    await runDigests(ctx, { now: new Date('2026-11-30T08:00:00Z') });
    const mail = smtp.received.find((r) => r.to[0] === 'marie@asso.example')!.mail;
    const link = /^<(.+)>$/.exec(mail.headerLines.find((h) => h.key === 'list-unsubscribe')!.line.replace(/^[^:]+:\s*/, ''))![1]!;
    const response = await app.inject({ method: 'POST', url: new URL(link).pathname, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(response.statusCode).toBe(200);
    expect(status()).toBe('unsubscribed');
  });
});
