// The staff report after a digest run (issue 17), through a real SMTP server: how many calls members started to
// follow, applied to, won or lost since the previous report, in all and by source, and where things stand now.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDigests } from '../../src/digest/run.js';
import { setFollowStatus } from '../../src/follow/statuses.js';
import { createMember } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, plainSpaces, startSmtp, type TestSmtp } from '../digest/helpers.js';

let ctx: TestContext;
let smtp: TestSmtp;

beforeEach(async () => {
  smtp = await startSmtp();
  ctx = createTestContext({ SMTP_URL: smtp.url, STAFF_EMAIL: 'equipe@reseau.example' });
});

afterEach(async () => {
  ctx.cleanup();
  await smtp.close();
});

function staffReports(): string[] {
  return smtp.received.filter((r) => r.to.includes('equipe@reseau.example')).map((r) => plainSpaces(r.mail.text ?? ''));
}

describe('staff report: followed calls', { timeout: 60_000 }, () => {
  it('counts follows, applications, grants won and lost since the previous report, by source', async () => {
    const awa = createMember(ctx.db, { email: 'awa@asso.example' });
    const bob = createMember(ctx.db, { email: 'bob@asso.example' });
    const fondation = insertCall(ctx.db, { title: 'Appel fondation', deadlines: ['2027-03-01'], sourceId: 'fondation-x' });
    const region = insertCall(ctx.db, { title: 'Appel région', deadlines: ['2027-03-01'], sourceId: 'region-aap' });
    // Before the first report: already counted there, not again.
    setFollowStatus(ctx.db, awa.id, fondation, 'interested', new Date(Date.now() - 3600_000));
    await runDigests(ctx, { now: new Date('2026-11-30T08:00:00Z') });
    expect(staffReports()[0]).toContain('Appels suivis par les membres, depuis le début : 1 suivi, 0 candidature, 0 obtenu, 0 refusé.');

    // Between the reports (the events' clock is the real one, like the runs').
    const later = () => new Date(Date.now() + 1000);
    setFollowStatus(ctx.db, awa.id, fondation, 'applying', later());
    setFollowStatus(ctx.db, awa.id, fondation, 'submitted', later());
    setFollowStatus(ctx.db, awa.id, fondation, 'won', later());
    setFollowStatus(ctx.db, bob.id, fondation, 'interested', later());
    setFollowStatus(ctx.db, bob.id, region, 'applying', later());
    setFollowStatus(ctx.db, awa.id, region, 'submitted', later());
    setFollowStatus(ctx.db, awa.id, region, 'lost', later());
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await runDigests(ctx, { now: new Date('2026-12-07T08:00:00Z') });

    const text = staffReports()[1]!;
    expect(text).toMatch(/Appels suivis par les membres, depuis le bilan précédent \([^)]+\) : 3 suivis, 3 candidatures, 1 obtenu, 1 refusé\./);
    expect(text).toContain('En ce moment : 2 appels suivis (à étudier ou candidature en cours), 0 dossier déposé en attente de réponse.');
    expect(text).toContain('- fondation-x (fondation-x) : 1 suivi, 1 candidature, 1 obtenu, 0 refusé');
    expect(text).toContain('- Région : appels à projets (region-aap) : 2 suivis, 2 candidatures, 0 obtenu, 1 refusé');
    // The source that led to a grant comes first.
    expect(text.indexOf('fondation-x')).toBeLessThan(text.indexOf('region-aap'));
  });
});
