// Writing calls: one call per real-world call for projects whatever the number of sources carrying it; an item that
// changes updates its call and keeps when it was first seen; nothing is ever deleted, calls past all their
// deadlines are closed.
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { EXTRACTION_VERSION, extract } from '../reader/extract/index.js';
import type { Amount, FunderType, Recurrence } from './types.js';
import { placesOverlap } from './regions.js';

// Statements are prepared once per connection: preparing them per item was a visible share of a first fetch.
const statementCache = new WeakMap<Db, Map<string, Statement>>();

function sql(db: Db, text: string): Statement {
  let statements = statementCache.get(db);
  if (!statements) {
    statements = new Map();
    statementCache.set(db, statements);
  }
  let statement = statements.get(text);
  if (!statement) {
    statement = db.prepare(text);
    statements.set(text, statement);
  }
  return statement;
}

/** One item of one source, normalised: what a reader makes of it before hashing (see `hashed`). */
export interface ItemFields {
  /** Identity of the item within its source (GUID, else canonical URL, else title). */
  itemKey: string;
  url: string | null;
  canonicalUrl: string | null;
  title: string;
  titleKey: string;
  summary: string;
  body: string;
  funder: FunderType;
  /** The funder's name when the source gives it (an API's field); absent otherwise. */
  funderName?: string;
  regions: string[];
  categories: string[];
  /** YYYY-MM-DD, ascending. */
  deadlines: string[];
  amount: Amount | null;
  /** YYYY-MM-DD, when applications open. */
  opens: string | null;
  rate: number | null;
  recurrence: Recurrence | null;
  euFunds: string[];
  publishedAt: string | null;
}

/** An item ready to store, with the hashes that tell whether anything changed. */
export interface IncomingCall extends ItemFields {
  /** Of everything the source said about the item: unchanged means nothing to do on the next fetch. */
  itemHash: string;
  /** Of the call's content as a new call stores it. */
  contentHash: string;
}

/**
 * Adds the hashes to an item. Pure, so readers call it where they prepare items (on a worker thread): hashing every
 * item on the thread that writes to SQLite was a tenth of the time it spent storing.
 */
export function hashed(fields: ItemFields): IncomingCall {
  return { ...fields, itemHash: itemHashOf(fields), contentHash: hash(contentOfItem(fields)) };
}

export interface StoreResult {
  /** Calls created. */
  new: number;
  /** Calls changed (an item edited, or a new source bringing what the call lacked). */
  updated: number;
  unchanged: number;
  /** Items this source had never carried before, new calls or not: for source health. */
  newItems: number;
  changedCallIds: number[];
}

interface StoredCall {
  id: number;
  canonical_url: string | null;
  title: string;
  summary: string;
  body: string;
  regions: string;
  categories: string;
  deadlines: string;
  amount_min: number | null;
  amount_max: number | null;
  amount_currency: string | null;
  amount_scope: string | null;
  opens: string | null;
  rate: number | null;
  recurrence: string | null;
  eu_funds: string;
  published_at: string | null;
  content_hash: string;
}

/** The next deadline on or after `today`, else the last one; null when there is none. */
export function nextDeadline(deadlines: string[], today: string): string | null {
  return deadlines.find((d) => d >= today) ?? deadlines[deadlines.length - 1] ?? null;
}

export function statusFor(deadlines: string[], today: string): 'open' | 'closed' {
  return deadlines.length > 0 && deadlines.every((d) => d < today) ? 'closed' : 'open';
}

function itemHashOf(item: ItemFields): string {
  return hash([item.url, item.title, item.summary, item.body, item.deadlines, item.amount, item.opens, item.rate, item.recurrence, item.euFunds, item.publishedAt]);
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

/** Stores every item of one source fetch in a single transaction. */
export function storeSourceItems(db: Db, sourceId: string, items: IncomingCall[], now: Date): StoreResult {
  const result: StoreResult = { new: 0, updated: 0, unchanged: 0, newItems: 0, changedCallIds: [] };
  const store = db.transaction(() => {
    for (const item of items) storeOne(db, sourceId, item, now, result);
  });
  store();
  result.changedCallIds = [...new Set(result.changedCallIds)];
  return result;
}

function storeOne(db: Db, sourceId: string, item: IncomingCall, now: Date, result: StoreResult): void {
  const at = now.toISOString();
  const itemHashValue = item.itemHash;
  const link = sql(db, 'SELECT call_id, content_hash FROM call_sources WHERE source_id = ? AND item_key = ?')
    .get(sourceId, item.itemKey) as { call_id: number; content_hash: string } | undefined;
  if (link) {
    sql(
      db,
      `UPDATE call_sources SET last_seen_at = ?, url = ?, content_hash = ?, title = ?, summary = ?, funder = ?, funder_name = ?
        WHERE source_id = ? AND item_key = ?`,
    ).run(at, item.url, itemHashValue, item.title, item.summary, item.funder, item.funderName ?? null, sourceId, item.itemKey);
    sql(db, 'UPDATE calls SET last_seen_at = ? WHERE id = ?').run(at, link.call_id);
    if (link.content_hash === itemHashValue) return void result.unchanged++;
    count(applyEdit(db, link.call_id, item, now), link.call_id, result);
    return;
  }
  result.newItems++;
  const existing = findSameCall(db, item);
  if (existing !== null) {
    linkItem(db, sourceId, item, existing, itemHashValue, at);
    sql(db, 'UPDATE calls SET last_seen_at = ? WHERE id = ?').run(at, existing);
    fillFunderName(db, existing, item);
    count(applyMerge(db, existing, item, now), existing, result);
    return;
  }
  const id = insertCall(db, item, now);
  linkItem(db, sourceId, item, id, itemHashValue, at);
  fillFunderName(db, id, item);
  result.new++;
  result.changedCallIds.push(id);
}

/** A funder's name given by a source (an API's field) fills a call that has none; a name already there stays. */
function fillFunderName(db: Db, callId: number, item: IncomingCall): void {
  if (!item.funderName) return;
  sql(db, 'UPDATE calls SET funder_name = ? WHERE id = ? AND funder_name IS NULL').run(item.funderName, callId);
}

function count(changed: boolean, callId: number, result: StoreResult): void {
  if (!changed) return void result.unchanged++;
  result.updated++;
  result.changedCallIds.push(callId);
}

function linkItem(db: Db, sourceId: string, item: IncomingCall, callId: number, contentHash: string, at: string): void {
  sql(
    db,
    `INSERT INTO call_sources (source_id, item_key, call_id, url, content_hash, first_seen_at, last_seen_at, title, summary, funder, funder_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(sourceId, item.itemKey, callId, item.url, contentHash, at, at, item.title, item.summary, item.funder, item.funderName ?? null);
}

/** The call already stored for this item when another source (or an older key) carries it; null when none. */
function findSameCall(db: Db, item: IncomingCall): number | null {
  if (item.canonicalUrl) {
    const byUrl = sql(db, 'SELECT id FROM calls WHERE canonical_url = ?').get(item.canonicalUrl) as { id: number } | undefined;
    if (byUrl) return byUrl.id;
  }
  if (item.titleKey === '') return null;
  const candidates = sql(db, 'SELECT id, funder, deadlines, regions FROM calls WHERE title_key = ? ORDER BY id').all(item.titleKey) as {
    id: number;
    funder: string;
    deadlines: string;
    regions: string;
  }[];
  for (const candidate of candidates) {
    // « FDVA 2 – Fonctionnement et innovation » is one title for a hundred departmental calls: same title in two
    // different places is two calls, whatever their deadline.
    if (!placesOverlap(JSON.parse(candidate.regions) as string[], item.regions)) continue;
    const deadlines = JSON.parse(candidate.deadlines) as string[];
    if (candidate.funder === item.funder ? sameDeadline(deadlines, item.deadlines, item.titleKey) : sharesDeadline(deadlines, item.deadlines)) {
      return candidate.id;
    }
  }
  return null;
}

/**
 * Same title and funder is the same call when they share a deadline; when neither knows its deadline, only a
 * long, specific title is trusted (short ones like "Appel à projets 2026" recur).
 */
function sameDeadline(stored: string[], incoming: string[], key: string): boolean {
  if (stored.length === 0 && incoming.length === 0) return key.split(' ').length >= 5;
  return incoming.some((d) => stored.includes(d));
}

/**
 * An aggregator (Aides-territoires lists the Region's calls under its own funder type) and the funder's own source
 * disagree on the funder type: same title and a shared deadline still make the same call, a title alone does not.
 */
function sharesDeadline(stored: string[], incoming: string[]): boolean {
  return incoming.length > 0 && incoming.some((d) => stored.includes(d));
}

function insertCall(db: Db, item: IncomingCall, now: Date): number {
  const at = now.toISOString();
  const today = at.slice(0, 10);
  const info = sql(
    db,
    `INSERT INTO calls (canonical_url, title, title_key, summary, body, funder, regions, categories, deadlines,
                        next_deadline, amount_min, amount_max, amount_currency, amount_scope, opens, rate, recurrence,
                        eu_funds, extraction_version, published_at, status, content_hash, first_seen_at, last_seen_at,
                        updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    item.canonicalUrl, item.title, item.titleKey, item.summary, item.body, item.funder,
    JSON.stringify(item.regions), JSON.stringify(item.categories), JSON.stringify(item.deadlines),
    nextDeadline(item.deadlines, today), item.amount?.min ?? null, item.amount?.max ?? null,
    item.amount ? item.amount.currency : null, item.amount?.scope ?? null, item.opens, item.rate, item.recurrence,
    JSON.stringify(item.euFunds), EXTRACTION_VERSION, item.publishedAt, statusFor(item.deadlines, today),
    item.contentHash, at, at, at,
  );
  return Number(info.lastInsertRowid);
}

interface CallContent {
  canonicalUrl: string | null;
  title: string;
  titleKey: string;
  summary: string;
  body: string;
  regions: string[];
  categories: string[];
  deadlines: string[];
  amount: Amount | null;
  opens: string | null;
  rate: number | null;
  recurrence: Recurrence | null;
  euFunds: string[];
  publishedAt: string | null;
}

function contentOf(row: StoredCall & { title_key: string }): CallContent {
  return {
    canonicalUrl: row.canonical_url,
    title: row.title,
    titleKey: row.title_key,
    summary: row.summary,
    body: row.body,
    regions: JSON.parse(row.regions) as string[],
    categories: JSON.parse(row.categories) as string[],
    deadlines: JSON.parse(row.deadlines) as string[],
    amount:
      row.amount_min === null && row.amount_max === null
        ? null
        : { min: row.amount_min, max: row.amount_max, currency: 'EUR', scope: row.amount_scope === 'project' || row.amount_scope === 'total' ? row.amount_scope : null },
    opens: row.opens,
    rate: row.rate,
    recurrence: row.recurrence === 'annual' || row.recurrence === 'rolling' ? row.recurrence : null,
    euFunds: JSON.parse(row.eu_funds) as string[],
    publishedAt: row.published_at,
  };
}

function contentOfItem(item: ItemFields): CallContent {
  const { canonicalUrl, title, titleKey, summary, body, regions, categories, deadlines, amount, opens, rate, recurrence, euFunds, publishedAt } = item;
  return { canonicalUrl, title, titleKey, summary, body, regions, categories, deadlines, amount, opens, rate, recurrence, euFunds, publishedAt };
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])];
}

/** An item of this call changed at its source: its new text and deadlines win, what it lost is kept. */
function applyEdit(db: Db, callId: number, item: IncomingCall, now: Date): boolean {
  return rewrite(db, callId, now, (old) => ({
    canonicalUrl: old.canonicalUrl ?? item.canonicalUrl,
    title: item.title || old.title,
    titleKey: item.title ? item.titleKey : old.titleKey,
    summary: item.summary || old.summary,
    body: item.body || old.body,
    regions: union(old.regions, item.regions),
    categories: union(old.categories, item.categories),
    deadlines: item.deadlines.length > 0 ? item.deadlines : old.deadlines,
    amount: item.amount ?? old.amount,
    // What the item's text now says about them: the text changed, so what it read before may be gone.
    opens: item.opens,
    rate: item.rate,
    recurrence: item.recurrence,
    euFunds: item.euFunds,
    publishedAt: item.publishedAt ?? old.publishedAt,
  }));
}

/** Another source carries a call already stored: it only fills what the call lacks. */
function applyMerge(db: Db, callId: number, item: IncomingCall, now: Date): boolean {
  return rewrite(db, callId, now, (old) => ({
    ...old,
    canonicalUrl: old.canonicalUrl ?? item.canonicalUrl,
    summary: old.summary || item.summary,
    body: item.body.length > old.body.length ? item.body : old.body,
    regions: union(old.regions, item.regions),
    categories: union(old.categories, item.categories),
    deadlines: old.deadlines.length > 0 ? old.deadlines : item.deadlines,
    amount: old.amount ?? item.amount,
    opens: old.opens ?? item.opens,
    rate: old.rate ?? item.rate,
    recurrence: old.recurrence ?? item.recurrence,
    euFunds: [...new Set([...old.euFunds, ...item.euFunds])],
    publishedAt: old.publishedAt ?? item.publishedAt,
  }));
}

/** Writes the call's new content when it differs; true when something changed. */
function rewrite(db: Db, callId: number, now: Date, next: (old: CallContent) => CallContent): boolean {
  const row = sql(db, 'SELECT * FROM calls WHERE id = ?').get(callId) as (StoredCall & { title_key: string }) | undefined;
  if (!row) return false;
  const old = contentOf(row);
  const content = next(old);
  if (content.canonicalUrl !== old.canonicalUrl && content.canonicalUrl !== null && urlTakenByOther(db, content.canonicalUrl, callId)) {
    content.canonicalUrl = old.canonicalUrl;
  }
  const contentHash = hash(content);
  if (contentHash === row.content_hash || JSON.stringify(content) === JSON.stringify(old)) {
    if (contentHash !== row.content_hash) sql(db, 'UPDATE calls SET content_hash = ? WHERE id = ?').run(contentHash, callId);
    return false;
  }
  const at = now.toISOString();
  const today = at.slice(0, 10);
  sql(
    db,
    `UPDATE calls SET canonical_url = ?, title = ?, title_key = ?, summary = ?, body = ?, regions = ?, categories = ?,
            deadlines = ?, next_deadline = ?, amount_min = ?, amount_max = ?, amount_currency = ?, amount_scope = ?,
            opens = ?, rate = ?, recurrence = ?, eu_funds = ?, extraction_version = ?,
            published_at = ?, status = ?, content_hash = ?, updated_at = ?
      WHERE id = ?`,
  ).run(
    content.canonicalUrl, content.title, content.titleKey, content.summary, content.body,
    JSON.stringify(content.regions), JSON.stringify(content.categories), JSON.stringify(content.deadlines),
    nextDeadline(content.deadlines, today), content.amount?.min ?? null, content.amount?.max ?? null,
    content.amount ? content.amount.currency : null, content.amount?.scope ?? null, content.opens, content.rate,
    content.recurrence, JSON.stringify(content.euFunds), EXTRACTION_VERSION, content.publishedAt,
    statusFor(content.deadlines, today), contentHash, at, callId,
  );
  return true;
}

function urlTakenByOther(db: Db, url: string, callId: number): boolean {
  return sql(db, 'SELECT 1 FROM calls WHERE canonical_url = ? AND id <> ?').get(url, callId) !== undefined;
}

/**
 * Moves each open call's next deadline forward as days pass, and closes the calls whose deadlines have all
 * passed. Returns the ids of the calls closed or changed.
 */
export function closePastCalls(db: Db, now: Date): number[] {
  const at = now.toISOString();
  const today = at.slice(0, 10);
  const changed: number[] = [];
  const run = db.transaction(() => {
    const rows = sql(db, `SELECT id, deadlines FROM calls WHERE status = 'open' AND next_deadline IS NOT NULL AND next_deadline < ?`)
      .all(today) as { id: number; deadlines: string }[];
    for (const row of rows) {
      const deadlines = JSON.parse(row.deadlines) as string[];
      sql(db, 'UPDATE calls SET next_deadline = ?, status = ?, updated_at = ? WHERE id = ?').run(
        nextDeadline(deadlines, today), statusFor(deadlines, today), at, row.id,
      );
      changed.push(row.id);
    }
  });
  run();
  return changed;
}

/**
 * Reads again, with the current rules, the stored text of every call an older extraction read (extraction_version
 * below EXTRACTION_VERSION: calls stored before migration 012, or before a change of rules). It fills the opening
 * date, rate, recurrence and European funds, and the amount's scope when the text gives the stored amount. Deadlines
 * and amounts are kept as stored: they may have come from a structured field (an API's, a listing's selector) that
 * the stored text does not hold. Runs at the start of each fetch, in batches of one transaction each; returns how
 * many calls were read again.
 */
export function refreshExtraction(db: Db, batchSize = 500): number {
  let done = 0;
  for (;;) {
    const rows = sql(
      db,
      `SELECT id, title, summary, body, published_at, amount_min, amount_max, amount_scope FROM calls
        WHERE extraction_version < ? ORDER BY id LIMIT ?`,
    ).all(EXTRACTION_VERSION, batchSize) as Array<{
      id: number;
      title: string;
      summary: string;
      body: string;
      published_at: string | null;
      amount_min: number | null;
      amount_max: number | null;
      amount_scope: string | null;
    }>;
    if (rows.length === 0) return done;
    db.transaction(() => {
      for (const row of rows) {
        const text = [row.title, row.summary, row.body].filter((p) => p !== '').join('\n\n');
        const found = extract(text, row.published_at?.slice(0, 10));
        const sameAmount = found.amount !== null && found.amount.min === row.amount_min && found.amount.max === row.amount_max;
        const scope = row.amount_scope ?? (sameAmount ? found.amount!.scope : null);
        sql(db, `UPDATE calls SET opens = ?, rate = ?, recurrence = ?, eu_funds = ?, amount_scope = ?, extraction_version = ? WHERE id = ?`).run(
          found.opens, found.rate, found.recurrence, JSON.stringify(found.euFunds), scope, EXTRACTION_VERSION, row.id,
        );
      }
    })();
    done += rows.length;
  }
}
