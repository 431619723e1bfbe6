// Reloading feeds.yaml when staff edit it: a valid file replaces the sources, an invalid one is refused with its
// errors logged and the previous sources kept running.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { formatIssue, loadSourcesFile, SourcesFileError, type SourceConfig } from './load.js';

export interface WatchOptions {
  /** Editors write in several steps (truncate, write, rename): wait for quiet before reading. */
  debounceMs?: number;
}

export function watchSourcesFile(
  path: string,
  onChange: (sources: SourceConfig[]) => void,
  log: Logger,
  options: WatchOptions = {},
): () => void {
  const file = resolve(path);
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | null = null;
  let lastText: string | null = null;
  // Set by a refusal: the next valid file is news for staff even when it holds the very sources kept running.
  let refused = false;

  const reload = (): void => {
    timer = null;
    try {
      const { sources } = loadSourcesFile(file);
      const signature = JSON.stringify(sources);
      const wasRefused = refused;
      refused = false;
      if (signature === lastText) {
        if (wasRefused) log.info({ file, sources: sources.length }, 'feeds.yaml accepted again: corrected, same sources as before the refusal');
        return;
      }
      lastText = signature;
      log.info({ file, sources: sources.length }, wasRefused ? 'feeds.yaml accepted again: corrected, sources reloaded' : 'feeds.yaml reloaded');
      onChange(sources);
    } catch (error) {
      refused = true;
      if (error instanceof SourcesFileError) {
        log.error({ file, errors: error.errors.map(formatIssue) }, 'feeds.yaml refused: previous sources kept');
      } else {
        log.error({ file, err: error }, 'feeds.yaml reload failed: previous sources kept');
      }
    }
  };

  // Watch the folder, not the file: editors that save by renaming replace the inode a file watcher holds.
  const watcher: FSWatcher = watch(dirname(file), (_event, name) => {
    if (name !== null && name.toString() !== basename(file)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  });
  watcher.on('error', (error) => log.error({ file, err: error }, 'cannot watch feeds.yaml any more'));
  try {
    lastText = JSON.stringify(loadSourcesFile(file).sources);
  } catch {
    // The caller refused the file at start (and said so); the first valid edit is applied, and said to be accepted.
    refused = true;
  }

  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
