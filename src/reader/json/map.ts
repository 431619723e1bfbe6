// From an API's items to raw items: each field read by its paths or template, the first non-empty winning; dates
// as days in the network's time zone; rows repeated under one id (one per language) folded into the richest. Pure.
import type { RawItem } from '../items.js';
import { dayOf } from './dates.js';
import { renderTemplate, scalarText, valueAt } from './path.js';
import { FIELD_NAMES, type FieldName, type FieldReader, type JsonSpec } from './spec.js';

export interface MappedPage {
  items: RawItem[];
  /** Items left out for having no title or no link. */
  skipped: number;
  /** For each field, how many kept items it came out empty for. */
  empty: Record<FieldName, number>;
}

function read(readers: FieldReader[] | undefined, item: unknown, encode: boolean): unknown {
  for (const reader of readers ?? []) {
    const value = reader.kind === 'template' ? renderTemplate(reader.template, item, encode) : valueAt(item, reader.path);
    if (!isEmpty(value)) return value;
  }
  return undefined;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmpty);
  return false;
}

function labelled(spec: JsonSpec, field: FieldName, text: string | null): string | null {
  if (text === null) return null;
  return spec.labels[field]?.[text] ?? text;
}

function textOf(spec: JsonSpec, field: FieldName, item: unknown): string | null {
  return labelled(spec, field, scalarText(read(spec.fields[field], item, field === 'url')));
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(listOf);
  return value === undefined || value === null ? [] : [value];
}

/** The API's deadlines as days, and what could not be read as a date (free text, left to the extractor). */
function deadlinesOf(value: unknown, timeZone: string): { days: string[]; text: string | null } {
  const days: string[] = [];
  const texts: string[] = [];
  for (const one of listOf(value)) {
    const day = dayOf(one, timeZone);
    if (day !== null) days.push(day);
    else if (typeof one === 'string' && one.trim() !== '') texts.push(one.trim());
  }
  return { days: [...new Set(days)].sort(), text: texts.length > 0 ? texts.join(' ; ') : null };
}

function regionsOf(spec: JsonSpec, value: unknown): string[] {
  const names = listOf(value).flatMap((one) => {
    const text = scalarText(one);
    // Lists joined in one string: « a, b », « a|||b » (OpenDataSoft v1), « a; b ».
    return text === null ? [] : text.split(/\s*(?:\|\|\||;|,)\s*/).filter((t) => t !== '');
  });
  return [...new Set(names.map((name) => labelled(spec, 'regions', name)!))];
}

interface Mapped {
  key: string | null;
  item: RawItem;
  richness: number;
}

function mapOne(item: unknown, spec: JsonSpec, timeZone: string): Mapped | null {
  const title = textOf(spec, 'title', item);
  const id = textOf(spec, 'id', item);
  const link = textOf(spec, 'url', item);
  // A call nobody can open is no use to a member: an item without a title or a link is skipped (and counted).
  if (title === null || link === null) return null;
  const summary = textOf(spec, 'summary', item) ?? '';
  const { days, text } = deadlinesOf(read(spec.fields.deadline, item, false), timeZone);
  const opens = dayOf(scalarText(read(spec.fields.opens, item, false)), timeZone);
  const funderName = textOf(spec, 'funder_name', item);
  const regions = regionsOf(spec, read(spec.fields.regions, item, false));
  const raw: RawItem = {
    guid: id,
    link,
    title,
    summary,
    body: '',
    published: null,
    deadlineText: text,
    deadlines: days,
    opens,
    funderName,
    regions,
  };
  const filled = [link, summary || null, days[0] ?? text, opens, funderName, regions[0] ?? null].filter((v) => v !== null).length;
  return { key: id, item: raw, richness: filled * 1_000_000 + Math.min(summary.length, 999_999) };
}

function emptyCounts(): Record<FieldName, number> {
  return Object.fromEntries(FIELD_NAMES.map((name) => [name, 0])) as Record<FieldName, number>;
}

/** Items of all pages mapped, in the API's order, one per id (the richest row of an id wins, in the first's place). */
export function mapItems(items: unknown[], spec: JsonSpec, timeZone: string): MappedPage {
  const kept: Mapped[] = [];
  const byKey = new Map<string, number>();
  let skipped = 0;
  for (const item of items) {
    const mapped = mapOne(item, spec, timeZone);
    if (!mapped) {
      skipped += 1;
      continue;
    }
    const at = mapped.key === null ? undefined : byKey.get(mapped.key);
    if (at === undefined) {
      if (mapped.key !== null) byKey.set(mapped.key, kept.length);
      kept.push(mapped);
    } else if (mapped.richness > kept[at]!.richness) {
      kept[at] = mapped;
    }
  }
  const empty = emptyCounts();
  for (const { item } of kept) {
    if (item.guid === null) empty.id += 1;
    if (item.link === null) empty.url += 1;
    if (item.summary === '') empty.summary += 1;
    if ((item.deadlines?.length ?? 0) === 0 && item.deadlineText === null) empty.deadline += 1;
    if (item.opens == null) empty.opens += 1;
    if (item.funderName == null) empty.funder_name += 1;
    if ((item.regions?.length ?? 0) === 0) empty.regions += 1;
  }
  return { items: kept.map((k) => k.item), skipped, empty };
}
