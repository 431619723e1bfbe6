// « À regarder aussi » (issue 15) end to end: the real matcher (shipped thesaurus) writes second chances to the real
// database when a profile is saved through the API, the preview route and the weekly run through a real SMTP
// server show them after the main list, at most three, once, and never a call the member hid.
import * as cheerio from 'cheerio';
import { afterEach, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/run.js';
import { matchAll } from '../../src/match/run.js';
import { markNotRelevant } from '../../src/member-space/feedback.js';
import { createTestApp, seedCall, TOKEN, type TestApp } from '../api/helpers.js';
import { plainSpaces, startSmtp, type TestSmtp } from './helpers.js';

let t: TestApp;
let smtp: TestSmtp;
afterEach(async () => {
  await t?.close();
  await smtp?.close();
});

const WEEK1 = new Date('2026-03-10T09:00:00Z');
const WEEK2 = new Date('2026-03-17T09:00:00Z');
/** A summary's opening that names no profile term (OPENING_TOKENS). */
const OPENING = 'Programme régional ouvert aux habitants, familles et associations des quartiers, bourgs et villages : ';
const FILLER = ['Rénovation énergétique des bâtiments communaux', 'Entretien de la voirie rurale', 'Eau potable et assainissement', 'Éclairage public économe'];

function secondChances(): { call_id: number; score: number }[] {
  return t.ctx.db.prepare('SELECT call_id, score FROM second_chances ORDER BY score DESC, call_id').all() as { call_id: number; score: number }[];
}

/** Where each heading starts in a text, -1 when absent. */
function positions(text: string, headings: string[]): number[] {
  return headings.map((h) => text.indexOf(h));
}

it('calls under min_score that the thesaurus vouches for come in a short « À regarder aussi » block after the main list', async () => {
  smtp = await startSmtp();
  t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, SMTP_URL: smtp.url, FUNDWATCH_BASE_URL: 'https://veille.reseau.example' });
  const { db } = t.ctx;
  for (let i = 0; i < 40; i++) seedCall(db, { title: `${FILLER[i % FILLER.length]} (${i})`, summary: 'Les communes et intercommunalités peuvent candidater pour leurs écoles, gymnases et salles.', deadlines: ['2026-06-30'] });
  const main = seedCall(db, { title: 'Inclusion numérique : soutien aux associations', deadlines: ['2026-03-25'] });
  // No word of the profile: narrower terms of « inclusion numérique » in the shipped thesaurus, in the summary only,
  // after its opening (there they would state the call's subject and send it).
  const phrasings = ['Des ateliers numériques', 'Une aide aux démarches en ligne', 'De l’initiation au numérique', 'Un accompagnement aux usages numériques'];
  const near = phrasings.map((p, i) =>
    seedCall(db, { title: `Programme régional ${i + 1}`, summary: `${OPENING}${p.toLowerCase()}.`, deadlines: ['2026-06-30'] }),
  );
  const related = seedCall(db, { title: 'Programme régional 9', summary: 'Réduire la fracture numérique des habitants.', deadlines: ['2026-06-30'] });

  const created = await t.api({
    method: 'POST',
    url: '/api/members',
    payload: { email: 'epn@quartier.example', name: 'Léa', profiles: [{ name: 'EPN', keywords: ['inclusion numérique'] }] },
  });
  expect(created.statusCode, created.body).toBe(201);
  const memberId = created.json().id as number;

  // Saving the profile scored it: one match, the thesaurus's calls kept apart, the related term's call not at all.
  const matches = await t.api({ url: `/api/members/${memberId}/matches` });
  expect((matches.json().items as { call_id: number }[]).map((m) => m.call_id)).toEqual([main]);
  const kept = secondChances();
  expect(kept.length, JSON.stringify(kept)).toBe(4);
  // The digest shows the best three; the table keeps the next ones for later weeks.
  const stored = kept.slice(0, 3);
  expect(kept.every((s) => near.includes(s.call_id) && s.score < 30 && s.score >= 18)).toBe(true);
  expect(kept.map((s) => s.call_id)).not.toContain(related);

  // The preview route shows them, marked, after the main list.
  const preview = await t.api({ url: `/api/members/${memberId}/digest/preview?format=text` });
  expect(preview.statusCode, preview.body).toBe(200);
  const previewText = plainSpaces(preview.body);
  expect(previewText).toContain('À regarder aussi');
  expect(previewText.indexOf('Inclusion numérique : soutien')).toBeLessThan(previewText.indexOf('À regarder aussi'));

  // The weekly run, through SMTP.
  const first = await runDigests(t.ctx, { now: WEEK1 });
  expect(first).toMatchObject({ sent: 1, failed: 0 });
  const mail = smtp.received[0]!.mail;
  // The subject counts what matched, not the second chances.
  expect(mail.subject).toBe('Veille financements, semaine 11 : 1 nouvel appel à projets');
  const $ = cheerio.load(mail.html as string);
  const block = $('.fw-also-see').closest('table').parent();
  expect($('h2:contains("À regarder aussi")')).toHaveLength(1);
  const html = plainSpaces($('body').text().replace(/\s+/g, ' '));
  const [mainAt, alsoAt] = positions(html, ['Inclusion numérique : soutien', 'À regarder aussi']);
  expect(mainAt).toBeGreaterThan(-1);
  expect(alsoAt).toBeGreaterThan(mainAt);
  const shown = stored.map((s) => `Programme régional ${near.indexOf(s.call_id) + 1}`);
  for (const title of shown) expect(html.indexOf(title)).toBeGreaterThan(alsoAt);
  expect(block).toBeDefined();
  // Explained with the thesaurus term, French spacing inside « ».
  expect(mail.html).toContain('terme plus précis de «\u00a0inclusion numérique\u00a0»');
  const text = plainSpaces(mail.text!);
  const alsoText = text.slice(text.indexOf('À regarder aussi'));
  expect(alsoText).toMatch(/via « .+ », terme plus précis de « inclusion numérique » \(résumé\)/);
  expect(alsoText).toContain('Pas pertinent ? https://veille.reseau.example/m/');
  expect(alsoText).toContain('Je suis intéressé : https://veille.reseau.example/m/');
  const items = db.prepare('SELECT call_id FROM digest_items ORDER BY call_id').pluck().all() as number[];
  expect(items).toEqual([main, ...stored.map((s) => s.call_id)].sort((a, b) => a - b));

  // A week later: the fourth phrasing is offered now, the three already offered are not again; the first week's
  // match closes within 14 days and comes under « Date limite proche », after « À regarder aussi ».
  const fresh = seedCall(db, { title: 'Inclusion numérique : nouvel appel', deadlines: ['2026-06-30'], firstSeen: '2026-03-15T10:00:00.000Z' });
  matchAll(t.ctx, WEEK2);
  const left = near.filter((id) => !stored.some((s) => s.call_id === id));
  expect(left).toHaveLength(1);
  expect(secondChances().map((s) => s.call_id)).toEqual(expect.arrayContaining(left));
  const second = await runDigests(t.ctx, { now: WEEK2 });
  expect(second).toMatchObject({ sent: 1, failed: 0 });
  const text2 = plainSpaces(smtp.received[1]!.mail.text!);
  const order = positions(text2, ['Inclusion numérique : nouvel appel', 'À regarder aussi', `Programme régional ${near.indexOf(left[0]!) + 1}`, 'Date limite proche', 'Inclusion numérique : soutien']);
  expect(order.every((at) => at > -1), text2).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  for (const s of stored) expect(text2).not.toContain(`Programme régional ${near.indexOf(s.call_id) + 1}\n`);
  expect(fresh).toBeGreaterThan(0);
});

it('a call the member hid never comes back as a second chance, and its « Pas pertinent » records its terms', async () => {
  t = await createTestApp();
  const { db } = t.ctx;
  for (let i = 0; i < 40; i++) seedCall(db, { title: `${FILLER[i % FILLER.length]} (${i})`, summary: 'Les communes et intercommunalités peuvent candidater pour leurs écoles, gymnases et salles.', deadlines: ['2026-06-30'] });
  const near = seedCall(db, { title: 'Programme régional', summary: `${OPENING}des ateliers numériques.`, deadlines: ['2026-06-30'] });
  const created = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'a@b.example', profiles: [{ name: 'EPN', keywords: ['inclusion numérique'] }] } });
  const memberId = created.json().id as number;
  expect(secondChances().map((s) => s.call_id)).toEqual([near]);
  // « Pas pertinent » on a second chance teaches the profile like one on a match: the terms that brought it.
  const outcome = markNotRelevant(db, { memberId, callId: near });
  expect(outcome.terms).toEqual(['inclusion numérique']);
  expect(db.prepare("SELECT terms FROM feedback WHERE call_id = ?").pluck().get(near)).toBe('["inclusion numérique"]');
  expect(secondChances()).toEqual([]);
  matchAll(t.ctx, WEEK1);
  expect(secondChances()).toEqual([]);
  const preview = await t.api({ url: `/api/members/${memberId}/digest/preview?format=text` });
  expect(preview.body).not.toContain('À regarder aussi');
});
