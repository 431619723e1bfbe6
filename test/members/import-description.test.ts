// `fundwatch members import` carries a profile's description (issue 15), from CSV and YAML.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { applyImport, parseMembersCsv, parseMembersYaml } from '../../src/members/import.js';
import { getMemberByEmail } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.cleanup());

describe('members import: description', () => {
  test('CSV: a French « descriptif » column, quoted text with commas and a line break', () => {
    const csv = 'courriel;profil;mots-clés;descriptif\nepn@quartier.fr;EPN;illectronisme;"Ateliers d’initiation, aide aux démarches\nen ligne pour les seniors"\n';
    const parsed = parseMembersCsv(csv);
    expect(parsed.issues).toEqual([]);
    applyImport(ctx.db, parsed.members);
    expect(getMemberByEmail(ctx.db, 'epn@quartier.fr')!.profiles[0]!.description).toBe('Ateliers d’initiation, aide aux démarches\nen ligne pour les seniors');
  });

  test('YAML: description imported; a second import without it keeps it, one with it replaces it', () => {
    const first = parseMembersYaml('members:\n  - email: f@lab.fr\n    profiles:\n      - name: Fablab\n        keywords: [fablab]\n        description: Un fablab associatif en zone rurale.\n');
    expect(first.issues).toEqual([]);
    applyImport(ctx.db, first.members);
    applyImport(ctx.db, parseMembersYaml('members:\n  - email: f@lab.fr\n    profiles:\n      - name: Fablab\n        keywords: [fablab, makers]\n').members);
    expect(getMemberByEmail(ctx.db, 'f@lab.fr')!.profiles[0]).toMatchObject({ keywords: ['fablab', 'makers'], description: 'Un fablab associatif en zone rurale.' });
    applyImport(ctx.db, parseMembersYaml('members:\n  - email: f@lab.fr\n    profiles:\n      - name: Fablab\n        description: Atelier de réparation.\n').members);
    expect(getMemberByEmail(ctx.db, 'f@lab.fr')!.profiles[0]!.description).toBe('Atelier de réparation.');
  });

  test('a description over 2,000 characters is refused with its line', () => {
    const parsed = parseMembersYaml(`members:\n  - email: f@lab.fr\n    profiles:\n      - name: Fablab\n        description: ${'x'.repeat(2001)}\n`);
    expect(parsed.members).toEqual([]);
    expect(parsed.issues).toHaveLength(1);
    expect(parsed.issues[0]).toMatchObject({ line: 5 });
    expect(parsed.issues[0]!.message).toMatch(/description.*2000/);
  });
});
