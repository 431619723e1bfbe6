// A week with many new calls (a first digest, a large source arriving): the digest lists the best MAX_NEW_CALLS,
// every profile keeps its best few, and each group says how many it left out and links to the member's feed.
// Through a real SMTP server on 127.0.0.1 and a real SQLite file.
import * as cheerio from 'cheerio';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MAX_NEW_CALLS, MIN_NEW_PER_PROFILE } from '../../src/digest/compose.js';
import { runDigests } from '../../src/digest/run.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch, plainSpaces, startSmtp, type TestSmtp } from './helpers.js';

const MONDAY = new Date('2026-11-30T07:00:00Z');
const MATCHED = '2026-11-27T10:00:00.000Z';

let smtp: TestSmtp;
let ctx: TestContext;

beforeEach(async () => {
  smtp = await startSmtp();
  ctx = createTestContext({ MAIL_FROM: 'veille@reseau.example', FUNDWATCH_BASE_URL: 'https://veille.reseau.example', SMTP_URL: smtp.url });
});
afterEach(async () => {
  ctx.cleanup();
  await smtp.close();
});

it('lists the best calls only, keeps every profile in view, and links to the rest', async () => {
  const { db } = ctx;
  const member = createMember(db, { email: 'marie@asso.example', name: 'Marie' });
  const broad = createProfile(db, member.id, { name: 'Numérique', keywords: ['numérique'] });
  const narrow = createProfile(db, member.id, { name: 'Fablab', keywords: ['fablab'] });
  // 40 calls for the broad profile, all scoring above the 6 of the narrow one.
  for (let i = 0; i < 40; i++) insertMatch(db, broad.id, insertCall(db, { title: `Appel numérique n° ${i + 1}`, deadlines: ['2027-03-01'] }), 90 - i, ['numérique'], MATCHED);
  for (let i = 0; i < 6; i++) insertMatch(db, narrow.id, insertCall(db, { title: `Appel fablab n° ${i + 1}`, deadlines: ['2027-03-01'] }), 40 - i, ['fablab'], MATCHED);

  const summary = await runDigests(ctx, { now: MONDAY });
  expect(summary).toMatchObject({ sent: 1, failed: 0 });
  const { mail } = smtp.received[0]!;
  expect(mail.subject).toContain('46 nouveaux appels à projets');
  const $ = cheerio.load(mail.html as string);
  const titles = $('.fw-call-title').map((_, el) => plainSpaces($(el).text().trim())).get();
  expect(titles).toHaveLength(MAX_NEW_CALLS);
  // The broad profile's best first; the narrow one still shows its best few although they score less.
  const fablab = titles.filter((t) => t.startsWith('Appel fablab'));
  expect(fablab).toEqual(Array.from({ length: MIN_NEW_PER_PROFILE }, (_, i) => `Appel fablab n° ${i + 1}`));
  expect(titles.slice(0, 3)).toEqual(['Appel numérique n° 1', 'Appel numérique n° 2', 'Appel numérique n° 3']);
  expect(titles).not.toContain(`Appel numérique n° ${MAX_NEW_CALLS - MIN_NEW_PER_PROFILE + 1}`);

  const body = plainSpaces($('body').text().replace(/\s+/g, ' '));
  expect(body).toContain(`Cette semaine, 46 nouveaux appels à projets correspondent à vos profils de veille : voici les ${MAX_NEW_CALLS} plus pertinents`);
  const more = $('.fw-more').map((_, el) => plainSpaces($(el).text().trim())).get();
  const leftOut = 40 - (MAX_NEW_CALLS - MIN_NEW_PER_PROFILE);
  expect(more).toEqual([
    `Et ${leftOut} autres appels pour ce profil, moins pertinents : retrouvez-les tous dans votre fil d’appels.`,
    `Et ${6 - MIN_NEW_PER_PROFILE} autres appels pour ce profil, moins pertinents : retrouvez-les tous dans votre fil d’appels.`,
  ]);
  expect($('.fw-more a').first().attr('href')).toMatch(/^https:\/\/veille\.reseau\.example\/m\/.+\/feed\.atom/);
  expect(mail.text).toContain(`Et ${leftOut} autres appels pour ce profil`);
  // Short enough that Gmail does not clip it (102 KB), which would hide the unsubscribe link.
  expect(Buffer.byteLength(mail.html as string)).toBeLessThan(102_000);

  // Only the listed calls are recorded as sent: the others stay in the member's feed.
  const recorded = db.prepare('SELECT COUNT(*) AS n FROM digest_items WHERE member_id = ?').get(member.id) as { n: number };
  expect(recorded.n).toBe(MAX_NEW_CALLS);
});

it('offers the calls a long digest left out in the next one, as new, until they are sent', async () => {
  const { db } = ctx;
  const member = createMember(db, { email: 'paul@asso.example', name: 'Paul' });
  const profile = createProfile(db, member.id, { name: 'Numérique', keywords: ['numérique'] });
  const total = MAX_NEW_CALLS + 12;
  for (let i = 0; i < total; i++) insertMatch(db, profile.id, insertCall(db, { title: `Appel numérique n° ${i + 1}`, deadlines: ['2027-03-01'] }), 90 - i, ['numérique'], MATCHED);

  await runDigests(ctx, { now: MONDAY });
  // A week later, one call arrived; the twelve left out are still open and were never sent.
  insertMatch(db, profile.id, insertCall(db, { title: 'Appel arrivé cette semaine', deadlines: ['2027-03-01'] }), 95, ['numérique'], '2026-12-04T10:00:00.000Z');
  await runDigests(ctx, { now: new Date('2026-12-07T07:00:00Z') });
  expect(smtp.received).toHaveLength(2);

  const titlesOf = (html: string) => {
    const $ = cheerio.load(html);
    return $('.fw-call-title').map((_, el) => plainSpaces($(el).text().trim())).get();
  };
  const first = titlesOf(smtp.received[0]!.mail.html as string);
  const second = titlesOf(smtp.received[1]!.mail.html as string);
  const leftOut = Array.from({ length: 12 }, (_, i) => `Appel numérique n° ${MAX_NEW_CALLS + i + 1}`);
  expect(first).toHaveLength(MAX_NEW_CALLS);
  expect(second).toEqual(['Appel arrivé cette semaine', ...leftOut]);
  expect(smtp.received[1]!.mail.subject).toContain('13 nouveaux appels à projets');

  // Sent now: a third week with nothing new and nothing closing sends no digest.
  const third = await runDigests(ctx, { now: new Date('2026-12-14T07:00:00Z') });
  expect(third).toMatchObject({ sent: 0, skipped: 1 });
  expect(smtp.received).toHaveLength(2);
});
