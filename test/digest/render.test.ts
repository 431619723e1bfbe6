// The template itself, the CLI's --now, and the unsubscribe plugin inside an app that already parses forms.
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { unsubscribeRoutes } from '../../src/api/routes/unsubscribe.js';
import { parseNow } from '../../src/cli/digest.js';
import { compileMjml, DIGEST_TEMPLATE, digestTemplate, TemplateError } from '../../src/digest/render.js';
import { unsubscribeUrl } from '../../src/digest/message.js';
import { createMember } from '../../src/members/store.js';
import { createTestContext } from '../helpers/context.js';

describe('digest template', () => {
  it('passes strict MJML validation and is compiled once per process', async () => {
    const first = digestTemplate();
    expect(digestTemplate()).toBe(first);
    const { html } = await first;
    expect(html).toContain('<html lang="fr"');
    expect(html).not.toContain('{{{'); // feed data is never inserted unescaped
    expect(readFileSync(DIGEST_TEMPLATE, 'utf8')).not.toContain('{{{');
    expect(readFileSync(DIGEST_TEMPLATE.replace('digest.mjml', 'digest-call.html'), 'utf8')).not.toMatch(/\{\{\{|\{\{&/);
  });

  it('rejects a template with an MJML error, naming the file', async () => {
    const broken = '<mjml><mj-body><mj-section><mj-text>directement dans la section</mj-text></mj-section></mj-body></mjml>';
    await expect(compileMjml(broken, 'templates/cassé.mjml')).rejects.toThrow(TemplateError);
    await expect(compileMjml(broken, 'templates/cassé.mjml')).rejects.toThrow(/templates\/cassé\.mjml: invalid MJML.*mj-text/s);
  });
});

describe('fundwatch digest --now', () => {
  it('reads a day as that calendar day everywhere, and a full time as given', () => {
    // A day is noon where members live: in Paris (UTC+1 in winter), in Nouméa, in Wallis (UTC+12), in Papeete.
    expect(parseNow('2026-12-07').toISOString()).toBe('2026-12-07T11:00:00.000Z');
    expect(parseNow('2027-07-07', 'Europe/Paris').toISOString()).toBe('2027-07-07T10:00:00.000Z');
    expect(parseNow('2027-03-28', 'Pacific/Wallis').toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(parseNow('2027-03-28', 'Pacific/Tahiti').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(() => parseNow('2027-02-30')).toThrow('--now : « 2027-02-30 » n’est pas une date valide');
    expect(parseNow('2026-12-07T06:30:00+01:00').toISOString()).toBe('2026-12-07T05:30:00.000Z');
    expect(() => parseNow('lundi')).toThrow('--now : « lundi » n’est pas une date valide');
  });
});

describe('unsubscribe plugin in a full app', () => {
  it('works when the app already registered @fastify/formbody and helmet', async () => {
    const ctx = createTestContext();
    try {
      const member = createMember(ctx.db, { email: 'a@asso.example' });
      const path = new URL(unsubscribeUrl(ctx, member.id)).pathname;
      const app = Fastify();
      await app.register(helmet);
      await app.register(formbody);
      await app.register(unsubscribeRoutes, { ctx });
      const page = await app.inject({ method: 'GET', url: path });
      expect(page.statusCode).toBe(200);
      // helmet's default policy allows the page's inline style and its same-origin form.
      expect(page.headers['content-security-policy']).toContain("form-action 'self'");
      const done = await app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(done.statusCode).toBe(200);
      expect(ctx.db.prepare('SELECT status FROM members WHERE id = ?').get(member.id)).toEqual({ status: 'unsubscribed' });
      await app.close();
    } finally {
      ctx.cleanup();
    }
  });
});
