// « Je suis intéressé » from a real digest, through the real server: a GET shows the question and changes nothing,
// the POST records the status; bad links, unknown calls and unknown statuses get a French page and change nothing.
import * as cheerio from 'cheerio';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { runDigests } from '../../src/digest/run.js';
import { rotateMemberLinks } from '../../src/member-space/links.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch, startSmtp, type TestSmtp } from '../digest/helpers.js';

let ctx: TestContext;
let smtp: TestSmtp;
let app: FastifyInstance;
let base: string;

beforeEach(async () => {
  smtp = await startSmtp();
  ctx = createTestContext({ SMTP_URL: smtp.url, FUNDWATCH_ADMIN_TOKEN: 'admin-secret' });
  app = await buildApp(ctx);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  // The links of the email must reach this very server: FUNDWATCH_BASE_URL is its address once it listens.
  ctx.config.baseUrl = base;
});

afterEach(async () => {
  await app.close();
  ctx.cleanup();
  await smtp.close();
});

function follows() {
  return ctx.db.prepare('SELECT member_id, call_id, status FROM call_follows ORDER BY call_id').all();
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

async function sendDigest() {
  const member = createMember(ctx.db, { email: 'suivi@asso.example', name: 'Awa' });
  const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
  const callId = insertCall(ctx.db, { title: 'Fonds pour l’inclusion numérique', deadlines: ['2027-01-31'], sourceId: 'fondation-x' });
  const other = insertCall(ctx.db, { title: 'Tiers-lieux ruraux', deadlines: ['2027-02-15'] });
  insertMatch(ctx.db, profile.id, callId, 60, ['numérique'], '2026-11-27T00:00:00Z');
  insertMatch(ctx.db, profile.id, other, 50, ['numérique'], '2026-11-27T00:00:00Z');
  const summary = await runDigests(ctx, { now: new Date('2026-11-30T08:00:00Z') });
  expect(summary.sent).toBe(1);
  const mail = smtp.received[0]!.mail;
  const $ = cheerio.load(mail.html as string);
  const interested = $('a.fw-interested').map((_, el) => $(el).attr('href')).get();
  return { member, callId, other, interested, text: mail.text ?? '' };
}

describe('« Je suis intéressé »', () => {
  it('is offered beside every call of the digest; its GET changes nothing, its POST records the status', async () => {
    const { member, callId, interested, text } = await sendDigest();
    expect(interested).toHaveLength(2);
    expect(interested.every((href) => href.startsWith(`${base}/m/`))).toBe(true);
    expect(text).toContain(`Je suis intéressé : ${interested[0]}`);
    const link = interested.find((href) => href.includes(`/calls/${callId}/status`))!;

    const page = await fetch(link);
    expect(page.status).toBe(200);
    const $ = cheerio.load(await page.text());
    expect($('h1').text()).toContain('intéressé');
    expect($('.call strong').text()).toBe('Fonds pour l’inclusion numérique');
    expect($('input[name=status]:checked').val()).toBe('interested');
    expect($('form').text()).toContain('14\u00a0jours et 3\u00a0jours avant la date limite');
    // A second GET (a mail scanner) still changes nothing.
    await fetch(link);
    expect(follows()).toEqual([]);

    const action = new URL($('form').attr('action')!, link).href;
    const done = await fetch(action, form({ status: $('input[name=status]:checked').val() as string }));
    expect(done.status).toBe(200);
    expect(cheerio.load(await done.text())('h1').text()).toContain('C’est noté');
    expect(follows()).toEqual([{ member_id: member.id, call_id: callId, status: 'interested' }]);

    // The next step, from the same page.
    await fetch(action, form({ status: 'applying' }));
    const api = await fetch(`${base}/api/members/${member.id}/calls`, { headers: { authorization: 'Bearer admin-secret' } });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { items: Record<string, unknown>[]; total: number };
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ call_id: callId, status: 'applying', title: 'Fonds pour l’inclusion numérique', deadline: '2027-01-31', open: true });
    expect(typeof body.items[0]!.updated_at).toBe('string');
    const events = ctx.db.prepare('SELECT status, previous FROM call_follow_events ORDER BY id').all();
    expect(events).toEqual([
      { status: 'interested', previous: null },
      { status: 'applying', previous: 'interested' },
    ]);

    // Ne plus suivre: gone from the API list unless asked for.
    await fetch(action, form({ status: 'none' }));
    const after = (await (await fetch(`${base}/api/members/${member.id}/calls`, { headers: { authorization: 'Bearer admin-secret' } })).json()) as { total: number };
    expect(after.total).toBe(0);
    const all = (await (await fetch(`${base}/api/members/${member.id}/calls?include_none=true`, { headers: { authorization: 'Bearer admin-secret' } })).json()) as {
      items: { status: string }[];
    };
    expect(all.items.map((i) => i.status)).toEqual(['none']);
  });

  it('answers a forged or rotated link, an unknown call or an unknown status with a French page, changing nothing', async () => {
    const { member, callId, interested } = await sendDigest();
    const link = interested.find((href) => href.includes(`/calls/${callId}/status`))!;
    const forged = link.replace(/\/m\/(\d+)\.[^/]+\//, '/m/$1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/');
    for (const [url, init, code, heading] of [
      [forged, undefined, 404, 'Lien introuvable'],
      [forged, form({ status: 'interested' }), 404, 'Lien introuvable'],
      [link.replace(`/calls/${callId}/`, '/calls/999999/'), form({ status: 'interested' }), 404, 'Appel introuvable'],
      [link.replace(`/calls/${callId}/`, '/calls/abc/'), undefined, 404, 'Appel introuvable'],
      [`${link}?status=gagne`, undefined, 400, 'Statut inconnu'],
      [link, form({ status: 'gagne' }), 400, 'Statut inconnu'],
      [link, form({}), 400, 'Statut inconnu'],
    ] as const) {
      const response = await fetch(url, init);
      expect(response.status, `${init?.method ?? 'GET'} ${url}`).toBe(code);
      expect(response.headers.get('content-type')).toContain('text/html');
      const $ = cheerio.load(await response.text());
      expect($('html').attr('lang')).toBe('fr');
      expect($('h1').text()).toBe(heading);
    }
    expect(follows()).toEqual([]);

    // Staff rotate the member's links: the old one stops working, and still changes nothing.
    expect(rotateMemberLinks(ctx.db, member.id)).toBe(true);
    const rotated = await fetch(link, form({ status: 'interested' }));
    expect(rotated.status).toBe(404);
    expect(follows()).toEqual([]);
  });

  it('puts « Je suis intéressé » in the Atom feed', async () => {
    const { member, callId } = await sendDigest();
    const feedLink = cheerio.load(smtp.received[0]!.mail.html as string)('a[href$="/feed.atom"]').attr('href')!;
    const feed = await (await fetch(feedLink)).text();
    const $ = cheerio.load(feed, { xml: true });
    const entry = $('entry').filter((_, el) => $(el).find('title').text() === 'Fonds pour l’inclusion numérique');
    const content = cheerio.load(entry.find('content').text());
    const href = content('a').filter((_, el) => content(el).text() === 'Je suis intéressé').attr('href')!;
    expect(href).toContain(`/calls/${callId}/status`);
    expect((await fetch(href)).status).toBe(200);
    expect(member.id).toBeGreaterThan(0);
  });
});
