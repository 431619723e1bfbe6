// `fundwatch synonyms check [FILE]` through the real command line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { fundwatch } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'fw-synonyms-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

it('accepts the shipped thesaurus and exits 1 listing every error of a broken one as FILE:LINE: message', async () => {
  const shipped = await fundwatch(['synonyms', 'check'], {});
  expect(shipped.code, shipped.stderr).toBe(0);
  expect(shipped.stdout).toMatch(/synonyms\.yaml : fichier valide, \d+ concept\(s\)/);
  const file = join(dir, 'synonyms.yaml');
  writeFileSync(file, 'concepts:\n  - concept: fablab\n    equivalents: [fab lab, fablabs]\n  - concept: le\n');
  const broken = await fundwatch(['synonyms', 'check', file], {});
  expect(broken.code).toBe(1);
  expect(broken.stdout.trim().split('\n')).toEqual([
    `${file}:3: concept « fablab » : « fablabs » (équivalents) revient au même que le concept lui-même (pluriel, accents ou tiret) : gardez-en un`,
    `${file}:4: concept « le » : « le » ne contient que des mots vides (le, de, à…) : rien à chercher`,
  ]);
  expect(broken.stderr).toContain('2 erreur(s), fichier refusé');
  // A warning leaves the file valid: listed as FILE:LINE like an error, and the command exits 0.
  const warned = join(dir, 'warned.yaml');
  writeFileSync(warned, 'concepts:\n  - concept: habitat inclusif\n    equivalents: [logement, logement adapté]\n');
  const checked = await fundwatch(['synonyms', 'check', warned], {});
  expect(checked.code, checked.stderr).toBe(0);
  expect(checked.stdout.trim().split('\n')).toEqual([
    `${warned}:3: concept « habitat inclusif » : attention : « logement » devient « log » une fois analysé : un radical si court est celui d’autres mots, qui compteront pour lui ; préférez une expression de plusieurs mots`,
    `${warned} : fichier valide, 1 concept(s), 3 expression(s), 1 avertissement(s).`,
  ]);
}, 60_000);

it('reads FUNDWATCH_SYNONYMS; with a broken one, match carries on without the thesaurus and says so in one French line', async () => {
  const file = join(dir, 'edited.yaml');
  writeFileSync(file, 'concepts:\n  - concept: fablab\n    plus_precises: [imprimante 3D]\n');
  const env = { FUNDWATCH_SYNONYMS: file, FUNDWATCH_DB: join(dir, 'match.db'), LOG_LEVEL: 'silent' };
  const checked = await fundwatch(['synonyms', 'check'], env);
  expect(checked.code).toBe(1);
  expect(checked.stdout).toContain(`${file}:3: `);
  const run = await fundwatch(['match'], env);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/profils × \d+ appels ouverts/);
  expect(run.stderr.trim().split('\n')).toEqual([
    expect.stringMatching(new RegExp(`^fundwatch: attention : ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} est invalide : le rapprochement s’est fait sans thésaurus \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: .*\\) ; corrigez-le \\(fundwatch synonyms check\\)$`)),
  ]);
}, 60_000);
