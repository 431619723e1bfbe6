// Private links answer 404, all alike, to anything but a valid token for that member, route and call.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, createProfile } from '../../src/members/store.js';
import { signMemberToken } from '../../src/members/tokens.js';
import { memberLinks, notRelevantLinks } from '../../src/member-space/links.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { buildTestApp, insertCall, insertMatch, pathOf } from './helpers.js';

const NOW = new Date('2026-11-28T10:00:00Z');
const ADMIN = { authorization: 'Bearer admin-secret' };

/** Flips one character of the signature part of the token inside a link. */
function alter(path: string): string {
  return path.replace(/\/m\/(\d+)\.([^/]+)\//, (_all, id: string, mac: string) => {
    const flipped = (mac[5] === 'A' ? 'B' : 'A') + mac.slice(6);
    return `/m/${id}.${mac.slice(0, 5)}${flipped}/`;
  });
}

describe('signed member links', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let memberId: number;
  let callA: number;
  let callB: number;

  beforeEach(async () => {
    ctx = createTestContext({ FUNDWATCH_ADMIN_TOKEN: 'admin-secret' });
    memberId = createMember(ctx.db, { email: 'dominique@centre-social.example' }).id;
    const profile = createProfile(ctx.db, memberId, { name: 'Seniors', keywords: ['seniors'] });
    callA = insertCall(ctx.db, { title: 'Bien vieillir avec le numérique', deadlines: ['2027-03-01'] });
    callB = insertCall(ctx.db, { title: 'Accès aux droits des seniors', deadlines: ['2027-04-01'] });
    insertMatch(ctx.db, profile.id, callA, 70, ['seniors'], '2026-11-20T08:00:00.000Z');
    insertMatch(ctx.db, profile.id, callB, 70, ['seniors'], '2026-11-21T08:00:00.000Z');
    app = await buildTestApp(ctx, { now: () => NOW });
  });

  afterEach(async () => {
    await app.close();
    ctx.cleanup();
  });

  async function status(method: 'GET' | 'POST', url: string): Promise<number> {
    return (await app.inject({ method, url })).statusCode;
  }

  it('accepts the genuine links', async () => {
    const links = memberLinks(ctx, memberId);
    expect(await status('GET', pathOf(links.calendarUrl))).toBe(200);
    expect(await status('GET', pathOf(links.feedUrl))).toBe(200);
    expect(await status('GET', pathOf(notRelevantLinks(ctx, memberId)(callA)))).toBe(200);
  });

  it('answers 404 to forged and altered tokens, the same way for every route', async () => {
    const links = memberLinks(ctx, memberId);
    const forgedToken = signMemberToken('not-the-secret', memberId, 'guessed-salt', 'calendar');
    const bad = [
      `/m/${forgedToken}/calendar.ics`,
      `/m/${forgedToken}/feed.atom`,
      '/m/garbage/calendar.ics',
      `/m/${memberId}/feed.atom`,
      alter(pathOf(links.calendarUrl)),
      alter(pathOf(links.feedUrl)),
      // Another member's id with this member's signature.
      pathOf(links.feedUrl).replace(`/m/${memberId}.`, `/m/${memberId + 1}.`),
    ];
    const bodies = new Set<string>();
    for (const url of bad) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      bodies.add(response.body);
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain('Lien introuvable');
  });

  it('does not let a token open another route, call or profile than the one it was made for', async () => {
    const links = memberLinks(ctx, memberId);
    const calendarToken = /\/m\/([^/]+)\//.exec(pathOf(links.calendarUrl))![1];
    expect(await status('GET', `/m/${calendarToken}/feed.atom`)).toBe(404);
    const forA = pathOf(notRelevantLinks(ctx, memberId)(callA));
    expect(await status('GET', `/m/${calendarToken}/not-relevant/${callA}`)).toBe(404);
    expect(await status('POST', forA.replace(`/not-relevant/${callA}`, `/not-relevant/${callB}`))).toBe(404);
    expect(await status('POST', `${forA}?profile=1`)).toBe(404);
    const withProfile = pathOf(notRelevantLinks(ctx, memberId)(callA, 1));
    expect(await status('GET', withProfile)).toBe(200);
    expect(await status('GET', `${withProfile}&profile=1`)).toBe(404);
    expect(await status('GET', withProfile.replace('profile=1', 'profile=x'))).toBe(404);
    expect(await status('POST', alter(forA))).toBe(404);
    expect(await status('GET', forA.replace(`/not-relevant/${callA}`, '/not-relevant/abc'))).toBe(404);
    // None of those refused clicks hid anything.
    expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM member_hidden_calls').get() as { n: number }).n).toBe(0);
  });

  it('revokes every link when staff rotate the member’s links, and hands out new ones', async () => {
    const old = memberLinks(ctx, memberId);
    const oldNotRelevant = pathOf(notRelevantLinks(ctx, memberId)(callA));
    const rotated = await app.inject({ method: 'POST', url: `/api/members/${memberId}/links/rotate`, headers: ADMIN });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json() as { calendar_url: string; feed_url: string };
    expect(fresh.calendar_url).not.toBe(old.calendarUrl);

    expect(await status('GET', pathOf(old.calendarUrl))).toBe(404);
    expect(await status('GET', pathOf(old.feedUrl))).toBe(404);
    expect(await status('POST', oldNotRelevant)).toBe(404);
    expect(await status('GET', pathOf(fresh.calendar_url))).toBe(200);
    expect(await status('GET', pathOf(fresh.feed_url))).toBe(200);

    const shown = await app.inject({ method: 'GET', url: `/api/members/${memberId}/links`, headers: ADMIN });
    expect(shown.json()).toEqual(fresh);
    expect((await app.inject({ method: 'POST', url: '/api/members/999/links/rotate', headers: ADMIN })).statusCode).toBe(404);
  });

  it('answers 404 once the member is erased', async () => {
    const links = memberLinks(ctx, memberId);
    ctx.db.prepare('DELETE FROM members WHERE id = ?').run(memberId);
    expect(await status('GET', pathOf(links.calendarUrl))).toBe(404);
    expect(await status('GET', pathOf(links.feedUrl))).toBe(404);
  });

  it('rate-limits the public routes with a French message', async () => {
    const limited = await buildTestApp(ctx, { now: () => NOW, rateLimitPerMinute: 3 });
    const url = '/m/garbage/feed.atom';
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await limited.inject({ method: 'GET', url })).statusCode);
    const refused = await limited.inject({ method: 'GET', url });
    await limited.close();
    expect(codes).toEqual([404, 404, 404, 429]);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/^Trop de requêtes : réessayez dans \d+ secondes?\.$/);
  });
});
