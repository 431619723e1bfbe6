import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { createTestApp, TOKEN, type TestApp } from './helpers.js';

let t: TestApp;
afterEach(async () => t?.close());

test('over a real socket on 127.0.0.1: health, auth, create and read a member', async () => {
  t = await createTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });

  expect((await fetch(`${base}/api/members`)).status).toBe(401);

  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const created = await fetch(`${base}/api/members`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ email: 'reseau@exemple.fr', name: 'Réseau', profiles: [{ name: 'Inclusion', keywords: ['inclusion'] }] }),
  });
  expect(created.status).toBe(201);
  const member = (await created.json()) as { id: number };
  const read = await fetch(`${base}/api/members/${member.id}`, { headers: auth });
  expect(read.headers.get('content-type')).toMatch(/application\/json/);
  expect(await read.json()).toMatchObject({ email: 'reseau@exemple.fr', profiles: [{ name: 'Inclusion' }] });

  const broken = await fetch(`${base}/api/members`, { method: 'POST', headers: auth, body: '{"email":' });
  expect(broken.status).toBe(400);
  expect(await broken.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
});
