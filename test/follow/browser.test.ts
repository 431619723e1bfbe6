// The member page and the reminder email in a real browser (Debian's headless Chromium) at 375 and 1024 px: no
// horizontal scrolling with long French titles and addresses, every form control labelled, buttons large enough to
// tap, and the forms usable with JavaScript turned off (a pause is set, a bad keyword is refused on the page).
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { runReminders } from '../../src/follow/reminders/run.js';
import { followSettings } from '../../src/follow/settings.js';
import { setFollowStatus } from '../../src/follow/statuses.js';
import { memberPageUrl } from '../../src/member-space/links.js';
import { createMember, createProfile, getProfile } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, startSmtp, type TestSmtp } from '../digest/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`member page browser test skipped: ${CHROMIUM} is missing (install it with: apt-get install chromium)`);

const LONG_TITLES = [
  'Appel à projets « Accompagnement des publics éloignés du numérique dans les territoires ruraux et les quartiers prioritaires de la politique de la ville » : édition 2027',
  'Anticonstitutionnellement-intergouvernementalisation-des-dispositifs-de-médiation-numérique-itinérante-en-milieu-rural',
];
const NOW = new Date('2026-12-03T10:00:00Z');

describe.skipIf(!hasChromium)('member page and reminder email in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let ctx: TestContext;
  let smtp: TestSmtp;
  let app: FastifyInstance;
  let pageUrl: string;
  let memberId: number;
  let profileId: number;
  let reminderHtml: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    ctx = createTestContext({ SMTP_URL: smtp.url });
    app = await buildApp(ctx, { now: () => NOW });
    ctx.config.baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    const member = createMember(ctx.db, {
      email: 'coordination.mediation-numerique@association-intercommunale-tres-longue.example',
      name: 'Marie-Thérèse de La Fontaine-Dupont',
      organisation: 'Association intercommunale pour l’inclusion numérique',
    });
    memberId = member.id;
    profileId = createProfile(ctx.db, member.id, {
      name: 'Inclusion numérique des publics éloignés',
      keywords: ['"inclusion numérique"^2', 'médiation', 'Anticonstitutionnellement-intergouvernementalisation-des-dispositifs'],
      regions: ['Provence-Alpes-Côte d’Azur'],
      description: 'Nous accompagnons les personnes âgées isolées dans leurs démarches en ligne. '.repeat(6),
    }).id;
    for (const [i, title] of LONG_TITLES.entries()) {
      const id = insertCall(ctx.db, {
        title,
        url: `https://www.financeur-${i}.example/appels-a-projets/${'tres-long-segment-'.repeat(8)}${i}`,
        funderName: 'Agence nationale de la cohésion des territoires (ANCT)',
        deadlines: ['2026-12-17'],
      });
      setFollowStatus(ctx.db, member.id, id, i === 0 ? 'applying' : 'interested', NOW);
    }
    pageUrl = memberPageUrl(ctx, member.id);
    await runReminders(ctx, { now: NOW });
    reminderHtml = smtp.received[0]!.mail.html as string;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    ctx?.cleanup();
    await smtp?.close();
  });

  /** A page with JavaScript off that may reach only this test's server. */
  async function openPage(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const origin = new URL(ctx.config.baseUrl).origin;
    await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    return page;
  }

  async function noHorizontalScroll(page: Page, width: number): Promise<void> {
    const scroll = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth }));
    expect(scroll.doc).toBeLessThanOrEqual(width);
    expect(scroll.body).toBeLessThanOrEqual(width);
  }

  for (const width of [375, 1024]) {
    it(`member page fits ${width} px, every control is labelled and reachable, and its forms work without JavaScript (by keyboard alone on the phone)`, async () => {
      const page = await openPage(width);
      try {
        expect((await page.goto(pageUrl))!.status()).toBe(200);
        await noHorizontalScroll(page, width);

        // Every visible control has a label (or an accessible name of its own) and sits inside the viewport's width.
        const controls = await page.locator('input:not([type=hidden]), textarea, select').evaluateAll((els) =>
          els.map((el) => {
            const input = el as HTMLInputElement;
            const box = el.getBoundingClientRect();
            return { name: input.name, labels: input.labels?.length ?? 0, aria: el.getAttribute('aria-label'), left: box.left, right: box.right };
          }),
        );
        expect(controls.length).toBeGreaterThanOrEqual(7);
        for (const control of controls) {
          expect(control.labels > 0 || !!control.aria, control.name).toBe(true);
          expect(control.left).toBeGreaterThanOrEqual(0);
          expect(control.right).toBeLessThanOrEqual(width);
        }
        const buttons = await page.locator('button').evaluateAll((els) => els.map((el) => ({ text: el.textContent, ...el.getBoundingClientRect().toJSON() })));
        for (const button of buttons) {
          expect(button.height, button.text ?? '').toBeGreaterThanOrEqual(44);
          expect(button.right, button.text ?? '').toBeLessThanOrEqual(width);
        }
        for (const title of LONG_TITLES) expect(await page.getByRole('link', { name: title }).isVisible()).toBe(true);
        expect(await page.getByLabel('Mots-clés').inputValue()).toContain('"inclusion numérique"^2');

        // A bad keyword: the page comes back with the problem next to the form, the keywords as typed.
        await page.getByLabel('Mots-clés').fill('"inclusion numérique');
        const refused = page.waitForResponse((r) => r.request().method() === 'POST');
        await page.getByRole('button', { name: 'Enregistrer ce profil' }).click();
        expect((await refused).status()).toBe(400);
        await page.waitForLoadState();
        expect(await page.getByRole('alert').first().innerText()).toContain('guillemets non fermés');
        await noHorizontalScroll(page, width);
        expect(getProfile(ctx.db, profileId)!.keywords[0]).toBe('"inclusion numérique"^2');

        // The pause: on the phone with the keyboard alone (Tab to the date, type it, Enter), on the desktop by clicks.
        let until = width === 375 ? '2027-01-04' : '2027-01-11';
        await page.goto(pageUrl);
        if (width === 375) {
          for (let tabs = 0; tabs < 60; tabs++) {
            await page.keyboard.press('Tab');
            if (await page.evaluate(() => document.activeElement?.id === 'pause-jusqu-au')) break;
          }
          const focused = await page.evaluate(() => ({ id: document.activeElement?.id, outline: getComputedStyle(document.activeElement!).outlineWidth }));
          // Reached by Tab, and its focus ring shows.
          expect(focused).toEqual({ id: 'pause-jusqu-au', outline: '3px' });
          // The order of a date field's parts follows the browser's language: 4 January or 1 April, both ahead.
          await page.keyboard.type('01042027');
          until = await page.locator('#pause-jusqu-au').inputValue();
          expect(['2027-01-04', '2027-04-01']).toContain(until);
          await page.keyboard.press('Enter');
        } else {
          await page.getByLabel('Mettre en pause jusqu’au').fill(until);
          await page.getByRole('button', { name: 'Mettre en pause' }).click();
        }
        await page.waitForURL(/fait=pause/);
        expect(await page.getByRole('status').innerText()).toContain('pause');
        expect(followSettings(ctx.db, memberId)!.pausedUntil).toBe(until);
        await page.getByRole('button', { name: 'Reprendre la lettre dès maintenant' }).click();
        await page.waitForURL(/fait=reprise/);
        expect(followSettings(ctx.db, memberId)!.pausedUntil).toBeNull();
      } finally {
        await page.context().close();
      }
    });

    it(`reminder email fits ${width} px with its buttons on screen`, async () => {
      const page = await openPage(width);
      try {
        await page.setContent(reminderHtml, { waitUntil: 'load' });
        await noHorizontalScroll(page, width);
        for (const title of LONG_TITLES) {
          const link = page.getByRole('link', { name: title });
          await link.scrollIntoViewIfNeeded();
          const box = (await link.boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(width);
        }
        for (const name of ['Dossier déposé', 'Je ne candidate plus']) {
          const buttons = page.getByRole('link', { name, exact: true });
          expect(await buttons.count()).toBeGreaterThanOrEqual(1);
          const box = (await buttons.first().boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(width);
          // A thumb-sized target (44 px, as WCAG 2.5.5 advises).
          expect(box.height).toBeGreaterThanOrEqual(44);
        }
      } finally {
        await page.context().close();
      }
    });
  }
});
