// The personal Atom feed through the real route, read back with rss-parser as a feed reader would.
import Parser from 'rss-parser';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, createProfile } from '../../src/members/store.js';
import { memberLinks } from '../../src/member-space/links.js';
import { escapeXml } from '../../src/member-space/atom.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { buildTestApp, insertCall, insertMatch, pathOf } from './helpers.js';

const NOW = new Date('2026-11-28T10:00:00Z');

describe('GET /m/:token/feed.atom', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let feedUrl: string;

  beforeEach(async () => {
    ctx = createTestContext({ FUNDWATCH_BASE_URL: 'https://veille.reseau-inclusion.example/' });
    const member = createMember(ctx.db, { email: 'lea@tiers-lieu.example' });
    const other = createMember(ctx.db, { email: 'other@example.org' });
    const numerique = createProfile(ctx.db, member.id, { name: 'Médiation numérique', keywords: ['médiation'] });
    const jeunes = createProfile(ctx.db, member.id, { name: 'Éducation aux médias', keywords: ['médias'] });
    const otherProfile = createProfile(ctx.db, other.id, { name: 'Seniors', keywords: ['seniors'] });

    const older = insertCall(ctx.db, { title: 'Conseiller numérique : renouvellement des postes', deadlines: ['2027-01-31'] });
    const newer = insertCall(ctx.db, {
      // What scraped titles look like on a bad day: markup, quotes, ampersands and a stray control character.
      title: 'Éducation aux médias & à l’information : <b>appel</b> "jeunes" \u0007 2027',
      summary: 'Soutenir les actions d’éducation aux médias <script>alert(1)</script> auprès des 12-25 ans.',
      deadlines: [],
      funderName: 'DRAC Occitanie',
      amountMax: 15_000,
    });
    const closed = insertCall(ctx.db, { title: 'Appel clos', deadlines: ['2026-09-30'] });
    const foreign = insertCall(ctx.db, { title: 'Bien vieillir connecté : appel réservé aux seniors', deadlines: ['2027-02-01'] });
    insertMatch(ctx.db, numerique.id, older, 64, ['médiation'], '2026-11-02T08:00:00.000Z');
    insertMatch(ctx.db, jeunes.id, newer, 81, ['médias'], '2026-11-23T08:00:00.000Z');
    insertMatch(ctx.db, numerique.id, newer, 40, ['médiation'], '2026-11-24T08:00:00.000Z');
    insertMatch(ctx.db, numerique.id, closed, 90, ['médiation'], '2026-11-25T08:00:00.000Z');
    insertMatch(ctx.db, otherProfile.id, foreign, 95, ['seniors'], '2026-11-26T08:00:00.000Z');
    app = await buildTestApp(ctx, { now: () => NOW });
    feedUrl = memberLinks(ctx, member.id).feedUrl;
  });

  afterEach(async () => {
    await app.close();
    ctx.cleanup();
  });

  it('lists the member’s open matches, newest first, readable by rss-parser', async () => {
    const response = await app.inject({ method: 'GET', url: pathOf(feedUrl) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/atom\+xml/);
    // rss-parser reads Atom <category term> only as a custom field.
    type Category = { $: { term: string } };
    const parser = new Parser<object, { atomCategories: Category[] }>({ customFields: { item: [['category', 'atomCategories', { keepArray: true }]] } });
    const feed = await parser.parseString(response.body);
    expect(feed.title).toBe('Mes appels à projets (fundwatch)');
    // French spacing in titles too (a non-breaking space before the colon), compared here with plain spaces.
    expect(feed.items.map((item) => item.title?.replace(/\u00a0/g, ' '))).toEqual([
      'Éducation aux médias & à l’information : <b>appel</b> "jeunes"  2027',
      'Conseiller numérique : renouvellement des postes',
    ]);
    const [newest, older] = feed.items;
    expect(newest!.link).toMatch(/^https:\/\/financeur\.example\.org\/appels\/\d+$/);
    // rss-parser reads an Atom entry's <id> but its Item type does not declare it.
    expect((newest as { id?: string }).id).toMatch(/^tag:veille\.reseau-inclusion\.example,2026:fundwatch\/call\/\d+$/);
    // Matched under two profiles: listed once, under the best one first.
    expect(newest!.atomCategories.map((c) => c.$.term)).toEqual(['Éducation aux médias', 'Médiation numérique']);
    // French spacing: a non-breaking space before each colon.
    expect(newest!.content).toContain('Financeur\u00a0: DRAC Occitanie');
    expect(newest!.content).toContain('Date limite\u00a0: non précisée');
    expect(newest!.content).toContain('&lt;script&gt;');
    expect(newest!.content).not.toContain('<script>');
    expect(newest!.content).toContain('/not-relevant/');
    expect(older!.content).toContain('Date limite\u00a0: dimanche 31 janvier 2027');
    expect(response.body).not.toContain('seniors');
    expect(response.body).not.toContain('Appel clos');
    expect(response.body).toContain(`<link rel="self" type="application/atom+xml" href="${feedUrl}"/>`);
  });

  it('is a valid, empty feed for a member with no match', async () => {
    const lonely = createMember(ctx.db, { email: 'nobody@example.org' });
    const response = await app.inject({ method: 'GET', url: pathOf(memberLinks(ctx, lonely.id).feedUrl) });
    expect(response.statusCode).toBe(200);
    const feed = await new Parser().parseString(response.body);
    expect(feed.items).toEqual([]);
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>\u0000\u001F\uD800`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;');
    expect(escapeXml('tiers-lieux 😀 é')).toBe('tiers-lieux 😀 é');
  });
});
