// Pure pieces: French wording of amounts and days, which deadlines are upcoming, calendar identities.
import { describe, expect, it } from 'vitest';
import { deadlineEventUid, revisionSequence } from '../../src/member-space/calendar.js';
import { notHiddenSql } from '../../src/member-space/feedback.js';
import { dayIn, frenchAmount, frenchDay, frenchFunder, upcomingDeadlines } from '../../src/member-space/format.js';
import { notRelevantPurpose } from '../../src/member-space/links.js';

const plain = (text: string | null) => text?.replace(/[\u00a0\u202f]/g, ' ') ?? null;

describe('frenchAmount', () => {
  it('uses the digest’s wording', () => {
    expect(plain(frenchAmount({ min: null, max: 50_000, currency: 'EUR', scope: 'project' }))).toBe('jusqu’à 50 000 € par projet');
    expect(plain(frenchAmount({ min: 5_000, max: 20_000, currency: 'EUR', scope: null }))).toBe('de 5 000 € à 20 000 €');
    expect(frenchAmount(null)).toBeNull();
  });
});

describe('days', () => {
  it('names the day in French without shifting it across time zones', () => {
    expect(frenchDay('2027-03-01')).toBe('lundi 1er mars 2027');
    expect(frenchDay('2027-02-10')).toBe('mercredi 10 février 2027');
    expect(dayIn('Europe/Paris', new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(dayIn('America/Cayenne', new Date('2027-01-01T01:00:00Z'))).toBe('2026-12-31');
  });

  it('keeps today’s deadline and each deadline’s position among all of them', () => {
    expect(upcomingDeadlines(['2026-10-01', '2026-11-28', '2027-01-15'], '2026-11-28')).toEqual([
      { day: '2026-11-28', index: 1 },
      { day: '2027-01-15', index: 2 },
    ]);
  });

  it('falls back to the funder type in French', () => {
    expect(frenchFunder({ funder: 'department', funderName: null })).toBe('Département');
    expect(frenchFunder({ funder: 'foundation', funderName: '  Fondation de France ' })).toBe('Fondation de France');
  });
});

describe('identities', () => {
  it('names events by call and deadline position, and grows SEQUENCE with each update', () => {
    expect(deadlineEventUid(42, 1, 'veille.example.org')).toBe('fundwatch-call-42-deadline-1@veille.example.org');
    expect(revisionSequence('2026-11-02T10:00:00Z')).toBeLessThan(revisionSequence('2026-11-02T10:05:00Z'));
    expect(revisionSequence('not a date')).toBe(0);
  });

  it('binds "not relevant" purposes to a call and profile', () => {
    expect(notRelevantPurpose(7)).toBe('not-relevant:7');
    expect(notRelevantPurpose(7, 3)).toBe('not-relevant:7:3');
    expect(notHiddenSql('p.member_id', 'c.id')).toContain('h.member_id = p.member_id AND h.call_id = c.id');
  });
});
