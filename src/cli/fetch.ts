// `fundwatch fetch [--source ID]`: fetch now, score what arrived, and print one line per source.
import { fetchAndMatch } from '../jobs.js';
import { formatSummaryLine } from '../reader/ingest.js';
import { recordSourceSettings } from '../sources/state.js';
import { configOrExit, withContext } from './run.js';
import { findSource, loadOrExit } from './sources.js';

export async function fetch(opts: { source?: string } = {}): Promise<void> {
  const config = configOrExit();
  const file = loadOrExit(config.feedsPath);
  // Naming one source is a staff request: fetch it even if disabled or waiting in backoff.
  const sources = opts.source === undefined ? file.sources.filter((s) => s.enabled) : [findSource(file, opts.source)];
  const result = await withContext((ctx) => {
    // Every source's attribution and public flag, fetched now or not (a disabled source's calls stay stored).
    recordSourceSettings(ctx.db, file.sources);
    return fetchAndMatch(ctx, sources, { force: opts.source !== undefined });
  });
  for (const summary of result.summaries) process.stdout.write(`${formatSummaryLine(summary)}\n`);
}
