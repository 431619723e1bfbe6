// Pure parts of the digest: French formats, ISO weeks, composition, tokens.
import { describe, expect, it } from 'vitest';
import type { Call } from '../../src/calls/types.js';
import { composeDigest, type ComposeInput, type MatchCandidate } from '../../src/digest/compose.js';
import { dayIn, formatAmount, formatDaysLeft, formatLongDate, isoWeek } from '../../src/digest/format.js';
import { plainSummary, safeHttpUrl } from '../../src/digest/view.js';
import { checkMemberToken, signMemberToken } from '../../src/members/tokens.js';
import { plainSpaces } from './helpers.js';
import { frenchSpaces } from '../../src/typography.js';

describe('French formats', () => {
  it('writes dates and days left as a French reader expects', () => {
    expect(formatLongDate('2026-12-07')).toBe('lundi 7 décembre 2026');
    expect(formatLongDate('2026-12-01')).toBe('mardi 1er décembre 2026');
    expect(formatDaysLeft(12)).toBe('J-12');
    expect(formatDaysLeft(0)).toBe('dernier jour');
  });

  it('writes amounts in euros with French spacing', () => {
    expect(plainSpaces(formatAmount({ min: null, max: 20000, currency: 'EUR', scope: 'project' })!)).toBe('jusqu’à 20 000 € par projet');
    expect(plainSpaces(formatAmount({ min: 5000, max: 20000, currency: 'EUR', scope: null })!)).toBe('de 5 000 € à 20 000 €');
    expect(plainSpaces(formatAmount({ min: 1000000, max: 1000000, currency: 'EUR', scope: 'total' })!)).toBe('1 000 000 € (enveloppe totale)');
    expect(formatAmount(null)).toBeNull();
  });

  it('takes the day and the ISO week in the configured time zone', () => {
    // Sunday 23:30 UTC is already Monday in Paris: a new ISO week there.
    const instant = new Date('2026-11-29T23:30:00Z');
    expect(dayIn(instant, 'Europe/Paris')).toBe('2026-11-30');
    expect(dayIn(instant, 'UTC')).toBe('2026-11-29');
    expect(isoWeek('2026-11-30').label).toBe('2026-W49');
    expect(isoWeek('2026-11-29').label).toBe('2026-W48');
    expect(isoWeek('2027-01-01').label).toBe('2026-W53');
    expect(isoWeek('2025-12-29').label).toBe('2026-W01');
  });

  it('reads summaries as text, plain or HTML, on one line', () => {
    expect(plainSummary(' Appel\n\n à  projets\t2027 ')).toBe('Appel à projets 2027');
    expect(plainSummary('<p>Appel <b>à</b>&nbsp;projets</p><p>2027 &amp; après</p>')).toBe('Appel à projets 2027 & après');
    // A zero-width space is whitespace to HTML: it separates words as it would in the HTML part.
    expect(plainSummary('tiers\u200blieux')).toBe('tiers lieux');
    expect(plainSummary(' \n ')).toBeNull();
  });

  it('folds every kind of whitespace as a replace of \\s+ would, whether or not the text needs folding', () => {
    const spaces = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2009', '\u202f', '\u2028', '\u3000', '\ufeff', ' \u00a0 '];
    const texts = ['Appel à projets 2027', ' Appel ', 'Appel  à projets', 'a’b « c » d'];
    for (const space of spaces) texts.push(`Appel${space}à${space}projets`, `${space}Appel à projets${space}`, `Appel à${space}`);
    for (const text of texts) expect(plainSummary(text)).toBe(frenchSpaces(text.replace(/\s+/g, ' ').trim()) || null);
  });

  it('keeps only http(s) links', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<b>x</b>')).toBeNull();
    expect(safeHttpUrl('https://www.example.org/a b')).toBe('https://www.example.org/a%20b');
  });
});

describe('member tokens', () => {
  it('verify for the same member, salt and purpose only', () => {
    const token = signMemberToken('secret', 42, 'salt-1', 'unsubscribe');
    expect(token).toMatch(/^42\.[A-Za-z0-9_-]{43}$/);
    expect(checkMemberToken('secret', token, 'salt-1', 'unsubscribe')).toBe(true);
    expect(checkMemberToken('secret', token, 'salt-2', 'unsubscribe')).toBe(false); // salt rotated: revoked
    expect(checkMemberToken('secret', token, 'salt-1', 'calendar')).toBe(false); // another purpose
    expect(checkMemberToken('other', token, 'salt-1', 'unsubscribe')).toBe(false);
    expect(checkMemberToken('secret', token.replace(/^42/, '43'), 'salt-1', 'unsubscribe')).toBe(false);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    expect(checkMemberToken('secret', `${token.slice(0, -2)}${last}${token.at(-1)}`, 'salt-1', 'unsubscribe')).toBe(false);
    expect(checkMemberToken('secret', 'garbage', 'salt-1', 'unsubscribe')).toBe(false);
  });
});

function call(id: number, deadlines: string[] = []): Call {
  return {
    id,
    canonicalUrl: `https://example.org/${id}`,
    title: `Appel ${id}`,
    summary: '',
    body: '',
    funder: 'region',
    funderName: null,
    regions: [],
    categories: [],
    deadlines,
    nextDeadline: deadlines[0] ?? null,
    amount: null,
    opens: null,
    rate: null,
    recurrence: null,
    euFunds: [],
    publishedAt: null,
    status: 'open',
    firstSeenAt: '2026-11-01T00:00:00Z',
    lastSeenAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    sources: [],
  };
}

function match(profileId: number, callId: number, score: number, firstMatchedAt = '2026-11-27T10:00:00Z'): MatchCandidate {
  return { profileId, callId, score, terms: [`terme${callId}`], firstMatchedAt };
}

function input(overrides: Partial<ComposeInput>): ComposeInput {
  const calls = [call(1, ['2026-12-20']), call(2), call(3, ['2026-12-01', '2027-02-01']), call(4, ['2026-11-10']), call(5, ['2026-12-05'])];
  return {
    today: '2026-11-30',
    since: '2026-11-16T08:00:00Z',
    profiles: [
      { id: 10, name: 'Inclusion numérique' },
      { id: 20, name: 'Tiers-lieux' },
    ],
    matches: [],
    sentCallIds: new Set(),
    calls: new Map(calls.map((c) => [c.id, c])),
    ...overrides,
  };
}

describe('composeDigest', () => {
  it('groups new calls by profile, best first, each call once under its best profile', () => {
    const content = composeDigest(
      input({ matches: [match(10, 1, 40), match(10, 2, 90), match(20, 2, 95), match(20, 3, 30), match(10, 3, 30)] }),
    )!;
    expect(content.showProfiles).toBe(true);
    expect(content.groups.map((g) => [g.profileName, g.entries.map((e) => e.call.id)])).toEqual([
      ['Inclusion numérique', [1, 3]], // call 3 ties on score: the member's first profile wins
      ['Tiers-lieux', [2]],
    ]);
    expect(content.newCount).toBe(3);
    // The passed first deadline of call 3 gives way to its next one.
    expect(content.groups[0]!.entries[1]!.deadline).toBe('2026-12-01');
    expect(content.groups[0]!.entries[1]!.daysLeft).toBe(1);
  });

  it('leaves out calls whose deadlines have all passed, old matches and calls already sent', () => {
    const content = composeDigest(
      input({
        matches: [match(10, 4, 99), match(10, 1, 50, '2026-11-01T00:00:00Z'), match(10, 2, 60)],
        sentCallIds: new Set([2]),
      }),
    );
    expect(content).toBeNull();
  });

  it('reminds calls already sent whose deadline is within 14 days, nearest first', () => {
    const content = composeDigest(
      input({
        matches: [match(10, 1, 50), match(10, 5, 60), match(20, 3, 70), match(10, 2, 80)],
        sentCallIds: new Set([1, 3, 5, 2]),
      }),
    )!;
    expect(content.newCount).toBe(0);
    expect(content.closing.map((e) => e.call.id)).toEqual([3, 5]); // 1 is 20 days away; 2 has no deadline
  });
});
