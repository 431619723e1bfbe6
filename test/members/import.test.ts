import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { applyImport, MembersImportError, parseMembersCsv, parseMembersYaml, readMembersFile } from '../../src/members/import.js';
import { createMember, createProfile, getMemberByEmail, listMembers } from '../../src/members/store.js';
import { snapshot } from '../api/helpers.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

const FIXTURES = new URL('../fixtures/members/', import.meta.url).pathname;
const fixture = (name: string) => join(FIXTURES, name);

let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.cleanup());

function issuesOf(path: string): string[] {
  try {
    readMembersFile(path);
  } catch (error) {
    if (error instanceof MembersImportError) return error.message.split('\n');
    throw error;
  }
  throw new Error(`${path} was accepted`);
}

describe('CSV', () => {
  test('one row per profile, lists split on ";", rows of one member grouped by email whatever its case', () => {
    const members = readMembersFile(fixture('members.csv'));
    expect(members.map((m) => m.email)).toEqual(['alice@tiers-lieu.fr', 'bob@centre-social.fr', 'chloe@mediatheque.fr']);
    const alice = members[0]!;
    expect(alice).toMatchObject({ name: 'Alice Martin', organisation: 'Tiers-lieu du Panier', line: 2 });
    expect(alice.profiles.map((p) => p.input)).toEqual([
      { name: 'Tiers-lieu', keywords: ['"tiers-lieux"^2', 'fablab', 'inclusion numérique'], exclude: ['agriculture'], categories: ['region', 'foundation'], regions: ["Provence-Alpes-Côte d'Azur"], minScore: 40 },
      { name: 'Seniors', keywords: ['seniors', 'aidants'], exclude: [], categories: [], regions: [], minScore: null },
    ]);
    expect(members[1]!.profiles).toEqual([]);
    expect(members[2]).toMatchObject({ organisation: 'Médiathèque, Marseille', profiles: [{ input: { minScore: 25.5, categories: ['state', 'eu'] } }] });
  });

  test('a French spreadsheet export: semicolons, Windows-1252, French headers, decimal comma', () => {
    const [deb] = readMembersFile(fixture('excel-fr.csv'));
    expect(deb).toMatchObject({ email: 'deb@asso.fr', name: 'Déborah', organisation: 'École du numérique' });
    expect(deb!.profiles[0]!.input).toMatchObject({ name: 'Numérique', keywords: ['numérique', 'médiation'], regions: ['Occitanie'], minScore: 30.5 });
  });

  test('bad rows are reported with their line, all at once', () => {
    expect(issuesOf(fixture('bad.csv'))).toEqual([
      expect.stringMatching(/bad\.csv:3: email : adresse email invalide$/),
      expect.stringMatching(/bad\.csv:4: profil « Projet » : keywords\[0\] « "tiers lieux » : guillemets/),
      expect.stringMatching(/bad\.csv:5: categories\.0 : doit valoir eu, state, region/),
      expect.stringMatching(/bad\.csv:6: colonne « profile » vide/),
      expect.stringMatching(/bad\.csv:7: min_score : doit être <= 100/),
      expect.stringMatching(/bad\.csv:8: profil « projet » de ok@asso\.fr déjà défini ligne 2/),
    ]);
  });

  test('header problems: unknown column, missing email, empty file', () => {
    expect(parseMembersCsv('email,nom,couleur\na@b.fr,A,bleu\n').issues).toEqual([{ line: 1, message: expect.stringContaining('colonne inconnue « couleur »') }]);
    expect(parseMembersCsv('name\nA\n').issues[0]!.message).toContain('colonne « email » manquante');
    expect(parseMembersCsv('').issues[0]!.message).toContain('fichier vide');
    expect(parseMembersCsv('email,name\na@b.fr,"unclosed\n').issues[0]!.message).toContain('CSV illisible');
    expect(parseMembersCsv('email,name\na@b.fr,A,extra\n').issues).toEqual([{ line: 2, message: expect.stringContaining('3 cellules pour 2 colonnes') }]);
  });

  test('a quoted cell spanning lines keeps the line numbers of the rows after it', () => {
    const parsed = parseMembersCsv('email,organisation\na@b.fr,"Deux\nlignes"\nnope,X\n');
    expect(parsed.members[0]).toMatchObject({ organisation: 'Deux\nlignes', line: 2 });
    expect(parsed.issues).toEqual([{ line: 4, message: 'email : adresse email invalide' }]);
  });
});

describe('YAML', () => {
  test('members with their profiles', () => {
    const members = readMembersFile(fixture('members.yaml'));
    expect(members).toHaveLength(2);
    expect(members[0]!.profiles.map((p) => p.input.name)).toEqual(['Tiers-lieu', 'Seniors']);
    expect(members[0]!.profiles[0]!.input.keywords).toEqual(['"tiers-lieux"^2', 'fablab', 'inclusion numérique']);
    expect(members[0]!.profiles[1]).toMatchObject({ line: 13 });
  });

  test('every problem names its line', () => {
    expect(issuesOf(fixture('bad.yaml'))).toEqual([
      expect.stringMatching(/bad\.yaml:6: email : adresse email invalide$/),
      expect.stringMatching(/bad\.yaml:7: champ inconnu « role »$/),
      expect.stringMatching(/bad\.yaml:10: profil « Projet » : keywords\[0\] « "tiers lieux » : guillemets/),
      expect.stringMatching(/bad\.yaml:12: profiles\.0\.min_score : doit être <= 100$/),
      expect.stringMatching(/bad\.yaml:13: membre OK@asso\.fr déjà décrit ligne 2/),
    ]);
    const terms = parseMembersYaml('members:\n  - email: a@b.fr\n    profiles:\n      - name: P\n        keywords: [\'"x\']\n');
    expect(terms.issues).toEqual([{ line: 4, message: expect.stringContaining('keywords[0]') }]);
  });

  test('broken YAML and wrong shapes', () => {
    expect(issuesOf(fixture('broken.yaml'))[0]).toMatch(/broken\.yaml:[34]: YAML invalide/);
    expect(parseMembersYaml('membres:\n  - email: a@b.fr\n').issues[0]!.message).toContain('members:');
    expect(parseMembersYaml('members: alice@b.fr\n').issues[0]!.message).toContain('liste');
    expect(parseMembersYaml('- email: a@b.fr\n').members).toHaveLength(1);
  });

  test('unknown extension, missing file', () => {
    expect(issuesOf('/tmp/members.json')[0]).toContain('.csv, .yaml ou .yml');
    expect(issuesOf(join(FIXTURES, 'absent.csv'))[0]).toContain('fichier introuvable');
  });
});

describe('applyImport', () => {
  test('creates, then updates by email without duplicating; replaces profiles of the same name, keeps the others', () => {
    const first = applyImport(ctx.db, readMembersFile(fixture('members.csv')));
    expect(first).toMatchObject({ created: 3, updated: 0, profilesCreated: 3, profilesReplaced: 0 });
    const alice = getMemberByEmail(ctx.db, 'alice@tiers-lieu.fr')!;
    const kept = createProfile(ctx.db, alice.id, { name: 'Ajouté à la main', keywords: ['x'] });

    const second = applyImport(ctx.db, readMembersFile(fixture('members.yaml')));
    expect(second).toMatchObject({ created: 0, updated: 2, profilesCreated: 0, profilesReplaced: 2 });
    const after = getMemberByEmail(ctx.db, 'ALICE@TIERS-LIEU.FR')!;
    expect(after.id).toBe(alice.id);
    expect(after.profiles.map((p) => p.name)).toEqual(['Tiers-lieu', 'Seniors', 'Ajouté à la main']);
    expect(after.profiles[0]!.id).toBe(alice.profiles[0]!.id);
    expect(after.profiles.find((p) => p.id === kept.id)).toBeDefined();
    expect(listMembers(ctx.db, {}, { limit: 50, offset: 0 }).total).toBe(3);
    // Empty cells leave values alone.
    expect(getMemberByEmail(ctx.db, 'bob@centre-social.fr')!.organisation).toBe('Centre social Saint-Just');
  });

  test('an import never resubscribes a member who unsubscribed, unless the file says so', () => {
    const m = createMember(ctx.db, { email: 'parti@asso.fr', status: 'unsubscribed' });
    applyImport(ctx.db, parseMembersCsv('email,name\nparti@asso.fr,Parti\n').members);
    expect(getMemberByEmail(ctx.db, 'parti@asso.fr')).toMatchObject({ id: m.id, status: 'unsubscribed', name: 'Parti' });
    applyImport(ctx.db, parseMembersCsv('email,status\nparti@asso.fr,active\n').members);
    expect(getMemberByEmail(ctx.db, 'parti@asso.fr')!.status).toBe('active');
  });

  test('a change of status alone hands the member profiles over for rescoring; no change, nothing to rescore', () => {
    const m = createMember(ctx.db, { email: 'statut@asso.fr' });
    const p = createProfile(ctx.db, m.id, { name: 'Emploi', keywords: ['emploi'] });
    expect(applyImport(ctx.db, parseMembersCsv('email,name\nstatut@asso.fr,Statut\n').members).profileIds).toEqual([]);
    expect(applyImport(ctx.db, parseMembersCsv('email,status\nstatut@asso.fr,unsubscribed\n').members).profileIds).toEqual([p.id]);
    expect(applyImport(ctx.db, parseMembersCsv('email,status\nstatut@asso.fr,unsubscribed\n').members).profileIds).toEqual([]);
    const both = applyImport(ctx.db, parseMembersCsv('email,status,profile,keywords\nstatut@asso.fr,active,Emploi,emploi;insertion\n').members);
    expect(both.profileIds).toEqual([p.id]);
  });

  test('one transaction: a failure half-way writes nothing', () => {
    const members = readMembersFile(fixture('members.csv'));
    const before = snapshot(ctx.db);
    ctx.db.exec(`CREATE TRIGGER refuse_chloe BEFORE INSERT ON members WHEN NEW.email LIKE 'chloe@%' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    expect(() => applyImport(ctx.db, members)).toThrow('refused');
    ctx.db.exec('DROP TRIGGER refuse_chloe');
    expect(snapshot(ctx.db)).toBe(before);
  });

  test('the fixtures are the documented format', () => {
    const doc = readFileSync(new URL('../../docs/members-import.md', import.meta.url), 'utf8');
    expect(doc).toContain(readFileSync(fixture('members.csv'), 'utf8').split('\n')[0]!);
    copyFileSync(fixture('members.yaml'), join(ctx.dir, 'm.yml'));
    expect(readMembersFile(join(ctx.dir, 'm.yml'))).toHaveLength(2);
  });
});
