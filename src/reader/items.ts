// From what a feed or a listing page gave to calls ready to store: plain text, identity, deadlines and amount. Pure.
import { hashed, type IncomingCall } from '../calls/store.js';
import type { SourceConfig } from '../sources/load.js';
import { readDates } from './extract/deadlines.js';
import { extract, type Extraction } from './extract/index.js';
import { itemKeys, titleKey } from './identity/keys.js';
import { canonicalUrl, resolveHttpUrl } from './identity/url.js';
import { htmlToLine, htmlToPlainText } from './text/plain.js';

/** An item as read from a source, before any cleaning. Text fields may hold HTML. */
export interface RawItem {
  guid: string | null;
  link: string | null;
  title: string;
  summary: string;
  body: string;
  /** ISO timestamp, when known. */
  published: string | null;
  /** What a listing's `deadline` selector matched. */
  deadlineText: string | null;
  /** Deadlines an API gives as dates (YYYY-MM-DD): they win over those found in the text. */
  deadlines?: string[];
  /** The day applications open, when an API gives it. */
  opens?: string | null;
  /** The funder's name, when the source says (an API's field). */
  funderName?: string | null;
  /** Regions the item itself names, added to its source's. */
  regions?: string[];
}

const MAX_TEXT = 50_000;
const UNTITLED_LENGTH = 120;

export function toIncomingCalls(raw: RawItem[], source: SourceConfig, baseUrl: string): IncomingCall[] {
  const cleaned = raw.flatMap((item) => {
    const clean = cleanItem(item, baseUrl);
    return clean ? [clean] : [];
  });
  const keys = itemKeys(cleaned.map((c) => ({ guid: c.guid, url: c.url, title: c.title })));
  return cleaned.map((c, index) => {
    const published = c.published?.slice(0, 10);
    const extracted = extractItem(c, published);
    // Dates in an API's own fields are the funder's: they win over dates read in the text, which still gives the
    // amount, the rate, the recurrence and the EU funds.
    const deadlines = c.deadlines.length > 0 ? c.deadlines : extracted.deadlines;
    const opens = c.opens ?? extracted.opens;
    const { amount, rate, recurrence, euFunds } = extracted;
    return hashed({
      itemKey: keys[index]!,
      url: c.url,
      canonicalUrl: canonicalUrl(c.url),
      title: c.title,
      titleKey: titleKey(c.title),
      summary: c.summary,
      body: c.body,
      funder: source.funder,
      ...(c.funderName ? { funderName: c.funderName } : {}),
      regions: c.regions.length > 0 ? [...new Set([...source.regions, ...c.regions])] : source.regions,
      categories: source.categories,
      deadlines,
      amount,
      opens,
      rate,
      recurrence,
      euFunds,
      publishedAt: c.published,
    });
  });
}

interface CleanItem {
  guid: string | null;
  url: string | null;
  title: string;
  summary: string;
  body: string;
  published: string | null;
  deadlineText: string | null;
  deadlines: string[];
  opens: string | null;
  funderName: string | null;
  regions: string[];
}

function cleanItem(item: RawItem, baseUrl: string): CleanItem | null {
  const summary = htmlToPlainText(item.summary).slice(0, MAX_TEXT);
  const body = htmlToPlainText(item.body).slice(0, MAX_TEXT);
  // RSS 2.0 allows items without a title: name them after the start of their text.
  const title = htmlToLine(item.title) || untitled(summary || body);
  if (title === '') return null;
  return {
    guid: item.guid,
    url: resolveHttpUrl(item.link, baseUrl),
    title,
    summary: summary === title ? '' : summary,
    body,
    published: item.published,
    deadlineText: item.deadlineText === null ? null : htmlToLine(item.deadlineText),
    deadlines: item.deadlines ?? [],
    opens: item.opens ?? null,
    funderName: item.funderName ? htmlToLine(item.funderName) || null : null,
    regions: item.regions ?? [],
  };
}

function untitled(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= UNTITLED_LENGTH ? line : `${line.slice(0, UNTITLED_LENGTH - 1).replace(/\s+\S*$/, '')}…`;
}

/**
 * What the item's text says, where a structured deadline (a listing's `deadline` selector) wins over the text's:
 * the text's deadlines are used only when the structure gives none. The structured field is labelled so the
 * extractor reads it as a deadline whatever its wording.
 */
function extractItem(item: CleanItem, published: string | undefined): Extraction {
  const text = [item.title, item.summary, item.body].filter((p) => p !== '').join('\n\n');
  const found = extract(text, published);
  if (!item.deadlineText) return found;
  const structured = readDates(`Date limite : ${item.deadlineText}`, published);
  if (structured.deadlines.length === 0) return found;
  return { ...found, deadlines: structured.deadlines, opens: found.opens ?? structured.opens };
}

const FRENCH_MONTHS = ['janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre'];

/** A listing's date text (`12/03/2026`, `12 mars 2026`, ISO) as an ISO timestamp; null when unreadable. */
export function parseListingDate(text: string | null): string | null {
  if (!text) return null;
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const numeric = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(folded);
  if (numeric) return isoDay(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const written = /(\d{1,2})(?:er)?\s+([a-z]+)\.?\s+(\d{4})/.exec(folded);
  if (written) {
    const word = written[2]!;
    const month = word.length >= 3 ? FRENCH_MONTHS.findIndex((m) => m.startsWith(word) || word === m) : -1;
    if (month >= 0) return isoDay(Number(written[3]), month + 1, Number(written[1]));
  }
  const iso = /\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?/.exec(text);
  const time = iso ? Date.parse(iso[0]) : NaN;
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function isoDay(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString();
}
