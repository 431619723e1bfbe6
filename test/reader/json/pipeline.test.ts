// JSON sources end to end: local stand-ins of the EU search API, an OpenDataSoft portal, Aides-territoires and a
// bare-array regional feed, read by the real `fundwatch fetch` into a SQLite file, then seen through the API and a
// digest. Each stand-in is written from the documented shapes (test/reader/json/apis.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../api/helpers.js';
import { fundwatch } from '../../helpers/cli.js';
import { serve, type Site } from '../helpers/site.js';
import { aidesTerritoiresRoutes, json, odsRoute, sediaRoute, startApiSite, type AidesTerritoiresServer, type SediaServer, type SediaTopic } from './apis.js';

const TOPICS: SediaTopic[] = [
  {
    identifier: 'CERV-2027-CITIZENS-DIGI',
    title: 'Digital citizenship and inclusion of older people',
    description: '<p>Projets d’inclusion numérique des seniors. Subvention jusqu’à 60 000 euros par projet. Date limite : 30 juin 2027.</p>',
    deadlines: ['2027-04-08T00:00:00.000+0000', '2027-09-15T00:00:00.000+0000'],
    start: '2027-01-12T00:00:00.000+0000',
    programme: '43251589',
    status: '31094502',
  },
  {
    identifier: 'ERASMUS-2027-ADU-DIGI',
    title: 'Adult learning: basic digital skills',
    description: '<p>Digital skills for adults with fewer opportunities.</p>',
    deadlines: ['2027-05-20T22:00:00.000+0000'],
    start: '2027-02-01T00:00:00.000+0000',
    programme: '43353764',
    status: '31094501',
  },
  {
    identifier: 'HORIZON-2027-CL4-QUANTUM',
    title: 'Quantum computing pilots',
    description: '<p>Quantum.</p>',
    deadlines: ['2027-03-01T00:00:00.000+0000'],
    start: '2026-11-01T00:00:00.000+0000',
    programme: '43108390',
    status: '31094502',
  },
];

// Île-de-France's dataset columns; closing dates as UTC instants (22:00 and 23:00 UTC are the next day in Paris).
const IDF_ROWS = [
  { id_aide: 'idf-1', nom_de_l_aide_de_la_demarche: 'Tiers-lieux numériques franciliens', titre_alternatif_de_l_aide: '', reference_administrative: 101, chapo_txt: 'Soutien aux tiers-lieux. Aide de 20 000 € maximum.', date_cloture: '2027-03-04T23:00:00+00:00', date_ouverture: '2027-01-05T23:00:00+00:00' },
  { id_aide: 'idf-2', nom_de_l_aide_de_la_demarche: 'Nom administratif', titre_alternatif_de_l_aide: 'Médiation numérique en quartiers', reference_administrative: 102, chapo_txt: 'Accompagner les habitants.', date_cloture: '2027-05-20T22:00:00+00:00', date_ouverture: null },
  { id_aide: 'idf-3', nom_de_l_aide_de_la_demarche: 'Fonds d’urgence associations', titre_alternatif_de_l_aide: null, reference_administrative: 103, chapo_txt: 'Pour les associations.', date_cloture: null, date_ouverture: null },
];

const AT_ROWS = [1, 2, 3, 4, 5].map((n) => ({
  id: 1000 + n,
  slug: `aide-${n}`,
  url: `/aides/aide-${n}/`,
  name: n === 1 ? 'Appel à projets Inclusion numérique en Provence 2027' : `Aide numérique n°${n} pour les associations`,
  financers: [n === 1 ? 'Région Sud' : 'État'],
  description: `<p>Description de l&#8217;aide ${n}. Taux de subvention jusqu'à 80 %.</p>`,
  submission_deadline: n === 5 ? null : n === 1 ? '2027-04-30' : `2027-0${n + 2}-30`,
  start_date: '2027-01-01',
  perimeter: n === 1 ? 'Provence-Alpes-Côte d’Azur' : 'France',
  is_call_for_project: true,
}));

// Région Sud's flux: a bare array whose keys carry typographic apostrophes and a trailing space.
const SUD_ROWS = [
  { Uid: 's1', 'Nom de l’aide': 'Parcours numérique des jeunes', 'Comment en bénéficier ': 'Dossier en ligne.', Chapo: 'Chapo', 'Lien vers le descriptif complet': 'https://www.maregionsud.fr/aides/parcours-numerique', 'Date de clôture': '20270415' },
  { Uid: 's2', 'Nom de l’aide': '', Chapo: '', 'Lien vers le descriptif complet': 'https://www.maregionsud.fr/aides/sans-titre' },
];

const RSS = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Région Sud</title><link>https://www.maregionsud.fr/</link>
<item><title>Appel à projets Inclusion numérique en Provence 2027</title><link>https://www.maregionsud.fr/aap/inclusion-numerique-2027</link>
<description>Date limite : 30 avril 2027. Pour les associations de médiation numérique.</description></item></channel></rss>`;

let site: Site;
let t: TestApp;
let sedia: SediaServer;
let at: AidesTerritoiresServer;
let ods: { records: number; exports: number };

beforeEach(async () => {
  site = await startApiSite();
  sedia = { requests: [] };
  at = { key: 'cle-de-test', tokensIssued: 0, ttlSeconds: 3600, flaky401Pages: new Set([2]), valid: new Set(), pageRequests: [] };
  ods = { records: 0, exports: 0 };
  sediaRoute(site, TOPICS, sedia);
  odsRoute(site, 'aides-appels-a-projets', IDF_ROWS, ods);
  aidesTerritoiresRoutes(site, AT_ROWS, at);
  site.route('/vos-aides/flux-json', (_req, res) => json(res, 200, SUD_ROWS));
  site.route('/region-sud.xml', serve(RSS, { 'content-type': 'application/rss+xml' }));
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
  await site.close();
});

function feeds(): string {
  return `sources:
  - id: eu-ft
    name: Commission européenne — Funding & Tenders
    type: json
    preset: eu-sedia
    url: ${site.url}/search-api/prod/rest/search
    funder: eu
    search: digital skills
    filters:
      frameworkProgramme: ['43251589', '43353764']
    pagination: { size: 2 }
    attribution: "Source : portail Funding & Tenders, Commission européenne"
  - id: idf
    name: Région Île-de-France
    type: json
    preset: opendatasoft
    url: ${site.url}
    dataset: aides-appels-a-projets
    funder: region
    regions: [ile-de-france]
    fields:
      id: id_aide
      title: [titre_alternatif_de_l_aide, nom_de_l_aide_de_la_demarche]
      url: https://www.iledefrance.fr/aides-et-appels-a-projets/{reference_administrative}
      summary: chapo_txt
      deadline: date_cloture
      opens: date_ouverture
    pagination: { size: 2 }
    attribution: "Données Région Île-de-France, Licence Ouverte 2.0"
  - id: at
    name: Aides-territoires
    type: json
    preset: aides-territoires
    url: ${site.url}/api/aids/
    funder: state
    query: { itemsPerPage: 2 }
    attribution: "Données Aides-territoires, Licence Ouverte 2.0"
  - id: sud-flux
    name: Région Sud — flux des aides
    type: json
    url: ${site.url}/vos-aides/flux-json
    funder: region
    items: ""
    fields:
      id: Uid
      title: '["Nom de l’aide"]'
      url: '["Lien vers le descriptif complet"]'
      summary: ['["Comment en bénéficier "]', Chapo]
      deadline: '["Date de clôture"]'
  - id: region-sud
    name: Région Sud — RSS
    type: rss
    url: ${site.url}/region-sud.xml
    funder: region
`;
}

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    FUNDWATCH_DB: t.ctx.config.dbPath,
    FUNDWATCH_FEEDS: t.ctx.config.feedsPath,
    FUNDWATCH_OUTBOX: t.ctx.config.outboxDir,
    FUNDWATCH_SECRET: 'test-secret',
    ...extra,
  };
}

interface Row {
  id: number;
  title: string;
  canonical_url: string | null;
  deadlines: string;
  funder_name: string | null;
  amount_max: number | null;
  summary: string;
}

function call(title: string): Row {
  const row = t.ctx.db.prepare('SELECT * FROM calls WHERE title = ?').get(title) as Row | undefined;
  if (!row) throw new Error(`no call « ${title} »: ${(t.ctx.db.prepare('SELECT title FROM calls').pluck().all() as string[]).join(' | ')}`);
  return row;
}

describe('json sources through fundwatch fetch', () => {
  test('EU search, OpenDataSoft, Aides-territoires and a bare-array feed: stored, de-duplicated, in the API and the digest', async () => {
    writeFileSync(t.ctx.config.feedsPath, feeds());
    const members = join(t.ctx.dir, 'members.yaml');
    writeFileSync(members, 'members:\n  - email: epn@asso.fr\n    name: EPN du Panier\n    profiles:\n      - name: Numérique\n        keywords: [numérique, digital]\n        min_score: 1\n');
    expect((await fundwatch(['members', 'import', members], env())).code).toBe(0);

    const run = await fundwatch(['fetch'], env({ AIDES_TERRITOIRES_API_KEY: 'cle-de-test', LOG_LEVEL: 'info' }));
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.find((l) => l.startsWith('eu-ft '))).toMatch(/^eu-ft ok new=2 /);
    expect(lines.find((l) => l.startsWith('idf '))).toMatch(/^idf ok new=3 /);
    expect(lines.find((l) => l.startsWith('sud-flux '))).toMatch(/^sud-flux ok new=1 /);
    expect(lines.find((l) => l.startsWith('at '))).toMatch(/^at ok /);

    // EU: filters went as multipart JSON *file* parts, with the defaults (call topics, open and forthcoming).
    expect(sedia.requests.map((r) => r.page)).toEqual([1, 2]);
    const query = JSON.parse(sedia.requests[0]!.parts.find((p) => p.name === 'query')!.value);
    expect(query.bool.must).toEqual(
      expect.arrayContaining([{ terms: { type: ['1'] } }, { terms: { status: ['31094501', '31094502'] } }, { terms: { frameworkProgramme: ['43251589', '43353764'] } }]),
    );
    expect(sedia.requests[0]!.text).toBe('digital skills');
    // One call per topic whatever the languages; the topic page is the link; the API's deadlines win over the text's,
    // which still gives the amount; the programme is named.
    const cerv = call('Digital citizenship and inclusion of older people');
    expect(cerv.canonical_url).toBe('https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/CERV-2027-CITIZENS-DIGI');
    expect(JSON.parse(cerv.deadlines)).toEqual(['2027-04-08', '2027-09-15']);
    expect(cerv.amount_max).toBe(60000);
    expect(cerv.funder_name).toMatch(/CERV/);
    expect(JSON.parse(call('Adult learning: basic digital skills').deadlines)).toEqual(['2027-05-21']);
    expect(t.ctx.db.prepare("SELECT count(*) FROM calls WHERE title LIKE 'Quantum%'").pluck().get()).toBe(0);

    // OpenDataSoft: offset paging (2 a page, total 3), instants as Paris days, the fallback title, the URL template.
    expect(ods.records).toBe(2);
    expect(JSON.parse(call('Tiers-lieux numériques franciliens').deadlines)).toEqual(['2027-03-05']);
    // The opening day the API gives is kept too (2027-01-05T23:00Z is the 6th in Paris).
    expect(t.ctx.db.prepare('SELECT opens FROM calls WHERE title = ?').pluck().get('Tiers-lieux numériques franciliens')).toBe('2027-01-06');
    const mediation = call('Médiation numérique en quartiers');
    expect(JSON.parse(mediation.deadlines)).toEqual(['2027-05-21']);
    expect(mediation.canonical_url).toBe('https://www.iledefrance.fr/aides-et-appels-a-projets/102');

    // Aides-territoires: one token exchange, then one more after the 401 in the middle; next_url paging of 2 a page.
    expect(at.tokensIssued).toBe(2);
    expect(at.pageRequests).toHaveLength(3);
    const aide2 = call('Aide numérique n°2 pour les associations');
    expect(aide2.canonical_url).toBe('https://aides-territoires.beta.gouv.fr/aides/aide-2/');
    expect(JSON.parse(aide2.deadlines)).toEqual(['2027-04-30']);
    // The aid that is also in the Region's RSS is one call with both sources.
    const shared = call('Appel à projets Inclusion numérique en Provence 2027');
    const sources = t.ctx.db.prepare('SELECT source_id FROM call_sources WHERE call_id = ? ORDER BY source_id').pluck().all(shared.id);
    expect(sources).toEqual(['at', 'region-sud']);

    // The bare-array feed: keys with ’ and a trailing space; the item without a title is skipped and said so.
    expect(call('Parcours numérique des jeunes')).toMatchObject({ summary: 'Dossier en ligne.', deadlines: '["2027-04-15"]' });
    expect(run.stderr).toMatch(/sud-flux[\s\S]*1 item\(s\) without a title or a link skipped|1 item\(s\) without a title or a link skipped[\s\S]*sud-flux/);

    // The API shows each call's attribution.
    const listed = await t.api({ url: `/api/calls/${shared.id}` });
    expect(listed.json().attribution).toEqual(['Données Aides-territoires, Licence Ouverte 2.0']);
    const eu = (await t.api({ url: '/api/calls?source=eu-ft' })).json();
    expect(eu.total).toBe(2);
    expect(eu.items[0].attribution).toEqual(['Source : portail Funding & Tenders, Commission européenne']);

    // The digest shows it under the call's summary.
    const digest = await fundwatch(['digest', '--dry-run'], env());
    expect(digest.code, digest.stderr).toBe(0);
    const outbox = t.ctx.config.outboxDir;
    const files = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const mail = await simpleParser(readFileSync(join(outbox, files[0]!)));
    const html = String(mail.html);
    expect(html).toContain('Digital citizenship and inclusion of older people');
    // Under the summary of the EU call, in small grey type.
    expect(html).toMatch(/Digital citizenship[\s\S]*?class="fw-attribution"[^>]*>Source : portail Funding &amp; Tenders, Commission européenne</);
    expect(mail.text).toContain('Source : portail Funding & Tenders, Commission européenne');
  });

  test('without AIDES_TERRITOIRES_API_KEY the source is skipped with « clé manquante », said once, nothing requested', async () => {
    writeFileSync(t.ctx.config.feedsPath, feeds());
    const first = await fundwatch(['fetch', '--source', 'at'], env());
    // Named and not even tried: what staff asked was not done.
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toContain('fundwatch: la source « at » n’a pas été relevée : clé manquante');
    expect(first.stdout).toMatch(/^at skipped new=0 updated=0 unchanged=0 error=clé manquante : définissez AIDES_TERRITOIRES_API_KEY/m);
    expect(first.stderr).toMatch(/AIDES_TERRITOIRES_API_KEY not set/);
    const second = await fundwatch(['fetch', '--source', 'at'], env());
    expect(second.stdout).toMatch(/^at skipped .*clé manquante/m);
    expect(second.stderr).not.toMatch(/AIDES_TERRITOIRES_API_KEY not set/);
    expect(site.hits('/api/connexion/')).toHaveLength(0);
    const health = (await t.api({ url: '/api/sources' })).json().items.find((s: { id: string }) => s.id === 'at');
    expect(health).toMatchObject({ consecutive_failures: 0, last_error: expect.stringContaining('clé manquante') });
  });
});
