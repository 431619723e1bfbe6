// The digest in a real browser (Debian's headless Chromium): readable on a phone and on a desktop, with long
// French titles, without horizontal scrolling.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewDigest } from '../../src/digest/preview.js';
import { GENERAL_ENTRY } from '../../src/match/score.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`digest browser test skipped: ${CHROMIUM} is missing (install it with: apt-get install chromium)`);

const LONG_TITLES = [
  'Appel à projets « Accompagnement des publics éloignés du numérique dans les territoires ruraux et les quartiers prioritaires de la politique de la ville » : édition 2027',
  'Fonds social européen plus (FSE+) : programme régional Provence-Alpes-Côte d’Azur, axe inclusion sociale et lutte contre la pauvreté, mesure 4.2',
  'Anticonstitutionnellement-intergouvernementalisation-des-dispositifs-de-médiation-numérique-itinérante-en-milieu-rural',
  'Fondation : « Numérique solidaire », soutien aux associations qui équipent et forment les personnes âgées isolées à l’usage des démarches administratives en ligne',
];

// A general fund no keyword matches: shown in « Ouverts à toute association », which must fit a phone too.
const GENERAL_TITLE =
  'Fonds pour le développement de la vie associative (FDVA 2) « Fonctionnement global et nouveaux projets » : campagne départementale 2027';
const ALL_TITLES = [...LONG_TITLES, GENERAL_TITLE];

describe.skipIf(!hasChromium)('digest in Chromium', () => {
  let browser: Browser;
  let ctx: TestContext;
  let html: string;

  beforeAll(async () => {
    ctx = createTestContext({ MAIL_FROM: 'Réseau des médiateurs numériques de la région <veille@reseau-mediation-numerique.example>' });
    const member = createMember(ctx.db, {
      email: 'coordination.mediation-numerique@association-intercommunale-tres-longue.example',
      name: 'Marie-Thérèse de La Fontaine-Dupont',
      organisation: 'Association intercommunale pour l’inclusion numérique',
    });
    const first = createProfile(ctx.db, member.id, { name: 'Inclusion numérique des publics éloignés' });
    const second = createProfile(ctx.db, member.id, { name: 'Tiers-lieux et fabriques de territoire' });
    for (const [i, title] of LONG_TITLES.entries()) {
      const id = insertCall(ctx.db, {
        title,
        summary: `Résumé : ${'les structures de médiation numérique '.repeat(12)}`,
        url: `https://www.financeur-${i}.example/appels-a-projets/${'tres-long-segment-'.repeat(8)}${i}`,
        funderName: 'Agence nationale de la cohésion des territoires (ANCT)',
        deadlines: ['2026-12-07'],
        amountMin: 5000,
        amountMax: 1500000,
        amountScope: 'project',
      });
      insertMatch(ctx.db, i % 2 === 0 ? first.id : second.id, id, 90 - i, ['inclusion numérique', 'médiation', '"publics éloignés"'], '2026-11-27T00:00:00Z');
    }
    const general = insertCall(ctx.db, {
      title: GENERAL_TITLE,
      summary: 'Les associations de tous secteurs peuvent demander une aide pour leur fonctionnement ou leurs projets innovants.',
      url: `https://www.associations.example/fdva/${'tres-long-segment-'.repeat(8)}`,
      funderName: 'Service départemental à la jeunesse, à l’engagement et aux sports',
      deadlines: ['2026-12-07'],
    });
    // Stored as the matcher stores a general fund's match (score.ts generalResult).
    insertMatch(ctx.db, first.id, general, 30, [], '2026-11-27T00:00:00Z', [{ ...GENERAL_ENTRY }]);
    html = (await previewDigest(ctx, member.id, new Date('2026-11-30T08:00:00Z')))!.html;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    ctx?.cleanup();
  });

  for (const width of [375, 1024]) {
    it(`fits ${width} px without horizontal scrolling and shows every title`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      try {
        // Nothing may leave the machine: block every request the page would make.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        const scroll = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          bodyScrollWidth: document.body.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.innerWidth);
        expect(scroll.bodyScrollWidth).toBeLessThanOrEqual(scroll.innerWidth);

        const titles = page.locator('.fw-call-title');
        expect(await titles.count()).toBe(ALL_TITLES.length);
        for (let i = 0; i < ALL_TITLES.length; i++) {
          const title = titles.nth(i);
          await title.scrollIntoViewIfNeeded();
          expect(await title.isVisible()).toBe(true);
          const box = (await title.boundingBox())!;
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(width);
          // The whole title is shown, not clipped.
          const clipped = await title.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
          expect(clipped).toBe(false);
        }
        const texts = await titles.allInnerTexts();
        expect(texts.map((t) => t.replace(/\s+/g, ' ').trim()).sort()).toEqual([...ALL_TITLES].sort());
        expect(await page.locator('.fw-open-to-all h2').isVisible()).toBe(true);
        // The unsubscribe link is there and on screen too.
        const unsubscribe = page.getByRole('link', { name: 'Se désabonner en un clic' });
        await unsubscribe.scrollIntoViewIfNeeded();
        expect(await unsubscribe.isVisible()).toBe(true);
      } finally {
        await page.close();
      }
    });
  }
});
