// Member tags and visible_to_network (issue 18) through `fundwatch members import`: CSV with French headers and
// oui/non, YAML, and a value that is neither refused with its line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyImport, parseMembersCsv, parseMembersYaml } from '../../src/members/import.js';
import { getMemberByEmail } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

let ctx: TestContext;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.cleanup());

describe('members import: tags and visible_to_network', () => {
  it('reads them from CSV (French headers, oui/non) and YAML, and leaves them alone when the file says nothing', () => {
    const csv = parseMembersCsv(
      'courriel;structure;étiquettes;visible réseau;profil;mots-clés\n' +
        'alice@asso.example;Tiers-lieu;"EPN; fablab";oui;Médiation;médiation numérique\n' +
        'bruno@asso.example;Fablab;;non;;\n',
    );
    expect(csv.issues).toEqual([]);
    applyImport(ctx.db, csv.members);
    expect(getMemberByEmail(ctx.db, 'alice@asso.example')).toMatchObject({ tags: ['epn', 'fablab'], visibleToNetwork: true });
    expect(getMemberByEmail(ctx.db, 'bruno@asso.example')).toMatchObject({ tags: [], visibleToNetwork: false });

    const yaml = parseMembersYaml('members:\n  - email: bruno@asso.example\n    tags: [seniors]\n    visible_to_network: true\n  - email: alice@asso.example\n    name: Alice\n');
    expect(yaml.issues).toEqual([]);
    applyImport(ctx.db, yaml.members);
    expect(getMemberByEmail(ctx.db, 'bruno@asso.example')).toMatchObject({ tags: ['seniors'], visibleToNetwork: true });
    // Not named in the file: kept.
    expect(getMemberByEmail(ctx.db, 'alice@asso.example')).toMatchObject({ name: 'Alice', tags: ['epn', 'fablab'], visibleToNetwork: true });
  });

  it('refuses a yes/no it cannot read and a tag with a space, naming the line', () => {
    const csv = parseMembersCsv('email,visible_to_network\nalice@asso.example,peut-être\n');
    expect(csv.issues).toHaveLength(1);
    expect(csv.issues[0]).toMatchObject({ line: 2 });
    expect(csv.issues[0]!.message).toContain('visible_to_network');
    const yaml = parseMembersYaml('members:\n  - email: a@asso.example\n    tags: ["deux mots"]\n');
    expect(yaml.issues).toHaveLength(1);
    expect(yaml.issues[0]).toMatchObject({ line: 3 });
  });
});
