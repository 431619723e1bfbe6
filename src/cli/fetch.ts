// `fundwatch fetch [--source ID]`: fetch now, score what arrived, and print one line per source.
import { fetchAndMatch } from '../jobs.js';
import { formatSummaryLine, type FetchSummary } from '../reader/ingest.js';
import { recordSourceSettings } from '../sources/state.js';
import { configOrExit, withContext } from './run.js';
import { findSource, loadOrExit } from './sources.js';

export interface FetchOutcome {
  /** 1 when what was asked could not be done: the named source, or every source tried, failed. */
  code: 0 | 1;
  /** One French line for stderr, or null when every source tried answered. */
  message: string | null;
}

const failed = (summary: FetchSummary): boolean => summary.status === 'error' || summary.status === 'gone';

/**
 * Whether a fetch run failed. A watch of a dozen sites always has one down for a while: one failing source among
 * others is reported (its line says `error`, stderr says which) but is not a failed run, or a cron wrapper would
 * cry every day; the failing ones also show in GET /api/sources and the staff report. Nothing gathered at all, or
 * the one source a staff member named failing, is a failure. Pure.
 */
export function fetchOutcome(summaries: readonly FetchSummary[], named: boolean): FetchOutcome {
  // The source a staff member named and that could not even be tried (its API key is missing): what was asked was not done.
  const [first] = summaries;
  if (named && summaries.length === 1 && first?.status === 'skipped') {
    return { code: 1, message: `la source « ${first.id} » n’a pas été relevée : ${first.error ?? 'ignorée'}` };
  }
  const tried = summaries.filter((summary) => summary.status !== 'skipped');
  const failures = tried.filter(failed);
  if (failures.length === 0) return { code: 0, message: null };
  if (failures.length === 1 && (named || tried.length === 1)) {
    const [only] = failures as [FetchSummary];
    return { code: 1, message: `la source « ${only.id} » n’a pas pu être relevée : ${only.error ?? only.status}` };
  }
  const ids = failures.map((summary) => summary.id).join(', ');
  // A source that failed after some pages still stored what it read (« error new=3 »): something was gathered.
  const gathered = tried.some((summary) => !failed(summary) || summary.new + summary.updated > 0);
  if (!gathered) {
    return { code: 1, message: `aucune des ${tried.length} sources n’a pu être relevée (${ids}) : vérifiez la connexion du serveur, puis les lignes ci-dessus` };
  }
  const many = failures.length > 1;
  const rest = failures.length === tried.length ? 'ce qui a été lu avant l’échec est enregistré' : 'les autres ont été relevées';
  return { code: 0, message: `${failures.length} source${many ? 's' : ''} sur ${tried.length} en échec (${ids}) ; ${rest}` };
}

export async function fetch(opts: { source?: string } = {}): Promise<void> {
  const config = configOrExit();
  const file = loadOrExit(config.feedsPath);
  // Naming one source is a staff request: fetch it even if disabled or waiting in backoff.
  const sources = opts.source === undefined ? file.sources.filter((s) => s.enabled) : [findSource(file, opts.source)];
  if (sources.length === 0) {
    process.stderr.write(`fundwatch: aucune source activée dans ${config.feedsPath} : rien à relever (mettez enabled: true sur une source)\n`);
    return;
  }
  const result = await withContext((ctx) => {
    // Every source's attribution and public flag, fetched now or not (a disabled source's calls stay stored).
    recordSourceSettings(ctx.db, file.sources);
    return fetchAndMatch(ctx, sources, { force: opts.source !== undefined });
  });
  for (const summary of result.summaries) process.stdout.write(`${formatSummaryLine(summary)}\n`);
  const outcome = fetchOutcome(result.summaries, opts.source !== undefined);
  if (outcome.message) process.stderr.write(`fundwatch: ${outcome.message}\n`);
  process.exitCode = outcome.code;
}
