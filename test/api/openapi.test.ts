import SwaggerParser from '@apidevtools/swagger-parser';
import { afterEach, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

// Every route of the interface (and the extra GET /api/profiles/{id}).
const EXPECTED: [string, string][] = [
  ['get', '/health'],
  ['get', '/api/calls'],
  ['get', '/api/calls/{id}'],
  ['get', '/api/members'],
  ['post', '/api/members'],
  ['get', '/api/members/{id}'],
  ['patch', '/api/members/{id}'],
  ['delete', '/api/members/{id}'],
  ['post', '/api/members/{id}/profiles'],
  ['get', '/api/profiles/{id}'],
  ['patch', '/api/profiles/{id}'],
  ['delete', '/api/profiles/{id}'],
  ['get', '/api/members/{id}/matches'],
  ['get', '/api/members/{id}/digest/preview'],
  ['get', '/api/sources'],
  ['post', '/api/sources/{id}/fetch'],
  ['post', '/api/digests/run'],
  ['get', '/api/digests'],
  ['get', '/unsubscribe/{token}'],
  ['post', '/unsubscribe/{token}'],
];

/** The routes fastify serves, read from its printRoutes() tree. */
function servedRoutes(tree: string): { url: string; method: string[] }[] {
  const stack: string[] = [];
  const routes: { url: string; method: string[] }[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    if (match[3]) routes.push({ url: stack.join(''), method: match[3].split(', ') });
  }
  return routes;
}

describe('OpenAPI document', () => {
  test('is valid OpenAPI 3, public, and lists every route with the bearer scheme on /api', async () => {
    t = await createTestApp();
    const res = await t.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toBeTruthy();
    for (const [method, path] of EXPECTED) {
      expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
      const security = doc.paths[path][method].security;
      if (path.startsWith('/api/')) {
        expect(security).toEqual([{ bearerAuth: [] }]);
        expect(Object.keys(doc.paths[path][method].responses)).toEqual(expect.arrayContaining(['401', '503']));
      } else {
        expect(security).toBeUndefined();
      }
    }
    await t.app.ready();
    const served = servedRoutes(t.app.printRoutes({ commonPrefix: false })).filter((r) => !r.url.startsWith('/docs'));
    // Every route the app serves is documented (the docs' own routes aside).
    for (const route of served) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        expect(doc.paths[path]?.[method.toLowerCase()], `${method} ${path} is documented`).toBeDefined();
      }
    }
    expect(served.some((r) => r.url === '/api/members')).toBe(true);
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    const createBody = doc.paths['/api/members'].post.requestBody.content['application/json'].schema;
    expect(createBody.additionalProperties).toBe(false);
  });
});
