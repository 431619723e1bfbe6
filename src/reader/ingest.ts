// Ingestion, source by source: fetch → parse → extract → store, with fetch state, backoff and health recorded.
// Parsing and extraction run on worker threads (prepare/), storing on this thread, one transaction per source.
// One source failing never stops the others, and never removes a stored call.
import type { AppContext } from '../context.js';
import { closePastCalls, nextDeadline, refreshExtraction, storeSourceItems } from '../calls/store.js';
import type { Amount } from '../calls/types.js';
import type { SourceConfig } from '../sources/load.js';
import { ensureSourceRow,
  recordDeferral, recordFailure, recordGone, recordMissingKey, recordNotModified, recordSourceSettings, recordSuccess, type SourceStateRow } from '../sources/state.js';
import { FetchError } from './fetcher/errors.js';
import { defaultUserAgent, Fetcher, type FetcherOptions } from './fetcher/index.js';
import { inThreadPreparer, sharedPreparer, type Preparer } from './prepare/pool.js';
import type { JsonReadResult } from './json/read.js';
import { missingEnv, resolveSpec } from './json/spec.js';
import { readSource } from './read.js';

export type FetchStatus = 'ok' | 'not_modified' | 'error' | 'skipped' | 'gone';

export interface FetchSummary {
  id: string;
  status: FetchStatus;
  new: number;
  updated: number;
  unchanged: number;
  error: string | null;
}

export interface FetchResult {
  summaries: FetchSummary[];
  /** Calls inserted or changed (including those just closed), for incremental rescoring. */
  changedCallIds: number[];
}

export interface FetchSourcesOptions {
  now?: Date;
  /** Fetch even sources that are disabled, gone or waiting in backoff (a staff member asked for it). */
  force?: boolean;
  /** A fetcher to share, or options for the one built for this run (timeouts, caps, delays: tests shorten them). */
  fetcher?: Fetcher | Partial<FetcherOptions>;
  maxDetailPages?: number;
  /** Where items are parsed and extracted; by default the process's worker pool. */
  preparer?: Preparer;
}

export interface PreviewItem {
  title: string;
  url: string | null;
  /** The next deadline ahead, else the last one; null when none was found. */
  deadline: string | null;
  deadlines: string[];
  amount: Amount | null;
  summary: string;
}

const DEFAULT_MAX_DETAIL_PAGES = 50;

export function createFetcher(ctx: AppContext, options: Partial<FetcherOptions> = {}): Fetcher {
  return new Fetcher({ userAgent: defaultUserAgent(ctx.config.baseUrl), ...options });
}

function fetcherOf(ctx: AppContext, option: FetchSourcesOptions['fetcher']): Fetcher {
  return option instanceof Fetcher ? option : createFetcher(ctx, option);
}

/** Fetches the given sources concurrently (politeness is the fetcher's job), one summary per source. */
export async function fetchSources(ctx: AppContext, sources: SourceConfig[], options: FetchSourcesOptions = {}): Promise<FetchResult> {
  const now = options.now ?? new Date();
  const fetcher = fetcherOf(ctx, options.fetcher);
  const changed = new Set<number>();
  // Calls an older extraction read (stored before migration 012, or before a change of rules) are read again from
  // their stored text first; a feed answering 304 would otherwise leave them as they were.
  const reread = refreshExtraction(ctx.db);
  if (reread > 0) ctx.log.info({ calls: reread }, 'extraction: stored calls read again with the current rules');
  const summaries = await Promise.all(
    sources.map(async (source) => {
      const { summary, changedCallIds } = await fetchOne(ctx, fetcher, source, now, options);
      changedCallIds.forEach((id) => changed.add(id));
      return summary;
    }),
  );
  closePastCalls(ctx.db, now).forEach((id) => changed.add(id));
  return { summaries, changedCallIds: [...changed].sort((a, b) => a - b) };
}

interface SourceOutcome {
  summary: FetchSummary;
  changedCallIds: number[];
}

function summaryOf(id: string, status: FetchStatus, error: string | null = null): FetchSummary {
  return { id, status, new: 0, updated: 0, unchanged: 0, error };
}

/** Why a source is not fetched in this run, or null when it should be. */
function reasonToSkip(source: SourceConfig, row: SourceStateRow, now: Date, force: boolean): FetchSummary | null {
  if (force) return null;
  if (!source.enabled) return summaryOf(source.id, 'skipped', 'source désactivée dans feeds.yaml');
  if (row.gone_at !== null) return summaryOf(source.id, 'gone', row.last_error ?? 'source supprimée par le site (410 Gone)');
  if (row.next_attempt_at !== null && Date.parse(row.next_attempt_at) > now.getTime()) {
    return summaryOf(source.id, 'skipped', `en attente après ${row.consecutive_failures} échec(s), prochain essai ${row.next_attempt_at}`);
  }
  return null;
}

async function fetchOne(ctx: AppContext, fetcher: Fetcher, source: SourceConfig, now: Date, options: FetchSourcesOptions): Promise<SourceOutcome> {
  const { row, urlChanged } = ensureSourceRow(ctx.db, source.id, source.name, source.url, now);
  recordSourceSettings(ctx.db, [source]);
  if (urlChanged) ctx.log.info({ source: source.id, url: source.url }, 'source address changed in feeds.yaml: its fetch state starts afresh');
  const skipped = reasonToSkip(source, row, now, options.force ?? false) ?? missingKey(ctx, source, now);
  if (skipped) return { summary: skipped, changedCallIds: [] };
  try {
    const outcome = await readSource(fetcher, source, {
      etag: row.etag,
      lastModified: row.last_modified,
      ...(source.userAgent ? { userAgent: source.userAgent } : {}),
      maxDetailPages: options.maxDetailPages ?? DEFAULT_MAX_DETAIL_PAGES,
      log: ctx.log,
      timeZone: ctx.config.timeZone,
      env: sourceEnv(ctx),
    });
    if (outcome.notModified) {
      recordNotModified(ctx.db, source.id, now);
      return { summary: summaryOf(source.id, 'not_modified'), changedCallIds: [] };
    }
    const calls = await (options.preparer ?? sharedPreparer()).prepare({ content: outcome.content, source, url: outcome.url });
    const stored = storeSourceItems(ctx.db, source.id, calls, now);
    if (outcome.json) logJsonRead(ctx, source, outcome.json);
    const partial = outcome.json?.error ?? null;
    if (partial) {
      // Pages read before the failure are stored; the failure still counts, so staff see it and it is retried.
      recordFailure(ctx.db, source.id, now, partial.kind, partial.message, partial.retryAt);
      ctx.log.warn({ source: source.id, kind: partial.kind, url: partial.url, err: partial.message }, 'json source failed part-way: pages read are stored');
      const summary = { id: source.id, status: 'error' as const, new: stored.new, updated: stored.updated, unchanged: stored.unchanged, error: partial.message };
      return { summary, changedCallIds: stored.changedCallIds };
    }
    // Validators are saved only once the items are stored, so a failed run is not hidden by a later 304.
    recordSuccess(ctx.db, source.id, now, { etag: outcome.etag, lastModified: outcome.lastModified, itemsSeen: calls.length, newItems: stored.newItems });
    const summary = { id: source.id, status: 'ok' as const, new: stored.new, updated: stored.updated, unchanged: stored.unchanged, error: null };
    ctx.log.info({ source: source.id, ...summary }, 'source fetched');
    return { summary, changedCallIds: stored.changedCallIds };
  } catch (error) {
    return { summary: recordError(ctx, source, now, error), changedCallIds: [] };
  }
}

/** The environment json sources read their `${NAME}` values and keys from. */
export function sourceEnv(ctx: AppContext): Record<string, string | undefined> {
  return { ...ctx.config.sourceEnv, AIDES_TERRITOIRES_API_KEY: ctx.config.aidesTerritoiresApiKey ?? undefined };
}

/** A json source whose key is not set: skipped without a request, and said once (not at every run). */
function missingKey(ctx: AppContext, source: SourceConfig, now: Date): FetchSummary | null {
  if (source.type !== 'json') return null;
  const missing = missingEnv(resolveSpec(source.json ?? {}, source.url || undefined, sourceEnv(ctx)), sourceEnv(ctx));
  if (missing.length === 0) return null;
  const names = missing.join(', ');
  const message = `clé manquante : définissez ${names} dans l'environnement de fundwatch pour lire cette source (voir docs/guide-sources.md)`;
  if (recordMissingKey(ctx.db, source.id, now, message)) ctx.log.warn({ source: source.id, missing }, `source not read: ${names} not set`);
  return summaryOf(source.id, 'skipped', message);
}

/** What staff should know of a json read that went through: items skipped, notes on paging. */
function logJsonRead(ctx: AppContext, source: SourceConfig, read: JsonReadResult): void {
  if (read.skipped > 0) {
    ctx.log.warn({ source: source.id, skipped: read.skipped, received: read.received }, `${read.skipped} item(s) without a title or a link skipped`);
  }
  for (const note of read.notes) ctx.log.warn({ source: source.id, pages: read.pages }, note);
}

function recordError(ctx: AppContext, source: SourceConfig, now: Date, error: unknown): FetchSummary {
  if (error instanceof FetchError && error.status === 410) {
    // Say how it comes back: a new address in feeds.yaml is read at the next run; the same one only when forced.
    const message = `${error.message} — corrigez l'adresse dans feeds.yaml (elle sera relue au prochain passage), ou, si le site la rétablit, relancez-la avec « fundwatch fetch --source ${source.id} »`;
    recordGone(ctx.db, source.id, now, message);
    ctx.log.warn({ source: source.id, url: error.url }, 'source gone (410): disabled until staff act');
    return summaryOf(source.id, 'gone', message);
  }
  if (error instanceof FetchError && error.kind === 'held' && error.retryAt) {
    recordDeferral(ctx.db, source.id, now, error.message, error.retryAt);
    ctx.log.info({ source: source.id, url: error.url, until: error.retryAt.toISOString() }, 'source deferred: its host asked to wait');
    return summaryOf(source.id, 'skipped', error.message);
  }
  if (error instanceof FetchError) {
    recordFailure(ctx.db, source.id, now, error.kind, error.message, error.retryAt);
    ctx.log.warn({ source: source.id, kind: error.kind, url: error.url, err: error.message }, 'source fetch failed');
    return summaryOf(source.id, 'error', error.message);
  }
  // A bug or an unexpected library failure: still one source's problem, recorded like the others.
  const message = `Erreur inattendue en lisant la source : ${error instanceof Error ? error.message : String(error)}`;
  ctx.log.error({ source: source.id, err: error }, 'unexpected error while fetching a source');
  recordFailure(ctx.db, source.id, now, 'parse_error', message, null);
  return summaryOf(source.id, 'error', message);
}

/** What a source would give now, read live and not stored: for staff trying selectors. Throws FetchError. */
export async function previewSource(ctx: AppContext, source: SourceConfig, options: { fetcher?: FetchSourcesOptions['fetcher']; now?: Date } = {}): Promise<PreviewItem[]> {
  return (await previewSourceReport(ctx, source, options)).items;
}

export interface PreviewReport {
  items: PreviewItem[];
  /** For a json source: pages read, items skipped, fields that came out empty, notes on paging. */
  json: JsonReadResult | null;
}

/** previewSource with what a json source's read says of its mapping (for `sources test`). Throws FetchError. */
export async function previewSourceReport(ctx: AppContext, source: SourceConfig, options: { fetcher?: FetchSourcesOptions['fetcher']; now?: Date } = {}): Promise<PreviewReport> {
  const fetcher = fetcherOf(ctx, options.fetcher);
  if (source.type === 'json') {
    const missing = missingEnv(resolveSpec(source.json ?? {}, source.url || undefined, sourceEnv(ctx)), sourceEnv(ctx));
    if (missing.length > 0) throw new FetchError('http_status', `clé manquante : définissez ${missing.join(', ')} pour lire la source ${source.id}`, source.url);
  }
  const outcome = await readSource(fetcher, source, {
    ...(source.userAgent ? { userAgent: source.userAgent } : {}),
    maxDetailPages: DEFAULT_MAX_DETAIL_PAGES,
    log: ctx.log,
    timeZone: ctx.config.timeZone,
    env: sourceEnv(ctx),
    firstPageOnly: true,
  });
  if (outcome.notModified) return { items: [], json: null };
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const calls = await inThreadPreparer.prepare({ content: outcome.content, source, url: outcome.url });
  const items = calls.map((call) => ({
    title: call.title,
    url: call.url,
    deadline: nextDeadline(call.deadlines, today),
    deadlines: call.deadlines,
    amount: call.amount,
    summary: call.summary,
  }));
  return { items, json: outcome.json ?? null };
}

/** The CLI line of one source: id, status, counts, and the error when there is one. */
export function formatSummaryLine(s: FetchSummary): string {
  const line = `${s.id} ${s.status} new=${s.new} updated=${s.updated} unchanged=${s.unchanged}`;
  return s.error ? `${line} error=${s.error}` : line;
}
