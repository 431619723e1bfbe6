// `fundwatch extract`: reads a call's text on stdin, prints what the extraction reads in it as one JSON line.
import type { Readable } from 'node:stream';
import { parseIsoDate, toIso } from '../reader/extract/calendar.js';
import { extract as extractCall } from '../reader/extract/index.js';
import { configOrExit, fail } from './run.js';

/** The command's JSON, keys in the interface's order. */
export interface ExtractOutput {
  deadlines: string[];
  amount: { min: number | null; max: number | null; currency: 'EUR'; scope: 'project' | 'total' | null };
  opens: string | null;
  rate: number | null;
  recurrence: 'annual' | 'rolling' | null;
  eu_funds: string[];
}

/** The command's answer for `text` as an object; when no sum is found the amount is all null, in euros. */
export function extractionOutput(text: string, published: string): ExtractOutput {
  const found = extractCall(text, published);
  return {
    deadlines: found.deadlines,
    amount: found.amount ?? { min: null, max: null, currency: 'EUR', scope: null },
    opens: found.opens,
    rate: found.rate,
    recurrence: found.recurrence,
    eu_funds: found.euFunds,
  };
}

/** The command's answer for `text`, as the line it prints. */
export function formatExtraction(text: string, published: string): string {
  return JSON.stringify(extractionOutput(text, published));
}

/** Checks --published: YYYY-MM-DD or an ISO timestamp; returns its YYYY-MM-DD. */
export function parsePublished(value: string): string {
  const date = parseIsoDate(value);
  if (date === null) throw new Error(`--published : « ${value} » n'est pas une date valide (format attendu : AAAA-MM-JJ)`);
  return toIso(date);
}

/** Today's date where the members are: a call read today was, at the latest, published today. */
export function todayIn(timeZone: string, now: Date): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Without --published, dates written without a year are completed from today's date in
 * FUNDWATCH_TZ (the extraction functions themselves never read the clock).
 */
export async function extract(opts: { published?: string }): Promise<void> {
  try {
    const published = opts.published === undefined ? todayIn(configOrExit().timeZone, new Date()) : parsePublished(opts.published);
    const text = await readAll(process.stdin);
    process.stdout.write(`${formatExtraction(text, published)}\n`);
  } catch (error) {
    fail(error);
  }
}
