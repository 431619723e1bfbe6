// "Pas pertinent" through the real routes: the page, the click, its effect on the feed and calendar, and what
// staff then read in GET /api/feedback.
import * as cheerio from 'cheerio';
import Parser from 'rss-parser';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, createProfile } from '../../src/members/store.js';
import { memberLinks, notRelevantLinks } from '../../src/member-space/links.js';
import { hiddenCallIds } from '../../src/member-space/feedback.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { buildTestApp, insertCall, insertMatch, pathOf } from './helpers.js';
import { frenchSpaces } from '../../src/typography.js';

const NOW = new Date('2026-11-28T10:00:00Z');
const ADMIN = { authorization: 'Bearer admin-secret' };

describe('"Pas pertinent" links', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let memberId: number;
  let otherId: number;
  let profileId: number;
  let noisy: number;
  let useful: number;

  beforeEach(async () => {
    ctx = createTestContext({ FUNDWATCH_BASE_URL: 'https://veille.example.org', FUNDWATCH_ADMIN_TOKEN: 'admin-secret' });
    memberId = createMember(ctx.db, { email: 'sam@ressourcerie.example' }).id;
    otherId = createMember(ctx.db, { email: 'alex@fablab.example' }).id;
    const profile = createProfile(ctx.db, memberId, { name: 'Inclusion numérique', keywords: ['numérique', '"inclusion numérique"^2'] });
    const otherProfile = createProfile(ctx.db, otherId, { name: 'Fablab', keywords: ['numérique'] });
    profileId = profile.id;
    noisy = insertCall(ctx.db, {
      title: 'Transformation numérique des PME industrielles',
      deadlines: ['2027-01-20'],
      sourceId: 'bpifrance',
      funder: 'state',
      funderName: 'Bpifrance',
    });
    useful = insertCall(ctx.db, { title: 'Appel à projets inclusion numérique 2027', deadlines: ['2027-02-15'], sourceId: 'region-occitanie' });
    insertMatch(ctx.db, profileId, noisy, 55, ['numérique'], '2026-11-25T08:00:00.000Z');
    insertMatch(ctx.db, profileId, useful, 88, ['numérique', '"inclusion numérique"^2'], '2026-11-20T08:00:00.000Z');
    insertMatch(ctx.db, otherProfile.id, noisy, 60, ['numérique'], '2026-11-25T08:00:00.000Z');
    app = await buildTestApp(ctx, { now: () => NOW });
  });

  afterEach(async () => {
    await app.close();
    ctx.cleanup();
  });

  async function feedTitles(forMember: number): Promise<string[]> {
    const response = await app.inject({ method: 'GET', url: pathOf(memberLinks(ctx, forMember).feedUrl) });
    return (await new Parser().parseString(response.body)).items.map((item) => item.title ?? '');
  }

  async function calendarBody(forMember: number): Promise<string> {
    return (await app.inject({ method: 'GET', url: pathOf(memberLinks(ctx, forMember).calendarUrl) })).body;
  }

  it('shows a French confirmation page that changes nothing, then hides the call on confirmation', async () => {
    const link = pathOf(notRelevantLinks(ctx, memberId)(noisy, profileId));
    const page = await app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain(frenchSpaces('Cet appel ne vous concerne pas ?'));
    expect(page.body).toContain('Transformation numérique des PME industrielles');
    expect(page.body).toContain(frenchSpaces('votre profil « Inclusion numérique » (mots retenus : numérique)'));
    expect(page.body).toContain('Oui, masquer cet appel');
    const action = cheerio.load(page.body)('form[method="post"]').attr('action');
    expect(action).toBe(link);
    expect(hiddenCallIds(ctx.db, memberId).size).toBe(0);
    expect(await feedTitles(memberId)).toContain('Transformation numérique des PME industrielles');

    // The browser posts the form with an empty urlencoded body.
    const done = await app.inject({
      method: 'POST',
      url: action!,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain(frenchSpaces('C’est noté, merci !'));

    expect(await feedTitles(memberId)).toEqual(['Appel à projets inclusion numérique 2027']);
    const ics = await calendarBody(memberId);
    expect(ics).not.toContain('PME industrielles');
    expect(ics).toContain('inclusion numérique 2027');
    expect([...hiddenCallIds(ctx.db, memberId)]).toEqual([noisy]);
    // Only this member's view changes.
    expect(await feedTitles(otherId)).toEqual(['Transformation numérique des PME industrielles']);
    // Opening the link again says it is done rather than asking again.
    expect((await app.inject({ method: 'GET', url: link })).body).toContain('C’est noté');
  });

  it('records the feedback once, with counts per source and per profile term, for staff', async () => {
    const link = pathOf(notRelevantLinks(ctx, memberId)(noisy));
    await app.inject({ method: 'POST', url: link });
    await app.inject({ method: 'POST', url: link }); // a double click counts once

    const response = await app.inject({ method: 'GET', url: '/api/feedback', headers: ADMIN });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.total).toBe(1);
    expect(body.items).toEqual([
      {
        id: expect.any(Number),
        member_id: memberId,
        profile_id: profileId,
        profile_name: 'Inclusion numérique',
        call_id: noisy,
        call_title: 'Transformation numérique des PME industrielles',
        sources: ['bpifrance'],
        terms: ['numérique'],
        score: 55,
        created_at: NOW.toISOString(),
      },
    ]);
    expect(body.by_source).toEqual([{ source_id: 'bpifrance', source_name: 'Source bpifrance', count: 1 }]);
    expect(body.by_term).toEqual([{ term: 'numérique', count: 1 }]);
    expect(body.by_profile_term).toEqual([{ profile_id: profileId, profile_name: 'Inclusion numérique', term: 'numérique', count: 1 }]);

    const filtered = await app.inject({ method: 'GET', url: '/api/feedback?source=region-occitanie', headers: ADMIN });
    expect(filtered.json().total).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/api/feedback?limit=500', headers: ADMIN })).statusCode).toBe(400);
  });

  it('adds up feedback from several members and profiles', async () => {
    await app.inject({ method: 'POST', url: pathOf(notRelevantLinks(ctx, memberId)(noisy)) });
    await app.inject({ method: 'POST', url: pathOf(notRelevantLinks(ctx, otherId)(noisy)) });
    await app.inject({ method: 'POST', url: pathOf(notRelevantLinks(ctx, memberId)(useful)) });
    const body = (await app.inject({ method: 'GET', url: '/api/feedback', headers: ADMIN })).json();
    expect(body.total).toBe(3);
    expect(body.by_source).toEqual([
      { source_id: 'bpifrance', source_name: 'Source bpifrance', count: 2 },
      { source_id: 'region-occitanie', source_name: 'Source region-occitanie', count: 1 },
    ]);
    expect(body.by_term).toEqual([
      { term: 'numérique', count: 3 },
      { term: '"inclusion numérique"^2', count: 1 },
    ]);
  });

  it('keeps the admin routes behind the bearer token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/feedback' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/feedback', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: `/api/members/${memberId}/links/rotate` })).statusCode).toBe(401);
  });

  it('answers 503 with a French hint when no admin token is configured', async () => {
    const open = createTestContext();
    const bare = await buildTestApp(open);
    const response = await bare.inject({ method: 'GET', url: '/api/feedback', headers: ADMIN });
    await bare.close();
    open.cleanup();
    expect(response.statusCode).toBe(503);
    expect(response.json().message).toContain('FUNDWATCH_ADMIN_TOKEN');
  });

  it('goes when the member is erased', async () => {
    await app.inject({ method: 'POST', url: pathOf(notRelevantLinks(ctx, memberId)(noisy)) });
    ctx.db.prepare('DELETE FROM members WHERE id = ?').run(memberId);
    expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM feedback').get() as { n: number }).n).toBe(0);
    expect((ctx.db.prepare('SELECT COUNT(*) AS n FROM member_hidden_calls').get() as { n: number }).n).toBe(0);
  });
});
