// feeds.yaml: every error reported at once with its line, and the two `fundwatch sources` commands for real.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { formatIssue, parseSourcesText } from '../../src/sources/load.js';
import { fundwatch } from '../helpers/cli.js';
import { startFixtureSite } from './helpers/fixtures.js';
import type { Site } from './helpers/site.js';


const BROKEN = `sources:
  - id: region-sud
    name: Région Sud
    type: rss
    url: https://www.maregionsud.fr/flux.xml
    funder: region
    shedule: "0 6 * * *"
  - id: region-sud
    name: Doublon
    type: rss
    url: pas-une-adresse
    funder: région
    schedule: "tous les jours"
  - id: dept-13
    name: Département
    type: html
    url: https://www.departement13.fr/aap
    funder: department
    selectors:
      item: li.aap[
      link: a
  - id: Fondation
    name: Fondation
    type: atom
    url: ftp://fondation.example/flux
    funder: foundation
    expect_new_within_days: 0
`;

describe('parseSourcesText', () => {
  it('reports every error at once, each with its line, source and field, in French', () => {
    const { sources, errors } = parseSourcesText(BROKEN, 'feeds.yaml');
    expect(sources).toEqual([]);
    expect(errors.map(formatIssue)).toEqual([
      'feeds.yaml:7: source region-sud: shedule: clé inconnue « shedule » (faute de frappe ?)',
      'feeds.yaml:8: source region-sud: id: identifiant déjà utilisé ligne 2 : chaque source doit avoir un id unique',
      'feeds.yaml:11: source region-sud: url: adresse invalide : une URL complète commençant par http:// ou https:// est attendue',
      'feeds.yaml:12: source region-sud: funder: doit être l\'un de : eu, state, region, department, municipality, foundation, company, other',
      'feeds.yaml:13: source region-sud: schedule: expression cron invalide (ex. « 0 */6 * * * » pour toutes les six heures)',
      'feeds.yaml:19: source dept-13: selectors.title: sélecteur « title » obligatoire pour une source de type html',
      'feeds.yaml:20: source dept-13: selectors.item: sélecteur CSS invalide (vérifiez crochets, guillemets et parenthèses)',
      'feeds.yaml:22: source Fondation: id: identifiant invalide : lettres minuscules, chiffres, « - » et « _ » uniquement (ex. « region-sud-feder »)',
      'feeds.yaml:24: source Fondation: type: doit valoir « rss » (flux RSS/Atom/RDF), « html » (page scrapée avec des sélecteurs CSS) ou « json » (API)',
      'feeds.yaml:25: source Fondation: url: adresse invalide : une URL complète commençant par http:// ou https:// est attendue',
      'feeds.yaml:27: source Fondation: expect_new_within_days: doit être au moins 1',
    ]);
  });

  it('refuses a region no filter knows, with its line, and takes a bare department number', () => {
    const text = 'sources:\n  - id: sud\n    name: Sud\n    type: rss\n    url: https://example.org/f\n    funder: state\n    regions:\n      - 84\n      - provence-alpes-cote-dazur\n';
    expect(parseSourcesText(text, 'f.yaml').errors.map(formatIssue)).toEqual([
      'f.yaml:9: source sud: regions: « provence-alpes-cote-dazur » n’est ni une région, ni un département, ni « France » (exemples : Bretagne, Auvergne-Rhône-Alpes, Vaucluse, 84)',
    ]);
    const fixed = parseSourcesText(text.replace('provence-alpes-cote-dazur', 'Rhône-Alpes'), 'f.yaml');
    expect(fixed.errors).toEqual([]);
    expect(fixed.sources[0]!.regions).toEqual(['84', 'Rhône-Alpes']);
  });

  it('asks an html source for its selectors', () => {
    const text = 'sources:\n  - id: page\n    name: Page\n    type: html\n    url: https://example.org/aap\n    funder: other\n';
    expect(parseSourcesText(text, 'f.yaml').errors.map(formatIssue)).toEqual([
      'f.yaml:2: source page: selectors: une source de type html doit avoir des sélecteurs (item, title, link)',
    ]);
  });

  it('converts a valid file with its defaults and per-source User-Agent', () => {
    const text = `sources:
  - id: region
    name: Région
    type: rss
    url: https://example.org/flux.xml
    funder: region
    user_agent: "fundwatch-reseau/1.0 (+https://reseau.example)"
`;
    expect(parseSourcesText(text, 'f.yaml')).toEqual({
      errors: [],
      sources: [
        {
          id: 'region',
          name: 'Région',
          type: 'rss',
          url: 'https://example.org/flux.xml',
          funder: 'region',
          regions: [],
          categories: [],
          enabled: true,
          expectNewWithinDays: 90,
          userAgent: 'fundwatch-reseau/1.0 (+https://reseau.example)',
          attribution: null,
          public: true,
        },
      ],
    });
  });

  it('names a YAML syntax error in French, with its line and its source, once', () => {
    const check = (text: string) => parseSourcesText(text, 'f.yaml').errors.map(formatIssue);
    expect(check('sources:\n  - id: a\n    name: [oups\n')).toEqual(['f.yaml:3: source a: yaml: liste entre crochets [ … ] ou entre accolades { … } jamais refermée']);
    // One tab: one error, not the parser's four echoes of it.
    expect(check('sources:\n  - id: a\n\tname: x\n    type: rss\n  - id: b\n')).toEqual([
      'f.yaml:3: source a: yaml: tabulation en début de ligne : YAML n’accepte que des espaces pour indenter',
    ]);
    // The quote left open, on its own line, not where the file ends.
    expect(check('sources:\n  - id: a\n    name: "A\n    type: rss\n')).toEqual(['f.yaml:3: source a: yaml: guillemet ouvert et jamais refermé']);
    expect(check('sources:\n  - id: a\n    name: A\n    name: B\n')).toEqual(['f.yaml:4: source a: yaml: la même clé figure deux fois au même endroit : gardez-en une']);
    // Two real mistakes in two sources: both.
    expect(check('sources:\n  - id: a\n    name: A\n    name: B\n  - id: b\n    name: "C\n')).toEqual([
      'f.yaml:4: source a: yaml: la même clé figure deux fois au même endroit : gardez-en une',
      'f.yaml:6: source b: yaml: guillemet ouvert et jamais refermé',
    ]);
  });

  it('merges shared fields written once under defaults (« <<: *modele »)', () => {
    const text = 'defaults: &etat\n  type: rss\n  funder: state\nsources:\n  - <<: *etat\n    id: a\n    name: A\n    url: https://example.org/a\n';
    const { sources, errors } = parseSourcesText(text, 'f.yaml');
    expect(errors).toEqual([]);
    expect(sources[0]).toMatchObject({ id: 'a', type: 'rss', funder: 'state' });
  });

  it('refuses keys of another type of source, which would be ignored', () => {
    const text = 'sources:\n  - id: a\n    name: A\n    type: rss\n    url: https://example.org/f\n    funder: state\n    selectors: {item: li, title: a, link: a}\n';
    expect(parseSourcesText(text, 'f.yaml').errors.map(formatIssue)).toEqual([
      'f.yaml:7: source a: selectors: ne sert qu’aux sources de type html ; cette source est de type rss : retirez cette clé ou changez le type',
    ]);
  });

  it('accepts the shipped feeds.yaml', () => {
    expect(parseSourcesText(readFileSync(join(projectRoot, 'feeds.yaml'), 'utf8'), 'feeds.yaml').errors).toEqual([]);
  });
});


describe('fundwatch sources', () => {
  let dir: string;
  let site: Site;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fundwatch-sources-'));
    site = await startFixtureSite();
    env = { FUNDWATCH_DB: join(dir, 'fundwatch.db'), FUNDWATCH_FEEDS: join(dir, 'feeds.yaml') };
  });
  afterEach(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('check prints every error as FILE:LINE and exits 1', async () => {
    const file = join(dir, 'feeds.yaml');
    writeFileSync(file, BROKEN);
    const run = await fundwatch(['sources', 'check', file], env);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(`${file}:7: source region-sud: shedule: clé inconnue « shedule » (faute de frappe ?)`);
    expect(run.stderr).toContain('11 erreur(s), fichier refusé');
  }, 30_000);

  it('test prints what a source would give, without storing anything', async () => {
    writeFileSync(
      env.FUNDWATCH_FEEDS!,
      `sources:
  - id: dept
    name: Département
    type: html
    url: ${site.url}/dept/appels-a-projets.html
    funder: department
    enabled: false
    user_agent: "fundwatch-essai (+https://reseau.example)"
    selectors: { item: li.aap, title: .aap-title, link: .aap-title a, summary: .aap-chapo, detail: article.detail }
`,
    );
    const run = await fundwatch(['sources', 'test', 'dept'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`1. Ateliers numériques dans les quartiers\n   adresse : ${site.url}/dept/appels/ateliers-numeriques.html\n   date limite : 2027-03-15`);
    expect(run.stdout).toMatch(/montant : de 5\s000 € à 15\s000 € \(par projet\)/);
    expect(run.stdout).toContain("2 annonce(s) trouvée(s) pour dept (source désactivée dans feeds.yaml) ; rien n'a été enregistré.");
    // The source's own User-Agent is sent, to the page and to its detail pages.
    const agents = site.requests.filter((r) => r.path.startsWith('/dept/')).map((r) => r.headers['user-agent']);
    expect(new Set(agents)).toEqual(new Set(['fundwatch-essai (+https://reseau.example)']));

    const broken = await fundwatch(['sources', 'test', 'inconnue'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/source inconnue « inconnue ».*\(sources : dept\)/);
  }, 30_000);

  it('test explains a scraper whose selectors match nothing', async () => {
    writeFileSync(
      env.FUNDWATCH_FEEDS!,
      `sources:
  - id: dept
    name: Département
    type: html
    url: ${site.url}/dept/appels-a-projets.html
    funder: department
    selectors: { item: li.annonce, title: h3, link: a }
`,
    );
    const run = await fundwatch(['sources', 'test', 'dept'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Aucune annonce trouvée sur la page : le sélecteur item « li\.annonce » ne trouve plus rien/);
  }, 30_000);
});
