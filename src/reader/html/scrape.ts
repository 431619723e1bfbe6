// Listing pages scraped with a source's CSS selectors, and the full text of detail pages. Pure: HTML in, data out.
import * as cheerio from 'cheerio';
import type { SourceSelectors } from '../../sources/load.js';
import { resolveHttpUrl } from '../identity/url.js';

export interface ListingEntry {
  title: string;
  link: string | null;
  /** Inner HTML of the summary element, when a selector was given and matched. */
  summaryHtml: string;
  dateText: string | null;
  deadlineText: string | null;
}

type Selection = ReturnType<cheerio.CheerioAPI>;

/** Every item the `item` selector matches, with its fields; items without a title are dropped. */
export function scrapeListing(html: string, pageUrl: string, selectors: SourceSelectors): { matched: number; entries: ListingEntry[] } {
  const $ = cheerio.load(html);
  const base = baseUrlOf($, pageUrl);
  const items = $(selectors.item);
  const entries: ListingEntry[] = [];
  items.each((_, element) => {
    const item = $(element);
    const titleElement = pick(item, selectors.title);
    const title = titleElement.text();
    if (title.trim() === '') return;
    entries.push({
      title,
      link: linkOf(item, titleElement, selectors.link, base),
      summaryHtml: selectors.summary ? (pick(item, selectors.summary).html() ?? '') : '',
      dateText: optionalText(item, selectors.date),
      deadlineText: optionalText(item, selectors.deadline),
    });
  });
  return { matched: items.length, entries };
}

/** Inner HTML of what `selector` matches on a detail page (all matches joined); empty when nothing matches. */
export function scrapeDetail(html: string, selector: string): string {
  const $ = cheerio.load(html);
  return $(selector)
    .toArray()
    .map((element) => $(element).html() ?? '')
    .join('\n');
}

/** The item itself when it matches the selector (e.g. `item: a.card`, `link: a.card`), else its first descendant. */
function pick(item: Selection, selector: string): Selection {
  if (item.is(selector)) return item;
  return item.find(selector).first();
}

function optionalText(item: Selection, selector: string | undefined): string | null {
  if (!selector) return null;
  const text = pick(item, selector).text().trim();
  return text === '' ? null : text;
}

function linkOf(item: Selection, titleElement: Selection, selector: string, base: string): string | null {
  const element = pick(item, selector);
  const href = element.attr('href') ?? element.find('a[href]').first().attr('href') ?? titleElement.closest('a[href]').attr('href');
  return resolveHttpUrl(href, base);
}

/** `<base href>` when the page declares one, else the page's own URL. */
function baseUrlOf($: cheerio.CheerioAPI, pageUrl: string): string {
  return resolveHttpUrl($('base[href]').first().attr('href'), pageUrl) ?? pageUrl;
}
