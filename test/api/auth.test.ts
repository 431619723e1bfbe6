import { afterEach, describe, expect, test } from 'vitest';
import { bearerToken, tokensMatch } from '../../src/api/auth.js';
import { createTestApp, snapshot, TOKEN, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

const ADMIN_ROUTES = [
  ['GET', '/api/members'],
  ['POST', '/api/members'],
  ['GET', '/api/members/1'],
  ['PATCH', '/api/members/1'],
  ['DELETE', '/api/members/1'],
  ['POST', '/api/members/1/profiles'],
  ['PATCH', '/api/profiles/1'],
  ['DELETE', '/api/profiles/1'],
  ['GET', '/api/calls'],
  ['GET', '/api/calls/1'],
  ['GET', '/api/members/1/matches'],
  ['GET', '/api/members/1/digest/preview'],
  ['GET', '/api/sources'],
  ['POST', '/api/sources/x/fetch'],
  ['POST', '/api/digests/run'],
  ['GET', '/api/digests'],
] as const;

describe('admin token', () => {
  test('every /api route answers 401 without a token, or with a wrong one, and changes nothing', async () => {
    t = await createTestApp();
    await t.api({ method: 'POST', url: '/api/members', payload: { email: 'garde@asso.fr', profiles: [{ name: 'p' }] } });
    const before = snapshot(t.ctx.db);
    for (const [method, url] of ADMIN_ROUTES) {
      const payload = method === 'POST' || method === 'PATCH' ? { email: 'intrus@asso.fr', name: 'x' } : undefined;
      for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', TOKEN, `Basic ${TOKEN}`]) {
        const res = await t.app.inject({ method, url, payload, headers: authorization === undefined ? {} : { authorization } });
        expect(res.statusCode, `${method} ${url} with ${authorization}`).toBe(401);
        expect(res.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringMatching(/jeton|Authorization/i) });
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
    }
    expect(snapshot(t.ctx.db)).toBe(before);
  });

  test('the right token opens the API, whatever the case of "Bearer"', async () => {
    t = await createTestApp();
    expect((await t.app.inject({ url: '/api/members', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/members', headers: { authorization: `bearer ${TOKEN}` } })).statusCode).toBe(200);
  });

  test('without FUNDWATCH_ADMIN_TOKEN the API answers 503 saying how to set it', async () => {
    t = await createTestApp({});
    for (const [method, url] of ADMIN_ROUTES) {
      const res = await t.app.inject({ method, url, headers: { authorization: 'Bearer anything' } });
      expect(res.statusCode).toBe(503);
      expect(res.json().message).toContain('FUNDWATCH_ADMIN_TOKEN');
      expect(res.json().error).toBe('Service Unavailable');
    }
  });

  test('public routes need no token', async () => {
    t = await createTestApp({});
    expect((await t.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/docs/json' })).statusCode).toBe(200);
    const docs = await t.app.inject({ url: '/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });

  test('tokens are compared whole', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abcd')).toBe(false);
    expect(tokensMatch('', 'abc')).toBe(false);
    expect(bearerToken('Bearer  xyz ')).toBe('xyz');
    expect(bearerToken('Bearer a b')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
