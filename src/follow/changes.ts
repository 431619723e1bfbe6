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

/** A closing is « early » when it came before the deadline it was known by (or with none known). */
function statusSentence(changes: readonly CallChange[]): string | null {
  const first = changes[0]!;
  const last = changes.at(-1)!;
  if (first.oldStatus === last.newStatus) return null;
  if (last.newStatus === 'open') return 'L’appel a rouvert.';
  const closing = [...changes].reverse().find((c) => c.newStatus === 'closed' && c.oldStatus === 'open')!;
  const known = closing.oldDeadline;
  const day = closing.day;
  if (known !== null && day >= known) return null;
  return known ? `Appel clos plus tôt que prévu (sa date limite était le ${formatLongDate(known)}).` : 'Appel clos plus tôt que prévu.';
}

/**
 * The changes of one call over a period, as sentences: its deadline moved, its amount changed, it closed early (or
 * reopened). Several changes in the period are told from the first state to the last; back where it was is nothing.
 */
export function describeChanges(changes: readonly CallChange[]): string[] {
  if (changes.length === 0) return [];
  const first = changes[0]!;
  const last = changes.at(-1)!;
  return [
    deadlineSentence(first.oldDeadline, last.newDeadline),
    amountSentence(first.oldAmount, last.newAmount),
    statusSentence(changes),
  ].filter((s): s is string => s !== null);
}
