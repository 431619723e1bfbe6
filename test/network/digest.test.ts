// The network's features in the weekly digest (issue 18), through the admin API, the real matcher, a real SQLite
// file and a real SMTP server: staff picks reach only the members they target, first, with the note; partners are
// named only between members who opted in, and no longer once one is erased; an EU call carries the notice.
import * as cheerio from 'cheerio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/run.js';
import { matchCalls } from '../../src/match/run.js';
import { createTestApp, seedCall, type TestApp, TOKEN } from '../api/helpers.js';
import { startSmtp, type Received, type TestSmtp } from '../helpers/smtp.js';

const NOW = new Date('2026-03-10T09:00:00Z');
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ');

let smtp: TestSmtp;
let t: TestApp;

beforeEach(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, SMTP_URL: smtp.url, MAIL_FROM: 'Réseau <veille@reseau.example>' });
});

afterEach(async () => {
  await t?.close();
  await smtp?.close();
});

async function member(body: Record<string, unknown>): Promise<number> {
  const response = await t.api({ method: 'POST', url: '/api/members', payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: number }).id;
}

function mailTo(email: string): Received['mail'] | undefined {
  return smtp.received.find((r) => r.to.includes(email))?.mail;
}

function callBlocks(mail: Received['mail']): { title: string; text: string }[] {
  const $ = cheerio.load(mail.html as string);
  return $('.fw-call')
    .map((_, el) => ({ title: plain($(el).find('.fw-call-title').text()).trim(), text: plain($(el).text()) }))
    .get();
}

describe('staff picks', () => {
  it('a pin with tags reaches only the members with one of them, first, with its note and internal deadline', async () => {
    const { db } = t.ctx;
    const pinned = seedCall(db, { title: 'Fondation Orange : ateliers numériques pour les seniors', deadlines: ['2026-05-15'] });
    const matched = seedCall(db, { title: 'Tiers-lieux solidaires : appel régional', summary: 'Soutien aux tiers-lieux.', deadlines: ['2026-06-01'] });
    const epn = await member({ email: 'epn@asso.example', organisation: 'EPN du Panier', tags: ['EPN', 'seniors'], profiles: [{ name: 'Tiers-lieux', keywords: ['tiers-lieux'] }] });
    await member({ email: 'fablab@asso.example', organisation: 'Fablab Nord', tags: ['fablab'], profiles: [{ name: 'Tiers-lieux', keywords: ['tiers-lieux'] }] });
    await member({ email: 'plain@asso.example', organisation: 'Sans étiquette', profiles: [{ name: 'Rien', keywords: ['agriculture biologique'] }] });
    const fetched = await t.api({ method: 'GET', url: `/api/members/${epn}` });
    expect(fetched.json()).toMatchObject({ tags: ['epn', 'seniors'], visible_to_network: false });

    const put = await t.api({
      method: 'PUT',
      url: `/api/calls/${pinned}/pin`,
      payload: { note: 'Idéal pour les EPN : 3 000 € sans cofinancement.', internal_deadline: '2026-05-01', tags: ['epn'] },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ call_id: pinned, note: 'Idéal pour les EPN : 3 000 € sans cofinancement.', internal_deadline: '2026-05-01', tags: ['epn'] });

    const summary = await runDigests(t.ctx, { now: NOW });
    expect(summary).toMatchObject({ sent: 2, failed: 0 });
    const toEpn = mailTo('epn@asso.example')!;
    const blocks = callBlocks(toEpn);
    // First, whatever the profiles, with the note; then the matched call; the pinned call is listed once.
    expect(blocks.map((b) => b.title)).toEqual(['Fondation Orange : ateliers numériques pour les seniors', 'Tiers-lieux solidaires : appel régional']);
    const $ = cheerio.load(toEpn.html as string);
    expect($('h2').first().text().trim()).toBe('Sélection du réseau');
    const pick = plain($('.fw-pick').text());
    expect(pick).toContain('Le mot du réseau : Idéal pour les EPN : 3 000 € sans cofinancement.');
    expect(pick).toContain('Envoyez-nous votre dossier avant le vendredi 1er mai 2026 pour une relecture.');
    // Like every call of the digest, the pick can be followed in one click (HTML and text), from the member's own link.
    const interested = $('.fw-pick a.fw-interested').attr('href');
    expect(interested).toMatch(new RegExp(`/m/[^/]+/calls/${pinned}/status$`));
    expect(toEpn.text).toContain(`Je suis intéressé : ${interested}`);
    expect($('.fw-pick a.fw-not-relevant')).toHaveLength(0);
    expect(toEpn.subject).toContain('1 appel choisi par le réseau');
    expect(plain(toEpn.text!)).toMatch(/Sélection du réseau[^]*Le mot du réseau : Idéal pour les EPN[^]*Tiers-lieux solidaires/);

    // Not tagged epn: no pick; the fablab member gets the matched call only, the third member nothing at all.
    const toFablab = mailTo('fablab@asso.example')!;
    expect(callBlocks(toFablab).map((b) => b.title)).toEqual(['Tiers-lieux solidaires : appel régional']);
    expect(plain(toFablab.html as string)).not.toContain('Sélection du réseau');
    expect(mailTo('plain@asso.example')).toBeUndefined();
    void matched;
  });

  it('a pin without tags reaches every active member, once; it goes when unpinned or closed', async () => {
    const { db } = t.ctx;
    const pinned = seedCall(db, { title: 'Appel du réseau à relayer', deadlines: ['2026-04-30'] });
    await member({ email: 'a@asso.example', organisation: 'A' });
    await member({ email: 'b@asso.example', organisation: 'B', status: 'unsubscribed' });
    expect((await t.api({ method: 'PUT', url: `/api/calls/${pinned}/pin`, payload: { note: 'À relayer' } })).statusCode).toBe(200);
    await runDigests(t.ctx, { now: NOW });
    expect(smtp.received.map((r) => r.to)).toEqual([['a@asso.example']]);
    expect(callBlocks(smtp.received[0]!.mail).map((b) => b.title)).toEqual(['Appel du réseau à relayer']);
    // Shown once: the next week's digest has nothing to say.
    await runDigests(t.ctx, { now: new Date('2026-03-17T09:00:00Z') });
    expect(smtp.received).toHaveLength(1);

    // Closed: the pin goes.
    db.prepare(`UPDATE calls SET status = 'closed' WHERE id = ?`).run(pinned);
    expect(db.prepare('SELECT count(*) AS n FROM call_pins').get()).toEqual({ n: 0 });
    const again = await t.api({ method: 'DELETE', url: `/api/calls/${pinned}/pin` });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('lists the open calls’ pins for staff, newest first, with their call, tags and note, page by page', async () => {
    const { db } = t.ctx;
    const first = seedCall(db, { title: 'Appel épinglé pour tous', deadlines: ['2026-04-30'] });
    const second = seedCall(db, { title: 'Appel réservé aux EPN', deadlines: ['2026-05-15'] });
    expect((await t.api({ method: 'PUT', url: `/api/calls/${first}/pin`, payload: { note: 'À relayer' } })).statusCode).toBe(200);
    t.ctx.db.prepare(`UPDATE call_pins SET updated_at = '2026-03-01T00:00:00.000Z' WHERE call_id = ?`).run(first);
    const put = await t.api({ method: 'PUT', url: `/api/calls/${second}/pin`, payload: { note: 'Pour les EPN', tags: ['EPN'], internal_deadline: '2026-05-01' } });
    expect(put.statusCode).toBe(200);
    const listed = await t.api({ url: '/api/pins' });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({
      total: 2,
      items: [
        { call_id: second, title: 'Appel réservé aux EPN', deadline: '2026-05-15', note: 'Pour les EPN', tags: ['epn'], internal_deadline: '2026-05-01' },
        { call_id: first, title: 'Appel épinglé pour tous', note: 'À relayer', tags: [] },
      ],
    });
    expect((await t.api({ url: '/api/pins?limit=1&offset=1' })).json()).toMatchObject({ total: 2, items: [{ call_id: first }] });
    expect((await t.api({ url: '/api/pins?limit=0' })).statusCode).toBe(400);
  });

  it('answers 404 for an unknown call, 400 for a bad body or a closed call, 204 when unpinned', async () => {
    const { db } = t.ctx;
    const open = seedCall(db, { title: 'Ouvert', deadlines: ['2026-04-30'] });
    const closed = seedCall(db, { title: 'Fini', deadlines: ['2026-01-30'] });
    const unknown = await t.api({ method: 'PUT', url: '/api/calls/9999/pin', payload: { note: 'x' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Appel 9999 introuvable.' });
    for (const payload of [{}, { note: '' }, { note: 'x', internal_deadline: '1er mai' }, { note: 'x', tags: 'epn' }, { note: 'x', other: 1 }]) {
      const bad = await t.api({ method: 'PUT', url: `/api/calls/${open}/pin`, payload });
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
      expect(bad.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    const late = await t.api({ method: 'PUT', url: `/api/calls/${closed}/pin`, payload: { note: 'x' } });
    expect(late.statusCode).toBe(400);
    expect(late.json().message).toContain('clos');
    expect((await t.api({ method: 'DELETE', url: `/api/calls/${open}/pin` })).statusCode).toBe(404);
    expect((await t.api({ method: 'PUT', url: `/api/calls/${open}/pin`, payload: { note: 'x', internal_deadline: null } })).statusCode).toBe(200);
    const removed = await t.api({ method: 'DELETE', url: `/api/calls/${open}/pin` });
    expect(removed.statusCode).toBe(204);
    expect(db.prepare('SELECT count(*) AS n FROM call_pins').get()).toEqual({ n: 0 });
    expect((await t.app.inject({ method: 'PUT', url: `/api/calls/${open}/pin`, payload: { note: 'x' } })).statusCode).toBe(401);
  });
});

describe('partners', () => {
  it('names only members who opted in, to each other, and forgets an erased one', async () => {
    const { db } = t.ctx;
    seedCall(db, { title: 'Médiation numérique itinérante en milieu rural', deadlines: ['2026-06-30'] });
    const profiles = [{ name: 'Médiation', keywords: ['médiation numérique'] }];
    const alice = await member({ email: 'alice@asso.example', organisation: 'Tiers-lieu du Panier', visible_to_network: true, profiles });
    await member({ email: 'bruno@asso.example', organisation: 'Fablab des Collines', visible_to_network: true, profiles });
    await member({ email: 'chloe@asso.example', organisation: 'Association Discrète', profiles });

    await runDigests(t.ctx, { now: NOW });
    expect(smtp.received).toHaveLength(3);
    const line = (email: string) => callBlocks(mailTo(email)!)[0]!.text;
    expect(line('alice@asso.example')).toContain('Aussi concernés dans le réseau : Fablab des Collines.');
    expect(line('bruno@asso.example')).toContain('Aussi concernés dans le réseau : Tiers-lieu du Panier.');
    // Chloé did not say yes: she is never named and sees nobody.
    for (const email of ['alice@asso.example', 'bruno@asso.example']) {
      expect(plain(mailTo(email)!.html as string)).not.toContain('Association Discrète');
      expect(plain(mailTo(email)!.text!)).not.toContain('Association Discrète');
    }
    expect(line('chloe@asso.example')).not.toContain('Aussi concernés');
    expect(plain(mailTo('alice@asso.example')!.text!)).toContain('Aussi concernés dans le réseau : Fablab des Collines.');

    // Alice is erased: Bruno's next digest names nobody.
    expect((await t.api({ method: 'DELETE', url: `/api/members/${alice}` })).statusCode).toBe(204);
    const preview = await t.api({ method: 'GET', url: `/api/members/${(await t.api({ method: 'GET', url: '/api/members?q=bruno' })).json().items[0].id}/digest/preview` });
    expect(preview.statusCode).toBe(200);
    expect(plain(preview.body)).not.toContain('Tiers-lieu du Panier');
    expect(plain(preview.body)).not.toContain('Aussi concernés');
  });
});

describe('partners over weeks', () => {
  it('a member who withdraws is no longer named nor shown others; an erased one leaves every line, the others still see each other', async () => {
    const { db } = t.ctx;
    const profiles = [{ name: 'Médiation', keywords: ['médiation numérique'] }];
    seedCall(db, { title: 'Médiation numérique : semaine 1', deadlines: ['2026-06-30'] });
    const alice = await member({ email: 'alice@asso.example', organisation: 'Tiers-lieu du Panier', visible_to_network: true, profiles });
    const bruno = await member({ email: 'bruno@asso.example', organisation: 'Fablab des Collines', visible_to_network: true, profiles });
    await member({ email: 'dora@asso.example', organisation: 'EPN de la Gare', visible_to_network: true, profiles });
    await runDigests(t.ctx, { now: NOW });
    expect(callBlocks(mailTo('dora@asso.example')!)[0]!.text).toContain('Aussi concernés dans le réseau : Fablab des Collines et Tiers-lieu du Panier.');

    // Week 2: Bruno withdraws; Alice is erased. A new call matches everyone left.
    expect((await t.api({ method: 'PATCH', url: `/api/members/${bruno}`, payload: { visible_to_network: false } })).statusCode).toBe(200);
    expect((await t.api({ method: 'DELETE', url: `/api/members/${alice}` })).statusCode).toBe(204);
    await member({ email: 'eloi@asso.example', organisation: 'Repair café du Port', visible_to_network: true, profiles });
    seedCall(db, { title: 'Médiation numérique : semaine 2', deadlines: ['2026-07-15'], firstSeen: '2026-03-16T10:00:00.000Z' });
    smtp.received.length = 0;
    const week2 = new Date('2026-03-17T09:00:00Z');
    // The new call is matched when it arrives (as a fetch would do).
    matchCalls(t.ctx, [(db.prepare(`SELECT id FROM calls WHERE title LIKE '%semaine 2'`).get() as { id: number }).id], week2);
    await runDigests(t.ctx, { now: week2 });
    const block = (email: string) => callBlocks(mailTo(email)!).find((b) => b.title.endsWith('semaine 2'))!.text;
    expect(block('dora@asso.example')).toContain('Aussi concernés dans le réseau : Repair café du Port.');
    expect(block('eloi@asso.example')).toContain('Aussi concernés dans le réseau : EPN de la Gare.');
    expect(block('bruno@asso.example')).not.toContain('Aussi concernés');
    for (const received of smtp.received) {
      // Bruno's own digest names his organisation in its footer, as every digest does.
      for (const gone of received.to.includes('bruno@asso.example') ? ['Tiers-lieu du Panier'] : ['Tiers-lieu du Panier', 'Fablab des Collines']) {
        expect(plain(received.mail.html as string)).not.toContain(gone);
        expect(plain(received.mail.text!)).not.toContain(gone);
      }
    }
  });
});

describe('EU-funds notice', () => {
  it('an EU call carries the notice in the digest, an other call none', async () => {
    const { db } = t.ctx;
    const eu = seedCall(db, { title: 'FSE+ : inclusion numérique des publics éloignés', funder: 'eu', deadlines: ['2026-06-30'] });
    const national = seedCall(db, { title: 'Inclusion numérique : appel national', funder: 'state', deadlines: ['2026-06-30'] });
    await member({ email: 'a@asso.example', profiles: [{ name: 'Inclusion', keywords: ['inclusion numérique'] }] });
    await runDigests(t.ctx, { now: NOW });
    const blocks = callBlocks(mailTo('a@asso.example')!);
    const euBlock = blocks.find((b) => b.title.startsWith('FSE+'))!;
    expect(euBlock.text).toContain('Fonds européens : l’aide est versée après justification des dépenses');
    expect(euBlock.text).toContain('L’association doit pouvoir avancer l’argent (trésorerie) et trouver des cofinancements.');
    expect(blocks.find((b) => b.title.startsWith('Inclusion numérique : appel'))!.text).not.toContain('Fonds européens');
    expect(plain(mailTo('a@asso.example')!.text!)).toContain('Fonds européens : l’aide est versée après justification des dépenses');
    void eu;
    void national;
  });
});
