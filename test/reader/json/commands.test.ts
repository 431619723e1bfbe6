// `fundwatch sources check` and `sources test` on json sources, and the OpenDataSoft export beyond its window.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fetchSources } from '../../../src/reader/ingest.js';
import { parseSourcesText } from '../../../src/sources/load.js';
import { createTestContext, type TestContext } from '../../helpers/context.js';
import { fundwatch } from '../../helpers/cli.js';
import type { Site } from '../helpers/site.js';
import { json, odsRoute, startApiSite } from './apis.js';

let site: Site;
let ctx: TestContext;

beforeEach(async () => {
  site = await startApiSite();
  ctx = createTestContext();
});
afterEach(async () => {
  await site.close();
  ctx.cleanup();
});

describe('sources check and sources test', () => {
  test('check names the line, source and field of a wrong path, an unknown preset and a missing dataset, in French', async () => {
    const file = ctx.config.feedsPath;
    writeFileSync(
      file,
      `sources:
  - id: idf
    name: IDF
    type: json
    preset: opendatasoft
    url: https://data.iledefrance.fr
    funder: region
    fields:
      title: nom
      url: https://x.example/{ref}
  - id: eu
    name: EU
    type: json
    preset: eu-sedya
    funder: eu
  - id: sud
    name: Sud
    type: json
    url: https://www.maregionsud.fr/vos-aides/flux-json
    funder: region
    fields:
      title: ['["Nom de l’aide"]', '["Nom de l’aide]']
      url: lien
    pagination: { style: pages }
`,
    );
    const run = await fundwatch(['sources', 'check', file], {});
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toEqual([
      `${file}:2: source idf: dataset: le préréglage opendatasoft demande « dataset » : l'identifiant du jeu de données sur le portail`,
      `${file}:14: source eu: preset: préréglage inconnu « eu-sedya » (connus : eu-sedia, opendatasoft, aides-territoires)`,
      `${file}:22: source sud: fields.title[1]: chemin « ["Nom de l’aide] » invalide : clé entre crochets non fermée (attendu "])`,
      `${file}:24: source sud: pagination.style: doit valoir « next_url », « page », « offset » ou « none »`,
    ].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])));
  });

  test('test prints the first page mapped, and which fields came out empty', async () => {
    site.route('/aides', (req, res) => {
      const page = new URL(req.url!, site.url).searchParams.get('page') ?? '1';
      json(res, 200, {
        data: {
          items:
            page === '1'
              ? [
                  { ref: 'a', nom: 'Appel numérique solidaire', fin: '2027-03-04T23:00:00Z', texte: 'Subvention jusqu’à 10 000 €.' },
                  { ref: 'b', nom: 'Fabrique de territoire', fin: null, texte: '' },
                  { ref: 'c', nom: '' },
                ]
              : [{ ref: 'z', nom: 'Page deux' }],
        },
      });
    });
    writeFileSync(
      ctx.config.feedsPath,
      `sources:
  - id: essai
    name: Essai
    type: json
    url: ${site.url}/aides
    funder: other
    enabled: false
    items: data.items
    fields: { id: ref, title: nom, url: 'https://exemple.org/aides/{ref}', summary: texte, deadline: fin, funder_name: financeur }
    pagination: { style: page, size: 3 }
`,
    );
    const run = await fundwatch(['sources', 'test', 'essai'], { FUNDWATCH_FEEDS: ctx.config.feedsPath, FUNDWATCH_DB: ctx.config.dbPath });
    expect(run.code, run.stderr).toBe(0);
    // Amounts are written the French way, with a narrow no-break space between thousands.
    expect(run.stdout).toMatch(/1\. Appel numérique solidaire\n {3}adresse : https:\/\/exemple\.org\/aides\/a\n {3}date limite : 2027-03-05\n {3}montant : jusqu'à 10\s000 € \(par projet\)/u);
    expect(run.stdout).toContain('2. Fabrique de territoire');
    expect(run.stdout).not.toContain('Page deux');
    expect(run.stdout).toContain('champs vides : summary (1 sur 2), deadline (1 sur 2), opens (2 sur 2), funder_name (2 sur 2), regions (2 sur 2)');
    expect(run.stdout).toContain('1 annonce(s) ignorée(s) : sans titre ou sans lien');
    expect(run.stdout).toMatch(/2 annonce\(s\) trouvée\(s\) sur la première page pour essai \(source désactivée dans feeds.yaml\) ; rien n'a été enregistré/);
    expect(site.requests.filter((r) => r.path.startsWith('/aides'))).toHaveLength(1);
  });
});

describe('OpenDataSoft beyond its 10,000-row window', () => {
  test('a larger dataset is read from its export endpoint, never past the window', async () => {
    const rows = Array.from({ length: 10_050 }, (_, i) => ({ id: `r${i}`, titre: `Aide ${i}`, url: `https://data.example/aides/${i}` }));
    const hits = { records: 0, exports: 0 };
    odsRoute(site, 'grand-jeu', rows, hits);
    const yaml = `sources:\n  - id: grand\n    name: Grand\n    type: json\n    preset: opendatasoft\n    url: ${site.url}\n    dataset: grand-jeu\n    funder: region\n    fields: { id: id, title: titre, url: url }\n`;
    const { sources, errors } = parseSourcesText(yaml, 'feeds.yaml');
    expect(errors).toEqual([]);
    const result = await fetchSources(ctx, sources, { fetcher: { hostDelayMs: 0, timeoutMs: 10_000 } });
    expect(result.summaries[0]).toMatchObject({ status: 'ok', new: 10_050 });
    expect(hits).toEqual({ records: 1, exports: 1 });
  });
});
