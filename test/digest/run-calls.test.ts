// A digest run reads each call once and shares it between members (so its view and HTML are made once), while a
// call edited between two runs shows its new text in the next one.
import { afterEach, describe, expect, it } from 'vitest';
import { buildDigestMessage, digestWeek } from '../../src/digest/message.js';
import { createMember, createProfile, getMember } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch } from './helpers.js';

const NOW = new Date('2026-11-30T08:00:00Z');
let ctx: TestContext;
afterEach(() => ctx?.cleanup());

describe('calls within a digest run', () => {
  it('are read once for all members, and read again by the next run', async () => {
    ctx = createTestContext();
    const shared = insertCall(ctx.db, { title: 'Appel commun aux deux membres', deadlines: ['2027-01-31'] });
    const own = insertCall(ctx.db, { title: 'Appel pour le seul second membre', deadlines: ['2027-02-28'] });
    const members = [1, 2].map((i) => {
      const member = createMember(ctx.db, { email: `membre${i}@asso.example` });
      const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
      insertMatch(ctx.db, profile.id, shared, 50, ['numérique'], '2026-11-27T00:00:00Z');
      if (i === 2) insertMatch(ctx.db, profile.id, own, 50, ['numérique'], '2026-11-27T00:00:00Z');
      return getMember(ctx.db, member.id)!;
    });

    const week = digestWeek(NOW, ctx.config.timeZone);
    const first = await buildDigestMessage(ctx, members[0]!, week);
    const second = await buildDigestMessage(ctx, members[1]!, week);
    expect([...week.calls.keys()].sort()).toEqual([shared, own].sort());
    expect(first!.content.groups.flatMap((g) => g.entries.map((e) => e.call))[0]).toBe(week.calls.get(shared));
    expect(second!.html).toContain('Appel commun aux deux membres');

    ctx.db.prepare('UPDATE calls SET title = ? WHERE id = ?').run('Appel commun, titre corrigé', shared);
    const next = await buildDigestMessage(ctx, members[0]!, digestWeek(NOW, ctx.config.timeZone));
    expect(next!.html).toContain('Appel commun, titre corrigé');
    expect(next!.text).toContain('Appel commun, titre corrigé');
  });
});
