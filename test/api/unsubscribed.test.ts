// What unsubscribing does beyond the status: the member's matches go, and their calendar and feed stop answering
// until they are active again.
import { afterEach, expect, test } from 'vitest';
import { signingSecret } from '../../src/db/settings.js';
import { memberLinks } from '../../src/member-space/links.js';
import { memberToken, TOKEN_PURPOSES } from '../../src/members/tokens.js';
import { createTestApp, seedCall, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

const path = (url: string) => new URL(url).pathname;

async function subscribedMemberWithMatch() {
  seedCall(t.ctx.db, { title: 'Fablab solidaire : appel à projets', summary: 'Ateliers de fabrication numérique', deadlines: ['2026-04-30'] });
  const res = await t.api({
    method: 'POST',
    url: '/api/members',
    payload: { email: 'fablab@asso.fr', name: 'Fablab du quartier', profiles: [{ name: 'Fablab', keywords: ['fablab'], min_score: 1 }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  const member = res.json() as { id: number };
  expect((await t.api({ url: `/api/members/${member.id}/matches` })).json().total).toBe(1);
  return member;
}

test('unsubscribing from the public page removes the matches and closes the calendar and feed; resubscribing reopens them', async () => {
  t = await createTestApp();
  const member = await subscribedMemberWithMatch();
  const links = memberLinks(t.ctx, member.id);
  const calendar = () => t.app.inject({ url: path(links.calendarUrl) });
  const feed = () => t.app.inject({ url: path(links.feedUrl) });
  expect((await calendar()).statusCode).toBe(200);
  const before = await feed();
  expect(before.statusCode).toBe(200);
  expect(before.body).toContain('Fablab solidaire');

  const token = memberToken(t.ctx.db, signingSecret(t.ctx.db, t.ctx.config.secret), member.id, TOKEN_PURPOSES.unsubscribe)!;
  const unsubscribed = await t.app.inject({
    method: 'POST',
    url: `/unsubscribe/${token}`,
    payload: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(unsubscribed.statusCode).toBe(200);
  expect((await t.api({ url: `/api/members/${member.id}` })).json().status).toBe('unsubscribed');
  expect(t.ctx.db.prepare('SELECT count(*) AS n FROM matches').get()).toEqual({ n: 0 });
  expect((await t.api({ url: `/api/members/${member.id}/matches` })).json().total).toBe(0);
  for (const res of [await calendar(), await feed()]) {
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Fablab');
  }

  // Back to active by an admin: rescored, and the same links work again.
  const back = await t.api({ method: 'PATCH', url: `/api/members/${member.id}`, payload: { status: 'active' } });
  expect(back.statusCode).toBe(200);
  expect((await t.api({ url: `/api/members/${member.id}/matches` })).json().total).toBe(1);
  expect((await calendar()).statusCode).toBe(200);
  expect((await feed()).body).toContain('Fablab solidaire');
});

test('an admin setting the status to unsubscribed closes the calendar and feed too', async () => {
  t = await createTestApp();
  const member = await subscribedMemberWithMatch();
  const links = memberLinks(t.ctx, member.id);
  expect((await t.api({ method: 'PATCH', url: `/api/members/${member.id}`, payload: { status: 'unsubscribed' } })).statusCode).toBe(200);
  expect((await t.app.inject({ url: path(links.calendarUrl) })).statusCode).toBe(404);
  expect((await t.app.inject({ url: path(links.feedUrl) })).statusCode).toBe(404);
});
