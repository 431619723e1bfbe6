// « Vos appels suivis » in the weekly digest (issue 17), through a real SMTP server: after « Sélection du réseau »
// and before the profile groups, the followed calls (interested, applying) closing within 21 days and those that
// changed since the last digest (deadline moved, amount changed, closed early), each saying what changed; not the
// calls followed no more or already submitted; and a followed call is not listed twice.
import * as cheerio from 'cheerio';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/run.js';
import { setFollowStatus } from '../../src/follow/statuses.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { putPin } from '../../src/network/pins.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch, plainSpaces, startSmtp, type TestSmtp } from '../digest/helpers.js';

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

const WEEK1 = new Date('2026-11-30T08:00:00Z');
const WEEK2 = new Date('2026-12-07T08:00:00Z');

function update(callId: number, set: string, at: string, ...values: unknown[]) {
  ctx.db.prepare(`UPDATE calls SET ${set}, updated_at = ? WHERE id = ?`).run(...values, at, callId);
}

describe('« Vos appels suivis »', { timeout: 60_000 }, () => {
  it('opens the digest after the network’s picks with the followed calls closing soon or changed, saying what changed', async () => {
    const member = createMember(ctx.db, { email: 'awa@asso.example', name: 'Awa' });
    const profile = createProfile(ctx.db, member.id, { name: 'Numérique', keywords: ['numérique'] });
    const soon = insertCall(ctx.db, { title: 'Fonds inclusion numérique', deadlines: ['2026-12-20'], amountMax: 10000, amountScope: 'project' });
    const moved = insertCall(ctx.db, { title: 'Appel tiers-lieux', deadlines: ['2026-12-18'] });
    const early = insertCall(ctx.db, { title: 'Appel médiation numérique', deadlines: ['2027-01-31'] });
    const far = insertCall(ctx.db, { title: 'Programme lointain', deadlines: ['2027-04-30'] });
    const submitted = insertCall(ctx.db, { title: 'Dossier déjà déposé', deadlines: ['2026-12-15'] });
    const dropped = insertCall(ctx.db, { title: 'Appel abandonné', deadlines: ['2026-12-16'] });
    const picked = insertCall(ctx.db, { title: 'Appel choisi par le réseau', deadlines: ['2027-02-15'] });
    const fresh = insertCall(ctx.db, { title: 'Nouvel appel numérique', deadlines: ['2027-03-01'] });
    for (const id of [soon, moved, early, far, submitted, dropped]) insertMatch(ctx.db, profile.id, id, 50, ['numérique'], '2026-11-25T00:00:00Z');
    const at = new Date('2026-11-26T10:00:00Z');
    for (const id of [soon, early, far]) setFollowStatus(ctx.db, member.id, id, 'interested', at);
    setFollowStatus(ctx.db, member.id, moved, 'applying', at);
    setFollowStatus(ctx.db, member.id, submitted, 'submitted', at);
    setFollowStatus(ctx.db, member.id, dropped, 'none', at);

    expect((await runDigests(ctx, { now: WEEK1 })).sent).toBe(1);

    // During the week: one deadline moved beyond 21 days, an amount raised, a call closed before its deadline.
    update(moved, "deadlines = '[\"2027-01-15\"]', next_deadline = '2027-01-15'", '2026-12-02T06:00:00.000Z');
    update(soon, 'amount_max = 20000', '2026-12-03T06:00:00.000Z');
    update(early, "status = 'closed'", '2026-12-04T06:00:00.000Z');
    putPin(ctx.db, picked, { note: 'À ne pas manquer', internalDeadline: null, tags: [] }, new Date('2026-12-05T10:00:00Z'));
    insertMatch(ctx.db, profile.id, fresh, 60, ['numérique'], '2026-12-05T00:00:00Z');

    expect((await runDigests(ctx, { now: WEEK2 })).sent).toBe(1);
    const mail = smtp.received[1]!.mail;
    // Four parts, said as a French list: commas, then « et » before the last.
    expect(plainSpaces(mail.subject ?? '')).toBe(
      'Veille financements, semaine 50 : 1 appel choisi par le réseau, 1 nouvel appel à projets, 3 appels suivis à surveiller et 1 date limite proche',
    );
    const html = mail.html as string;
    const $ = cheerio.load(html);
    const followed = $('.fw-followed-call');
    const titles = followed.map((_, el) => plainSpaces($(el).find('.fw-call-title').text().trim())).get();
    // Soonest deadline first; the closed one (no upcoming deadline… its last one is still ahead) by its deadline.
    expect(titles).toEqual(['Fonds inclusion numérique', 'Appel tiers-lieux', 'Appel médiation numérique']);
    const said = followed.map((_, el) => plainSpaces($(el).find('.fw-change').text())).get();
    expect(said[0]).toBe('Montant modifié : jusqu’à 20 000 € par projet (au lieu de : jusqu’à 10 000 € par projet).');
    expect(said[1]).toBe('Date limite repoussée au vendredi 15 janvier 2027 (au lieu du vendredi 18 décembre 2026).');
    expect(said[2]).toBe('Appel clos plus tôt que prévu (sa date limite était le dimanche 31 janvier 2027).');
    expect(plainSpaces(followed.eq(1).text())).toContain('Votre statut : Je candidate');
    expect(followed.eq(0).find('a.fw-status').attr('href')).toMatch(new RegExp(`^https://veille\\.reseau\\.example/m/[^/]+/calls/${soon}/status$`));

    // The agreed order: picks, followed calls, the profile's new calls, then « Date limite proche ».
    const order = ['Sélection du réseau', 'Vos appels suivis', 'Nouvel appel numérique', 'Date limite proche'].map((text) => html.indexOf(text));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Shown once: a followed call is not listed again under « Date limite proche »; nor is one whose dossier is
    // submitted (its deadline no longer concerns the member); one followed no more still is (it matches a profile).
    const closing = html.slice(html.indexOf('Date limite proche'));
    expect(closing).not.toContain('Fonds inclusion numérique');
    expect(closing).not.toContain('Dossier déjà déposé');
    expect(closing).toContain('Appel abandonné');
    expect(html.split('Programme lointain').length - 1).toBe(0);

    const text = plainSpaces(mail.text ?? '');
    expect(text.indexOf('Vos appels suivis')).toBeLessThan(text.indexOf('Nouvel appel numérique'));
    expect(text).toContain('Votre statut : À étudier\nMontant modifié');
    expect(text).toMatch(/Mettre à jour mon statut : https:\/\/veille\.reseau\.example\/m\/[^/]+\/calls\/\d+\/status/);
  });

  it('tells a followed call whose deadline was brought forward and has passed in one line, with its real deadline', async () => {
    const member = createMember(ctx.db, { email: 'lea@asso.example' });
    createProfile(ctx.db, member.id, { name: 'Numérique', keywords: ['numérique'] });
    const call = insertCall(ctx.db, { title: 'Appel avancé', deadlines: ['2027-01-10'] });
    setFollowStatus(ctx.db, member.id, call, 'interested', new Date('2026-11-26T10:00:00Z'));
    await runDigests(ctx, { now: WEEK1 });
    // Brought forward twice during the week; the second fetch finds the new deadline already past and closes it.
    update(call, "deadlines = '[\"2026-12-05\"]', next_deadline = '2026-12-05'", '2026-12-01T06:00:00.000Z');
    update(call, "deadlines = '[\"2026-12-03\"]', next_deadline = '2026-12-03', status = 'closed'", '2026-12-04T06:00:00.000Z');

    expect((await runDigests(ctx, { now: WEEK2 })).sent).toBe(1);
    const $ = cheerio.load(smtp.received.at(-1)!.mail.html as string);
    const block = $('.fw-followed-call');
    expect(block.find('.fw-change').map((_, el) => plainSpaces($(el).text())).get()).toEqual([
      'Date limite avancée au jeudi 3 décembre 2026 (au lieu du dimanche 10 janvier 2027) : l’appel est désormais clos.',
    ]);
    const shown = plainSpaces(block.text());
    expect(shown).toContain('jeudi 3 décembre 2026');
    expect(shown).not.toContain('non précisée');
    expect(shown).not.toContain('plus tôt que prévu');
  });

  it('sends a digest for followed calls alone, and none when nothing is followed, new or closing', async () => {
    const member = createMember(ctx.db, { email: 'bob@asso.example' });
    createProfile(ctx.db, member.id, { name: 'Numérique', keywords: ['numérique'] });
    const call = insertCall(ctx.db, { title: 'Fonds inclusion numérique', deadlines: ['2026-12-10'] });
    expect((await runDigests(ctx, { now: WEEK1 })).sent).toBe(0);
    setFollowStatus(ctx.db, member.id, call, 'interested', new Date('2026-12-01T10:00:00Z'));
    expect((await runDigests(ctx, { now: WEEK2 })).sent).toBe(1);
    expect(plainSpaces(smtp.received[0]!.mail.subject ?? '')).toContain('1 appel suivi à surveiller');
    // The inbox preview (the preheader, first element of the body) names the followed call and its days left.
    const preview = cheerio.load(smtp.received[0]!.mail.html as string)('body > div').first().text();
    expect(plainSpaces(preview)).toMatch(/^\s*Vos appels suivis : Fonds inclusion numérique \(J-\d+\)$/);
  });
});
