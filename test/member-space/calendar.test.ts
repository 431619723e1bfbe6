// The deadline calendar through the real route, read back with a second iCalendar library (ical.js).
import ICAL from 'ical.js';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMember, createProfile } from '../../src/members/store.js';
import { memberLinks } from '../../src/member-space/links.js';
import { createTestContext, type TestContext } from '../helpers/context.js';
import { buildTestApp, insertCall, insertMatch, moveDeadlines, pathOf } from './helpers.js';

const NOW = new Date('2026-11-28T10:00:00Z');

interface ParsedEvent {
  uid: string;
  sequence: number;
  summary: string;
  start: string;
  isDate: boolean;
  description: string;
  url: string | null;
  alarmTriggers: number[];
}

function parseEvents(ics: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      start: event.startDate.toString(),
      isDate: event.startDate.isDate,
      description: event.description,
      url: (vevent.getFirstPropertyValue('url') as string | null) ?? null,
      alarmTriggers: vevent.getAllSubcomponents('valarm').map((alarm) => (alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()),
    };
  });
}

describe('GET /m/:token/calendar.ics', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let calendarPath: string;
  let ids: { twoWaves: number; single: number; past: number; noDeadline: number; closed: number; otherMembers: number };

  beforeEach(async () => {
    ctx = createTestContext({ FUNDWATCH_BASE_URL: 'https://veille.reseau-inclusion.example' });
    const member = createMember(ctx.db, { email: 'camille@asso-numerique.example', name: 'Camille' });
    const other = createMember(ctx.db, { email: 'other@example.org' });
    const profile = createProfile(ctx.db, member.id, { name: 'Médiation numérique', keywords: ['médiation numérique', 'inclusion'] });
    const otherProfile = createProfile(ctx.db, other.id, { name: 'Fablabs', keywords: ['fablab'] });
    ids = {
      twoWaves: insertCall(ctx.db, {
        title: 'Appel à projets « Inclusion numérique » : deux vagues',
        deadlines: ['2027-01-15', '2027-03-31'],
        amountMax: 50_000,
        funderName: 'Région Occitanie',
      }),
      single: insertCall(ctx.db, { title: 'Fonds pour la médiation numérique', deadlines: ['2027-02-10'], funder: 'foundation', funderName: 'Fondation Orange' }),
      past: insertCall(ctx.db, { title: 'Appel clos depuis octobre', deadlines: ['2026-10-01'] }),
      noDeadline: insertCall(ctx.db, { title: 'Appel au fil de l’eau', deadlines: [] }),
      closed: insertCall(ctx.db, { title: 'Appel fermé par le financeur', deadlines: ['2027-05-01'], status: 'closed' }),
      otherMembers: insertCall(ctx.db, { title: 'Fablab solidaire : appel réservé à un autre membre', deadlines: ['2027-01-20'] }),
    };
    for (const id of [ids.twoWaves, ids.single, ids.past, ids.noDeadline, ids.closed]) {
      insertMatch(ctx.db, profile.id, id, 70, ['médiation numérique'], '2026-11-20T08:00:00.000Z');
    }
    insertMatch(ctx.db, otherProfile.id, ids.otherMembers, 90, ['fablab'], '2026-11-20T08:00:00.000Z');
    app = await buildTestApp(ctx, { now: () => NOW });
    calendarPath = pathOf(memberLinks(ctx, member.id).calendarUrl);
  });

  afterEach(async () => {
    await app.close();
    ctx.cleanup();
  });

  it('has one all-day event per upcoming deadline of the member’s open matched calls, with a 7-day reminder', async () => {
    const response = await app.inject({ method: 'GET', url: calendarPath });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/calendar/);
    const events = parseEvents(response.body);
    expect(events.map((e) => e.start).sort()).toEqual(['2027-01-15', '2027-02-10', '2027-03-31']);
    expect(events.every((e) => e.isDate)).toBe(true);
    expect(events.every((e) => e.alarmTriggers.length === 1 && e.alarmTriggers[0] === -7 * 24 * 3600)).toBe(true);
    expect(new Set(events.map((e) => e.uid)).size).toBe(3);
    expect(response.body).not.toContain('autre membre');
    expect(response.body).not.toContain('clos depuis');
    expect(response.body).not.toContain('fermé par le financeur');

    const fondation = events.find((e) => e.start === '2027-02-10')!;
    expect(fondation.summary).toBe('Date limite : Fonds pour la médiation numérique');
    expect(fondation.description).toContain('Financeur : Fondation Orange');
    expect(fondation.description).toContain('Date limite : mercredi 10 février 2027');
    expect(fondation.url).toMatch(/^https:\/\/financeur\.example\.org\/appels\//);
    const region = events.find((e) => e.start === '2027-01-15')!;
    expect(region.description).toMatch(/Montant : jusqu’à 50\s000\s€ par projet/u);
    expect(region.description).toContain('Correspond à votre profil « Médiation numérique » (médiation numérique)');
    expect(region.description).toMatch(/Pas pertinent \? https:\/\/veille\.reseau-inclusion\.example\/m\/.+\/not-relevant\/\d+/);
  });

  it('keeps the same UIDs across two fetches and updates the event when a deadline moves', async () => {
    const first = await app.inject({ method: 'GET', url: calendarPath });
    const second = await app.inject({ method: 'GET', url: calendarPath });
    expect(parseEvents(second.body).map((e) => e.uid)).toEqual(parseEvents(first.body).map((e) => e.uid));
    // Unchanged data, unchanged document: a calendar app polling with If-None-Match gets a 304.
    const etag = String(first.headers.etag);
    expect((await app.inject({ method: 'GET', url: calendarPath, headers: { 'if-none-match': etag } })).statusCode).toBe(304);

    const before = parseEvents(first.body).find((e) => e.start === '2027-02-10')!;
    moveDeadlines(ctx.db, ids.single, ['2027-02-24'], '2026-11-27T12:00:00.000Z');
    const moved = parseEvents((await app.inject({ method: 'GET', url: calendarPath })).body);
    expect(moved).toHaveLength(3);
    const after = moved.find((e) => e.uid === before.uid)!;
    expect(after.start).toBe('2027-02-24');
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(moved.some((e) => e.start === '2027-02-10')).toBe(false);
    expect((await app.inject({ method: 'GET', url: calendarPath, headers: { 'if-none-match': etag } })).statusCode).toBe(200);
  });

  it('drops a deadline once it has passed, in the configured time zone', async () => {
    const dayAfter = await buildTestApp(ctx, { now: () => new Date('2027-01-15T23:30:00Z') }); // 00:30 on the 16th in Paris, still the 15th in UTC
    const events = parseEvents((await dayAfter.inject({ method: 'GET', url: calendarPath })).body);
    await dayAfter.close();
    expect(events.map((e) => e.start).sort()).toEqual(['2027-02-10', '2027-03-31']);
  });
});
