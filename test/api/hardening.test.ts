import { afterEach, describe, expect, test } from 'vitest';
import { createTestApp, snapshot, TOKEN, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

describe('hardening', () => {
  test('an oversized body gets 413 and changes nothing', async () => {
    t = await createTestApp(undefined, { bodyLimit: 4096 });
    const before = snapshot(t.ctx.db);
    const res = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'big@asso.fr', name: 'x'.repeat(5000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ statusCode: 413, error: 'Payload Too Large', message: expect.stringContaining('4096 octets') });
    expect(snapshot(t.ctx.db)).toBe(before);
  });

  test('the default body limit refuses a megabyte', async () => {
    t = await createTestApp();
    const res = await t.api({ method: 'POST', url: '/api/members', payload: { email: 'big@asso.fr', name: 'x'.repeat(1024 * 1024) } });
    expect(res.statusCode).toBe(413);
  });

  test('malformed JSON, an empty JSON body and a non-JSON body get clear 4xx', async () => {
    t = await createTestApp();
    const before = snapshot(t.ctx.db);
    const malformed = await t.api({ method: 'POST', url: '/api/members', payload: '{"email": "a@b.fr",', headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: "Le corps de la requête n'est pas du JSON valide." });
    const empty = await t.api({ method: 'POST', url: '/api/members', payload: '', headers: { 'content-type': 'application/json' } });
    expect(empty.statusCode).toBe(400);
    // No body at all, even announced as JSON, is no body: a DELETE or a bodyless POST is not refused for it.
    expect((await t.api({ method: 'DELETE', url: '/api/members/999', headers: { 'content-type': 'application/json', 'content-length': '0' } })).statusCode).toBe(404);
    // curl -X DELETE -H 'Content-Type: application/json' sends neither a length nor a body.
    const bare = await t.app.inject({ method: 'DELETE', url: '/api/members/999', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
    expect(bare.statusCode, bare.body).toBe(404);
    const text = await t.api({ method: 'POST', url: '/api/members', payload: 'email=a@b.fr', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(text.json().message).toMatch(/JSON/);
    const form = await t.api({ method: 'POST', url: '/api/members', payload: 'email=a@b.fr', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.statusCode).toBe(415);
    const array = await t.api({ method: 'POST', url: '/api/members', payload: [{ email: 'a@b.fr' }] });
    expect(array.statusCode).toBe(400);
    const proto = await t.api({ method: 'POST', url: '/api/members', payload: '{"email":"p@b.fr","__proto__":{"status":"x"}}', headers: { 'content-type': 'application/json' } });
    expect(proto.statusCode).toBe(400);
    expect(snapshot(t.ctx.db)).toBe(before);
  });

  test('routes that take no body refuse one rather than ignore it, and change nothing', async () => {
    t = await createTestApp();
    const created = (await t.api({ method: 'POST', url: '/api/members', payload: { email: 'corps@asso.fr' } })).json();
    const before = snapshot(t.ctx.db);
    for (const [method, url] of [
      ['DELETE', `/api/members/${created.id}`],
      ['POST', '/api/sources/region/fetch'],
      ['POST', `/api/members/${created.id}/links/rotate`],
    ] as const) {
      const res = await t.api({ method, url, payload: { force: true } });
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('champ inconnu « force »') });
      const list = await t.api({ method, url, payload: [1], headers: { 'content-type': 'application/json' } });
      expect(list.statusCode, `${method} ${url} []`).toBe(400);
    }
    expect(snapshot(t.ctx.db)).toBe(before);
    // An empty object, or no body at all, is fine.
    expect((await t.api({ method: 'DELETE', url: `/api/members/${created.id}`, payload: {} })).statusCode).toBe(204);
  });

  test('an internal error answers 500 in the same shape, without stack or SQL', async () => {
    t = await createTestApp();
    t.ctx.db.exec('ALTER TABLE calls RENAME TO calls_gone');
    const res = await t.api({ url: '/api/calls' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: expect.stringContaining('journal') });
    expect(res.body).not.toMatch(/at .*\.ts|SQLITE|no such table|stack/i);
  });

  test('/health answers 503 when the database does not', async () => {
    t = await createTestApp();
    t.ctx.db.close();
    const res = await t.app.inject({ url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'La base de données ne répond pas.' });
  });

  test('a malformed address gets a 400 in French, in the same shape', async () => {
    t = await createTestApp();
    for (const url of ['/m/%ZZ', '/api/members/%E0%A4%A']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('Adresse mal formée') });
    }
  });

  test('unknown routes get 404 in the same shape', async () => {
    t = await createTestApp();
    const res = await t.api({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Route inconnue : GET /api/nothing-here' });
  });

  test('public routes are rate-limited per client; the admin API is not counted against them', async () => {
    t = await createTestApp(undefined, { publicRateLimit: 3 });
    for (let i = 0; i < 3; i += 1) expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    const limited = await t.app.inject({ url: '/health' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('Trop de requêtes') });
    expect((await t.api({ url: '/api/members' })).statusCode).toBe(200);
    expect(limited.json().message).toMatch(/^Trop de requêtes : réessayez dans \d+ secondes?\.$/);
  });

  test('behind a reverse proxy on this machine, each visitor has their own budget', async () => {
    t = await createTestApp(undefined, { publicRateLimit: 3 });
    const from = (address: string) => t.app.inject({ url: '/health', headers: { 'x-forwarded-for': address } });
    for (let i = 0; i < 3; i += 1) expect((await from('203.0.113.5')).statusCode).toBe(200);
    expect((await from('203.0.113.5')).statusCode).toBe(429);
    expect((await from('198.51.100.7')).statusCode).toBe(200);
    // A client on a public address cannot pick another one with the header.
    const direct = (forwarded: string) =>
      t.app.inject({ url: '/health', remoteAddress: '192.0.2.10', headers: { 'x-forwarded-for': forwarded } });
    for (let i = 0; i < 3; i += 1) expect((await direct(`198.51.100.${i + 20}`)).statusCode).toBe(200);
    expect((await direct('198.51.100.99')).statusCode).toBe(429);
  });

  test('the public docs are rate-limited too', async () => {
    t = await createTestApp(undefined, { publicRateLimit: 3 });
    for (let i = 0; i < 3; i += 1) expect((await t.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
    const limited = await t.app.inject({ url: '/docs/json' });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });

  test('security headers on pages; no CORS', async () => {
    t = await createTestApp();
    const docs = await t.app.inject({ url: '/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
    expect(docs.headers['content-security-policy']).toBeDefined();
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    expect(docs.headers['x-frame-options']).toBe('SAMEORIGIN');
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/members',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const cross = await t.app.inject({ url: '/api/members', headers: { origin: 'https://evil.example', authorization: `Bearer ${TOKEN}` } });
    expect(cross.headers['access-control-allow-origin']).toBeUndefined();
  });
});
