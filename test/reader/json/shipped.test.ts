// The sources file the project ships: valid as is, its JSON sources as the guide describes them, and valid still
// once its commented examples (Île-de-France, Occitanie) are uncommented as the guide says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../../src/paths.js';
import { parseSourcesText } from '../../../src/sources/load.js';

const text = readFileSync(join(projectRoot, 'feeds.yaml'), 'utf8');

describe('feeds.yaml as shipped', () => {
  test('enables the EU source (no secret needed) and the Aides-territoires one (read once its key is set)', () => {
    const { sources, errors } = parseSourcesText(text, 'feeds.yaml');
    expect(errors).toEqual([]);
    const json = sources.filter((s) => s.type === 'json');
    expect(json.map((s) => [s.id, s.json?.preset, s.enabled, Boolean(s.attribution)])).toEqual([
      ['eu-funding-tenders-numerique', 'eu-sedia', true, true],
      ['aides-territoires-api', 'aides-territoires', true, true],
    ]);
  });

  test('its commented OpenDataSoft examples are valid once uncommented', () => {
    const uncommented = text.replace(/^ {2}# (- id: (?:idf|occitanie)-.*| {2}.*)$/gm, '  $1');
    const { sources, errors } = parseSourcesText(uncommented, 'feeds.yaml');
    expect(errors).toEqual([]);
    const examples = sources.filter((s) => s.json?.preset === 'opendatasoft');
    expect(examples.map((s) => [s.id, s.json?.dataset, s.json?.fields?.deadline ?? null])).toEqual([
      ['idf-aides-appels-a-projets', 'aides-appels-a-projets', 'date_cloture'],
      ['occitanie-aides-appels-a-projets', 'aides-et-appels-a-projets-de-la-region-occitanie', null],
    ]);
  });
});
