// The calendar of a member who follows calls (issue 17), through the real server and read back with ical.js: the
// followed calls (interested, applying) come first, whether or not a profile still matches them, each with an alarm
// at every one of the member's lead times; a followed call whose deadline moves keeps its event's UID with a higher
// SEQUENCE, so calendar apps move the event instead of adding one.
import ICAL from 'ical.js';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { setReminderSettings } from '../../src/follow/settings.js';
import { setFollowStatus } from '../../src/follow/statuses.js';
import { memberLinks } from '../../src/member-space/links.js';
import { createMember, createProfile } from '../../src/members/store.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { insertCall, insertMatch, moveDeadlines } from '../member-space/helpers.js';

let ctx: TestContext;
let app: FastifyInstance;
const DAY = 24 * 3600;

beforeEach(async () => {
  ctx = createTestContext({ FUNDWATCH_ADMIN_TOKEN: 'admin-secret' });
  app = await buildApp(ctx, { now: () => new Date('2026-12-03T10:00:00Z') });
  ctx.config.baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterEach(async () => {
  await app.close();
  ctx.cleanup();
});

function events(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      start: event.startDate.toString(),
      description: event.description,
      alarms: vevent.getAllSubcomponents('valarm').map((alarm) => (alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()),
    };
  });
}

describe('calendar.ics with followed calls', () => {
  it('puts followed calls first with alarms at the member’s lead times, and moves an event under the same UID', async () => {
    const member = createMember(ctx.db, { email: 'awa@asso.example' });
    const profile = createProfile(ctx.db, member.id, { name: 'Numérique' });
    const matched = insertCall(ctx.db, { title: 'Appel seulement retenu', deadlines: ['2027-01-10'] });
    const followedAndMatched = insertCall(ctx.db, { title: 'Appel suivi et retenu', deadlines: ['2027-02-01'] });
    const followedOnly = insertCall(ctx.db, { title: 'Appel suivi sans profil', deadlines: ['2027-01-20'] });
    const submitted = insertCall(ctx.db, { title: 'Appel déjà déposé', deadlines: ['2027-01-05'] });
    insertMatch(ctx.db, profile.id, matched, 60, ['numérique'], '2026-11-20T00:00:00Z');
    insertMatch(ctx.db, profile.id, followedAndMatched, 50, ['numérique'], '2026-11-20T00:00:00Z');
    // Matched too, but its dossier is sent: its deadline no longer concerns the member, so it is not in the calendar.
    insertMatch(ctx.db, profile.id, submitted, 70, ['numérique'], '2026-11-20T00:00:00Z');
    const at = new Date('2026-11-25T10:00:00Z');
    setFollowStatus(ctx.db, member.id, followedAndMatched, 'interested', at);
    setFollowStatus(ctx.db, member.id, followedOnly, 'applying', at);
    setFollowStatus(ctx.db, member.id, submitted, 'submitted', at);
    setReminderSettings(ctx.db, member.id, [21, 7, 2], true, at);

    const url = memberLinks(ctx, member.id).calendarUrl;
    const first = events(await (await fetch(url)).text());
    expect(first.map((e) => e.summary)).toEqual([
      'Appel suivi, date limite : Appel suivi sans profil',
      'Appel suivi, date limite : Appel suivi et retenu',
      'Date limite : Appel seulement retenu',
    ]);
    expect(first[0]!.alarms).toEqual([-21 * DAY, -7 * DAY, -2 * DAY]);
    expect(first[1]!.alarms).toEqual([-21 * DAY, -7 * DAY, -2 * DAY]);
    expect(first[2]!.alarms).toEqual([-7 * DAY]);
    expect(first[0]!.description).toContain('Vous suivez cet appel : Je candidate');
    expect(first[0]!.description).toMatch(new RegExp(`Mettre à jour mon statut : http://127\\.0\\.0\\.1:\\d+/m/[^/]+/calls/${followedOnly}/status`));

    // The funder moves the followed call's deadline: same event (UID), higher SEQUENCE, new day.
    moveDeadlines(ctx.db, followedOnly, ['2027-01-27'], '2026-12-02T08:00:00.000Z');
    const second = events(await (await fetch(url)).text());
    const before = first.find((e) => e.summary.endsWith('Appel suivi sans profil'))!;
    const after = second.find((e) => e.summary.endsWith('Appel suivi sans profil'))!;
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect([before.start, after.start]).toEqual(['2027-01-20', '2027-01-27']);
    expect(second.filter((e) => e.uid === before.uid)).toHaveLength(1);
    // Still the soonest followed deadline? No: 27 January comes before 1 February, so it stays first.
    expect(second.map((e) => e.summary)[0]).toBe('Appel suivi, date limite : Appel suivi sans profil');
    // The other events did not change revision.
    expect(second.find((e) => e.summary.endsWith('Appel seulement retenu'))!.sequence).toBe(first[2]!.sequence);
  });
});
