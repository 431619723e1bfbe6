// Expansion words where members read them (issue 15): the member page marks them « (élargi) » beside a match, and
// the digest's explanation says « terme élargi d’après vos meilleurs appels ». Real server, real SQLite file.
import * as cheerio from 'cheerio';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { matchAll } from '../../src/match/run.js';
import { memberPageUrl } from '../../src/member-space/links.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { seedCall } from '../api/helpers.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

const NOW = new Date('2026-12-03T10:00:00Z');
const TOKEN = 'admin-secret';
let ctx: TestContext;
let app: FastifyInstance;
let base: string;

beforeEach(async () => {
  ctx = createTestContext({ FUNDWATCH_ADMIN_TOKEN: TOKEN });
  app = await buildApp(ctx, { now: () => NOW });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  ctx.config.baseUrl = base;
});

afterEach(async () => {
  await app.close();
  ctx.cleanup();
});

it('the member page marks expansion words « (élargi) » and the digest explains them', async () => {
  const open = { deadlines: ['2027-06-30'] };
  const prose = 'Appel à projets pour les associations et les collectivités du territoire.';
  for (let i = 0; i < 40; i++) seedCall(ctx.db, { title: `Rénovation des bâtiments communaux (${i})`, summary: prose, body: 'Les communes peuvent candidater.', ...open });
  for (let i = 1; i <= 6; i++) seedCall(ctx.db, { title: `Médiation numérique en quartier ${i}`, summary: 'Ateliers sur tablettes tactiles pour les seniors.', ...open });
  const member = createMember(ctx.db, { email: 'epn@quartier.fr' });
  createProfile(ctx.db, member.id, { name: 'EPN', keywords: ['médiation numérique'] }, NOW);
  matchAll(ctx, NOW);

  const page = cheerio.load(await (await fetch(`${base}${new URL(memberPageUrl(ctx, member.id)).pathname}`)).text());
  const shown = page('.preview li').first().text().replace(/\s+/g, ' ');
  expect(shown).toContain('médiation numérique');
  expect(shown).toMatch(/tablettes \(élargi\)/);
  // The member's own keyword is never marked.
  expect(shown).not.toContain('médiation numérique (élargi)');

  const preview = await fetch(`${base}/api/members/${member.id}/digest/preview`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(preview.status).toBe(200);
  const digest = cheerio.load(await preview.text()).text();
  expect(digest).toMatch(/«\u00a0tablettes\u00a0», terme élargi d’après vos meilleurs appels \(résumé\)/);
});
