// The weekly run through a real SMTP server on 127.0.0.1, read back with mailparser: content, headers,
// plain-text part, grouping, closing-soon section, skipping, exactly-once, retries, DKIM, staff report.
import * as cheerio from 'cheerio';
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previewDigest } from '../../src/digest/preview.js';
import { listDigestRuns, runDigests } from '../../src/digest/run.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch, insertSource, plainSpaces, startSmtp, type TestSmtp } from './helpers.js';

const MONDAY = new Date('2026-11-30T07:00:00Z'); // 08:00 in Paris, ISO week 2026-W49
const NEXT_MONDAY = new Date('2026-12-07T07:00:00Z');
const MATCHED = '2026-11-27T10:00:00.000Z';
const BASE_ENV = {
  MAIL_FROM: 'Réseau Inclusion <veille@reseau.example>',
  FUNDWATCH_BASE_URL: 'https://veille.reseau.example',
};

let smtp: TestSmtp;
let ctx: TestContext;

async function setup(env: Record<string, string> = {}, smtpOptions: Parameters<typeof startSmtp>[0] = {}) {
  smtp = await startSmtp(smtpOptions);
  ctx = createTestContext({ ...BASE_ENV, SMTP_URL: smtp.url, ...env });
}

afterEach(async () => {
  ctx?.cleanup();
  await smtp?.close();
});

function deliveries() {
  return ctx.db.prepare('SELECT d.week, m.email, d.status, d.attempts, d.last_error FROM digest_deliveries d JOIN members m ON m.id = d.member_id ORDER BY m.email').all() as {
    week: string;
    email: string;
    status: string;
    attempts: number;
    last_error: string | null;
  }[];
}

describe('weekly digest through SMTP', () => {
  beforeEach(() => setup());

  function seedNetwork() {
    const { db } = ctx;
    insertSource(db, 'region-aap', 'Région Sud : appels à projets');
    const marie = createMember(db, { email: 'marie@asso-clic.example', name: 'Marie Dupont', organisation: 'Association Clic' });
    const inclusion = createProfile(db, marie.id, { name: 'Inclusion numérique', keywords: ['inclusion numérique'] });
    const tiers = createProfile(db, marie.id, { name: 'Tiers-lieux', keywords: ['tiers-lieux'] });
    const paul = createMember(db, { email: 'paul@fablab.example', name: 'Paul', organisation: 'Fablab' });
    const paulProfile = createProfile(db, paul.id, { name: 'Fablab', keywords: ['fablab'] });
    const gone = createMember(db, { email: 'ancien@asso.example', status: 'unsubscribed' });
    const goneProfile = createProfile(db, gone.id, { name: 'Tout', keywords: ['numérique'] });

    const conseillers = insertCall(db, {
      title: 'Conseillers numériques : financement des postes 2027',
      summary: '<p>Soutien aux <b>structures</b> qui accueillent des conseillers numériques.</p>',
      funder: 'state',
      funderName: 'Agence nationale de la cohésion des territoires',
      deadlines: ['2026-12-07'],
      amountMax: 20000,
      amountScope: 'project',
    });
    const tiersLieux = insertCall(db, { title: 'Fabriques de territoire et tiers-lieux', deadlines: ['2027-01-15'], amountMin: 5000, amountMax: 50000 });
    const mediation = insertCall(db, { title: 'Médiation numérique en zone rurale', deadlines: ['2026-12-10'] });
    const closed = insertCall(db, { title: 'Appel clos', deadlines: ['2026-12-20'], status: 'closed' });
    const old = insertCall(db, { title: 'Vieil appel déjà connu', deadlines: ['2026-12-20'] });

    insertMatch(db, inclusion.id, conseillers, 72, ['conseiller numérique', 'inclusion numérique'], MATCHED, [
      { term: 'conseiller numérique', field: 'title' },
      { term: 'inclusion numérique', field: 'summary', via: 'médiation numérique' },
    ]);
    insertMatch(db, inclusion.id, mediation, 55, ['inclusion numérique'], MATCHED);
    insertMatch(db, tiers.id, tiersLieux, 80, ['tiers-lieux'], MATCHED);
    insertMatch(db, tiers.id, mediation, 40, ['tiers-lieux'], MATCHED); // same call, weaker: listed once, under Inclusion
    insertMatch(db, inclusion.id, closed, 99, ['inclusion numérique'], MATCHED);
    insertMatch(db, inclusion.id, old, 99, ['inclusion numérique'], '2026-10-01T00:00:00.000Z'); // before the 14-day window
    insertMatch(db, goneProfile.id, conseillers, 90, ['numérique'], MATCHED);
    return { marie, inclusion, tiers, paul, paulProfile, calls: { conseillers, tiersLieux, mediation } };
  }

  it('sends each active member with something new one French digest, and skips the others', async () => {
    const { marie, inclusion, calls } = seedNetwork();
    const summary = await runDigests(ctx, { now: MONDAY });
    expect(summary).toMatchObject({ week: '2026-W49', sent: 1, skipped: 1, failed: 0, stuck: 0, errors: [] });
    expect(smtp.received).toHaveLength(1);
    const { mail, to } = smtp.received[0]!;
    expect(to).toEqual(['marie@asso-clic.example']);

    expect(mail.subject).toBe('Veille financements, semaine 49 : 3 nouveaux appels à projets');
    expect(mail.from?.value[0]).toMatchObject({ address: 'veille@reseau.example', name: 'Réseau Inclusion' });
    // Headers: one-click unsubscribe (RFC 8058) and a Message-ID stable per member and week.
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '');
    const listUnsubscribe = { url: /^<(.+)>$/.exec(header('list-unsubscribe') ?? '')?.[1] ?? '' };
    expect(listUnsubscribe.url).toMatch(new RegExp(`^https://veille\\.reseau\\.example/unsubscribe/${marie.id}\\.[A-Za-z0-9_-]{43}$`));
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.messageId).toMatch(/^<digest-2026-W49-[0-9a-f]{20}@reseau\.example>$/);

    // HTML: grouped by profile, best first, each call once, French dates, days left, amounts, why it matched.
    const $ = cheerio.load(mail.html as string);
    const body = plainSpaces($('body').text().replace(/\s+/g, ' '));
    expect($('html').attr('lang')).toBe('fr');
    // The preheader, shown by mail clients next to the subject.
    // French spacing: the colon holds to its word.
    expect($('body > div').first().text()).toContain('numériques\u00a0: financement');
    expect(plainSpaces($('body > div').first().text().trim())).toBe(
      'Conseillers numériques : financement des postes 2027 · Médiation numérique en zone rurale et 1 autre',
    );
    expect($('title').text()).toBe(mail.subject);
    expect($('h2').map((_, el) => plainSpaces($(el).text().trim())).get()).toEqual(['Profil « Inclusion numérique »', 'Profil « Tiers-lieux »']);
    const titles = $('.fw-call-title').map((_, el) => plainSpaces($(el).text().trim())).get();
    expect(titles).toEqual([
      'Conseillers numériques : financement des postes 2027',
      'Médiation numérique en zone rurale',
      'Fabriques de territoire et tiers-lieux',
    ]);
    expect($('.fw-call-title a').first().attr('href')).toMatch(/^https:\/\/financeurs\.example\.org\/appel-/);
    expect(body).toContain('Date limite : lundi 7 décembre 2026 (J-7)');
    expect(body).toContain('Montant : jusqu’à 20 000 € par projet');
    expect(body).toContain('Montant : de 5 000 € à 50 000 €');
    // Issue 4: which terms matched, in which field, through which synonym, beside the call they explain.
    const why = 'Correspond à « conseiller numérique » (titre), « inclusion numérique » via « médiation numérique » (résumé).';
    expect(plainSpaces($('.fw-call').first().text().replace(/\s+/g, ' '))).toContain(why);
    expect(body.split(why)).toHaveLength(2);
    expect(body).not.toContain('Pourquoi cet appel : conseiller numérique');
    // A match stored without an explanation still says which terms matched.
    expect(plainSpaces($('.fw-call').last().text().replace(/\s+/g, ' '))).toContain('Pourquoi cet appel : tiers-lieux');
    expect(body).toContain('Agence nationale de la cohésion des territoires · source : Région Sud : appels à projets');
    expect(body).toContain('Soutien aux structures qui accueillent des conseillers numériques.');
    expect(body).not.toContain('Appel clos');
    expect(body).not.toContain('Vieil appel');
    expect(body).not.toContain('Date limite proche');
    // Footer: why, how to change profiles, unsubscribe.
    expect(body).toContain('l’adresse marie@asso-clic.example est inscrite à la veille financements du réseau pour Association Clic');
    expect($('a[href^="mailto:veille@reseau.example"]').length).toBe(1);
    expect($(`a[href="${listUnsubscribe.url}"]`).text()).toContain('Se désabonner');
    // Issue 8's private links: "Pas pertinent" beside each call, the calendar and the feed in the footer.
    const notRelevant = $('a.fw-not-relevant').map((_, el) => $(el).attr('href')).get();
    expect(notRelevant).toHaveLength(3);
    expect(notRelevant[0]).toMatch(new RegExp(`^https://veille\\.reseau\\.example/m/${marie.id}\\.[A-Za-z0-9_-]{43}/not-relevant/${calls.conseillers}\\?profile=${inclusion.id}$`));
    expect($('a:contains("Ajouter les dates limites à mon agenda")').attr('href')).toMatch(/^https:\/\/veille\.reseau\.example\/m\/[^/]+\/calendar\.ics$/);
    expect($('a:contains("Suivre dans un lecteur de flux")').attr('href')).toMatch(/^https:\/\/veille\.reseau\.example\/m\/[^/]+\/feed\.atom$/);

    // The plain-text part says the same, written from the same data.
    const text = plainSpaces(mail.text!);
    expect(text).toContain('Profil « Inclusion numérique »');
    expect(text.indexOf('Conseillers numériques')).toBeLessThan(text.indexOf('Médiation numérique'));
    expect(text.indexOf('Médiation numérique')).toBeLessThan(text.indexOf('Fabriques de territoire'));
    expect(text).toContain('Date limite : lundi 7 décembre 2026 (J-7)');
    expect(text).toContain(`Se désabonner en un clic : ${listUnsubscribe.url}`);
    expect(text).toMatch(/^Ajouter les dates limites à mon agenda : https:\/\/veille\.reseau\.example\/m\/.+\/calendar\.ics$/m);
    expect(text).toContain(`  Pas pertinent ? ${notRelevant[0]}`);
    expect(text).toMatch(/^\* Conseillers numériques[^]*?^  Correspond à « conseiller numérique » \(titre\), « inclusion numérique » via « médiation numérique » \(résumé\)\.$/m);
    expect(text).toContain('  Pourquoi cet appel : tiers-lieux');
    expect(text).not.toMatch(/<[a-z]/i);

    expect(deliveries().map((d) => [d.email, d.status])).toEqual([
      ['marie@asso-clic.example', 'sent'],
      ['paul@fablab.example', 'skipped'],
    ]);
    expect(listDigestRuns(ctx.db, { limit: 10, offset: 0 })).toMatchObject({
      total: 1,
      items: [{ id: summary.runId, week: '2026-W49', sent: 1, skipped: 1, failed: 0, stuck: 0, dryRun: false }],
    });
  });

  it('never sends twice in a week, then next week lists only what is new and what closes soon', async () => {
    const { marie, inclusion, paul, paulProfile, calls } = seedNetwork();
    await runDigests(ctx, { now: MONDAY });
    const again = await runDigests(ctx, { now: new Date('2026-12-02T15:00:00Z') });
    expect(again).toMatchObject({ week: '2026-W49', sent: 0, failed: 0, stuck: 0 });
    expect(smtp.received).toHaveLength(1);

    // During the week: one new call for Marie, and Paul's first match.
    const budget = insertCall(ctx.db, { title: 'Budget participatif : volet numérique', deadlines: ['2027-03-01'] });
    insertMatch(ctx.db, inclusion.id, budget, 60, ['numérique'], '2026-12-03T09:00:00.000Z');
    insertMatch(ctx.db, paulProfile.id, budget, 45, ['fablab'], '2026-12-03T09:00:00.000Z');

    const next = await runDigests(ctx, { now: NEXT_MONDAY });
    expect(next).toMatchObject({ week: '2026-W50', sent: 2, skipped: 0 });
    const forMarie = smtp.received.find((r) => r.to[0] === marie.email)!.mail;
    const second = smtp.received.filter((r) => r.to[0] === marie.email).at(-1)!.mail;
    expect(second.messageId).not.toBe(forMarie.messageId);
    expect(second.subject).toBe('Veille financements, semaine 50 : 1 nouvel appel à projets et 2 dates limites proches');
    const $ = cheerio.load(second.html as string);
    const titles = $('.fw-call-title').map((_, el) => plainSpaces($(el).text().trim())).get();
    // New first (only the new call), then the reminders by deadline: 7 Dec (today) and 10 Dec.
    expect(titles).toEqual(['Budget participatif : volet numérique', 'Conseillers numériques : financement des postes 2027', 'Médiation numérique en zone rurale']);
    const text = plainSpaces(second.text!);
    expect(text).toContain('Date limite proche');
    expect(text).toContain('Date limite : lundi 7 décembre 2026 (dernier jour)');
    expect(text).toContain('Date limite : jeudi 10 décembre 2026 (J-3)');
    expect(text).not.toContain('Fabriques de territoire'); // sent last week, deadline far away
    void calls;

    const toPaul = smtp.received.filter((r) => r.to[0] === paul.email);
    expect(toPaul).toHaveLength(1);
    expect(toPaul[0]!.mail.subject).toBe('Veille financements, semaine 50 : 1 nouvel appel à projets');
  });

  it('previews without sending or writing anything', async () => {
    const { marie, paul } = seedNetwork();
    const preview = await previewDigest(ctx, marie.id, MONDAY);
    expect(preview?.subject).toBe('Veille financements, semaine 49 : 3 nouveaux appels à projets');
    expect(preview?.html).toContain('Médiation numérique en zone rurale');
    expect(preview?.text).toContain('Fabriques de territoire et tiers-lieux');
    expect(await previewDigest(ctx, paul.id, MONDAY)).toBeNull();
    expect(await previewDigest(ctx, 9999, MONDAY)).toBeNull();
    expect(smtp.received).toHaveLength(0);
    expect(deliveries()).toHaveLength(0);
  });

  it('does not write to unsubscribed or deleted members, and deleting a member erases their ledger rows', async () => {
    const { marie } = seedNetwork();
    await runDigests(ctx, { now: MONDAY });
    ctx.db.prepare('DELETE FROM members WHERE id = ?').run(marie.id);
    expect(ctx.db.prepare('SELECT COUNT(*) AS n FROM digest_items WHERE member_id = ?').get(marie.id)).toEqual({ n: 0 });
    expect(deliveries().map((d) => d.email)).toEqual(['paul@fablab.example']);
    expect(listDigestRuns(ctx.db, { limit: 5, offset: 0 }).items[0]).toMatchObject({ sent: 1, skipped: 1 }); // anonymous counts stay
    await runDigests(ctx, { now: NEXT_MONDAY });
    expect(smtp.received.map((r) => r.to[0])).toEqual(['marie@asso-clic.example']);
  });

  it('sends to one member only with memberEmail, and refuses unknown or unsubscribed ones', async () => {
    seedNetwork();
    const summary = await runDigests(ctx, { now: MONDAY, memberEmail: 'MARIE@asso-clic.example' });
    expect(summary).toMatchObject({ sent: 1, skipped: 0 });
    await expect(runDigests(ctx, { now: MONDAY, memberEmail: 'nobody@example.org' })).rejects.toThrow('aucun membre avec l’adresse nobody@example.org');
    await expect(runDigests(ctx, { now: MONDAY, memberEmail: 'ancien@asso.example' })).rejects.toThrow('le membre ancien@asso.example est désinscrit : aucune lettre ne lui est envoyée');
  });

  it('keeps feed markup as text: titles and summaries from the feedparser sanitize corpus inject nothing', async () => {
    const fixtures = join(import.meta.dirname, '../fixtures/digest/sanitize');
    const strings = readdirSync(fixtures)
      .filter((f) => f.endsWith('.xml'))
      .map((file) => {
        const $ = cheerio.load(readFileSync(join(fixtures, file), 'utf8'), { xml: true });
        return { file, text: $('title, summary, description, content').first().text().trim() };
      });
    expect(strings.length).toBeGreaterThanOrEqual(8);
    expect(strings.every((s) => /<(script|iframe|img|link|object)/i.test(s.text))).toBe(true);
    const member = createMember(ctx.db, { email: 'cible@asso.example', name: '<b>Nom</b>' });
    const profile = createProfile(ctx.db, member.id, { name: '<script>alert(1)</script>' });
    for (const [i, { file, text }] of strings.entries()) {
      const asTitle = file.includes('title');
      const id = insertCall(ctx.db, {
        title: asTitle ? text : `Appel ${i}`,
        summary: asTitle ? '' : text,
        url: i % 2 === 0 ? `javascript:alert(${i})` : `https://example.org/${i}"><script>alert(1)</script>`,
        deadlines: ['2026-12-20'],
      });
      insertMatch(ctx.db, profile.id, id, 50 + i, ['<img src=x onerror=alert(1)>'], MATCHED);
    }
    await runDigests(ctx, { now: MONDAY });
    const { mail } = smtp.received[0]!;
    const $ = cheerio.load(mail.html as string);
    expect($('body script, body iframe, body object, body embed, body img, body link, body meta, body applet, body frame').length).toBe(0);
    const handlers = $('*')
      .toArray()
      .flatMap((el) => Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {}))
      .filter((name) => name.startsWith('on'));
    expect(handlers).toEqual([]);
    expect($('a[href^="javascript:"]').length).toBe(0);
    expect($('a[href]').toArray().every((a) => /^(https?:|mailto:)/.test($(a).attr('href')!))).toBe(true);
    // What was markup in the feed is shown as text.
    expect($('body').text()).toContain('safe<iframe src="http://www.example.com/"></iframe> description');
    expect($('body').text()).toContain('<img src=x onerror=alert(1)>');
    expect($('title').text()).not.toContain('<');
  });
});

describe('delivery failures and retries', () => {
  function seedMembers(n: number) {
    const callId = insertCall(ctx.db, { title: 'Appel pour tous', deadlines: ['2027-01-31'] });
    for (let i = 1; i <= n; i++) {
      const member = createMember(ctx.db, { email: `membre${i}@asso.example` });
      const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
      insertMatch(ctx.db, profile.id, callId, 50, ['numérique'], MATCHED);
    }
  }

  it('marks the rest failed when the server starts refusing, and the next run delivers them once', async () => {
    await setup({ SMTP_MAX_CONNECTIONS: '1' }, { refuseAfter: 2 });
    seedMembers(5);
    const first = await runDigests(ctx, { now: MONDAY });
    expect(first).toMatchObject({ sent: 2, failed: 3, stuck: 0 });
    expect(first.errors).toHaveLength(3);
    expect(first.errors[0]!.error).toMatch(/451.*Boîte pleine/);
    const failed = deliveries().filter((d) => d.status === 'failed');
    expect(failed).toHaveLength(3);
    expect(failed.every((d) => d.attempts === 1 && /451/.test(d.last_error ?? ''))).toBe(true);

    smtp.setRefuseAfter(undefined);
    const second = await runDigests(ctx, { now: new Date('2026-11-30T09:00:00Z') });
    expect(second).toMatchObject({ sent: 3, failed: 0, stuck: 0 });
    const counts = new Map<string, number>();
    for (const r of smtp.received) counts.set(r.to[0]!, (counts.get(r.to[0]!) ?? 0) + 1);
    expect([...counts.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(counts.size).toBe(5);
    expect(deliveries().every((d) => d.status === 'sent')).toBe(true);
  });

  it('two runs at once: the second steps aside, the first sends each member one digest', async () => {
    await setup({ SMTP_MAX_CONNECTIONS: '2' }, { delayMs: 30 });
    seedMembers(6);
    const [a, b] = await Promise.allSettled([runDigests(ctx, { now: MONDAY }), runDigests(ctx, { now: MONDAY })]);
    expect(a.status === 'fulfilled' ? a.value : null).toMatchObject({ sent: 6, failed: 0, stuck: 0 });
    expect(b.status === 'rejected' ? String(b.reason) : null).toMatch(/déjà en cours d’envoi/);
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `membre${i}@asso.example`).sort());
    expect(deliveries().every((d) => d.status === 'sent' && d.attempts === 1)).toBe(true);
  });

  it('gives up after three attempts in a week, keeping the error', async () => {
    await setup({}, { refuseAfter: 0 });
    seedMembers(1);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await runDigests(ctx, { now: MONDAY })).toMatchObject({ sent: 0, failed: 1 });
    }
    const fourth = await runDigests(ctx, { now: MONDAY });
    expect(fourth.failed).toBe(1);
    expect(fourth.errors[0]!.error).toMatch(/^abandonné après 3 tentatives : .*451/);
    expect(smtp.dataCount()).toBe(3);
    expect(deliveries()[0]).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('leaves a message whose outcome is unknown in sending, reports it, and never resends it', async () => {
    await setup({ SMTP_MAX_CONNECTIONS: '1' }, { hangUpOn: (count) => count === 2 });
    seedMembers(3);
    const first = await runDigests(ctx, { now: MONDAY });
    expect(first).toMatchObject({ sent: 2, failed: 0, stuck: 1 });
    expect(first.errors).toEqual([{ email: expect.stringMatching(/^membre\d@asso\.example$/), error: expect.stringMatching(/^état inconnu, non renvoyé : /) }]);
    const stuck = first.errors[0]!.email;
    expect(deliveries().find((d) => d.email === stuck)).toMatchObject({ status: 'sending', attempts: 1 });

    const second = await runDigests(ctx, { now: MONDAY });
    expect(second).toMatchObject({ sent: 0, failed: 0, stuck: 1 });
    expect(second.errors[0]!.error).toMatch(/^envoi interrompu, état inconnu : non renvoyé/);
    expect(smtp.dataCount()).toBe(3); // the unknown one was not sent again

    // Its calls were not recorded as sent: they come back in the member's next digest.
    await runDigests(ctx, { now: NEXT_MONDAY });
    const nextWeek = smtp.received.filter((r) => r.to[0] === stuck);
    expect(nextWeek).toHaveLength(1);
    expect(nextWeek[0]!.mail.subject).toContain('semaine 50 : 1 nouvel appel à projets');
  });

  it('reports failures when the SMTP server cannot be reached at all', async () => {
    await setup();
    const port = smtp.port;
    await smtp.close();
    ctx.cleanup();
    ctx = createTestContext({ ...BASE_ENV, SMTP_URL: `smtp://127.0.0.1:${port}` });
    seedMembers(2);
    const summary = await runDigests(ctx, { now: MONDAY });
    expect(summary).toMatchObject({ sent: 0, failed: 2, stuck: 0 });
    expect(summary.errors[0]!.error).toMatch(/ECONNREFUSED|connect/i);
    smtp = await startSmtp();
  });
});

describe('signing and reporting', () => {
  it('signs with DKIM when configured, and the signature verifies', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'der' },
    });
    await setup({ DKIM_DOMAIN: 'reseau.example', DKIM_SELECTOR: 'veille2026', DKIM_PRIVATE_KEY: privateKey });
    const member = createMember(ctx.db, { email: 'dkim@asso.example' });
    const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
    insertMatch(ctx.db, profile.id, insertCall(ctx.db, { title: 'Appel signé', deadlines: ['2027-01-31'] }), 50, ['numérique'], MATCHED);
    await runDigests(ctx, { now: MONDAY });
    const { raw } = smtp.received[0]!;
    const asked: string[] = [];
    const result = await dkimVerify(raw, {
      resolver: async (name: string) => {
        asked.push(name);
        return [[`v=DKIM1; k=rsa; p=${publicKey.toString('base64')}`]];
      },
    });
    expect(asked).toContain('veille2026._domainkey.reseau.example');
    expect(result.results).toHaveLength(1);
    expect(result.results[0]!.status.result).toBe('pass');
    // mailauth returns the signed header list at run time but leaves it out of its DKIMResult type.
    const signingHeaders = (result.results[0] as { signingHeaders?: { keys?: string } }).signingHeaders;
    const signed = String(signingHeaders?.keys ?? '').toLowerCase();
    expect(signed).toContain('list-unsubscribe');
    expect(signed).toContain('list-unsubscribe-post');
  });

  it('mails staff a French report with the counts and the failing or stale sources', async () => {
    await setup({ STAFF_EMAIL: 'equipe@reseau.example' });
    const member = createMember(ctx.db, { email: 'un@asso.example' });
    const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
    insertMatch(ctx.db, profile.id, insertCall(ctx.db, { title: 'Appel', deadlines: ['2027-01-31'] }), 50, ['numérique'], MATCHED);
    createMember(ctx.db, { email: 'deux@asso.example' });
    ctx.db
      .prepare(`UPDATE sources SET last_fetch_at = ?, last_status = 'ok', last_new_at = ? WHERE id = 'region-aap'`)
      .run('2026-11-29T00:00:00Z', '2026-11-20T00:00:00Z');
    ctx.db
      .prepare(
        `INSERT INTO sources (id, name, last_fetch_at, last_status, last_error, consecutive_failures, created_at)
         VALUES ('dept-13', 'Département 13', ?, 'error', 'HTTP 500 sur https://dept13.example/aap', 4, ?)`,
      )
      .run('2026-11-29T00:00:00Z', '2026-01-01T00:00:00Z');
    ctx.db
      .prepare(`INSERT INTO sources (id, name, last_fetch_at, last_status, last_new_at, created_at) VALUES ('fondation', 'Fondation X', ?, 'ok', ?, ?)`)
      .run('2026-11-29T00:00:00Z', '2026-06-01T00:00:00Z', '2026-01-01T00:00:00Z');

    await runDigests(ctx, { now: MONDAY });
    expect(smtp.received.find((r) => r.to[0] === 'un@asso.example')!.mail.replyTo?.value[0]?.address).toBe('equipe@reseau.example');
    const report = smtp.received.find((r) => r.to[0] === 'equipe@reseau.example')!.mail;
    expect(report.subject).toBe('Veille 2026-W49 : 1 envoi, 0 échec : à vérifier');
    const text = report.text!;
    expect(text).toContain('- envoyés : 1');
    expect(text).toContain('- sans contenu cette semaine (rien envoyé) : 1');
    expect(text).toContain('- en échec : 0');
    expect(text).toContain('Département 13 (dept-13) : 4 échecs consécutifs : HTTP 500 sur https://dept13.example/aap');
    expect(text).toContain('Fondation X (fondation) : rien de nouveau depuis le lundi 1er juin 2026 (plus de 90 jours)');
    expect(text).not.toContain('region-aap');

    // With a feeds.yaml, its thresholds apply and sources removed or disabled there are not reported.
    writeFileSync(
      ctx.config.feedsPath,
      [
        'sources:',
        '  - { id: region-aap, name: Région Sud, type: rss, url: "https://region.example/rss", funder: region, expect_new_within_days: 7 }',
        '  - { id: dept-13, name: Département 13, type: rss, url: "https://dept13.example/rss", funder: department, enabled: false }',
        '  - { id: fondation, name: Fondation X, type: rss, url: "https://fondation.example/rss", funder: foundation, expect_new_within_days: 365 }',
        '',
      ].join('\n'),
    );
    await runDigests(ctx, { now: new Date('2026-12-01T08:00:00Z') });
    const withFile = smtp.received.filter((r) => r.to[0] === 'equipe@reseau.example').at(-1)!.mail.text!;
    expect(withFile).toContain('Région Sud (region-aap) : rien de nouveau depuis le vendredi 20 novembre 2026 (plus de 7 jours)');
    expect(withFile).not.toContain('dept-13');
    expect(withFile).not.toContain('fondation');

    writeFileSync(ctx.config.feedsPath, 'sources:\n  - id: sans-url\n');
    await runDigests(ctx, { now: new Date('2026-12-01T09:00:00Z') });
    const broken = smtp.received.filter((r) => r.to[0] === 'equipe@reseau.example').at(-1)!.mail.text!;
    expect(broken).toContain('- fichier des sources (-) : illisible, vérifiez-le avec « fundwatch sources check »');
    expect(broken).toContain('Département 13 (dept-13) : 4 échecs consécutifs'); // the table still speaks

    // The source check can be supplied by the ingestion side.
    await runDigests(ctx, { now: NEXT_MONDAY, sourceProblems: () => [{ id: 'rss-x', name: 'Flux X', problem: 'rien de nouveau depuis 120 jours' }] });
    const second = smtp.received.filter((r) => r.to[0] === 'equipe@reseau.example').at(-1)!.mail;
    expect(second.text).toContain('Flux X (rss-x) : rien de nouveau depuis 120 jours');
  });
});

describe('outbox', () => {
  it('writes .eml files when SMTP_URL is unset, and a dry run leaves the ledger alone', async () => {
    smtp = await startSmtp();
    ctx = createTestContext({ ...BASE_ENV, SMTP_URL: smtp.url });
    const member = createMember(ctx.db, { email: 'outbox@asso.example' });
    const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
    insertMatch(ctx.db, profile.id, insertCall(ctx.db, { title: 'Appel à blanc', deadlines: ['2027-01-31'] }), 50, ['numérique'], MATCHED);

    const dry = await runDigests(ctx, { now: MONDAY, dryRun: true });
    expect(dry).toMatchObject({ sent: 1, skipped: 0 });
    expect(smtp.received).toHaveLength(0); // a dry run ignores SMTP_URL
    const files = readdirSync(ctx.config.outboxDir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(ctx.config.outboxDir, files[0]!), 'utf8');
    expect(eml).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(eml).toMatch(/^To: outbox@asso\.example/m);
    expect(deliveries()).toHaveLength(0);
    expect(listDigestRuns(ctx.db, { limit: 10, offset: 0 }).items[0]).toMatchObject({ dryRun: true, sent: 1 });

    // The real run still sends, once.
    expect(await runDigests(ctx, { now: MONDAY })).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
  });

  it('without SMTP_URL, the weekly run writes to the outbox and keeps the ledger', async () => {
    smtp = await startSmtp();
    ctx = createTestContext(BASE_ENV);
    const member = createMember(ctx.db, { email: 'sans-smtp@asso.example' });
    const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
    insertMatch(ctx.db, profile.id, insertCall(ctx.db, { title: 'Appel hors ligne', deadlines: ['2027-01-31'] }), 50, ['numérique'], MATCHED);
    expect(await runDigests(ctx, { now: MONDAY })).toMatchObject({ sent: 1 });
    expect(await runDigests(ctx, { now: MONDAY })).toMatchObject({ sent: 0 });
    expect(readdirSync(ctx.config.outboxDir).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(deliveries()).toMatchObject([{ email: 'sans-smtp@asso.example', status: 'sent', week: '2026-W49' }]);
  });

  it('counts an outbox that cannot be written as failed, to retry, not as unknown', async () => {
    smtp = await startSmtp();
    ctx = createTestContext(BASE_ENV);
    writeFileSync(ctx.config.outboxDir, 'un fichier à la place du dossier');
    const member = createMember(ctx.db, { email: 'disque@asso.example' });
    const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
    insertMatch(ctx.db, profile.id, insertCall(ctx.db, { title: 'Appel', deadlines: ['2027-01-31'] }), 50, ['numérique'], MATCHED);
    const summary = await runDigests(ctx, { now: MONDAY });
    expect(summary).toMatchObject({ sent: 0, failed: 1, stuck: 0 });
    expect(summary.errors[0]!.error).toMatch(/EEXIST|ENOTDIR/);
    expect(deliveries()[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });
});
