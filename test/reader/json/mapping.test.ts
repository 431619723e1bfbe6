// The pure parts of json sources: paths as staff write them, dates as the network's day, mapping and folding.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../../src/paths.js';
import { dayOf, dayReader } from '../../../src/reader/json/dates.js';
import { mapItems } from '../../../src/reader/json/map.js';
import { compileGetter, compileTextGetter, compileValueGetter, parsePath, scalarText, valueAt } from '../../../src/reader/json/path.js';
import { parsePage, utf8Text } from '../../../src/reader/json/read.js';
import { resolveSpec, specIssues } from '../../../src/reader/json/spec.js';

describe('paths', () => {
  test('dots, indexes and bracketed keys with typographic apostrophes and trailing spaces', () => {
    const item = { metadata: { identifier: ['CERV-2027-CHAR-LITI'] }, 'Nom de l’aide': 'Aide ’ 1', 'Comment en bénéficier ': 'Déposer' };
    expect(valueAt(item, parsePath('metadata.identifier[0]'))).toBe('CERV-2027-CHAR-LITI');
    expect(valueAt(item, parsePath('["Nom de l’aide"]'))).toBe('Aide ’ 1');
    // The trailing space is part of the key: without it, nothing.
    expect(valueAt(item, parsePath('["Comment en bénéficier "]'))).toBe('Déposer');
    expect(valueAt(item, parsePath('["Comment en bénéficier"]'))).toBeUndefined();
    expect(valueAt([{ a: 1 }], parsePath('[0].a'))).toBe(1);
    expect(valueAt({ a: 'x' }, parsePath('a[0]'))).toBeUndefined();
  });

  test('compiled getters read what valueAt reads, whatever the path length and the value met', () => {
    const values: unknown[] = [null, 1, 'x', [{ a: { b: 2 } }], { a: null }, { a: [5] }, { a: { b: [7, 8] } }, { a: { b: { c: 'z' } } }];
    for (const path of ['', 'a', 'a.b', 'a.b[1]', '[0].a.b', 'a[0]', 'a.b.c']) {
      const getter = compileGetter(parsePath(path));
      for (const value of values) expect(getter(value)).toEqual(valueAt(value, parsePath(path)));
    }
  });

  test('compiled getters take any key as data: quotes, backslashes, line separators, __proto__, code', () => {
    const keys = ['x"y', 'a\\b', "it's", 'l\u2028s', '__proto__', 'constructor', '"]; throw 1; //', '${1}', 'Nom de l’aide', 'b '];
    const item = JSON.parse(JSON.stringify(Object.fromEntries(keys.map((key, i) => [key, { a: [i] }])))) as unknown;
    for (const key of keys) {
      for (const path of [[key], [key, 'a'], [key, 'a', 0], [0, key]]) expect(compileGetter(path)(item)).toEqual(valueAt(item, path));
    }
    expect(compileGetter(['__proto__', 'a', 0])(item)).toBe(4);
    expect(compileGetter(['constructor'])({})).toBe(Object);
  });

  test('compiled text and value getters give what the getter then trimming give, for strings and everything else', () => {
    const isEmpty = (value: unknown): boolean =>
      value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.every(isEmpty));
    const other = (value: unknown): string | null => (isEmpty(value) ? null : scalarText(value));
    const values: unknown[] = [null, 1, '  x ', '   ', '', 'x', [' y '], [], { a: null }, { a: '  ' }, { a: ' Région ' }, { a: 0 }, { a: [5] }, { a: ['', ' z'] },
      { a: { b: [7, ' 8 '] } }, { a: { b: { c: 'z' } } }, { a: true }, { a: {} }, { a: '\u00a0é\ufeff' }];
    for (const path of ['', 'a', 'a.b', 'a.b[1]', '[0]', 'a[0]', 'a.b.c']) {
      const segments = parsePath(path);
      const text = compileTextGetter(segments, other);
      const value = compileValueGetter(segments, isEmpty);
      for (const item of values) {
        const found = valueAt(item, segments);
        expect(text(item)).toEqual(typeof found === 'string' ? found.trim() || null : other(found));
        expect(value(item)).toEqual(isEmpty(found) ? undefined : found);
      }
    }
  });

  test('a broken path is refused with a French reason', () => {
    expect(() => parsePath('a..b')).toThrow(/point mal placé/);
    expect(() => parsePath('a[x]')).toThrow(/n'est pas un indice/);
    expect(() => parsePath('["Nom de l’aide]')).toThrow(/non fermée/);
  });
});

describe('dates in FUNDWATCH_TZ', () => {
  test('UTC instants at 22:00 and 23:00 are the next day in Paris, summer and winter', () => {
    expect(dayOf('2023-09-04T22:00:00+00:00', 'Europe/Paris')).toBe('2023-09-05');
    expect(dayOf('2027-01-31T23:00:00Z', 'Europe/Paris')).toBe('2027-02-01');
    expect(dayOf('2027-01-31T22:59:00Z', 'Europe/Paris')).toBe('2027-01-31');
    expect(dayOf('2024-05-20T15:00:00+00:00', 'Europe/Paris')).toBe('2024-05-20');
    // The EU portal's offset without a colon.
    expect(dayOf('2027-04-08T00:00:00.000+0000', 'Europe/Paris')).toBe('2027-04-08');
    expect(dayOf('2027-04-07T22:30:00.000+0000', 'America/New_York')).toBe('2027-04-07');
  });

  test('days, YYYYMMDD and French days are kept; impossible dates and free text are not dates', () => {
    expect(dayOf('2027-03-15', 'Europe/Paris')).toBe('2027-03-15');
    expect(dayOf('20270315', 'Europe/Paris')).toBe('2027-03-15');
    expect(dayOf(20270315, 'Europe/Paris')).toBe('2027-03-15');
    expect(dayOf('15/03/2027', 'Europe/Paris')).toBe('2027-03-15');
    expect(dayOf('2027-02-30', 'Europe/Paris')).toBeNull();
    expect(dayOf('15 avril 2027', 'Europe/Paris')).toBeNull();
  });
});

describe('day readers', () => {
  test('a reader that remembers its last text gives what dayOf gives, repeated, alternating or not a date', () => {
    const texts: unknown[] = ['2027-01-05T23:00:00+00:00', '2027-01-05T23:00:00+00:00', '2027-01-05T22:00:00+00:00', '2027-01-05T23:00:00+00:00',
      'avant le 15 avril', 'avant le 15 avril', '', '', 20270315, 20270315, null, '2027-02-30', '2027-02-30', ' 2027-03-15 ', '2027-03-15'];
    for (const timeZone of ['Europe/Paris', 'America/New_York']) {
      const read = dayReader(timeZone);
      expect(texts.map((text) => read(text))).toEqual(texts.map((text) => dayOf(text, timeZone)));
    }
    expect(dayReader('Europe/Paris')('2027-01-05T23:00:00+00:00')).toBe('2027-01-06');
    expect(dayReader('America/New_York')('2027-01-05T23:00:00+00:00')).toBe('2027-01-05');
  });
});

describe('page text', () => {
  test('UTF-8 decoded as toString does: ASCII, accents, astral characters, BOM, and invalid bytes replaced', () => {
    const samples = [
      Buffer.from('{"a":1}'),
      Buffer.from('{"t":"Appel à projets — inclusion numérique ’ 😀"}'),
      Buffer.from('\ufeff{"a":"é"}'),
      Buffer.from([0x7b, 0x22, 0x61, 0xff, 0x22, 0x7d]),
      Buffer.from([0xe2, 0x82]),
      Buffer.from([0xed, 0xa0, 0x80, 0x41, 0xc3, 0xa9]),
    ];
    for (const bytes of samples) expect(utf8Text(bytes)).toBe(bytes.toString('utf8'));
  });

  test('pages decoded in pieces give what toString gives, whatever falls on the pieces\' edges, valid or not', () => {
    const edge = 16 * 1024;
    const samples: Buffer[] = [];
    for (let shift = 0; shift <= 5; shift++) {
      for (const char of ['é', '€', '😀', '’']) samples.push(Buffer.from(`${'a'.repeat(edge - shift)}${char.repeat(3)} fin ${'b'.repeat(edge)}é`));
      const head = Buffer.from('a'.repeat(edge - shift));
      const tail = Buffer.from(` suite é ${'c'.repeat(edge)}`);
      for (const bad of [[0xff], [0xc3], [0xe2, 0x82], [0x80, 0x80, 0x80, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98]]) {
        samples.push(Buffer.concat([head, Buffer.from(bad), tail]));
      }
    }
    // Mixed text over several pieces: accents, three- and four-byte characters at every alignment.
    const words = ['inclusion', 'numérique', '€', '😀', 'l’aide', 'œuvre', ' ', '\n', 'Île-de-France', '中文'];
    let seed = 7;
    const mixed = Array.from({ length: 12_000 }, () => words[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % words.length]).join('');
    samples.push(Buffer.from(mixed), Buffer.from(`\ufeff${mixed}`));
    for (const bytes of samples) expect(utf8Text(bytes)).toBe(bytes.toString('utf8'));
  });

  test('markup served as JSON is an HTML page, whatever its case and the spaces or BOM before it; JSON after spaces is read', () => {
    const page = (body: string, contentType = 'application/json') => ({ body: Buffer.from(body), contentType, url: 'https://x.example/api' });
    for (const body of ['<!DOCTYPE html><html></html>', '\ufeff  \n<HTML><body>Maintenance</body></HTML>', '<?xml version="1.0"?><error/>', ' <p>502</p>']) {
      expect(() => parsePage(page(body))).toThrow(/page HTML au lieu de JSON/);
    }
    expect(() => parsePage(page('{"a":1}', 'text/html; charset=utf-8'))).toThrow(/page HTML au lieu de JSON/);
    expect(parsePage(page(' \n {"a":"<b>"}'))).toEqual({ a: '<b>' });
    expect(() => parsePage(page('{"a":'))).toThrow(/Réponse JSON invalide/);
  });
});

describe('mapping', () => {
  const spec = resolveSpec(
    {
      items: '',
      fields: {
        id: 'Uid',
        title: ['["Nom de l’aide"]', 'Chapo'],
        url: ['["Lien vers le descriptif complet"]', 'https://example.org/aides/{Uid}'],
        summary: '["Comment en bénéficier "]',
        deadline: '["Date de clôture"]',
        regions: 'zones',
      },
    },
    'https://example.org/flux-json',
    {},
  );

  test('fallbacks, templates, dates; an item without title is skipped and counted; repeated ids fold into the richest', () => {
    const page = mapItems(
      [
        { Uid: 'a1', 'Nom de l’aide': 'Aide à l’inclusion', 'Date de clôture': '2027-03-04T23:00:00Z', zones: 'Var, Alpes-Maritimes' },
        { Uid: 'a1', 'Nom de l’aide': 'Aide à l’inclusion', 'Comment en bénéficier ': 'Dossier en ligne', 'Date de clôture': '2027-03-04T23:00:00Z' },
        { Uid: 'b2', Chapo: 'Titre de repli', 'Lien vers le descriptif complet': 'https://region.example/b2', 'Date de clôture': 'avant le 15 avril 2027' },
        { Uid: 'c3', 'Nom de l’aide': '   ' },
      ],
      spec,
      'Europe/Paris',
    );
    expect(page.skipped).toBe(1);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ guid: 'a1', link: 'https://example.org/aides/a1', summary: 'Dossier en ligne', deadlines: ['2027-03-05'] });
    expect(page.items[1]).toMatchObject({ title: 'Titre de repli', link: 'https://region.example/b2', deadlines: [], deadlineText: 'avant le 15 avril 2027' });
    expect(page.empty).toMatchObject({ summary: 1, regions: 2, id: 0, url: 0 });
  });

  test('a template is trimmed only when its own text has spaces at either end; empty placeholders still give no link', () => {
    const templated = (url: string) =>
      mapItems([{ t: 'Titre', id: ' a b ' }, { t: 'Titre', id: ' ' }, { t: 'Titre', id: 42 }], resolveSpec({ items: '', fields: { title: 't', url } }, 'https://x.example', {}), 'Europe/Paris');
    expect(templated('https://x.example/{id}').items.map((i) => i.link)).toEqual(['https://x.example/a%20b', 'https://x.example/42']);
    expect(templated('https://x.example/{id}').skipped).toBe(1);
    expect(templated(' https://x.example/{id}?q=1 ').items.map((i) => i.link)).toEqual(['https://x.example/a%20b?q=1', 'https://x.example/42?q=1']);
    expect(templated('{id}').items.map((i) => i.link)).toEqual(['a%20b', '42']);
  });

  test('where Node refuses code generation, the compiled readers fall back to the same mapping', () => {
    const config = { items: '', fields: { id: 'id', title: 'a.t', url: 'https://x.example/{id}', summary: ['s', 'a.s'], deadline: 'd', opens: 'a.o', funder_name: '["Porteur "]' } };
    const items = [
      { id: 1, a: { t: ' Titre ', s: 'repli', o: '2027-01-05T23:00:00+00:00' }, s: ' ', d: '2027-03-04T23:00:00Z', 'Porteur ': 'Région' },
      { id: 'b 2', a: { t: 'Autre', o: 20270105 }, d: ['2027-03-04', 'avant mai'] },
      { id: 3, a: { t: '' } },
    ];
    const map = pathToFileURL(join(projectRoot, 'dist/src/reader/json/map.js')).href;
    const spec = pathToFileURL(join(projectRoot, 'dist/src/reader/json/spec.js')).href;
    const script = `const { mapItems } = await import(${JSON.stringify(map)}); const { resolveSpec } = await import(${JSON.stringify(spec)});
      const page = mapItems(${JSON.stringify(items)}, resolveSpec(${JSON.stringify(config)}, 'https://x.example', {}), 'Europe/Paris');
      let compiled = true; try { new Function('return 1'); } catch { compiled = false; }
      process.stdout.write(JSON.stringify({ compiled, page }));`;
    const run = (flags: string[]) => JSON.parse(execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' })) as { compiled: boolean; page: unknown };
    const refused = run(['--disallow-code-generation-from-strings']);
    expect(refused.compiled).toBe(false);
    expect(refused.page).toEqual(run([]).page);
    expect(refused.page).toEqual(JSON.parse(JSON.stringify(mapItems(items, resolveSpec(config, 'https://x.example', {}), 'Europe/Paris'))));
  });

  test('check names unknown presets, missing datasets and broken paths by field', () => {
    expect(specIssues({ preset: 'opendata' as never }, 'https://x.example')).toEqual([{ field: 'preset', message: expect.stringMatching(/préréglage inconnu « opendata »/) }]);
    expect(specIssues({ preset: 'opendatasoft', fields: { title: 'titre', url: 'url' } }, 'https://x.example').map((i) => i.field)).toEqual(['dataset']);
    expect(specIssues({ fields: { title: ['ok', 'a..b'], url: 'https://x/{}' } }, 'https://x.example').map((i) => i.field)).toEqual(['fields.title[1]', 'fields.url']);
  });
});
