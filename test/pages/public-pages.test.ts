// The public pages through the real app: the home page says what is set up, the unsubscribe and « Pas pertinent »
// pages share one layout, French spacing reaches them, and an erased member's links say the person left the list.
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { signingSecret } from '../../src/db/settings.js';
import { notRelevantLinks } from '../../src/member-space/links.js';
import { createMember, deleteMember } from '../../src/members/store.js';
import { memberToken, TOKEN_PURPOSES } from '../../src/members/tokens.js';
import { NBSP } from '../../src/typography.js';
import { createTestApp, seedCall, TOKEN, type TestApp } from '../api/helpers.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const styleOf = (html: string) => /<style>[\s\S]*<\/style>/.exec(html)?.[0];
const textOf = (html: string) => html.replace(/<style>[\s\S]*<\/style>/, '').replace(/<[^>]+>/g, ' ');

describe('GET /', () => {
  it('with nothing configured, says in French that the API is closed, mail goes to the outbox and no source is gathered', async () => {
    t = await createTestApp({});
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const text = textOf(res.body);
    expect(text).toContain('API d’administration fermée');
    expect(text).toContain('FUNDWATCH_ADMIN_TOKEN');
    expect(text).toContain('.eml');
    expect(text).toContain('est introuvable');
    expect(res.body).toContain('href="/docs"');
    // French spacing: never a breakable space before the colon of « fermée : ».
    expect(text).toContain(`fermée${NBSP}: FUNDWATCH_ADMIN_TOKEN`);
    expect(text).not.toMatch(/ [:;!?»]/);
  });

  it('says what is on once it is configured, and tells how to enable a source when every one is off', async () => {
    t = await createTestApp({ FUNDWATCH_ADMIN_TOKEN: TOKEN, SMTP_URL: 'smtp://127.0.0.1:2525' });
    const source = (id: string, enabled: boolean) =>
      `  - id: ${id}\n    name: Source ${id}\n    type: rss\n    url: https://example.org/${id}.xml\n    funder: region\n    enabled: ${enabled}\n`;
    writeFileSync(t.ctx.config.feedsPath, `sources:\n${source('a', false)}${source('b', false)}`);
    let text = textOf((await t.app.inject({ url: '/' })).body);
    expect(text).toContain('API d’administration ouverte');
    expect(text).toContain('serveur SMTP');
    expect(text).toContain('Aucune source activée');
    expect(text).toContain('sources test ID');

    writeFileSync(t.ctx.config.feedsPath, `sources:\n${source('a', true)}${source('b', false)}`);
    text = textOf((await t.app.inject({ url: '/' })).body);
    expect(text).toContain('1 source activée sur 2');
    expect(text).not.toContain('À configurer');
  });
});

describe('public pages', () => {
  it('unsubscribe and « Pas pertinent » share one layout', async () => {
    t = await createTestApp();
    const member = createMember(t.ctx.db, { email: 'alice@asso.fr' });
    const callId = seedCall(t.ctx.db, { title: 'Appel « Tiers-lieux » : 2026' });
    const secret = signingSecret(t.ctx.db, t.ctx.config.secret);
    const unsubscribe = await t.app.inject({ url: `/unsubscribe/${memberToken(t.ctx.db, secret, member.id, TOKEN_PURPOSES.unsubscribe)}` });
    const notRelevant = await t.app.inject({ url: new URL(notRelevantLinks(t.ctx, member.id)(callId)).pathname });
    expect(unsubscribe.statusCode).toBe(200);
    expect(notRelevant.statusCode).toBe(200);
    expect(styleOf(unsubscribe.body)).toBeDefined();
    expect(styleOf(unsubscribe.body)).toBe(styleOf(notRelevant.body));
    for (const body of [unsubscribe.body, notRelevant.body]) expect(body).toContain('Veille financements du réseau');
    // The call's own title gets French spacing too.
    expect(notRelevant.body).toContain(`Appel «${NBSP}Tiers-lieux${NBSP}»${NBSP}: 2026`);
  });

  it('an erased member’s links say the person is no longer on the list, not that the link is broken', async () => {
    t = await createTestApp();
    const member = createMember(t.ctx.db, { email: 'alice@asso.fr' });
    const callId = seedCall(t.ctx.db, { title: 'Appel numérique' });
    const secret = signingSecret(t.ctx.db, t.ctx.config.secret);
    const unsubscribeUrl = `/unsubscribe/${memberToken(t.ctx.db, secret, member.id, TOKEN_PURPOSES.unsubscribe)}`;
    const notRelevantUrl = new URL(notRelevantLinks(t.ctx, member.id)(callId)).pathname;
    expect(deleteMember(t.ctx.db, member.id)).toBe(true);

    for (const res of [await t.app.inject({ url: unsubscribeUrl }), await t.app.inject({ url: unsubscribeUrl, method: 'POST' }), await t.app.inject({ url: notRelevantUrl })]) {
      expect(res.statusCode).toBe(410);
      expect(textOf(res.body)).toContain('n’est plus sur la liste de diffusion');
      expect(res.body).not.toContain('pas valide');
    }
    // A link that never named anyone is still just invalid.
    const forged = await t.app.inject({ url: '/unsubscribe/not-a-token' });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('pas valide');
  });
});
