// Every link a digest carries opens a working page of the real app: unsubscribe, "Pas pertinent", calendar, feed.
import * as cheerio from 'cheerio';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { runDigests } from '../../src/digest/run.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch, startSmtp, type TestSmtp } from './helpers.js';

let ctx: TestContext;
let smtp: TestSmtp;

beforeEach(async () => {
  smtp = await startSmtp();
  ctx = createTestContext({ SMTP_URL: smtp.url, FUNDWATCH_BASE_URL: 'https://veille.reseau.example' });
});

afterEach(async () => {
  ctx.cleanup();
  await smtp.close();
});

it('the links of a sent digest open the right pages of the app', async () => {
  const member = createMember(ctx.db, { email: 'liens@asso.example' });
  const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
  insertMatch(ctx.db, profile.id, insertCall(ctx.db, { title: 'Appel avec liens', deadlines: ['2027-01-31'] }), 50, ['numérique'], '2026-11-27T00:00:00Z');
  await runDigests(ctx, { now: new Date('2026-11-30T08:00:00Z') });
  const $ = cheerio.load(smtp.received[0]!.mail.html as string);
  const links = $('a[href^="https://veille.reseau.example/"]')
    .map((_, el) => $(el).attr('href'))
    .get();
  expect(links).toHaveLength(7); // je suis intéressé, pas pertinent, « votre page » (profils, pause), agenda, flux, ma page, désabonnement

  const app = await buildApp(ctx);
  try {
    for (const link of links) {
      const url = new URL(link);
      const response = await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
      expect(response.statusCode, link).toBe(200);
    }
    // Opening the pages changed nothing.
    expect(ctx.db.prepare('SELECT status FROM members WHERE id = ?').get(member.id)).toEqual({ status: 'active' });
  } finally {
    await app.close();
  }
});
