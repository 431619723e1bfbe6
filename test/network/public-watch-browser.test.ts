// The public watch in a real browser (Debian's headless Chromium), over a real socket: readable on a phone and a
// desktop without horizontal scrolling, its filter form labelled, and framed by the network's website (an origin of
// FUNDWATCH_PUBLIC_ORIGINS) but not by another site.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedCall, type TestApp, TOKEN } from '../api/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`public watch browser test skipped: ${CHROMIUM} is missing (install it with: apt-get install chromium)`);

/** A page of another site that frames the watch. */
function framingSite(): Promise<{ server: Server; origin: string; setTarget: (url: string) => void }> {
  let target = 'about:blank';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="fr"><body><h1>Site du réseau</h1><iframe title="Veille" src="${target}" width="360" height="600"></iframe></body></html>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${port}`, setTarget: (url) => (target = url) });
    }),
  );
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe.skipIf(!hasChromium)('public watch in Chromium', () => {
  let browser: Browser;
  let t: TestApp;
  let base: string;
  let allowed: Awaited<ReturnType<typeof framingSite>>;
  let other: Awaited<ReturnType<typeof framingSite>>;

  beforeAll(async () => {
    allowed = await framingSite();
    other = await framingSite();
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, PUBLIC_WATCH: 'on', FUNDWATCH_PUBLIC_ORIGINS: allowed.origin });
    t.ctx.db.prepare(`INSERT INTO sources (id, name, created_at, attribution) VALUES ('aides-territoires', 'Aides-territoires', '2026-01-01T00:00:00Z', 'Données Aides-territoires, Licence Ouverte 2.0')`).run();
    for (let i = 0; i < 25; i++) {
      seedCall(t.ctx.db, {
        title:
          i % 3 === 0
            ? 'Anticonstitutionnellement-intergouvernementalisation-des-dispositifs-de-médiation-numérique-itinérante-en-milieu-rural'
            : `Appel à projets « Accompagnement des publics éloignés du numérique dans les territoires ruraux et les quartiers prioritaires » n° ${i}`,
        summary: `Résumé : ${'les structures de médiation numérique '.repeat(10)}`,
        url: `https://www.financeur-${i}.example/appels-a-projets/${'tres-long-segment-'.repeat(8)}${i}`,
        funder: i % 4 === 0 ? 'eu' : 'foundation',
        deadlines: [`2026-0${4 + (i % 5)}-1${i % 9}`],
        source: 'aides-territoires',
        amountMax: 150_000,
      });
    }
    const pinned = seedCall(t.ctx.db, { title: 'Appel épinglé par le réseau', deadlines: ['2026-05-01'], source: 'aides-territoires' });
    await t.api({ method: 'PUT', url: `/api/calls/${pinned}/pin`, payload: { note: `Un mot de l’équipe ${'assez long pour passer à la ligne '.repeat(4)}` } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (allowed) await close(allowed.server);
    if (other) await close(other.server);
  });

  for (const width of [375, 1024]) {
    for (const path of ['/veille', '/veille?embed=1', '/veille?category=eu&page=1']) {
      it(`${path} fits ${width} px without horizontal scrolling, its filters labelled`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 800 } });
        try {
          // Only the service under test answers; anything else the page would load is refused.
          await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
          const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
          expect(response?.status()).toBe(200);
          const scroll = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            bodyScrollWidth: document.body.scrollWidth,
            innerWidth: window.innerWidth,
          }));
          expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.innerWidth);
          expect(scroll.bodyScrollWidth).toBeLessThanOrEqual(scroll.innerWidth);
          // Every visible control of the filter form has a label a screen reader announces.
          const controls = await page.evaluate(() =>
            Array.from(document.querySelectorAll('form.filters input:not([type=hidden]), form.filters select')).map((el) => ({
              name: el.getAttribute('name'),
              labels: (el as HTMLInputElement).labels?.length ?? 0,
              width: el.getBoundingClientRect().width,
            })),
          );
          expect(controls.map((c) => c.name)).toEqual(['q', 'category', 'region']);
          for (const control of controls) {
            expect(control.labels, control.name!).toBeGreaterThan(0);
            expect(control.width).toBeGreaterThan(100);
            expect(control.width).toBeLessThanOrEqual(width);
          }
          const titles = page.locator('.watch-title');
          expect(await titles.count()).toBeGreaterThan(0);
          const box = await titles.first().boundingBox();
          expect(box!.x + box!.width).toBeLessThanOrEqual(width);
        } finally {
          await page.close();
        }
      });
    }
  }

  it('the filter form works in the browser', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    try {
      await page.goto(`${base}/veille`);
      await page.selectOption('#veille-category', 'eu');
      await Promise.all([page.waitForURL(/category=eu/), page.click('form.filters button')]);
      expect(await page.locator('.count').textContent()).toMatch(/^7\sappels ouverts\.$/);
    } finally {
      await page.close();
    }
  });

  it('is framed by the network’s website, not by another site', async () => {
    allowed.setTarget(`${base}/veille?embed=1`);
    other.setTarget(`${base}/veille?embed=1`);
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    try {
      await page.goto(allowed.origin, { waitUntil: 'load' });
      const framed = page.frames().find((f) => f.url().startsWith(`${base}/veille`));
      expect(framed).toBeDefined();
      expect(await framed!.locator('form.filters').count()).toBe(1);

      await page.goto(other.origin, { waitUntil: 'load' });
      const refused = page.frames().find((f) => f !== page.mainFrame());
      expect(refused).toBeDefined();
      // Chromium shows its own error page in a frame the CSP refuses.
      expect(await refused!.locator('form.filters').count()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
