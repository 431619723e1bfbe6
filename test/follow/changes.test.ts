// What changed on a followed call, told in French (pure): several changes in a week told from first to last state,
// back where it was is nothing, a closing after the deadline is no news, a closing before it is; and the log read
// from a real SQLite file dates each change on the members' day.
import { afterEach, describe, expect, it } from 'vitest';
import { callChangesSince, describeChanges, type CallChange } from '../../src/follow/changes.js';
import { insertCall } from '../digest/helpers.js';
import { createTestContext, type TestContext } from '../helpers/context.js';

const base: CallChange = {
  at: '2026-12-02T06:00:00.000Z',
  day: '2026-12-02',
  oldDeadline: '2027-01-15',
  newDeadline: '2027-01-15',
  oldAmount: null,
  newAmount: null,
  oldStatus: 'open',
  newStatus: 'open',
};
const change = (patch: Partial<CallChange>): CallChange => ({ ...base, ...patch });
const plain = (lines: string[]) => lines.map((l) => l.replace(/[\u00a0\u202f]/g, ' '));

describe('describeChanges', () => {
  it('tells a deadline brought forward, announced or withdrawn', () => {
    expect(plain(describeChanges([change({ newDeadline: '2027-01-08' })]))).toEqual(['Date limite avancée au vendredi 8 janvier 2027 (au lieu du vendredi 15 janvier 2027).']);
    expect(plain(describeChanges([change({ oldDeadline: null, newDeadline: '2027-01-08' })]))).toEqual(['Date limite désormais annoncée : vendredi 8 janvier 2027.']);
    expect(plain(describeChanges([change({ newDeadline: null })]))).toEqual(['La date limite n’est plus précisée (elle était le vendredi 15 janvier 2027).']);
  });

  it('tells several changes from the first state to the last, and nothing when back where it was', () => {
    const moves = [change({ newDeadline: '2027-01-20' }), change({ oldDeadline: '2027-01-20', newDeadline: '2027-01-31' })];
    expect(plain(describeChanges(moves))).toEqual(['Date limite repoussée au dimanche 31 janvier 2027 (au lieu du vendredi 15 janvier 2027).']);
    const back = [change({ newDeadline: '2027-01-20' }), change({ oldDeadline: '2027-01-20', newDeadline: '2027-01-15' })];
    expect(describeChanges(back)).toEqual([]);
  });

  it('tells an amount announced or withdrawn', () => {
    const amount = { min: null, max: 5000, currency: 'EUR' as const, scope: 'project' as const };
    expect(plain(describeChanges([change({ newAmount: amount })]))).toEqual(['Montant désormais annoncé : jusqu’à 5 000 € par projet.']);
    expect(plain(describeChanges([change({ oldAmount: amount })]))).toEqual(['Le montant n’est plus précisé (il était : jusqu’à 5 000 € par projet).']);
  });

  it('tells a closing before the deadline, not one on or after it, and a reopening', () => {
    expect(plain(describeChanges([change({ newStatus: 'closed' })]))).toEqual(['Appel clos plus tôt que prévu (sa date limite était le vendredi 15 janvier 2027).']);
    expect(describeChanges([change({ at: '2027-01-16T02:00:00.000Z', day: '2027-01-16', newStatus: 'closed' })])).toEqual([]);
    // Closed at 00:30 in Paris on the deadline day (23:30 UTC the day before): on time, not early.
    expect(describeChanges([change({ at: '2027-01-14T23:30:00.000Z', day: '2027-01-15', newStatus: 'closed' })])).toEqual([]);
    expect(describeChanges([change({ oldStatus: 'closed', newStatus: 'open' })])).toEqual(['L’appel a rouvert.']);
    expect(describeChanges([])).toEqual([]);
  });

  it('tells a deadline brought forward to a day already past as one closing, not a second « clos plus tôt »', () => {
    // Seen by a member: 15 Jan brought forward to 5 Dec, then to 3 Dec, read on 4 Dec when the call closed.
    const moves = [
      change({ newDeadline: '2026-12-05' }),
      change({ at: '2026-12-04T06:00:00.000Z', day: '2026-12-04', oldDeadline: '2026-12-05', newDeadline: '2026-12-03', newStatus: 'closed' }),
    ];
    expect(plain(describeChanges(moves))).toEqual(['Date limite avancée au jeudi 3 décembre 2026 (au lieu du vendredi 15 janvier 2027) : l’appel est désormais clos.']);
    // Closed by the funder while the deadline read that day was still ahead: early.
    const early = [change({ at: '2026-12-04T06:00:00.000Z', day: '2026-12-04', newDeadline: '2026-12-20', newStatus: 'closed' })];
    expect(plain(describeChanges(early))).toEqual([
      'Date limite avancée au dimanche 20 décembre 2026 (au lieu du vendredi 15 janvier 2027).',
      'Appel clos plus tôt que prévu (sa date limite était le dimanche 20 décembre 2026).',
    ]);
  });
});

describe('callChangesSince', () => {
  let ctx: TestContext | undefined;
  afterEach(() => ctx?.cleanup());

  it('dates each logged change on the day it was where members live', () => {
    ctx = createTestContext();
    const { db } = ctx;
    const id = insertCall(db, { title: 'Appel suivi' });
    db.prepare(`INSERT INTO call_changes (call_id, at, old_status, new_status) VALUES (?, '2027-01-14T23:30:00.000Z', 'open', 'closed')`).run(id);
    const [paris] = callChangesSince(db, [id], '2027-01-01T00:00:00Z', 'Europe/Paris').get(id)!;
    expect(paris).toMatchObject({ at: '2027-01-14T23:30:00.000Z', day: '2027-01-15', oldStatus: 'open', newStatus: 'closed' });
    expect(callChangesSince(db, [id], '2027-01-01T00:00:00Z', 'America/Cayenne').get(id)![0]!.day).toBe('2027-01-14');
  });
});
