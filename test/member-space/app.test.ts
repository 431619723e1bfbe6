// The plugins inside the real app as buildApp wires them (helmet, swagger, the public rate limit, the error and
// not-found handlers, the admin token on /api).
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { memberLinks, notRelevantLinks } from '../../src/member-space/links.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch, pathOf } from './helpers.js';

describe('member links inside buildApp', () => {
  let ctx: TestContext;
  let app: FastifyInstance;

  beforeEach(async () => {
    ctx = createTestContext({ FUNDWATCH_ADMIN_TOKEN: 'admin-secret' });
    app = await buildApp(ctx);
    await app.ready();
  });

  afterEach(async () => {
    await app.close();
    ctx.cleanup();
  });

  it('serves the calendar, the feed and the not-relevant page, and lists the feedback', async () => {
    const member = createMember(ctx.db, { email: 'noa@mediatheque.example' });
    const profile = createProfile(ctx.db, member.id, { name: 'Culture et bibliothèques', keywords: ['bibliothèque'] });
    const callId = insertCall(ctx.db, { title: 'Bibliothèques numériques de référence', deadlines: ['2099-06-30'] });
    insertMatch(ctx.db, profile.id, callId, 77, ['bibliothèque'], new Date().toISOString());
    const links = memberLinks(ctx, member.id);

    const ics = await app.inject({ method: 'GET', url: pathOf(links.calendarUrl) });
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain('BEGIN:VEVENT');
    const feed = await app.inject({ method: 'GET', url: pathOf(links.feedUrl) });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain('Bibliothèques numériques de référence');

    const link = pathOf(notRelevantLinks(ctx, member.id)(callId, profile.id));
    const page = await app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    // helmet's CSP must still let the confirmation form post to itself.
    expect(String(page.headers['content-security-policy'])).toContain("form-action 'self'");
    const done = await app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(done.statusCode).toBe(200);

    const feedback = await app.inject({ method: 'GET', url: '/api/feedback', headers: { authorization: 'Bearer admin-secret' } });
    expect(feedback.statusCode).toBe(200);
    expect(feedback.json().by_term).toEqual([{ term: 'bibliothèque', count: 1 }]);
    expect((await app.inject({ method: 'GET', url: '/api/feedback' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/m/1.forged/feed.atom' })).statusCode).toBe(404);
  });

  it('documents its routes in a valid OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/feedback', '/api/members/{id}/links', '/api/members/{id}/links/rotate', '/m/{token}/calendar.ics', '/m/{token}/feed.atom']),
    );
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });
});
