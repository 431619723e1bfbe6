// Through the real `fundwatch fetch`: a call's text in a feed served on 127.0.0.1 gives the stored deadlines, amount
// and scope, opening date, rate, recurrence and European funds, and the API returns them. A listing's deadline
// selector wins over the dates of the text; calls stored before the extraction knew these fields are read again.
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshExtraction } from '../../../src/calls/store.js';
import { fundwatch } from '../../helpers/cli.js';
import { createTestApp, seedCall, type TestApp } from '../../api/helpers.js';
import { serve, startSite, type Site } from '../helpers/site.js';

// Wording of the kind the Région's and the State's pages use (an FSE+ call, a yearly foundation call).
const FSE_CALL = `Appel à projets « Inclusion numérique et FSE+ » 2026-2027. Candidatures du 2 mars au 30 avril 2026.
La subvention est plafonnée à 40 000 € par structure ; le taux de cofinancement du Fonds social européen plus est
de 60 % maximum des dépenses éligibles. Les projets peuvent aussi mobiliser le FEDER.`;
const ANNUAL_CALL = `Prix de l'engagement numérique. Cet appel est lancé chaque année. Une enveloppe de 150 000 € est à répartir
entre les lauréats. Date limite : 15 septembre 2026 à minuit.`;

function rss(site: string): string {
  const item = (id: string, title: string, text: string) => `<item><guid>${id}</guid><title>${title}</title>
  <link>${site}/appels/${id}</link><pubDate>Mon, 02 Feb 2026 09:00:00 GMT</pubDate>
  <description><![CDATA[<p>${text}</p>]]></description></item>`;
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Appels</title><link>${site}/</link>
  <description>Appels à projets</description>
  ${item('fse', 'Inclusion numérique FSE+', FSE_CALL)}
  ${item('prix', 'Prix de l’engagement numérique', ANNUAL_CALL)}
  </channel></rss>`;
}

// A listing whose deadline cell says 12/06/2026 while the text speaks of other dates.
const LISTING = `<html><body><ul>
<li class="aide"><a href="/aides/1">Fonds d'appui aux tiers-lieux</a><p class="resume">Dépôt au fil de l'eau, réponse sous deux mois.
Clôture des candidatures le 30 mai 2026. Aide jusqu'à 15 000 €.</p><span class="limite">12/06/2026</span></li>
</ul></body></html>`;

let site: Site | undefined;
let t: TestApp | undefined;

afterEach(async () => {
  await site?.close();
  await t?.close();
  site = t = undefined;
});

describe('fundwatch fetch stores what the extraction reads, and the API returns it', () => {
  it('from an RSS feed and a listing page', async () => {
    site = await startSite();
    site.route('/feed.xml', serve(rss(site.url), { 'content-type': 'application/rss+xml; charset=utf-8' }));
    site.route('/aides', serve(LISTING, { 'content-type': 'text/html; charset=utf-8' }));
    t = await createTestApp();
    writeFileSync(
      t.ctx.config.feedsPath,
      `sources:
  - id: region-feed
    name: Région
    type: rss
    url: ${site.url}/feed.xml
    funder: region
  - id: listing
    name: Département
    type: html
    url: ${site.url}/aides
    funder: department
    selectors:
      item: li.aide
      title: a
      link: a
      summary: .resume
      deadline: .limite
`,
    );
    // A call stored before migration 012: nothing read yet beyond its deadline and amount.
    const old = seedCall(t.ctx.db, {
      title: 'Appel Interreg France-Suisse',
      body: 'Programme Interreg VI France-Suisse : appel permanent, taux d’aide FEDER jusqu’à 65 %.',
      source: 'ancienne-source',
    });
    t.ctx.db.prepare('UPDATE calls SET extraction_version = 0 WHERE id = ?').run(old);

    const run = await fundwatch(['fetch'], {
      FUNDWATCH_DB: t.ctx.config.dbPath,
      FUNDWATCH_FEEDS: t.ctx.config.feedsPath,
      FUNDWATCH_SECRET: 'test-secret',
      LOG_LEVEL: 'silent',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const list = await t.api({ method: 'GET', url: '/api/calls?limit=10' });
    expect(list.statusCode).toBe(200);
    const items = (list.json() as { items: Array<Record<string, unknown>> }).items;
    const byTitle = (title: string) => items.find((c) => c.title === title)!;

    expect(byTitle('Inclusion numérique FSE+')).toMatchObject({
      deadlines: ['2026-04-30'],
      amount: { min: null, max: 40_000, currency: 'EUR', scope: 'project' },
      opens: '2026-03-02',
      rate: 60,
      recurrence: null,
      eu_funds: ['FSE+', 'FEDER'],
    });
    expect(byTitle('Prix de l’engagement numérique')).toMatchObject({
      deadlines: ['2026-09-15'],
      amount: { min: null, max: 150_000, currency: 'EUR', scope: 'total' },
      opens: null,
      rate: null,
      recurrence: 'annual',
      eu_funds: [],
    });
    // The deadline cell wins over the text's « 30 mai »; the text still gives the rest.
    expect(byTitle('Fonds d\'appui aux tiers-lieux')).toMatchObject({
      deadlines: ['2026-06-12'],
      amount: { min: null, max: 15_000, scope: 'project' }, // « aide » : what one applicant gets
      recurrence: 'rolling',
    });
    expect(byTitle('Appel Interreg France-Suisse')).toMatchObject({ recurrence: 'rolling', rate: 65, eu_funds: ['Interreg', 'FEDER'] });

    const one = await t.api({ method: 'GET', url: `/api/calls/${String(byTitle('Inclusion numérique FSE+').id)}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ opens: '2026-03-02', rate: 60, recurrence: null, eu_funds: ['FSE+', 'FEDER'], amount: { scope: 'project' } });
  });
});

describe('a call re-read after migration 012', () => {
  it('keeps its stored deadlines and amount', async () => {
    t = await createTestApp();
    const id = seedCall(t.ctx.db, { title: 'Appel annuel', body: 'Appel annuel. Date limite : 1er mars 2027. Subvention de 5 000 € par projet.', deadlines: ['2026-12-01'], amountMax: 9_000 });
    t.ctx.db.prepare('UPDATE calls SET extraction_version = 0 WHERE id = ?').run(id);
    expect(refreshExtraction(t.ctx.db)).toBe(1);
    expect(refreshExtraction(t.ctx.db)).toBe(0);
    const row = t.ctx.db.prepare('SELECT deadlines, amount_max, amount_scope, recurrence FROM calls WHERE id = ?').get(id);
    // The amount differs from the text's, so the text's scope is not pinned on it.
    expect(row).toEqual({ deadlines: '["2026-12-01"]', amount_max: 9_000, amount_scope: null, recurrence: 'annual' });
  });
});
