// The HTML the app serves, in a real Chromium under the app's security headers: the docs and the unsubscribe page.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signingSecret } from '../../src/db/settings.js';
import { TOKEN_PURPOSES, memberToken } from '../../src/members/tokens.js';
import { createTestApp, type TestApp } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`API browser test skipped: ${CHROMIUM} is missing (install it with: apt-get install chromium)`);

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (!hasChromium) return;
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A page that may only reach the app, recording console errors (CSP violations show up there). */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  return { page, errors };
}

describe.skipIf(!hasChromium)('in a browser', () => {
  test('/docs shows every operation, with no script or style blocked by the CSP', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${base}/docs`);
    await page.waitForSelector('.opblock', { timeout: 15_000 });
    const operations = await page.locator('.opblock').count();
    expect(operations).toBeGreaterThanOrEqual(20);
    expect(await page.locator('[data-path="/api/members/{id}/profiles"]').count()).toBeGreaterThan(0);
    expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
    await page.close();
  });

  test('the unsubscribe page works under the CSP: its button posts and unsubscribes', async () => {
    const member = (await t.api({ method: 'POST', url: '/api/members', payload: { email: 'depart@asso.fr' } })).json() as { id: number };
    const token = memberToken(t.ctx.db, signingSecret(t.ctx.db, t.ctx.config.secret), member.id, TOKEN_PURPOSES.unsubscribe)!;
    const { page, errors } = await openPage();
    const response = await page.goto(`${base}/unsubscribe/${token}`);
    expect(response!.headers()['content-security-policy']).toContain("form-action 'self'");
    expect(response!.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
    await Promise.all([page.waitForNavigation(), page.locator('form button, form input[type=submit]').first().click()]);
    expect(errors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
    expect((await t.api({ url: `/api/members/${member.id}` })).json().status).toBe('unsubscribed');
    await page.close();
  });
});
