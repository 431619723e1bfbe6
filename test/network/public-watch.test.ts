// The public watch (issue 18) through the real app over a real SQLite file: /veille and /veille.atom list the open
// calls of public sources (pinned first with the note, then closing soonest), filter them, hide non-public sources
// and everything about members, answer 404 when PUBLIC_WATCH is off, and allow framing only from
// FUNDWATCH_PUBLIC_ORIGINS.
import * as cheerio from 'cheerio';
import Parser from 'rss-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/connection.js';
import { createTestApp, seedCall, type TestApp, TOKEN } from '../api/helpers.js';
import { fundwatch } from '../helpers/cli.js';
import { hashed, storeSourceItems, type IncomingCall, type ItemFields } from '../../src/calls/store.js';

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ').replace(/\s+/g, ' ').trim();
const ORIGIN = 'https://www.reseau-mediation.example';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function source(db: Db, id: string, name: string, attribution: string | null, isPublic: boolean): void {
  db.prepare(`INSERT OR IGNORE INTO sources (id, name, created_at) VALUES (?, ?, '2026-01-01T00:00:00Z')`).run(id, name);
  db.prepare('UPDATE sources SET name = ?, attribution = ?, public = ? WHERE id = ?').run(name, attribution, isPublic ? 1 : 0, id);
}

/** A second source carrying an existing call (a call seen in two sources). */
function alsoIn(db: Db, callId: number, sourceId: string, url: string): void {
  db.prepare(
    `INSERT INTO call_sources (source_id, item_key, call_id, url, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z')`,
  ).run(sourceId, `extra-${callId}`, callId, url);
}

interface Seeded {
  soon: number;
  later: number;
  pinned: number;
  privateOnly: number;
  mixed: number;
  eu: number;
  closed: number;
}

async function seed(app: TestApp): Promise<Seeded> {
  const { db } = app.ctx;
  source(db, 'aides-territoires', 'Aides-territoires', 'Données Aides-territoires, Licence Ouverte 2.0', true);
  source(db, 'annuaire-prive', 'Annuaire privé des financeurs', 'Réservé aux abonnés', false);
  const seedIn = (src: string, s: Parameters<typeof seedCall>[1]) => seedCall(db, { ...s, source: src });
  const ids: Seeded = {
    later: seedIn('aides-territoires', { title: 'Tiers-lieux numériques : appel régional', funder: 'region', regions: ['occitanie'], deadlines: ['2026-06-15'] }),
    soon: seedIn('aides-territoires', {
      title: 'Médiations numériques de proximité <script>alert(1)</script> & co',
      summary: 'Soutien aux actions de médiation numérique auprès des seniors.',
      funder: 'foundation',
      deadlines: ['2026-03-20'],
      amountMax: 10_000,
    }),
    pinned: seedIn('aides-territoires', { title: 'Fonds pour l’inclusion numérique : campagne nationale', funder: 'state', regions: ['france'], deadlines: ['2026-09-30'] }),
    privateOnly: seedIn('annuaire-prive', { title: 'Appel confidentiel de l’annuaire', deadlines: ['2026-04-01'] }),
    mixed: seedIn('aides-territoires', { title: 'Fablabs solidaires : équipement', deadlines: ['2026-05-01'], url: 'https://www.fondation.example/fablabs' }),
    eu: seedIn('aides-territoires', { title: 'FSE+ : inclusion des publics éloignés', funder: 'eu', deadlines: ['2026-07-01'] }),
    closed: seedIn('aides-territoires', { title: 'Appel clos de l’an dernier', deadlines: ['2026-02-01'] }),
  };
  alsoIn(db, ids.mixed, 'annuaire-prive', 'https://annuaire-prive.example/fiche/42');
  db.prepare(`UPDATE calls SET rate = 60, eu_funds = '["FSE+"]' WHERE id = ?`).run(ids.eu);
  // Members, a pin for a tag, partners: none of it may show.
  for (const [email, organisation] of [
    ['secret@asso.example', 'Association Très Discrète'],
    ['visible@asso.example', 'Tiers-lieu Visible'],
  ] as const) {
    const created = await app.api({
      method: 'POST',
      url: '/api/members',
      payload: { email, organisation, tags: ['epn-confidentiel'], visible_to_network: true, profiles: [{ name: 'Médiation', keywords: ['médiation numérique'] }] },
    });
    expect(created.statusCode, created.body).toBe(201);
  }
  const pin = await app.api({
    method: 'PUT',
    url: `/api/calls/${ids.pinned}/pin`,
    payload: { note: 'Le réseau peut relire vos dossiers : parlez-en à l’équipe.', internal_deadline: '2026-09-01' },
  });
  expect(pin.statusCode, pin.body).toBe(200);
  // A pin for tagged members only: a word to them, which the public watch neither shows nor puts first.
  const targeted = await app.api({
    method: 'PUT',
    url: `/api/calls/${ids.later}/pin`,
    payload: { note: 'Réservé aux EPN : appelez Julie au 06 12 34 56 78.', tags: ['epn-confidentiel'] },
  });
  expect(targeted.statusCode, targeted.body).toBe(200);
  return ids;
}

function titles(html: string): string[] {
  const $ = cheerio.load(html);
  return $('.watch-title').map((_, el) => plain($(el).text())).get();
}

describe('a call that a non-public source also carries', () => {
  const item = (fields: Partial<ItemFields> & Pick<ItemFields, 'itemKey' | 'title' | 'summary' | 'funder'>): IncomingCall =>
    hashed({
      url: 'https://ex.org/a99',
      canonicalUrl: 'https://ex.org/a99',
      titleKey: 'appel numerique rural',
      body: '',
      regions: [],
      categories: [],
      deadlines: ['2026-05-30'],
      amount: null,
      opens: null,
      rate: null,
      recurrence: null,
      euFunds: [],
      publishedAt: null,
      ...fields,
    });

  it('is shown on /veille in a public source’s own words, never the private source’s, and not before they are known', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, PUBLIC_WATCH: 'on' });
    const { db } = t.ctx;
    source(db, 'prive', 'Annuaire interne', null, false);
    source(db, 'region-sud', 'Région Sud', 'Données Région Sud, Licence Ouverte 2.0', true);
    const at = new Date('2026-03-05T10:00:00Z');
    // The private source brings the call first: its text becomes the call's.
    storeSourceItems(db, 'prive', [item({ itemKey: 'a99', title: 'Appel Numérique rural – fiche interne', summary: 'NOTE INTERNE CONFIDENTIELLE : M. Dupont (06 12 34 56 78) dit que le jury favorisera nos EPN.', funder: 'foundation' })], at);
    const app = t;
    const pages = async () => [(await app.app.inject({ url: '/veille' })).body, (await app.app.inject({ url: '/veille.atom' })).body];
    for (const body of await pages()) expect(body).not.toContain('Numérique rural');
    // The public source carries the same call (same link), in its own words.
    storeSourceItems(db, 'region-sud', [item({ itemKey: 'rs-12', title: 'Appel à projets Numérique rural 2026', summary: 'La Région soutient les lieux de médiation numérique en milieu rural.', funder: 'region' })], at);
    expect((db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n).toBe(1);
    for (const body of await pages()) {
      expect(body).toContain('Appel à projets Numérique rural 2026');
      expect(body).toContain('La Région soutient les lieux de médiation numérique');
      for (const secret of ['fiche interne', 'NOTE INTERNE', 'Dupont', 'Annuaire interne']) expect(body).not.toContain(secret);
    }
    // Members still read the call's gathered text (it is theirs): the admin API shows it.
    expect((await t.api({ url: '/api/calls?q=rural' })).json().items[0].title).toBe('Appel Numérique rural – fiche interne');
  });
});

describe('GET /veille', () => {
  it('lists open calls of public sources, pinned first with the note, then closing soonest, with sources and attribution', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, PUBLIC_WATCH: 'on' });
    await seed(t);
    const response = await t.app.inject({ method: 'GET', url: '/veille' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(titles(response.body)).toEqual([
      'Fonds pour l’inclusion numérique : campagne nationale',
      'Médiations numériques de proximité <script>alert(1)</script> & co',
      'Fablabs solidaires : équipement',
      'Tiers-lieux numériques : appel régional',
      'FSE+ : inclusion des publics éloignés',
    ]);
    const $ = cheerio.load(response.body);
    expect($('html').attr('lang')).toBe('fr');
    expect($('script')).toHaveLength(0); // the title's markup is text
    const first = $('.watch-call').first();
    expect(first.hasClass('watch-pinned')).toBe(true);
    expect(plain(first.find('.note').text())).toBe('Le mot du réseau : Le réseau peut relire vos dossiers : parlez-en à l’équipe.');
    expect(plain($('.watch-call').eq(1).text())).toContain('date limite : vendredi 20 mars 2026 (J-10)');
    expect(plain($('.watch-call').eq(1).find('.sources').text())).toBe('Source : Aides-territoires · Données Aides-territoires, Licence Ouverte 2.0');
    expect(plain($('.watch-call').eq(4).find('.eu-notice').text())).toContain('L’UE finance jusqu’à 60 % : prévoyez 40 % d’autres financements et l’avance de trésorerie.');
    expect(plain($('.count').text())).toBe('5 appels ouverts.');
    // Every form control has a label.
    for (const id of ['veille-q', 'veille-category', 'veille-region']) expect($(`label[for="${id}"]`)).toHaveLength(1);
    expect(response.body).not.toContain('noindex');
    expect($('footer').length).toBe(1);
  });

  it('shows a call of a public and a non-public source through its public source only; hides the rest and every member', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, PUBLIC_WATCH: 'on' });
    const ids = await seed(t);
    const html = (await t.app.inject({ method: 'GET', url: '/veille' })).body;
    const feed = (await t.app.inject({ method: 'GET', url: '/veille.atom' })).body;
    for (const body of [html, feed]) {
      expect(body).not.toContain('Appel confidentiel');
      expect(body).not.toContain('Appel clos');
      expect(body).not.toContain('Annuaire privé');
      expect(body).not.toContain('Réservé aux abonnés');
      expect(body).not.toContain('annuaire-prive.example');
      for (const secret of ['Association Très Discrète', 'Tiers-lieu Visible', 'epn-confidentiel', 'secret@asso.example', 'Aussi concernés', 'Julie']) {
        expect(body).not.toContain(secret);
      }
    }
    const $ = cheerio.load(html);
    const mixed = $('.watch-call').filter((_, el) => $(el).text().includes('Fablabs solidaires'));
    expect(mixed.find('.watch-title a').attr('href')).toBe('https://www.fondation.example/fablabs');
    expect(plain(mixed.find('.sources').text())).toBe('Source : Aides-territoires · Données Aides-territoires, Licence Ouverte 2.0');
    void ids;
  });

  it('filters by French text, category and region, and pages', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, PUBLIC_WATCH: 'on' });
    await seed(t);
    const get = async (query: string) => titles((await t!.app.inject({ method: 'GET', url: `/veille?${query}` })).body);
    // Stems and accents: « mediation » finds « Médiations ».
    expect(await get('q=mediation')).toEqual(['Médiations numériques de proximité <script>alert(1)</script> & co']);
    expect(await get('category=eu')).toEqual(['FSE+ : inclusion des publics éloignés']);
    expect(await get(`region=${encodeURIComponent('Occitanie')}`)).toEqual(['Tiers-lieux numériques : appel régional']);
    expect(await get('region=france&category=state')).toEqual(['Fonds pour l’inclusion numérique : campagne nationale']);
    // Empty fields (what the form sends when nothing is chosen) filter nothing.
    expect(await get('q=&category=&region=')).toHaveLength(5);
    const form = cheerio.load((await t.app.inject({ method: 'GET', url: '/veille?region=occitanie&q=tiers' })).body);
    expect(form('#veille-region option[selected]').attr('value')).toBe('occitanie');
    expect(form('#veille-q').attr('value')).toBe('tiers');

    for (let i = 0; i < 20; i++) seedCall(t.ctx.db, { title: `Appel numéro ${i + 1} à relayer`, source: 'aides-territoires', deadlines: ['2026-12-01'] });
    const first = cheerio.load((await t.app.inject({ method: 'GET', url: '/veille?category=foundation' })).body);
    expect(first('.watch-call')).toHaveLength(20);
    expect(plain(first('.count').text())).toBe('22 appels ouverts.');
    expect(plain(first('.pages').text())).toContain('Page 1 sur 2');
    const next = first('a[rel="next"]').attr('href')!;
    expect(next).toBe('/veille?category=foundation&page=2');
    const second = cheerio.load((await t.app.inject({ method: 'GET', url: next })).body);
    expect(second('.watch-call')).toHaveLength(2);
    expect(second('a[rel="prev"]').attr('href')).toBe('/veille?category=foundation');
    // A link kept from when there were more calls: an empty page that says so and leads back.
    const past = cheerio.load((await t.app.inject({ method: 'GET', url: '/veille?category=foundation&page=7' })).body);
    expect(past('.watch-call')).toHaveLength(0);
    expect(plain(past('.count').text())).toBe('Cette page est vide : 22 appels ouverts en 2 pages.');
    expect(past('a[rel="prev"]').attr('href')).toBe('/veille?category=foundation&page=2');
    // Embedded, the pages stay embedded.
    const embedded = cheerio.load((await t.app.inject({ method: 'GET', url: '/veille?category=foundation&embed=1' })).body);
    expect(embedded('a[rel="next"]').attr('href')).toBe('/veille?category=foundation&page=2&embed=1');
  });

  it('answers a French 400 page for a bad filter', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, PUBLIC_WATCH: 'on' });
    for (const [query, words] of [
      ['region=atlantide', 'région inconnue : « atlantide »'],
      ['category=banque-secrete', 'financeur ou catégorie inconnu'],
      ['page=0', 'numéro de page invalide'],
      ['page=deux', 'numéro de page invalide'],
      ['q=a&q=b', 'plusieurs fois'],
      [`q=${'x'.repeat(201)}`, 'trop longue'],
      ['embed=oui', 'embed'],
    ] as const) {
      const response = await t.app.inject({ method: 'GET', url: `/veille?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      const $ = cheerio.load(response.body);
      expect(plain($('h1').text())).toBe('Filtre invalide');
      expect(plain($('p').first().text()), query).toContain(words);
    }
    const escaped = await t.app.inject({ method: 'GET', url: `/veille?region=${encodeURIComponent('<img src=x onerror=alert(1)>')}` });
    expect(escaped.statusCode).toBe(400);
    expect(escaped.body).not.toContain('<img');
    expect((await t.app.inject({ method: 'GET', url: '/veille.atom?region=atlantide' })).statusCode).toBe(400);
  });

  it('?embed=1 has no page chrome, and only FUNDWATCH_PUBLIC_ORIGINS may frame it', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, PUBLIC_WATCH: 'on', FUNDWATCH_PUBLIC_ORIGINS: `${ORIGIN} http://localhost:8080/` });
    await seed(t);
    const embed = await t.app.inject({ method: 'GET', url: '/veille?embed=1&category=eu' });
    expect(embed.statusCode).toBe(200);
    const $ = cheerio.load(embed.body);
    expect($('h1')).toHaveLength(0);
    expect($('footer')).toHaveLength(0);
    expect($('body').hasClass('embed')).toBe(true);
    expect($('form.filters input[name="embed"]').attr('value')).toBe('1');
    expect($('.watch-title a').attr('target')).toBe('_blank');
    expect(embed.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${ORIGIN} http://localhost:8080`);
    expect(embed.headers['x-frame-options']).toBeUndefined();
    // Other pages keep refusing every frame but this service's own.
    const home = await t.app.inject({ method: 'GET', url: '/' });
    expect(home.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(home.headers['content-security-policy']).not.toContain(ORIGIN);
    expect(home.headers['x-frame-options']).toBe('SAMEORIGIN');
    // The home page says the watch is public, and who may frame it.
    expect(plain(cheerio.load(home.body)('body').text())).toContain(`Veille publique ouverte à tous sur /veille et /veille.atom ; affichable dans un cadre par ${ORIGIN}, http://localhost:8080`);
  });

  it('without FUNDWATCH_PUBLIC_ORIGINS, no other origin may frame it', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, PUBLIC_WATCH: 'on' });
    const embed = await t.app.inject({ method: 'GET', url: '/veille?embed=1' });
    expect(embed.statusCode).toBe(200);
    expect(embed.headers['content-security-policy']).toMatch(/frame-ancestors 'self'(;|$)/);
    expect(embed.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('answers 404 for both routes when PUBLIC_WATCH is off (the default)', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN });
    await seed(t);
    for (const url of ['/veille', '/veille?embed=1', '/veille.atom']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Médiations');
    }
  });
});

describe('GET /veille.atom', () => {
  it('is valid Atom with the same calls in the same order, escaped, with the note, notice and attribution', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, PUBLIC_WATCH: 'on', FUNDWATCH_BASE_URL: 'https://veille.reseau.example' });
    await seed(t);
    const response = await t.app.inject({ method: 'GET', url: '/veille.atom' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/atom\+xml; charset=utf-8/);
    expect(response.body).not.toContain('<script>');
    const feed = await new Parser().parseString(response.body);
    expect(feed.title).toBe('Veille financements du réseau');
    expect(feed.items.map((i) => plain(i.title!))).toEqual([
      'Sélection du réseau : Fonds pour l’inclusion numérique : campagne nationale',
      'Médiations numériques de proximité <script>alert(1)</script> & co',
      'Fablabs solidaires : équipement',
      'Tiers-lieux numériques : appel régional',
      'FSE+ : inclusion des publics éloignés',
    ]);
    expect(feed.items[0]!.content).toContain('Le mot du réseau :</strong> Le réseau peut relire vos dossiers');
    expect(feed.items[1]!.content).toContain('Données Aides-territoires, Licence Ouverte 2.0');
    expect(plain(feed.items[4]!.content!)).toContain('L’UE finance jusqu’à 60 % : prévoyez 40 %');
    expect(feed.items[2]!.link).toBe('https://www.fondation.example/fablabs');
    expect(response.body).toContain('<link rel="self" type="application/atom+xml" href="https://veille.reseau.example/veille.atom"/>');
    const filtered = await new Parser().parseString((await t.app.inject({ method: 'GET', url: '/veille.atom?category=eu' })).body);
    expect(filtered.items.map((i) => plain(i.title!))).toEqual(['FSE+ : inclusion des publics éloignés']);
  });
});

describe('configuration', () => {
  it('reads PUBLIC_WATCH and FUNDWATCH_PUBLIC_ORIGINS, refusing a bad value with the variable named', () => {
    expect(loadConfig({})).toMatchObject({ publicWatch: false, publicOrigins: [] });
    expect(loadConfig({ PUBLIC_WATCH: 'on', FUNDWATCH_PUBLIC_ORIGINS: ' https://a.example  https://b.example:8443/ ' })).toMatchObject({
      publicWatch: true,
      publicOrigins: ['https://a.example', 'https://b.example:8443'],
    });
    for (const [name, value] of [
      ['PUBLIC_WATCH', 'peut-être'],
      ['FUNDWATCH_PUBLIC_ORIGINS', 'www.reseau.example'],
      ['FUNDWATCH_PUBLIC_ORIGINS', 'https://www.reseau.example/veille'],
      ['FUNDWATCH_PUBLIC_ORIGINS', 'ftp://files.example'],
      ['FUNDWATCH_PUBLIC_ORIGINS', "https://a.example 'self'"],
    ] as const) {
      let error: unknown;
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error, value).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message.startsWith(`${name} : `), value).toBe(true);
    }
  });

  it('a bad origin stops the command with one line naming the variable', async () => {
    const run = await fundwatch(['serve'], { FUNDWATCH_PUBLIC_ORIGINS: 'https://www.reseau.example/page', FUNDWATCH_DB: '/nonexistent/never-opened.db' });
    expect(run.code).not.toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('FUNDWATCH_PUBLIC_ORIGINS');
  });
});
