// From what a source gave to calls ready to store: the feed parsed, then every item cleaned, identified and its
// deadlines and amount extracted. Pure CPU work with no I/O, so it can run on a worker thread (see pool.ts).
import type { IncomingCall } from '../../calls/store.js';
import type { SourceConfig } from '../../sources/load.js';
import { toIncomingCalls, type RawItem } from '../items.js';
import type { SourceContent } from '../read.js';
import { parseFeed, type FeedEntry } from '../rss/parse.js';

export interface PrepareTask {
  content: SourceContent;
  source: SourceConfig;
  /** The URL the content was read from (after redirects): relative links resolve against it. */
  url: string;
}

/** Throws FetchError (not_a_feed, parse_error) when a feed cannot be read. */
export async function prepareCalls(task: PrepareTask): Promise<IncomingCall[]> {
  const raw = task.content.kind === 'feed' ? (await parseFeed(task.content.text, task.url)).entries.map(rawItemOf) : task.content.items;
  return toIncomingCalls(raw, task.source, task.url);
}

function rawItemOf(entry: FeedEntry): RawItem {
  return {
    guid: entry.guid,
    link: entry.link,
    title: entry.title,
    summary: entry.content,
    body: '',
    published: entry.published,
    deadlineText: null,
  };
}
