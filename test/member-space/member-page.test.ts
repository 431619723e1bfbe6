// The member page's forms (issue 17) through the real server, a real SQLite file and a real SMTP server: pause and
// resume (the digest skips a paused member and comes back by itself; reminders go on), reminders and lead times,
// one-click status changes, the network opt-in, and profile editing whose preview saves nothing and whose save the
// next digest reflects. Every bad input gets a French page, a 4xx, and changes nothing.
import * as cheerio from 'cheerio';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { runDigests } from '../../src/digest/run.js';
import { runReminders } from '../../src/follow/reminders/run.js';
import { followSettings } from '../../src/follow/settings.js';
import { setFollowStatus } from '../../src/follow/statuses.js';
import { closePreviewPool } from '../../src/match/preview.js';
import { matchAll } from '../../src/match/run.js';
import { memberPageUrl, rotateMemberLinks } from '../../src/member-space/links.js';
import { createMember, createProfile, deleteMember, getMember, getProfile } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, plainSpaces, startSmtp, type TestSmtp } from '../digest/helpers.js';

let ctx: TestContext;
let smtp: TestSmtp;
let app: FastifyInstance;
let base: string;
let clock = new Date('2026-12-03T10:00:00Z');

beforeEach(async () => {
  clock = new Date('2026-12-03T10:00:00Z');
  smtp = await startSmtp();
  ctx = createTestContext({ SMTP_URL: smtp.url, FUNDWATCH_ADMIN_TOKEN: 'admin-secret' });
  app = await buildApp(ctx, { now: () => clock });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  ctx.config.baseUrl = base;
});

afterAll(() => closePreviewPool());

afterEach(async () => {
  await app.close();
  ctx.cleanup();
  await smtp.close();
});

function post(url: string, fields: Record<string, string> | [string, string][]) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function open(url: string) {
  const response = await fetch(url);
  return { status: response.status, $: cheerio.load(await response.text()) };
}

/** A form's fields as the browser would send them (text, checked boxes, the pressed button). */
function formFields($: cheerio.CheerioAPI, form: cheerio.Cheerio<any>, button?: { name: string; value: string }): [string, string][] {
  const fields: [string, string][] = [];
  form.find('input, textarea').each((_, el) => {
    const $el = $(el);
    const name = $el.attr('name');
    if (!name) return;
    const type = $el.attr('type');
    if (type === 'checkbox' && $el.attr('checked') === undefined) return;
    fields.push([name, el.tagName === 'textarea' ? $el.text() : ($el.attr('value') ?? 'on')]);
  });
  if (button) fields.push([button.name, button.value]);
  return fields;
}

function snapshot() {
  return {
    members: ctx.db.prepare('SELECT paused_until, reminder_days, reminders_enabled, visible_to_network, status FROM members ORDER BY id').all(),
    profiles: ctx.db.prepare('SELECT keywords, exclude, regions, description FROM profiles ORDER BY id').all(),
    follows: ctx.db.prepare('SELECT * FROM call_follows ORDER BY call_id').all(),
  };
}

function setup() {
  const member = createMember(ctx.db, { email: 'awa@asso.example', name: 'Awa', organisation: 'EPN du Lot' });
  const profile = createProfile(ctx.db, member.id, { name: 'Numérique', keywords: ['fablab'] });
  const page = memberPageUrl(ctx, member.id);
  return { member, profile, page };
}

describe('member page behind a proxy that serves fundwatch under a path', { timeout: 60_000 }, () => {
  it('sends the member back to the page under that path after each change', async () => {
    const direct = base;
    ctx.config.baseUrl = `${direct}/veille-fonds`;
    const { page } = setup();
    const path = new URL(page).pathname;
    expect(path).toMatch(/^\/veille-fonds\/m\//);
    // The proxy strips the prefix before fundwatch; the answer must put it back for the browser.
    const served = `${direct}${path.replace('/veille-fonds', '')}`;
    const $ = (await open(served)).$;
    expect($('form[action$="/pause"]').attr('action')).toBe(`${path}/pause`);
    const done = await post(`${served}/visibility`, { visible_to_network: 'on' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${path}?fait=reseau#reseau`);
  });
});

describe('member page: pause', { timeout: 60_000 }, () => {
  it('pauses the digest until a date, skips it, resumes by itself, and keeps sending reminders', async () => {
    const { member, profile, page } = setup();
    const fablab = insertCall(ctx.db, { title: 'Appel fablab solidaire', summary: 'Équiper un fablab associatif.', deadlines: ['2027-03-01'] });
    const followed = insertCall(ctx.db, { title: 'Fonds inclusion numérique', deadlines: ['2026-12-22'] });
    setFollowStatus(ctx.db, member.id, followed, 'interested', clock);
    // Found during the pause: the first digest after it (within its first 14 days) carries it.
    matchAll(ctx, new Date('2026-12-10T10:00:00Z'));
    expect(ctx.db.prepare('SELECT call_id FROM matches WHERE profile_id = ?').all(profile.id)).toEqual([{ call_id: fablab }]);

    const before = await open(page);
    const form = before.$('form[action$="/pause"]');
    expect(form.find('label[for=pause-jusqu-au]').text()).toContain('Mettre en pause jusqu’au');
    expect(form.find('input#pause-jusqu-au').attr('min')).toBe('2026-12-04');
    const done = await post(new URL(form.attr('action')!, page).href, { until: '2026-12-20' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(/\?fait=pause#pause$/);
    expect(followSettings(ctx.db, member.id)!.pausedUntil).toBe('2026-12-20');
    const after = await open(new URL(done.headers.get('location')!, page).href);
    expect(plainSpaces(after.$('#pause').text())).toContain('en pause jusqu’au dimanche 20 décembre 2026');
    expect(after.$('.notice').text()).toContain('pause');

    // Monday 7 December: paused, no digest; the reminder 14 days before the followed call's deadline still goes.
    const paused = await runDigests(ctx, { now: new Date('2026-12-07T08:00:00Z') });
    expect(paused).toMatchObject({ sent: 0, skipped: 1 });
    expect(smtp.received).toHaveLength(0);
    const reminders = await runReminders(ctx, { now: new Date('2026-12-08T09:00:00Z') });
    expect(reminders.sent).toBe(1);
    expect(smtp.received[0]!.mail.subject).toMatch(/rappel|date limite/i);

    // Monday 21 December: the pause is over by itself.
    const resumed = await runDigests(ctx, { now: new Date('2026-12-21T08:00:00Z') });
    expect(resumed.sent).toBe(1);
    expect(smtp.received.at(-1)!.to).toEqual(['awa@asso.example']);
    expect(smtp.received.at(-1)!.mail.html).toContain('Appel fablab solidaire');
  });

  it('refuses a date in the past, today, a non-date or more than a year ahead, with a French 400 page, changing nothing', async () => {
    const { page } = setup();
    const action = `${page}/pause`;
    const before = snapshot();
    for (const until of ['2026-12-01', '2026-12-03', '2026-02-30', 'demain', '', '2028-01-01']) {
      const response = await post(action, { until });
      expect(response.status, until).toBe(400);
      expect(response.headers.get('content-type')).toContain('text/html');
      const $ = cheerio.load(await response.text());
      expect($('html').attr('lang')).toBe('fr');
      expect($('#pause .alert').text(), until).toMatch(/passée|valide|un an|date de reprise/);
    }
    expect(snapshot()).toEqual(before);
  });

  it('resumes at once from the page', async () => {
    const { member, page } = setup();
    await post(`${page}/pause`, { until: '2027-01-04' });
    const $ = (await open(page)).$;
    const response = await post(new URL($('form[action$="/resume"]').attr('action')!, page).href, {});
    expect(response.status).toBe(303);
    expect(followSettings(ctx.db, member.id)!.pausedUntil).toBeNull();
  });

  it('keeps the first version’s single route: POST /m/:token with action=pause|resume|reminders', async () => {
    const { member, page } = setup();
    expect((await post(page, { action: 'pause', until: '2027-01-04' })).status).toBe(303);
    expect(followSettings(ctx.db, member.id)!.pausedUntil).toBe('2027-01-04');
    expect((await post(page, { action: 'resume' })).status).toBe(303);
    expect(followSettings(ctx.db, member.id)!.pausedUntil).toBeNull();
    expect((await post(page, { action: 'reminders', days: '7', enabled: '1' })).status).toBe(303);
    expect(followSettings(ctx.db, member.id)!.leadDays).toEqual([7]);
    const before = snapshot();
    const unknown = await post(page, { action: 'toString' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('action inconnue');
    expect(snapshot()).toEqual(before);
  });
});

describe('member page: reminders, status, network', { timeout: 60_000 }, () => {
  it('turns reminders off and sets lead times; bad lead times get a French 400 and change nothing', async () => {
    const { member, page } = setup();
    const $ = (await open(page)).$;
    const form = $('form[action$="/reminders"]');
    expect(form.find('label[for=rappels-delais]').text()).toContain('Délais');
    expect(form.find('#rappels-delais').attr('value')).toBe('14, 3');
    expect(form.find('input[name=enabled]').attr('checked')).toBeDefined();
    const action = new URL(form.attr('action')!, page).href;

    expect((await post(action, { days: '21, 7 , 1' })).status).toBe(303);
    expect(followSettings(ctx.db, member.id)).toMatchObject({ leadDays: [21, 7, 1], remindersEnabled: false });
    expect((await post(action, { days: '14;3', enabled: '1' })).status).toBe(303);
    expect(followSettings(ctx.db, member.id)).toMatchObject({ leadDays: [14, 3], remindersEnabled: true });
    // Unticked with the field emptied: off, keeping the lead times for when they come back on.
    expect((await post(action, { days: '' })).status).toBe(303);
    expect(followSettings(ctx.db, member.id)).toMatchObject({ leadDays: [14, 3], remindersEnabled: false });
    expect((await post(action, { days: '14;3', enabled: '1' })).status).toBe(303);

    const before = snapshot();
    for (const days of ['', '0', '120', 'deux semaines', '1, 2, 3, 4, 5']) {
      const response = await post(action, { days, enabled: '1' });
      expect(response.status, days).toBe(400);
      const $bad = cheerio.load(await response.text());
      expect($bad('#rappels .alert').text()).toContain('Rien n’a été modifié');
      expect($bad('#rappels-delais').attr('value')).toBe(days);
    }
    expect(snapshot()).toEqual(before);
  });

  it('changes a followed call’s status in one click, and back to the page', async () => {
    const { member, page } = setup();
    const callId = insertCall(ctx.db, { title: 'Fonds inclusion numérique', deadlines: ['2027-01-31'] });
    setFollowStatus(ctx.db, member.id, callId, 'interested', clock);
    const $ = (await open(page)).$;
    const form = $('#appels form.status-form');
    expect(form.attr('aria-label')).toContain('Fonds inclusion numérique');
    const buttons = form.find('button[name=status]').map((_, b) => $(b).attr('value')).get();
    expect(buttons).toEqual(['applying', 'submitted', 'none']);
    const response = await post(new URL(form.attr('action')!, page).href, formFields($, form, { name: 'status', value: 'applying' }));
    expect(response.status).toBe(303);
    expect(ctx.db.prepare('SELECT status FROM call_follows').get()).toEqual({ status: 'applying' });
    const back = await open(new URL(response.headers.get('location')!, page).href);
    expect(back.$('#appels .badge').text()).toBe('Je candidate');

    const before = snapshot();
    const unknownStatus = await post(`${page}/calls/${callId}/status`, { status: 'gagné', retour: 'page' });
    expect(unknownStatus.status).toBe(400);
    expect(await unknownStatus.text()).toContain('Statut inconnu');
    const unknownCall = await post(`${page}/calls/99999/status`, { status: 'won', retour: 'page' });
    expect(unknownCall.status).toBe(404);
    expect(await unknownCall.text()).toContain('Appel introuvable');
    expect(snapshot()).toEqual(before);
  });

  it('records the network opt-in from its checkbox', async () => {
    const { member, page } = setup();
    const $ = (await open(page)).$;
    const form = $('form[action$="/visibility"]');
    expect(form.find('input[name=visible_to_network]').attr('checked')).toBeUndefined();
    const action = new URL(form.attr('action')!, page).href;
    expect((await post(action, { visible_to_network: '1' })).status).toBe(303);
    expect(getMember(ctx.db, member.id)!.visibleToNetwork).toBe(true);
    expect((await open(page)).$('input[name=visible_to_network]').attr('checked')).toBeDefined();
    expect((await post(action, {})).status).toBe(303);
    expect(getMember(ctx.db, member.id)!.visibleToNetwork).toBe(false);
  });

  it('writes French typography: no ordinary space before : ; ? ! » nor after «', async () => {
    const { member, page } = setup();
    setFollowStatus(ctx.db, member.id, insertCall(ctx.db, { title: 'Appel « Numérique pour tous » : édition 2027', deadlines: ['2027-01-31'] }), 'interested', clock);
    await post(`${page}/pause`, { until: '2027-01-04' });
    const text = (await open(page)).$('body').text();
    expect(text).toContain('Numérique pour tous');
    expect(text.match(/[ \t][:;?!»]|«[ \t]/g)).toBeNull();
    const refused = cheerio.load(await (await post(`${page}/reminders`, { days: '0' })).text())('body').text();
    expect(refused.match(/[ \t][:;?!»]|«[ \t]/g)).toBeNull();
  });

  it('links to the unsubscribe page, the calendar and the feed', async () => {
    const { page } = setup();
    const $ = (await open(page)).$;
    for (const name of ['calendar.ics', 'feed.atom']) {
      const href = $(`#appels a[href$="/${name}"]`).attr('href')!;
      expect((await fetch(href)).status, name).toBe(200);
    }
    const href = $('#desabonnement a').attr('href')!;
    expect(href).toContain('/unsubscribe/');
    const confirm = await fetch(href);
    expect(confirm.status).toBe(200);
  });

  it('tells an erased member’s link apart: 410 and a French page, on the page and its forms', async () => {
    const { member, page } = setup();
    deleteMember(ctx.db, member.id);
    for (const response of [await fetch(page), await post(`${page}/pause`, { until: '2027-01-04' }), await post(`${page}/calls/1/status`, { status: 'won' })]) {
      expect(response.status).toBe(410);
      expect(await response.text()).toContain('Vous n’êtes plus sur la liste');
    }
  });

  it('answers a forged or rotated token with a French 404 on every form, changing nothing', async () => {
    const { member, profile, page } = setup();
    const forged = page.replace(/\/m\/([^/]+)$/, (_, token: string) => `/m/${token.slice(0, -4)}AAAA`);
    rotateMemberLinks(ctx.db, member.id);
    const before = snapshot();
    for (const url of [forged, page]) {
      for (const [path, fields] of [
        ['/pause', { until: '2027-01-04' }],
        ['/resume', {}],
        ['/reminders', { days: '7' }],
        ['/visibility', { visible_to_network: '1' }],
        [`/profiles/${profile.id}`, { keywords: 'numérique', action: 'save' }],
        ['', { action: 'pause', until: '2027-01-04' }],
      ] as const) {
        const response = await post(`${url}${path}`, fields);
        expect(response.status, `${url}${path}`).toBe(404);
        expect(await response.text()).toContain('Lien introuvable');
      }
    }
    expect((await fetch(page)).status).toBe(404);
    expect(snapshot()).toEqual(before);
  });
});

describe('member page: profiles', { timeout: 90_000 }, () => {
  it('previews without saving, saves, and the next digest reflects the edit', async () => {
    const { profile, page } = setup();
    const fablab = insertCall(ctx.db, { title: 'Appel fablab solidaire', summary: 'Équiper un fablab associatif.', deadlines: ['2027-03-01'] });
    const tiers = insertCall(ctx.db, { title: 'Tiers-lieux ruraux', summary: 'Soutenir les tiers-lieux en milieu rural.', deadlines: ['2027-03-15'] });
    insertCall(ctx.db, { title: 'Rénovation énergétique des écoles', summary: 'Isolation des bâtiments scolaires.', deadlines: ['2027-03-20'] });
    matchAll(ctx, clock);

    clock = new Date('2026-12-07T07:00:00Z');
    const first = await runDigests(ctx, { now: new Date('2026-12-07T08:00:00Z') });
    expect(first.sent).toBe(1);
    const firstHtml = smtp.received[0]!.mail.html as string;
    expect(firstHtml).toContain('Appel fablab solidaire');
    expect(firstHtml).not.toContain('Tiers-lieux ruraux');

    clock = new Date('2026-12-09T10:00:00Z');
    let $ = (await open(page)).$;
    let form = $(`form#profil-${profile.id}`);
    expect(form.find(`label[for=profil-${profile.id}-mots]`).text()).toBe('Mots-clés');
    expect(form.find('textarea[name=keywords]').text()).toBe('fablab');
    expect(plainSpaces(form.find('.preview').text())).toContain('retient 1 appel ouvert');
    const action = new URL(form.attr('action')!, page).href;

    // Preview: the typed keywords' calls are shown, nothing is stored.
    const before = snapshot();
    const preview = await post(action, { keywords: 'fablab\ntiers-lieux', exclude: '', regions: '', description: '', action: 'preview' });
    expect(preview.status).toBe(200);
    $ = cheerio.load(await preview.text());
    form = $(`form#profil-${profile.id}`);
    expect(form.find('.preview').text()).toContain('Aperçu, non enregistré');
    expect(plainSpaces(form.find('.preview').text())).toContain('retiendrait 2 appels ouverts');
    expect(form.find('.preview li').text()).toContain('Tiers-lieux ruraux');
    expect(form.find('textarea[name=keywords]').text()).toBe('fablab\ntiers-lieux');
    expect(snapshot()).toEqual(before);

    // Save: stored, rescored, back to the page.
    const saved = await post(action, formFields($, form, { name: 'action', value: 'save' }));
    expect(saved.status).toBe(303);
    expect(getProfile(ctx.db, profile.id)!.keywords).toEqual(['fablab', 'tiers-lieux']);
    const back = await open(new URL(saved.headers.get('location')!, page).href);
    expect(back.$('.notice').text()).toContain('Profil enregistré');
    expect(back.$(`#profil-${profile.id} .preview li`).text()).toContain('Tiers-lieux ruraux');

    const next = await runDigests(ctx, { now: new Date('2026-12-14T08:00:00Z') });
    expect(next.sent).toBe(1);
    const nextHtml = smtp.received[1]!.mail.html as string;
    expect(nextHtml).toContain('Tiers-lieux ruraux');
    expect(nextHtml).not.toContain('Rénovation énergétique');
    expect(ctx.db.prepare('SELECT call_id FROM digest_items WHERE call_id = ?').all(tiers)).not.toHaveLength(0);
    expect(fablab).toBeGreaterThan(0);
  });

  it('refuses a bad keyword list with a French 400 naming the problem, keeping what was typed, changing nothing', async () => {
    const { profile, page } = setup();
    const action = `${page}/profiles/${profile.id}`;
    const before = snapshot();
    const cases: [Record<string, string>, RegExp][] = [
      [{ keywords: '"inclusion numérique' }, /Mots-clés, « "inclusion numérique » : guillemets non fermés/],
      [{ keywords: 'fablab^99' }, /Mots-clés, « fablab\^99 » : le poids après \^/],
      [{ keywords: 'fablab', exclude: 'jeux^2' }, /Exclusions, « jeux\^2 » : pas de poids/],
      [{ keywords: 'le, de' }, /mots vides/],
      [{ keywords: 'fablab', description: 'x'.repeat(2001) }, /Description : 2 000 caractères au plus/],
    ];
    for (const [fields, message] of cases) {
      const response = await post(action, { exclude: '', regions: '', description: '', ...fields, action: 'save' });
      expect(response.status, JSON.stringify(fields).slice(0, 60)).toBe(400);
      const $ = cheerio.load(await response.text());
      expect(plainSpaces($(`#profil-${profile.id} .alert`).text())).toMatch(message);
      expect($(`#profil-${profile.id} textarea[name=keywords]`).text()).toBe(fields.keywords);
    }
    expect(snapshot()).toEqual(before);
  });

  it('refuses another member’s profile or an unknown one with a French 404', async () => {
    const { page } = setup();
    const other = createMember(ctx.db, { email: 'bob@asso.example' });
    const theirs = createProfile(ctx.db, other.id, { name: 'Autre', keywords: ['jardin'] });
    const before = snapshot();
    for (const id of [String(theirs.id), '99999', 'abc']) {
      const response = await post(`${page}/profiles/${id}`, { keywords: 'numérique', action: 'save' });
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('Profil introuvable');
    }
    expect(snapshot()).toEqual(before);
  });
});
