// Calls to anticipate and the EU-funds notice (issue 18), end to end: three yearly editions of a call are fetched by
// the real `fundwatch fetch` from a feed served on 127.0.0.1, editions are linked after the fetch, the API says when
// the next one is expected, and the digest lists it in « À anticiper » six weeks before it opens (not earlier). An EU
// call carries the notice with its co-funding rate in the digest, the member's Atom feed and the API.
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import Parser from 'rss-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../../src/digest/format.js';
import { runDigests } from '../../src/digest/run.js';
import { setFollowStatus } from '../../src/follow/statuses.js';
import { fetchAndMatch } from '../../src/jobs.js';
import { memberLinks } from '../../src/member-space/links.js';
import { createTestApp, type TestApp, TOKEN } from '../api/helpers.js';
import { fundwatch } from '../helpers/cli.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const french = (day: string) => `${Number(day.slice(8, 10)) === 1 ? '1er' : Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;

// The three past editions, in the three years before this one (the fetch runs on the real clock).
const YEAR = new Date().getUTCFullYear();
const EDITIONS = [
  { year: YEAR - 3, opens: `${YEAR - 3}-02-01`, deadline: `${YEAR - 3}-04-14` },
  { year: YEAR - 2, opens: `${YEAR - 2}-02-05`, deadline: `${YEAR - 2}-04-12` },
  { year: YEAR - 1, opens: `${YEAR - 1}-02-03`, deadline: `${YEAR - 1}-04-15` },
];

function feed(base: string): string {
  const items = EDITIONS.map(
    (e) => `<item><title>Appel à projets Inclusion numérique ${e.year}</title><link>${base}/aap/inclusion-${e.year}</link><guid>inclusion-${e.year}</guid>
<pubDate>${new Date(`${e.opens}T09:00:00Z`).toUTCString()}</pubDate>
<description>La fondation soutient les associations qui accompagnent les publics éloignés vers l’inclusion numérique. Candidatures du ${french(e.opens)} au ${french(e.deadline)}.</description></item>`,
  );
  items.push(`<item><title>FSE+ : inclusion numérique des publics éloignés de l’emploi</title><link>${base}/aap/fse</link><guid>fse</guid>
<description>Programme régional FSE+ : inclusion numérique des publics éloignés. Taux d’intervention maximal de 60 %. Date limite : ${french(`${YEAR + 1}-06-30`)}.</description></item>`);
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fondation</title><link>${base}/</link>${items.join('\n')}</channel></rss>`;
}

let site: Server;
let smtp: TestSmtp;
let t: TestApp;
let env: Record<string, string>;

beforeEach(async () => {
  site = createServer((req, res) => {
    if (req.url === '/flux.xml') res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feed(`http://${req.headers.host}`));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  smtp = await startSmtp();
  // The real clock, as the fetch command's: matches are dated by it.
  t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, SMTP_URL: smtp.url, MAIL_FROM: 'Réseau <veille@reseau.example>' }, { now: () => new Date() });
  writeFileSync(
    t.ctx.config.feedsPath,
    `sources:\n  - id: fondation\n    name: Fondation Exemple\n    type: rss\n    url: http://127.0.0.1:${(site.address() as AddressInfo).port}/flux.xml\n    funder: foundation\n`,
  );
  env = { FUNDWATCH_DB: t.ctx.config.dbPath, FUNDWATCH_FEEDS: t.ctx.config.feedsPath, FUNDWATCH_OUTBOX: t.ctx.config.outboxDir, FUNDWATCH_SECRET: 'test-secret' };
});

afterEach(async () => {
  await t?.close();
  await smtp?.close();
  await new Promise((resolve) => site.close(resolve));
});

async function fetchByCli(): Promise<void> {
  const run = await fundwatch(['fetch'], env);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^fondation ok new=4/);
}

async function callByTitle(title: RegExp): Promise<Record<string, unknown>> {
  const list = await t.api({ method: 'GET', url: '/api/calls?limit=200' });
  expect(list.statusCode, list.body).toBe(200);
  const item = (list.json() as { items: Record<string, unknown>[] }).items.find((c) => title.test(String(c.title)));
  expect(item, String(title)).toBeDefined();
  return item!;
}

/** The next edition as the editions give it: this year's if its deadline has not passed on `today`, else next year's. */
function expectedFrom(today: string): { opens: string; deadline: string } {
  const year = today <= `${YEAR}-04-14` ? YEAR : YEAR + 1;
  return { opens: `${year}-02-03`, deadline: `${year}-04-14` };
}

describe('calls to anticipate', () => {
  it('three yearly editions give expected_next after `fundwatch fetch`, and « À anticiper » six weeks before, not earlier', async () => {
    await fetchByCli();
    const today = new Date().toISOString().slice(0, 10);
    const expected = expectedFrom(today);
    const last = await callByTitle(new RegExp(`Inclusion numérique ${YEAR - 1}$`));
    expect(last).toMatchObject({ recurrence: 'annual', expected_next: expected, open: false, opens: `${YEAR - 1}-02-03`, deadlines: [`${YEAR - 1}-04-15`] });
    const first = await callByTitle(new RegExp(`Inclusion numérique ${YEAR - 3}$`));
    expect(first).toMatchObject({ recurrence: 'annual', expected_next: expected });
    const one = await t.api({ method: 'GET', url: `/api/calls/${String(last.id)}` });
    expect(one.json()).toMatchObject({ recurrence: 'annual', expected_next: expected, eu_notice: null });
    // A call that is no edition of anything has neither.
    const fse = await callByTitle(/^FSE\+/);
    expect(fse).toMatchObject({ recurrence: null, expected_next: null });

    const member = await t.api({
      method: 'POST',
      url: '/api/members',
      payload: { email: 'epn@asso.example', organisation: 'EPN', profiles: [{ name: 'Inclusion', keywords: ['inclusion numérique'] }] },
    });
    expect(member.statusCode, member.body).toBe(201);

    // Three months before the expected opening: too far ahead, nothing to anticipate yet.
    const far = new Date(`${addDays(expected.opens, -90)}T08:00:00Z`);
    await runDigests(t.ctx, { now: far });
    for (const r of smtp.received) expect(plain(r.mail.html as string)).not.toContain('À anticiper');
    const before = smtp.received.length;

    // Six weeks before: listed, with last edition's dates and the expected ones.
    const near = new Date(`${addDays(expected.opens, -42)}T08:00:00Z`);
    await runDigests(t.ctx, { now: near });
    expect(smtp.received.length).toBe(before + 1);
    const mail = smtp.received.at(-1)!.mail;
    const $ = cheerio.load(mail.html as string);
    const section = plain($('.fw-anticipate').text());
    expect(section).toContain('À anticiper');
    expect(section).toContain(`Appel à projets Inclusion numérique ${YEAR - 1}`);
    expect(section).toMatch(new RegExp(`Dernière édition : ouverte le \\w+ 3 février ${YEAR - 1}, date limite le \\w+ 15 avril ${YEAR - 1}\\.`));
    expect(section).toMatch(new RegExp(`ouverture attendue vers le \\w+ 3 février ${expected.opens.slice(0, 4)}, date limite vers le \\w+ 14 avril ${expected.opens.slice(0, 4)}`));
    expect(plain(mail.text!)).toContain('À anticiper');
  });

  it('a member who got last year’s edition in a digest is told of the next one, once', async () => {
    await fetchByCli();
    const created = await t.api({
      method: 'POST',
      url: '/api/members',
      payload: { email: 'fidele@asso.example', organisation: 'EPN fidèle', profiles: [{ name: 'Inclusion', keywords: ['inclusion numérique'] }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const memberId = Number(created.json().id);
    const profileId = Number(created.json().profiles[0].id);
    const lastEdition = Number((await callByTitle(new RegExp(`Inclusion numérique ${YEAR - 1}$`))).id);
    // Last year, while it was open, the edition reached this member as a match of their profile.
    const at = `${YEAR - 1}-02-09T08:00:00.000Z`;
    const delivery = t.ctx.db
      .prepare(`INSERT INTO digest_deliveries (week, member_id, status, composed_at, sent_at, created_at, updated_at) VALUES (?, ?, 'sent', ?, ?, ?, ?)`)
      .run(`${YEAR - 1}-W07`, memberId, at, at, at, at);
    t.ctx.db
      .prepare(`INSERT INTO digest_items (delivery_id, member_id, call_id, profile_id, section) VALUES (?, ?, ?, ?, 'new')`)
      .run(Number(delivery.lastInsertRowid), memberId, lastEdition, profileId);

    const expected = expectedFrom(new Date().toISOString().slice(0, 10));
    await runDigests(t.ctx, { now: new Date(`${addDays(expected.opens, -42)}T08:00:00Z`) });
    expect(smtp.received).toHaveLength(1);
    expect(plain(cheerio.load(smtp.received[0]!.mail.html as string)('.fw-anticipate').text())).toContain(`Appel à projets Inclusion numérique ${YEAR - 1}`);
    // Told once: the next week has nothing to say.
    await runDigests(t.ctx, { now: new Date(`${addDays(expected.opens, -35)}T08:00:00Z`) });
    expect(smtp.received).toHaveLength(1);
  });

  it('a member who followed an edition hears that the call comes back, though no profile of theirs matches it', async () => {
    await fetchByCli();
    const created = await t.api({
      method: 'POST',
      url: '/api/members',
      payload: { email: 'candidat@asso.example', organisation: 'Fablab', profiles: [{ name: 'Fablab', keywords: ['imprimante 3D'] }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const memberId = Number(created.json().id);
    const older = Number((await callByTitle(new RegExp(`Inclusion numérique ${YEAR - 2}$`))).id);
    // Two years ago the member applied to an edition (it matched none of their profiles: they followed it by hand).
    setFollowStatus(t.ctx.db, memberId, older, 'submitted', new Date(`${YEAR - 2}-03-01T10:00:00Z`));
    const expected = expectedFrom(new Date().toISOString().slice(0, 10));
    await runDigests(t.ctx, { now: new Date(`${addDays(expected.opens, -42)}T08:00:00Z`) });
    const mail = smtp.received.find((r) => r.to.includes('candidat@asso.example'));
    expect(mail, 'a digest with the anticipation').toBeDefined();
    expect(plain(cheerio.load(mail!.mail.html as string)('.fw-anticipate').text())).toContain(`Appel à projets Inclusion numérique ${YEAR - 1}`);
  });

  it('editions are linked after every fetch (the fetch job), not only before a digest', async () => {
    await fetchByCli();
    // Forget what the fetch stored, then fetch again in-process: the job links them again.
    t.ctx.db.prepare('UPDATE calls SET series_id = NULL, edition_recurrence = NULL, expected_opens = NULL, expected_deadline = NULL').run();
    expect((await callByTitle(new RegExp(`${YEAR - 1}$`))).expected_next).toBeNull();
    await fetchAndMatch(t.ctx, [], { now: new Date() });
    expect((await callByTitle(new RegExp(`${YEAR - 1}$`))).expected_next).toEqual(expectedFrom(new Date().toISOString().slice(0, 10)));
  });
});

describe('EU-funds notice with its rate', () => {
  it('is in the digest, the member’s Atom feed and the API', async () => {
    await fetchByCli();
    const created = await t.api({
      method: 'POST',
      url: '/api/members',
      payload: { email: 'fse@asso.example', profiles: [{ name: 'Emploi', keywords: ['publics éloignés'] }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const notice = 'L’UE finance jusqu’à 60 % : prévoyez 40 % d’autres financements et l’avance de trésorerie.';

    const fse = await callByTitle(/^FSE\+/);
    expect(fse.eu_funds).toEqual(['FSE+']);
    expect(fse.rate).toBe(60);
    expect(plain(String(fse.eu_notice))).toBe(`Fonds européens (FSE+) : l’aide est versée après justification des dépenses, souvent plusieurs mois plus tard. ${notice}`);
    const one = await t.api({ method: 'GET', url: `/api/calls/${String(fse.id)}` });
    expect(plain(String(one.json().eu_notice))).toContain(notice);
    // The OpenAPI document declares it (the serialiser drops what the schema does not list).
    const docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    expect(JSON.stringify(docs.paths['/api/calls/{id}']!.get.responses['200'])).toContain('eu_notice');
    expect(JSON.stringify(docs.paths['/api/calls/{id}']!.get.responses['200'])).toContain('expected_next');

    const summary = await runDigests(t.ctx, { now: new Date() });
    expect(summary, JSON.stringify(summary)).toMatchObject({ sent: 1 });
    const mail = smtp.received.find((r) => r.to.includes('fse@asso.example'))!.mail;
    const $ = cheerio.load(mail.html as string);
    const block = $('.fw-call').filter((_, el) => $(el).find('.fw-call-title').text().includes('FSE+'));
    expect(plain(block.text())).toContain(notice);
    expect(plain(mail.text!)).toContain(notice);

    const feedPath = new URL(memberLinks(t.ctx, Number(created.json().id)).feedUrl!).pathname;
    const atom = await t.app.inject({ method: 'GET', url: feedPath });
    expect(atom.statusCode).toBe(200);
    const feed = await new Parser().parseString(atom.body);
    const entry = feed.items.find((i) => i.title?.startsWith('FSE+'))!;
    expect(plain(entry.content!)).toContain(notice);
    const other = feed.items.find((i) => !i.title?.startsWith('FSE+'));
    if (other) expect(other.content).not.toContain('Fonds européens');
  });
});
