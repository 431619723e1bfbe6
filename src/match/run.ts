// Matching runs: load calls and profiles, score them, store the matches. Three entry points:
// everything (`fundwatch match`), some calls (after a fetch), some profiles (after an edit: scoreProfiles then
// storeProfileScoring, which profile-pool.ts runs on a worker thread and this one).
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { getCalls, listOpenCalls } from '../calls/repository.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/connection.js';
import type { Logger } from '../log.js';
import { getProfile, listActiveProfiles } from '../members/store.js';
import type { Profile } from '../members/types.js';
import { projectRoot } from '../paths.js';
import { CallIndex, IndexedMatcher } from './index.js';
import {
  analyseCall,
  compileProfile,
  computeStats,
  isOpen,
  SCORER_VERSION,
  SECOND_CHANCES_PER_PROFILE,
  type AnalysedCall,
  type CompiledProfile,
  type CorpusStats,
  type MatchResult,
} from './score.js';
import { appliedWords, matchExpanding, sameWords, withExpansion, type ExpandingRun } from './expansion-pass.js';
import { saveExpansions, type Expansion } from './expansion-store.js';
import { loadProfileSignals, signalOptions, type ProfileSignals } from './signals.js';
import { loadCorpusStats, profileCuts, replaceMatches, saveCorpusStats, type StoredStats } from './store.js';
import { replaceSecondChances, secondChanceCuts } from './second-chances.js';
import { EMPTY_SYNONYMS, formatSynonymsIssue, readSynonymsFile, readVocabularyFile, SynonymsFileError, type SynonymTable } from './synonyms.js';

export interface MatchRunSummary {
  /** Active profiles scored. */
  profiles: number;
  /** Open calls scored. */
  calls: number;
  /** Matches stored by this run. */
  matches: number;
  /** Matches that no longer hold and were removed. */
  removed: number;
  /**
   * Profiles whose expansion words changed: rescored in the run itself by a full run; by an incremental run marked
   * due, for the rescoring that follows it (jobs.ts).
   */
  expansionsChanged?: number;
  durationMs: number;
}

/**
 * The thesaurus staff edit: FUNDWATCH_SYNONYMS, else the project's synonyms.yaml. Read at each use, as feeds.yaml's
 * path is, so a deployment can keep it beside feeds.yaml (a mounted folder) and edit it there.
 */
export function synonymsFile(): string {
  const configured = process.env.FUNDWATCH_SYNONYMS?.trim();
  return configured ? configured : join(projectRoot, 'synonyms.yaml');
}
/** The general vocabulary consulted for a keyword synonyms.yaml does not know (SynonymTable.fallback). */
export const VOCABULARY_FILE = join(projectRoot, 'vocabulary', 'eurovoc-fr.json');

let synonymsCache: { table: SynonymTable; stamp: string; fingerprint: string } | null = null;

/** What tells an edited synonyms.yaml (or vocabulary) from the one already read: modification time and size. */
function synonymsStamp(): string {
  return [synonymsFile(), VOCABULARY_FILE]
    .map((file) => {
      try {
        const stat = statSync(file);
        return `${stat.mtimeMs}:${stat.size}`;
      } catch {
        return 'missing';
      }
    })
    .join('|');
}

/**
 * synonyms.yaml, read again only when the file changed (one stat per run), so staff edits reach a running
 * service at its next run. A broken file must not stop matching: it is logged with every problem located, and
 * matching goes on without synonyms until staff fix it.
 */
export function projectSynonyms(log: Logger): SynonymTable {
  return projectThesaurus(log).table;
}

let thesaurusProblem: string | null = null;

/** Why the last reading of synonyms.yaml could not be used, in French (for `fundwatch match`); null when it was. */
export function lastThesaurusProblem(): string | null {
  return thesaurusProblem;
}

function errorText(error: unknown): string {
  if (error instanceof SynonymsFileError) return error.issues.slice(0, 3).map(formatSynonymsIssue).join(' ; ') + (error.issues.length > 3 ? ` ; et ${error.issues.length - 3} autre(s)` : '');
  return error instanceof Error ? error.message : String(error);
}

/**
 * projectSynonyms, with a fingerprint of the file it was read from: stored scores remember the thesaurus they were
 * computed with, so that a staff edit of synonyms.yaml rescores every match at the next run instead of reaching
 * only the calls fetched after it.
 */
export function projectThesaurus(log: Logger): { table: SynonymTable; fingerprint: string } {
  const stamp = synonymsStamp();
  if (synonymsCache && synonymsCache.stamp === stamp) return synonymsCache;
  thesaurusProblem = null;
  const hash = createHash('sha256');
  let table: SynonymTable;
  try {
    const read = readSynonymsFile(synonymsFile());
    table = read.table;
    hash.update(read.text);
  } catch (error) {
    // A staff edit gone wrong is said as `synonyms check` says it, without a stack trace; anything else is a fault.
    if (error instanceof SynonymsFileError) {
      log.error({ file: synonymsFile(), errors: error.issues.map(formatSynonymsIssue) }, 'synonyms.yaml invalid: matching without synonyms');
    } else {
      log.error({ err: error, file: synonymsFile() }, 'synonyms.yaml unreadable: matching without synonyms');
    }
    thesaurusProblem = `${synonymsFile()} est invalide : le rapprochement s’est fait sans thésaurus (${errorText(error)}) ; corrigez-le (fundwatch synonyms check)`;
    table = EMPTY_SYNONYMS;
    hash.update('none');
  }
  try {
    const vocabulary = readVocabularyFile(VOCABULARY_FILE);
    table = { ...table, fallback: vocabulary.vocabulary };
    hash.update('\0').update(vocabulary.text);
  } catch (error) {
    log.error({ err: error, file: VOCABULARY_FILE }, 'general vocabulary unreadable or invalid: matching without it');
  }
  synonymsCache = { table, stamp, fingerprint: hash.digest('hex').slice(0, 16) };
  return synonymsCache;
}

/** Forgets the cached synonyms (in tests). */
export function resetSynonymsCache(): void {
  synonymsCache = null;
}

/** YYYY-MM-DD of `now` in the configured time zone: a call due today is open all day in Paris. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * Matches kept per profile and run: the best ones. A member reads a weekly digest and a paginated list, never
 * thousands of calls; a profile broad enough to match more is better served by its best calls, and the cap keeps
 * a full run's writes bounded (5,000 profiles x 100) however broad profiles are.
 */
export const MAX_MATCHES_PER_PROFILE = 100;

/**
 * Every match of `profiles` over `calls` through the inverted index; with `limit`, each profile's best ones. With
 * `secondChances`, each profile's calls for « À regarder aussi » are pushed to it.
 */
export function matchWithIndex(
  calls: readonly AnalysedCall[],
  profiles: readonly CompiledProfile[],
  stats: CorpusStats,
  today: string,
  limit = Number.POSITIVE_INFINITY,
  cuts: ReadonlyMap<number, number> = new Map(),
  secondChances?: MatchResult[],
  nearCuts: ReadonlyMap<number, number> = new Map(),
): MatchResult[] {
  if (calls.length === 0) return [];
  const matcher = new IndexedMatcher(new CallIndex(calls, stats), today);
  return profiles.flatMap((profile) => matcher.matchProfile(profile, limit, cuts.get(profile.id), secondChances, nearCuts.get(profile.id)));
}

/**
 * `calls` against `profiles`, each with the expansion its strongest matches give (expansion-pass.ts), each
 * profile's best `limit`; second chances pushed to `secondChances`.
 */
export function matchWithExpansion(
  calls: readonly AnalysedCall[],
  profiles: readonly CompiledProfile[],
  stats: CorpusStats,
  today: string,
  secondChances?: MatchResult[],
  limit = MAX_MATCHES_PER_PROFILE,
): ExpandingRun {
  if (calls.length === 0) return { results: [], expansions: new Map(profiles.map((p) => [p.id, { words: [], strongest: [] }])), rescored: 0 };
  const byId = new Map(calls.map((a) => [a.call.id, a]));
  const matcher = new IndexedMatcher(new CallIndex(calls, stats), today);
  return matchExpanding(matcher, (id) => byId.get(id)!, profiles, stats, limit, secondChances);
}

function maxId(calls: readonly AnalysedCall[]): number {
  return calls.reduce((max, a) => Math.max(max, a.call.id), 0);
}

/**
 * How far the number of open calls may move from the statistics' snapshot before it is refreshed. Scores depend on
 * the corpus (rarity, average lengths); recounting them at every fetch made a member's scores drift as unrelated
 * calls arrived (79.3 one week, 69.5 the next for the same call), and scored each call with the statistics of
 * the day it arrived, so ranking depended on arrival order. The snapshot is kept until the corpus has really
 * changed, and then every stored score is refreshed with it in one full run.
 */
export const STATS_DRIFT = 0.2;

/** Open calls on `today`, counted without reading them. */
function countOpenCalls(db: Db, today: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM calls WHERE status = 'open' AND (next_deadline IS NULL OR next_deadline >= ?)`).get(today) as { n: number }).n;
}

/**
 * Whether a snapshot still describes a corpus of `openCalls` calls, and the scores stored with it are this scorer's
 * (SCORER_VERSION) with this `thesaurus` (projectThesaurus's fingerprint): after an upgrade that changed what scores
 * mean, or an edit of synonyms.yaml, the next run is a full one that refreshes them.
 */
export function statsStillValid(stored: StoredStats | null, openCalls: number, thesaurus: string): stored is StoredStats {
  if (!stored) return false;
  if ((stored.scorer ?? SCORER_VERSION) !== SCORER_VERSION) return false;
  if (stored.thesaurus !== thesaurus) return false;
  const base = Math.max(stored.stats.calls, 1);
  return Math.abs(openCalls - stored.stats.calls) <= STATS_DRIFT * base;
}

function fullStats(calls: readonly AnalysedCall[], now: Date, thesaurus: string): StoredStats {
  return { stats: computeStats(calls), maxCallId: maxId(calls), computedAt: now.toISOString(), scorer: SCORER_VERSION, thesaurus };
}

/**
 * Compiled profiles kept between runs of a long-lived process (serve scores every fetch against every profile).
 * Keyed by the synonym table, so a reloaded synonyms.yaml starts afresh, then by profile id; an entry is reused
 * only while the profile's stored definition is the one it was compiled from, so an edit (through the API, the
 * CLI or another process) is seen at the next run.
 */
const compiledCache = new WeakMap<SynonymTable, Map<number, { source: string; compiled: CompiledProfile }>>();

function cacheFor(synonyms: SynonymTable): Map<number, { source: string; compiled: CompiledProfile }> {
  let bySynonyms = compiledCache.get(synonyms);
  if (!bySynonyms) compiledCache.set(synonyms, (bySynonyms = new Map()));
  return bySynonyms;
}

function compileCached(profile: Profile, synonyms: SynonymTable, signals: ProfileSignals | undefined): CompiledProfile {
  const bySynonyms = cacheFor(synonyms);
  const { options, key } = signalOptions(signals);
  const source = JSON.stringify([profile.name, profile.keywords, profile.exclude, profile.categories, profile.regions, profile.minScore, profile.description, key]);
  const cached = bySynonyms.get(profile.id);
  if (cached && cached.source === source) return cached.compiled;
  const compiled = compileProfile(profile, synonyms, options);
  bySynonyms.set(profile.id, { source, compiled });
  return compiled;
}

/** Above this many profiles to compile anew, they are read in one query rather than one by one. */
const FEW_STALE = 20;

/**
 * listActiveProfiles' profiles, compiled through the cache keyed by their stored text: reading every column and
 * parsing four JSON ones of 5,000 profiles, to find them unchanged, cost 30-40 ms of a 450 ms incremental run.
 * Only profiles not compiled yet, or edited, are read in full. (listActiveProfiles' query, repeated here.)
 */
function activeCompiledProfiles(ctx: AppContext): CompiledProfile[] {
  return activeProfilesCompiling(ctx).profiles;
}

/**
 * activeCompiledProfiles, and a way to keep in the cache a profile a run scored with new expansion words, under
 * the source the next run will compute once those words are stored (else that run would compile thousands of
 * profiles again after a full run that changed their words).
 */
function activeProfilesCompiling(ctx: AppContext): { profiles: CompiledProfile[]; remember: (profile: CompiledProfile, words: readonly string[]) => void } {
  const synonyms = projectSynonyms(ctx.log);
  const bySynonyms = cacheFor(synonyms);
  const rows = ctx.db
    .prepare(
      `SELECT p.id, p.name, p.keywords, p.exclude, p.categories, p.regions, p.min_score, p.description
         FROM profiles p JOIN members m ON m.id = p.member_id WHERE m.status = 'active' ORDER BY p.id`,
    )
    .raw()
    .all() as [number, string, string, string, string, string, number | null, string][];
  // What a profile learnt (feedback, followed calls, expansion) is part of what it was compiled from.
  const signals = loadProfileSignals(ctx.db);
  const definitions = new Map(rows.map(([id, ...definition]) => [id, definition.join('\0')]));
  const sources = new Map(rows.map(([id]) => [id, `${definitions.get(id)}\0${signalOptions(signals.get(id)).key}`]));
  const stale = rows.map(([id]) => id).filter((id) => bySynonyms.get(id)?.source !== sources.get(id));
  if (stale.length > 0) {
    const wanted = new Set(stale);
    const profiles =
      stale.length > FEW_STALE ? listActiveProfiles(ctx.db).filter((p) => wanted.has(p.id)) : stale.flatMap((id) => getProfile(ctx.db, id) ?? []);
    // A profile edited between the two reads is compiled as it now is and recompiled at the next run.
    for (const profile of profiles) {
      bySynonyms.set(profile.id, { source: sources.get(profile.id)!, compiled: compileProfile(profile, synonyms, signalOptions(signals.get(profile.id)).options) });
    }
  }
  // One deleted or deactivated between the two reads is left out.
  const profiles = rows.flatMap(([id]) => {
    const cached = bySynonyms.get(id);
    return cached && cached.source === sources.get(id) ? [cached.compiled] : [];
  });
  const remember = (profile: CompiledProfile, words: readonly string[]): void => {
    const learnt = signals.get(profile.id);
    const key = !learnt && words.length === 0 ? '' : signalOptions({ rejections: new Map(), endorsements: new Map(), ...learnt, expansion: [...words] }).key;
    bySynonyms.set(profile.id, { source: `${definitions.get(profile.id)}\0${key}`, compiled: withExpansion(profile, words) });
  };
  return { profiles, remember };
}

/** Rescores every open call against every active profile; matches of closed calls and inactive profiles go. */
export function matchAll(ctx: AppContext, now: Date = new Date()): MatchRunSummary {
  const started = performance.now();
  const today = todayIn(ctx.config.timeZone, now);
  const calls = listOpenCalls(ctx.db, today).map(analyseCall);
  const { profiles, remember } = activeProfilesCompiling(ctx);
  // A plain `fundwatch match` on a corpus that has not really changed keeps the snapshot: scores do not move.
  const kept = loadCorpusStats(ctx.db);
  const thesaurus = projectThesaurus(ctx.log).fingerprint;
  const stored = statsStillValid(kept, calls.length, thesaurus) ? kept : fullStats(calls, now, thesaurus);
  const near: MatchResult[] = [];
  const run = matchWithExpansion(calls, profiles, stored.stats, today, near, MAX_MATCHES_PER_PROFILE);
  // One transaction: scores never sit beside statistics or expansion words other than those they were computed with.
  const written = replaceMatches(ctx.db, { kind: 'all' }, run.results, now, {
    alsoWrite: () => {
      replaceSecondChances(ctx.db, { kind: 'all' }, near, now);
      saveExpansions(ctx.db, run.expansions, now);
      if (stored !== kept) saveCorpusStats(ctx.db, stored);
    },
  });
  for (const profile of profiles) {
    const words = run.expansions.get(profile.id)?.words ?? [];
    if (!sameWords(words, appliedWords(profile))) remember(profile, words);
  }
  const summary = {
    profiles: profiles.length,
    calls: calls.length,
    matches: written.written,
    removed: written.removed,
    expansionsChanged: run.rescored,
    durationMs: Math.round(performance.now() - started),
  };
  ctx.log.info(summary, 'match: full run');
  return summary;
}

/** Scores new or changed calls against every active profile; the other calls' matches are left alone. */
export function matchCalls(ctx: AppContext, callIds: number[], now: Date = new Date()): MatchRunSummary {
  const started = performance.now();
  const today = todayIn(ctx.config.timeZone, now);
  const ids = [...new Set(callIds)];
  // Calls that closed or vanished are in the scope too: their old matches are removed.
  const calls = getCalls(ctx.db, ids).filter((call) => isOpen(call, today)).map(analyseCall);
  const stored = calls.length > 0 ? loadCorpusStats(ctx.db) : null;
  // The corpus moved too far from the snapshot (or there is none): everything is rescored with fresh statistics.
  const thesaurus = projectThesaurus(ctx.log).fingerprint;
  if (calls.length > 0 && !statsStillValid(stored, countOpenCalls(ctx.db, today), thesaurus)) return matchAll(ctx, now);
  const profiles = activeCompiledProfiles(ctx);
  const stats = stored ? stored.stats : computeStats([]);
  // A new call joins a profile already holding MAX_MATCHES_PER_PROFILE matches only if it beats the one ranked
  // last of those: good new calls always reach members, and a full run trims profiles back to the cap. (A call
  // that drops out leaves room that only the next full run fills with an older call.)
  const cuts = calls.length > 0 ? profileCuts(ctx.db, profiles.map((p) => p.id), MAX_MATCHES_PER_PROFILE, ids) : new Map<number, number>();
  const near: MatchResult[] = [];
  // Likewise a second chance gets in only by beating the profile's weakest kept one.
  const nearCuts = calls.length > 0 ? secondChanceCuts(ctx.db, SECOND_CHANCES_PER_PROFILE, ids) : new Map<number, number>();
  // Profiles keep the expansion words stored with their scores (activeCompiledProfiles): like the corpus
  // statistics, they are read again by the run that refreshes every stored score (a full run, or a profile's
  // rescoring), never by the calls of one fetch, so that scores do not move as unrelated calls arrive.
  const results = matchWithIndex(calls, profiles, stats, today, MAX_MATCHES_PER_PROFILE, cuts, near, nearCuts);
  // A new call that beats a profile's weakest second chance replaces it (replaceSecondChances trims).
  const written = replaceMatches(ctx.db, { kind: 'calls', callIds: ids }, results, now, {
    alsoWrite: () => replaceSecondChances(ctx.db, { kind: 'calls', callIds: ids }, near, now),
  });
  const summary = {
    profiles: profiles.length,
    calls: calls.length,
    matches: written.written,
    removed: written.removed,
    durationMs: Math.round(performance.now() - started),
  };
  ctx.log.debug(summary, 'match: calls');
  return summary;
}

/** What scoring some profiles against every open call found, before anything is written. */
export interface ProfileScoring {
  /** The profiles scored: those that exist and belong to an active member. */
  active: number[];
  /** Open calls scored. */
  calls: number;
  results: MatchResult[];
  /** Calls for « À regarder aussi » (second_chances). */
  secondChances: MatchResult[];
  /** The corpus statistics the scores were computed with, to store beside them; null when nothing was scored. */
  stats: StoredStats | null;
  /** Each profile's expansion, as its scores used it. */
  expansions: Map<number, Expansion>;
}

/**
 * Scores new or edited profiles against every open call, reading only: the open calls are analysed once for all of
 * them. At 20,000 open calls that takes 1.5-2 s, so the API runs it on a worker thread (profile-pool.ts).
 */
export function scoreProfiles(db: Db, log: Logger, profileIds: readonly number[], today: string, now: Date): ProfileScoring {
  const profiles = activeProfiles(db, profileIds);
  const calls = profiles.length > 0 ? listOpenCalls(db, today).map(analyseCall) : [];
  if (calls.length === 0) {
    return { active: profiles.map((p) => p.id), calls: 0, results: [], secondChances: [], stats: null, expansions: new Map(profiles.map((p) => [p.id, { words: [], strongest: [] }])) };
  }
  // An edited profile is scored with the statistics every stored score was computed with, so that adding a keyword
  // can only add evidence: recounting here moved its other matches (41.2 to under 40) for reasons of its own.
  const kept = loadCorpusStats(db);
  const { table: synonyms, fingerprint } = projectThesaurus(log);
  const valid = statsStillValid(kept, calls.length, fingerprint);
  const stats = valid ? kept : fullStats(calls, now, fingerprint);
  const signals = loadProfileSignals(db, profiles.map((p) => p.id));
  const compiled = profiles.map((profile) => compileCached(profile, synonyms, signals.get(profile.id)));
  const secondChances: MatchResult[] = [];
  const run = matchWithExpansion(calls, compiled, stats.stats, today, secondChances);
  // Fresh statistics are stored only where none were: replacing a snapshot is a full run's job, which rescores
  // every profile with it (the next fetch's run sees the drift and does it).
  return { active: profiles.map((p) => p.id), calls: calls.length, results: run.results, secondChances, stats: valid || kept === null ? stats : null, expansions: run.expansions };
}

/**
 * Writes what scoreProfiles found, statistics and every profile's matches in one transaction. A profile deleted, or
 * whose member left, since it was scored loses its matches instead of getting them.
 */
export function storeProfileScoring(db: Db, profileIds: readonly number[], scoring: ProfileScoring, now: Date): Omit<MatchRunSummary, 'durationMs'> {
  const byProfile = new Map<number, MatchResult[]>(profileIds.map((id) => [id, []]));
  for (const result of scoring.results) byProfile.get(result.profileId)?.push(result);
  const nearByProfile = new Map<number, MatchResult[]>(profileIds.map((id) => [id, []]));
  for (const result of scoring.secondChances ?? []) nearByProfile.get(result.profileId)?.push(result);
  return db.transaction(() => {
    if (scoring.stats) saveCorpusStats(db, scoring.stats);
    const stillActive = new Set(activeProfiles(db, profileIds).map((p) => p.id));
    saveExpansions(db, new Map([...(scoring.expansions ?? [])].filter(([id]) => stillActive.has(id))), now);
    let matches = 0;
    let removed = 0;
    for (const [profileId, results] of byProfile) {
      const written = replaceMatches(db, { kind: 'profile', profileId }, stillActive.has(profileId) ? results : [], now);
      replaceSecondChances(db, { kind: 'profile', profileId }, stillActive.has(profileId) ? nearByProfile.get(profileId)! : [], now);
      matches += written.written;
      removed += written.removed;
    }
    return { profiles: scoring.active.length, calls: scoring.calls, matches, removed };
  }).immediate();
}

/** Those of the profiles that exist and belong to an active member. */
export function activeProfiles(db: Db, profileIds: readonly number[]): Profile[] {
  return profileIds.flatMap((id) => {
    const profile = getProfile(db, id);
    return profile !== null && isMemberActive(db, profile.memberId) ? [profile] : [];
  });
}

function isMemberActive(db: Db, memberId: number): boolean {
  const row = db.prepare('SELECT status FROM members WHERE id = ?').get(memberId) as { status: string } | undefined;
  return row?.status === 'active';
}
