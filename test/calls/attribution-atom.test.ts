// A source's attribution goes with its calls into the member's Atom feed, as the entry's rights and in its text.
import Parser from 'rss-parser';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createMember, createProfile } from '../../src/members/store.js';
import { memberLinks } from '../../src/member-space/links.js';
import { recordSourceSettings } from '../../src/sources/state.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { buildTestApp, insertCall, insertMatch, pathOf } from '../member-space/helpers.js';

let ctx: TestContext;
let app: FastifyInstance;

beforeEach(async () => {
  ctx = createTestContext({ FUNDWATCH_BASE_URL: 'https://veille.reseau.example/' });
});
afterEach(async () => {
  await app.close();
  ctx.cleanup();
});

it('shows each call’s attribution in the member’s Atom feed', async () => {
  const member = createMember(ctx.db, { email: 'lea@epn.example' });
  const profile = createProfile(ctx.db, member.id, { name: 'Numérique', keywords: ['numérique'] });
  const credited = insertCall(ctx.db, { title: 'Aide au numérique « solidaire »', deadlines: ['2027-03-01'], sourceId: 'at' });
  const plain = insertCall(ctx.db, { title: 'Autre appel numérique', deadlines: ['2027-03-02'], sourceId: 'rss' });
  recordSourceSettings(ctx.db, [
    { id: 'at', attribution: 'Données Aides-territoires, Licence Ouverte 2.0 & <mentions>' },
    { id: 'rss', attribution: null },
  ]);
  insertMatch(ctx.db, profile.id, credited, 80, ['numérique'], '2026-11-20T08:00:00.000Z');
  insertMatch(ctx.db, profile.id, plain, 70, ['numérique'], '2026-11-19T08:00:00.000Z');
  app = await buildTestApp(ctx, { now: () => new Date('2026-11-28T10:00:00Z') });

  const response = await app.inject({ method: 'GET', url: pathOf(memberLinks(ctx, member.id).feedUrl) });
  expect(response.statusCode).toBe(200);
  const feed = await new Parser<object, { rights: string }>({ customFields: { item: ['rights'] } }).parseString(response.body);
  const [first, second] = feed.items;
  // The feed writes French spacing (non-breaking spaces inside « »).
  expect(first!.title).toBe('Aide au numérique «\u00a0solidaire\u00a0»');
  expect(first!.rights).toBe('Données Aides-territoires, Licence Ouverte 2.0 & <mentions>');
  expect(first!.content).toContain('<small>Données Aides-territoires, Licence Ouverte 2.0 &amp; &lt;mentions&gt;</small>');
  expect(second!.rights).toBeUndefined();
  expect(second!.content).not.toContain('<small>');
});
