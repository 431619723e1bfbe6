// The OpenAPI document as a newcomer browses it: the package's version, routes grouped by resource, every operation
// summarised (the members' signed links included), the region filter explained. And the region filter itself, and a
// request whose address carries raw accents, through a real listening server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { createTestApp, seedCall, type TestApp } from './helpers.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: { name: string; in: string; description?: string }[];
}

describe('OpenAPI document', () => {
  test('has the package version, resource tags and a summary on every operation', async () => {
    t = await createTestApp();
    const doc = (await t.app.inject({ url: '/docs/json' })).json() as {
      info: { version: string };
      tags: { name: string }[];
      paths: Record<string, Record<string, Operation>>;
    };
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    expect(doc.info.version).toBe(pkg.version);
    const tagNames = doc.tags.map((tag) => tag.name);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.tags?.length, `${method} ${path}`).toBe(1);
        expect(tagNames, `${method} ${path}`).toContain(operation.tags![0]);
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
      }
    }
    expect(doc.paths['/api/calls']!.get!.tags).toEqual(['calls']);
    expect(doc.paths['/api/profiles/{id}']!.patch!.tags).toEqual(['profiles']);
    expect(doc.paths['/m/{token}/calendar.ics']!.get!.tags).toEqual(['member-links']);
    expect(doc.paths['/m/{token}/not-relevant/{callId}']!.post!.summary).toContain('Pas pertinent');
    const region = doc.paths['/api/calls']!.get!.parameters!.find((p) => p.name === 'region');
    expect(region?.description).toContain('Provence-Alpes-Côte d’Azur');
  });
});

describe('GET /api/calls?region=', () => {
  test('takes the region as profiles write it, in any case and accents, or its slug; an unknown one is a 400 listing them', async () => {
    t = await createTestApp();
    const paca = seedCall(t.ctx.db, { title: 'Appel en Région Sud', regions: ['provence-alpes-cote-d-azur'] });
    const named = seedCall(t.ctx.db, { title: 'Appel d’une API', regions: ['Provence-Alpes-Côte d\'Azur'] });
    seedCall(t.ctx.db, { title: 'Appel en Occitanie', regions: ['occitanie'] });
    for (const value of ['Provence-Alpes-Côte d\'Azur', 'provence-alpes-côte d’azur', 'PROVENCE ALPES COTE D AZUR', 'provence-alpes-cote-d-azur']) {
      const res = await t.api({ url: `/api/calls?region=${encodeURIComponent(value)}` });
      expect(res.statusCode, value).toBe(200);
      expect((res.json().items as { id: number }[]).map((c) => c.id).sort(), value).toEqual([paca, named].sort());
    }
    // Capitals with accents, on either side: stored by an API in capitals or in lower case, asked for either way.
    const idf = ['Île-de-France', 'ÎLE-DE-FRANCE', 'île-de-france', 'Ile-de-France', 'ile-de-france'].map((spelling) =>
      seedCall(t!.ctx.db, { title: `Appel francilien (${spelling})`, regions: [spelling] }),
    );
    for (const value of ['ÎLE-DE-FRANCE', 'île de france', 'Ile-de-France', 'ile-de-france', "provence-alpes-cote d'azur"]) {
      const res = await t.api({ url: `/api/calls?region=${encodeURIComponent(value)}` });
      expect(res.statusCode, value).toBe(200);
      const expected = value.startsWith('provence') ? [paca, named] : idf;
      expect((res.json().items as { id: number }[]).map((c) => c.id).sort(), value).toEqual([...expected].sort());
    }
    // A department finds the calls stored under it (by name or number) and those for its whole region, not its
    // neighbours'.
    const vaucluse = seedCall(t.ctx.db, { title: 'Appel du Vaucluse', regions: ['Vaucluse'] });
    const coded = seedCall(t.ctx.db, { title: 'Appel du 84', regions: ['84'] });
    seedCall(t.ctx.db, { title: 'Appel du Var', regions: ['Var'] });
    for (const value of ['Vaucluse', 'vaucluse', '84']) {
      const res = await t.api({ url: `/api/calls?region=${encodeURIComponent(value)}` });
      expect(res.statusCode, value).toBe(200);
      expect((res.json().items as { id: number }[]).map((c) => c.id).sort(), value).toEqual([paca, named, vaucluse, coded].sort());
    }
    const unknown = await t.api({ url: `/api/calls?region=${encodeURIComponent('Provence')}` });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('région inconnue « Provence »');
    expect(unknown.json().message).toContain('Provence-Alpes-Côte d’Azur (provence-alpes-cote-d-azur)');
    expect(unknown.json().message).toContain('Occitanie (occitanie)');
  });
});

describe('an address with raw accents', () => {
  test('gets a French 400 saying to encode it, and is logged', async () => {
    const logged: string[] = [];
    t = await createTestApp();
    const originalWarn = t.ctx.log.warn.bind(t.ctx.log);
    t.ctx.log.warn = ((obj: unknown, msg?: string) => {
      logged.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
      return originalWarn(obj as object, msg);
    }) as typeof t.ctx.log.warn;
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(Buffer.concat([Buffer.from('GET /api/calls?q=m'), Buffer.from('édiation', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]));
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { statusCode: number; message: string };
    expect(body.statusCode).toBe(400);
    expect(body.message).toContain('encodez-la');
    expect(body.message).toContain('--data-urlencode');
    expect(logged.some((line) => line.includes('raw non-ASCII bytes') && line.includes('/api/calls?q=m'))).toBe(true);
  });
});
