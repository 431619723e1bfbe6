// The member's Atom feed as a French page, for a browser that opens the feed's link: the same calls and the same
// entry text as the feed, inside the public pages' layout. Pure: data in, HTML out.
import { renderTemplatePage } from '../pages/layout.js';
import { frenchSpaces } from '../typography.js';
import { entryHtml, type AtomOptions } from './atom.js';
import { dayIn, frenchDay } from './format.js';
import { callLink, type MemberCall } from './items.js';

/** The feed itself, relative to the page (same path): `?format=atom` answers Atom whatever the Accept header says. */
export const FEED_AS_ATOM = 'feed.atom?format=atom';

export interface FeedPageOptions extends Pick<AtomOptions, 'notRelevantUrl' | 'interestedUrl'> {
  /** The time zone the « Ajouté le » days are in. */
  timeZone: string;
}

function countText(count: number): string {
  return count > 1 ? `${count} appels correspondent à vos profils` : '1 appel correspond à vos profils';
}

/** `items` newest match first, as memberCalls returns them. */
export function renderFeedPage(items: MemberCall[], options: FeedPageOptions): string {
  const calls = items.map((item) => ({
    title: frenchSpaces(item.call.title),
    link: callLink(item.call),
    added: frenchDay(dayIn(options.timeZone, new Date(item.firstMatchedAt))),
    html: entryHtml(item, options),
  }));
  // A reader given the page's address finds the feed through this link (feed discovery), as Atom whatever it accepts.
  const head = `<link rel="alternate" type="application/atom+xml" title="Mes appels à projets" href="${FEED_AS_ATOM}">`;
  return renderTemplatePage('feed-page.html', { calls, count: countText(calls.length) }, { title: 'Mes appels à projets', head });
}

/**
 * Whether the client would rather have a page than a feed: a browser's navigation asks for text/html first, a feed
 * reader asks for Atom or XML (or anything). Browsers get the page (Chromium would show application/atom+xml as
 * plain text, Firefox would offer to download it). `format=atom` in the query always gets the feed.
 */
export function prefersPage(accept: string | undefined, format?: unknown): boolean {
  if (!accept || format === 'atom') return false;
  const quality = new Map<string, number>();
  for (const range of accept.toLowerCase().split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim());
    const q = params.find((p) => p.startsWith('q='));
    quality.set(type, q ? Number(q.slice(2)) || 0 : 1);
  }
  const of = (type: string): number => quality.get(type) ?? quality.get(`${type.split('/')[0]}/*`) ?? quality.get('*/*') ?? 0;
  return of('text/html') > of('application/atom+xml');
}
