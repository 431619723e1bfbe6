// « Ouverts à toute association » end to end: general funds (src/match/general.ts) matched to every profile whose
// filters they pass (score.ts generalResult), sent through a real SMTP server after « À regarder aussi », at most
// two, once; never a digest by themselves.
import * as cheerio from 'cheerio';
import { afterEach, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/run.js';
import { matchAll } from '../../src/match/run.js';
import { setFollowStatus } from '../../src/follow/statuses.js';
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
const FILLER = ['Rénovation énergétique des bâtiments communaux', 'Entretien de la voirie rurale', 'Eau potable et assainissement', 'Éclairage public économe'];
const HEADING = 'Ouverts à toute association';

// Phrasings as FDVA relays write them (src/match/general.ts names the pages).
const FDVA_SUMMARY =
  'Les associations peuvent répondre aux appels à projets départementaux du Fonds pour le développement de la vie associative afin de financer leur fonctionnement ou leurs projets innovants.';

function seedWorld(t: TestApp) {
  const { db } = t.ctx;
  for (let i = 0; i < 40; i++) {
    seedCall(db, { title: `${FILLER[i % FILLER.length]} (${i})`, summary: 'Les communes et intercommunalités peuvent candidater pour leurs écoles, gymnases et salles.', deadlines: ['2026-06-30'] });
  }
  return {
    main: seedCall(db, { title: 'Inclusion numérique : soutien aux associations', regions: ['Bretagne'], deadlines: ['2026-05-25'] }),
    fdvaHere: seedCall(db, {
      title: 'FDVA « Fonctionnement et projets innovants » en Ille-et-Vilaine',
      summary: FDVA_SUMMARY,
      funder: 'state',
      regions: ['Bretagne'],
      deadlines: ['2026-04-02'],
    }),
    fdvaElsewhere: seedCall(db, {
      title: 'FDVA « Fonctionnement-innovation » dans l’Hérault',
      summary: FDVA_SUMMARY,
      funder: 'state',
      regions: ['Occitanie'],
      deadlines: ['2026-03-20'],
    }),
    sport: seedCall(db, {
      title: 'Sport et inclusion des jeunes',
      summary: 'Les associations et collectivités peuvent candidater pour des projets d’inclusion des jeunes par le sport.',
      regions: ['Bretagne'],
      deadlines: ['2026-03-25'],
    }),
    // A bank foundation for every field, nationwide: a third fund, with a later deadline, waits for the next week.
    bank: seedCall(db, {
      title: 'La fondation Agir ensemble du Crédit Agricole aide le milieu associatif',
      summary: 'Toutes les associations, clientes ou non, peuvent présenter un projet de proximité. Tous les domaines sont ouverts : patrimoine, sport, culture, social.',
      regions: [],
      deadlines: ['2026-09-30'],
    }),
    bankSooner: seedCall(db, {
      title: 'Fondation régionale : soutien au fonctionnement des associations',
      summary: 'Une aide pour les associations de Bretagne, quel que soit leur domaine d’activité.',
      regions: ['Bretagne'],
      deadlines: ['2026-06-15'],
    }),
  };
}

async function createMember(t: TestApp, email: string, keywords: string[]): Promise<number> {
  const created = await t.api({
    method: 'POST',
    url: '/api/members',
    payload: { email, name: 'Léa', profiles: [{ name: 'EPN', keywords, regions: ['Bretagne'] }] },
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id as number;
}

function blockOf(text: string): string {
  const at = text.indexOf(HEADING);
  if (at < 0) return '';
  const end = text.indexOf('Date limite proche', at);
  return text.slice(at, end < 0 ? text.indexOf('-- \n', at) : end);
}

it('lists the general funds of the member’s region after « À regarder aussi », two at most, each once', async () => {
  smtp = await startSmtp();
  t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, SMTP_URL: smtp.url, FUNDWATCH_BASE_URL: 'https://veille.reseau.example' });
  const { db } = t.ctx;
  const calls = seedWorld(t);
  await createMember(t, 'epn@quartier.example', ['inclusion numérique']);
  // A member whose profile matches nothing: the general funds alone do not make a digest.
  await createMember(t, 'tiers@lieu.example', ['ressourcerie solidaire']);

  const first = await runDigests(t.ctx, { now: WEEK1 });
  expect(first).toMatchObject({ sent: 1, skipped: 1, failed: 0 });
  expect(smtp.received.map((r) => r.to)).toEqual([['epn@quartier.example']]);
  const mail = smtp.received[0]!.mail;
  // The subject counts what matched, not the general funds.
  expect(mail.subject).toBe('Veille financements, semaine 11 : 1 nouvel appel à projets');

  const text = plainSpaces(mail.text!);
  const block = blockOf(text);
  expect(block, text).toContain('Ces appels ne visent pas votre projet en particulier');
  expect(text.indexOf('Inclusion numérique : soutien aux associations')).toBeLessThan(text.indexOf(HEADING));
  // Nearest deadline first: the FDVA of Brittany, then the regional foundation; the nationwide bank waits.
  expect(block).toContain('FDVA « Fonctionnement et projets innovants » en Ille-et-Vilaine');
  expect(block).toContain('Fondation régionale : soutien au fonctionnement des associations');
  expect(block.indexOf('FDVA')).toBeLessThan(block.indexOf('Fondation régionale'));
  expect(block).not.toContain('Agir ensemble');
  expect(text).not.toContain('Hérault');
  expect(text).not.toContain('Sport et inclusion des jeunes');
  expect(block).toContain('Je suis intéressé : https://veille.reseau.example/m/');

  // HTML: its own section, French spacing in the intro.
  const $ = cheerio.load(mail.html as string);
  expect($(`h2:contains("${HEADING}")`)).toHaveLength(1);
  expect(mail.html).toContain('Ces appels ne visent pas votre projet en particulier\u00a0:');
  const html = plainSpaces($('body').text().replace(/\s+/g, ' '));
  expect(html.indexOf('FDVA « Fonctionnement et projets innovants »')).toBeGreaterThan(html.indexOf(HEADING));

  // Recorded in the ledger, so that the next digest does not offer them again.
  const items = db.prepare('SELECT call_id FROM digest_items ORDER BY call_id').pluck().all() as number[];
  expect(items).toEqual([calls.main, calls.fdvaHere, calls.bankSooner].sort((a, b) => a - b));

  // A week later, with a new match: the third fund comes, the two already shown do not.
  seedCall(db, { title: 'Inclusion numérique : nouvel appel', regions: ['Bretagne'], deadlines: ['2026-06-30'], firstSeen: '2026-03-15T10:00:00.000Z' });
  matchAll(t.ctx, WEEK2);
  const second = await runDigests(t.ctx, { now: WEEK2 });
  expect(second).toMatchObject({ sent: 1, skipped: 1, failed: 0 });
  const text2 = plainSpaces(smtp.received[1]!.mail.text!);
  const block2 = blockOf(text2);
  expect(block2, text2).toContain('La fondation Agir ensemble du Crédit Agricole aide le milieu associatif');
  expect(text2).not.toContain('en Ille-et-Vilaine');
  expect(text2).not.toContain('Fondation régionale');
});

/** A member of Brittany in the seeded world, their general funds to come; what the tests then do to them differs. */
async function memberInWorld() {
  smtp = await startSmtp();
  t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, SMTP_URL: smtp.url, FUNDWATCH_BASE_URL: 'https://veille.reseau.example' });
  const calls = seedWorld(t);
  const memberId = await createMember(t, 'epn@quartier.example', ['inclusion numérique']);
  return { db: t.ctx.db, calls, memberId };
}

/** The week's « Ouverts à toute association » block, after a digest run that sent one mail. */
async function blockOfWeek1(): Promise<{ text: string; block: string }> {
  expect(await runDigests(t.ctx, { now: WEEK1 })).toMatchObject({ sent: 1, failed: 0 });
  const text = plainSpaces(smtp.received[0]!.mail.text!);
  return { text, block: blockOf(text) };
}

it('leaves out a general fund the member hid or follows', async () => {
  const { db, calls, memberId } = await memberInWorld();
  // « Pas pertinent » on the FDVA: its match goes, and the matcher never writes it back.
  markNotRelevant(db, { memberId, callId: calls.fdvaHere }, WEEK1);
  matchAll(t.ctx, WEEK1);
  // Followed from the member's page: it is in « Vos appels suivis », not offered again as a general fund.
  setFollowStatus(db, memberId, calls.bankSooner, 'interested', WEEK1);
  const { text, block } = await blockOfWeek1();
  expect(block, text).not.toContain('Ille-et-Vilaine');
  expect(block).not.toContain('Fondation régionale');
  expect(block).toContain('Agir ensemble');
});

it('leaves out a general fund the member stopped following (« ne plus suivre »), though no digest ever sent it', async () => {
  const { db, calls, memberId } = await memberInWorld();
  // Followed from the member's page, then dropped: the member knows it and said so.
  setFollowStatus(db, memberId, calls.fdvaHere, 'interested', WEEK1);
  setFollowStatus(db, memberId, calls.fdvaHere, 'none', WEEK1);
  const { text, block } = await blockOfWeek1();
  expect(block, text).not.toContain('Ille-et-Vilaine');
  // The block still offers the region's other fund, then the nationwide one.
  expect(block).toContain('Fondation régionale');
  expect(block).toContain('Agir ensemble');
});
