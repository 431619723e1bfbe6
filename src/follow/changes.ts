// What changed on a followed call since a day (issue 17): migration 020's log, read and told in French. The
// sentences are pure; `callChangesSince` is the one read.
import type { Amount } from '../calls/types.js';
import type { Db } from '../db/connection.js';
import { dayIn, formatAmount, formatLongDate } from '../digest/format.js';

export interface CallChange {
  at: string;
  /** The day of `at` where members live (FUNDWATCH_TZ): a call closed at 23:30 in Paris closed that day, not the next. */
  day: string;
  oldDeadline: string | null;
  newDeadline: string | null;
  oldAmount: Amount | null;
  newAmount: Amount | null;
  oldStatus: 'open' | 'closed';
  newStatus: 'open' | 'closed';
}

interface ChangeRow {
  call_id: number;
  at: string;
  old_next_deadline: string | null;
  new_next_deadline: string | null;
  old_amount: string | null;
  new_amount: string | null;
  old_status: 'open' | 'closed';
  new_status: 'open' | 'closed';
}

/** The trigger's JSON [min, max, scope] as an Amount; null when neither bound is known. */
function amountOf(json: string | null): Amount | null {
  if (!json) return null;
  const [min, max, scope] = JSON.parse(json) as [number | null, number | null, string | null];
  if (min === null && max === null) return null;
  return { min, max, currency: 'EUR', scope: scope === 'project' || scope === 'total' ? scope : null };
}

/** Each call's logged changes after `since` (an ISO instant), oldest first, dated in `timeZone`. */
export function callChangesSince(db: Db, callIds: readonly number[], since: string, timeZone: string): Map<number, CallChange[]> {
  const out = new Map<number, CallChange[]>();
  if (callIds.length === 0) return out;
  const rows = db
    .prepare(`SELECT * FROM call_changes WHERE at > ? AND call_id IN (SELECT value FROM json_each(?)) ORDER BY call_id, at, id`)
    .all(since, JSON.stringify(callIds)) as ChangeRow[];
  for (const row of rows) {
    const list = out.get(row.call_id) ?? [];
    list.push({
      at: row.at,
      day: dayIn(new Date(row.at), timeZone),
      oldDeadline: row.old_next_deadline,
      newDeadline: row.new_next_deadline,
      oldAmount: amountOf(row.old_amount),
      newAmount: amountOf(row.new_amount),
      oldStatus: row.old_status,
      newStatus: row.new_status,
    });
    out.set(row.call_id, list);
  }
  return out;
}

function sameAmount(a: Amount | null, b: Amount | null): boolean {
  return a?.min === b?.min && a?.max === b?.max && a?.scope === b?.scope;
}

function deadlineSentence(before: string | null, after: string | null): string | null {
  if (before === after) return null;
  if (before === null) return `Date limite désormais annoncée\u00a0: ${formatLongDate(after!)}.`;
  if (after === null) return `La date limite n’est plus précisée (elle était le ${formatLongDate(before)}).`;
  const moved = after > before ? 'repoussée' : 'avancée';
  return `Date limite ${moved} au ${formatLongDate(after)} (au lieu du ${formatLongDate(before)}).`;
}

function amountSentence(before: Amount | null, after: Amount | null): string | null {
  if (sameAmount(before, after)) return null;
  const was = formatAmount(before);
  const now = formatAmount(after);
  if (now === null) return `Le montant n’est plus précisé${was ? ` (il était\u00a0: ${was})` : ''}.`;
  return was === null ? `Montant désormais annoncé\u00a0: ${now}.` : `Montant modifié\u00a0: ${now} (au lieu de\u00a0: ${was}).`;
}

type Closing = 'early' | 'on-time' | 'reopened' | null;

/**
 * How the period ended for the call's status. A closing is « early » when it came before the deadline it closed
 * under: the deadline that same fetch read (a deadline brought forward to a day already past closes the call on
 * time), else the one known before it, or with none known.
 */
function closingOf(changes: readonly CallChange[]): { kind: Closing; known: string | null } {
  const first = changes[0]!;
  const last = changes.at(-1)!;
  if (first.oldStatus === last.newStatus) return { kind: null, known: null };
  if (last.newStatus === 'open') return { kind: 'reopened', known: null };
  const closing = [...changes].reverse().find((c) => c.newStatus === 'closed' && c.oldStatus === 'open')!;
  const known = closing.newDeadline ?? closing.oldDeadline;
  return { kind: known !== null && closing.day >= known ? 'on-time' : 'early', known };
}

/**
 * The changes of one call over a period, as sentences: its deadline moved, its amount changed, it closed early (or
 * reopened). Several changes in the period are told from the first state to the last; back where it was is nothing.
 * A deadline brought forward that has already passed says so in the same sentence, never as a second, contradictory
 * « clos plus tôt ».
 */
export function describeChanges(changes: readonly CallChange[]): string[] {
  if (changes.length === 0) return [];
  const first = changes[0]!;
  const last = changes.at(-1)!;
  const closing = closingOf(changes);
  let deadline = deadlineSentence(first.oldDeadline, last.newDeadline);
  if (deadline !== null && closing.kind === 'on-time') deadline = `${deadline.slice(0, -1)}\u00a0: l’appel est désormais clos.`;
  const status =
    closing.kind === 'reopened'
      ? 'L’appel a rouvert.'
      : closing.kind === 'early'
        ? closing.known
          ? `Appel clos plus tôt que prévu (sa date limite était le ${formatLongDate(closing.known)}).`
          : 'Appel clos plus tôt que prévu.'
        : null;
  return [deadline, amountSentence(first.oldAmount, last.newAmount), status].filter((s): s is string => s !== null);
}
