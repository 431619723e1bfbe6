// From an API's items to raw items: each field read by its paths or template, the first non-empty winning; dates
// as days in the network's time zone; rows repeated under one id (one per language) folded into the richest. Pure.
//
// A source maps thousands of items with the same few paths, so its readers are compiled once per spec (getters
// specialised by path length, templates with their placeholders compiled) and pages are folded as they come,
// which lets each page's parsed JSON die young instead of piling up until the last page.
import type { RawItem } from '../items.js';
import { dayReader } from './dates.js';
import { compileGetter, compileTemplate, compileTextGetter, compileValueGetter, scalarText, type Template } from './path.js';
import { FIELD_NAMES, type FieldName, type FieldReader, type JsonSpec } from './spec.js';

export interface MappedPage {
  items: RawItem[];
  /** Items left out for having no title or no link. */
  skipped: number;
  /** For each field, how many kept items it came out empty for. */
  empty: Record<FieldName, number>;
}

/** The first non-empty value a field's readers find in an item, or undefined. */
type ValueReader = (item: unknown) => unknown;
/** A field as text (trimmed, labelled), or null. */
type TextReader = (item: unknown) => string | null;

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmpty);
  return false;
}

function compileReaders(readers: FieldReader[] | undefined, encode: boolean): ((item: unknown) => unknown)[] {
  return (readers ?? []).map((reader) => (reader.kind === 'template' ? compileTemplate(reader.template, encode) : compileGetter(reader.path)));
}

function valueReader(readers: FieldReader[] | undefined): ValueReader {
  const compiled = compileReaders(readers, false);
  if (compiled.length === 0) return () => undefined;
  // One path, as most date fields are: one function of its own (see compileTextGetter).
  if (readers?.length === 1 && readers[0]!.kind === 'path') return compileValueGetter(readers[0]!.path, isEmpty);
  return (item) => {
    for (const read of compiled) {
      const value = read(item);
      if (!isEmpty(value)) return value;
    }
    return undefined;
  };
}

/** A value that is not a string as a field's text: null when empty, else its scalar text. */
function nonStringText(value: unknown): string | null {
  return isEmpty(value) ? null : scalarText(value);
}

/** Whether a template's own text starts or ends with what trim() removes (`\s` is that set). */
function edgeSpaces(template: Template): boolean {
  const first = template.parts[0];
  const last = template.parts[template.parts.length - 1];
  return (typeof first === 'string' && /^\s/.test(first)) || (typeof last === 'string' && /\s$/.test(last));
}

/** A field's text: the scalar text of its first non-empty value, then its label when the source gives one. */
function textReader(spec: JsonSpec, field: FieldName): TextReader {
  const compiled = compileReaders(spec.fields[field], field === 'url');
  const labels = spec.labels[field];
  const textOf = (value: unknown): string | null => {
    // Most values are plain strings: trimmed once, instead of once to test emptiness and again to use them.
    if (typeof value === 'string') {
      const text = value.trim();
      return text === '' ? null : text;
    }
    return isEmpty(value) ? null : scalarText(value);
  };
  const labelled = labels ? (text: string | null): string | null => (text !== null && Object.hasOwn(labels, text) ? labels[text]! : text) : null;
  const readers = spec.fields[field] ?? [];
  // One path and no labels, as most fields are: the path and the trimming compiled together (see compileTextGetter).
  if (readers.length === 1 && readers[0]!.kind === 'path' && !labelled) return compileTextGetter(readers[0]!.path, nonStringText);
  // One template and no labels: its placeholders' values are trimmed texts, so only its own text could bring spaces
  // at either end; a template without them is its own text (null when a placeholder is empty).
  if (readers.length === 1 && readers[0]!.kind === 'template' && !labelled && !edgeSpaces(readers[0]!.template)) {
    return compiled[0]! as TextReader;
  }
  // One reader and no labels: no loop, no label call.
  if (compiled.length === 1 && !labelled) {
    const read = compiled[0]!;
    return (item) => textOf(read(item));
  }
  return (item) => {
    for (const read of compiled) {
      const value = read(item);
      const text = textOf(value);
      // An empty value falls back to the next path; a value that is there but not text (an object) does not.
      if (text === null && isEmpty(value)) continue;
      return labelled ? labelled(text) : text;
    }
    return null;
  };
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(listOf);
  return value === undefined || value === null ? [] : [value];
}

const NO_DAYS: { days: string[]; text: string | null } = { days: [], text: null };

function nonEmpty(text: string): string | null {
  return text === '' ? null : text;
}

/**
 * The API's deadlines given other than as one string (a list, a number), as days, and what could not be read as a
 * date (free text, left to the extractor). One string is read by mapOne itself.
 */
function deadlinesOf(value: unknown, dayOf: DayReader): { days: string[]; text: string | null } {
  if (value === undefined || value === null) return NO_DAYS;
  const days: string[] = [];
  const texts: string[] = [];
  for (const one of listOf(value)) {
    const day = dayOf(one);
    if (day !== null) days.push(day);
    else if (typeof one === 'string' && one.trim() !== '') texts.push(one.trim());
  }
  return { days: [...new Set(days)].sort(), text: texts.length > 0 ? texts.join(' ; ') : null };
}

function regionsOf(spec: JsonSpec, value: unknown): string[] {
  if (value === undefined) return [];
  const labels = spec.labels.regions;
  const names = listOf(value).flatMap((one) => {
    const text = scalarText(one);
    // Lists joined in one string: « a, b », « a|||b » (OpenDataSoft v1), « a; b ».
    return text === null ? [] : text.split(/\s*(?:\|\|\||;|,)\s*/).filter((t) => t !== '');
  });
  return [...new Set(names.map((name) => (labels && Object.hasOwn(labels, name) ? labels[name]! : name)))];
}

type DayReader = (value: unknown) => string | null;

/** A spec's fields compiled into readers. */
interface Mapping {
  title: TextReader;
  id: TextReader;
  url: TextReader;
  summary: TextReader;
  funderName: TextReader;
  deadline: ValueReader;
  opens: ValueReader;
  regions: ValueReader | null;
}

const compiled = new WeakMap<JsonSpec, Mapping>();

function mappingOf(spec: JsonSpec): Mapping {
  let mapping = compiled.get(spec);
  if (!mapping) {
    mapping = {
      title: textReader(spec, 'title'),
      id: textReader(spec, 'id'),
      url: textReader(spec, 'url'),
      summary: textReader(spec, 'summary'),
      funderName: textReader(spec, 'funder_name'),
      deadline: valueReader(spec.fields.deadline),
      opens: valueReader(spec.fields.opens),
      regions: spec.fields.regions?.length ? valueReader(spec.fields.regions) : null,
    };
    compiled.set(spec, mapping);
  }
  return mapping;
}

/** Each date field's own day reader, so that each remembers its own last date (see dayReader). */
interface DayReaders {
  deadline: DayReader;
  opens: DayReader;
}

function mapOne(item: unknown, spec: JsonSpec, mapping: Mapping, dayOf: DayReaders): RawItem | null {
  const title = mapping.title(item);
  const link = mapping.url(item);
  // A call nobody can open is no use to a member: an item without a title or a link is skipped (and counted).
  if (title === null || link === null) return null;
  const summary = mapping.summary(item) ?? '';
  const deadline = mapping.deadline(item);
  let days: string[];
  let text: string | null;
  if (typeof deadline === 'string') {
    // One date as text, as most APIs give it: read here, without the object deadlinesOf returns in general.
    const day = dayOf.deadline(deadline);
    days = day === null ? [] : [day];
    text = day === null ? nonEmpty(deadline.trim()) : null;
  } else {
    ({ days, text } = deadlinesOf(deadline, dayOf.deadline));
  }
  return {
    guid: mapping.id(item),
    link,
    title,
    summary,
    body: '',
    published: null,
    deadlineText: text,
    deadlines: days,
    opens: dayOf.opens(scalarText(mapping.opens(item))),
    funderName: mapping.funderName(item),
    regions: mapping.regions ? regionsOf(spec, mapping.regions(item)) : [],
  };
}

/** How much a row says: the link is always there, each other field filled counts once, then the longer summary wins. */
function richness(item: RawItem): number {
  const filled =
    1 +
    (item.summary !== '' ? 1 : 0) +
    ((item.deadlines?.length ?? 0) > 0 || item.deadlineText !== null ? 1 : 0) +
    (item.opens != null ? 1 : 0) +
    (item.funderName != null ? 1 : 0) +
    ((item.regions?.length ?? 0) > 0 ? 1 : 0);
  return filled * 1_000_000 + Math.min(item.summary.length, 999_999);
}

function emptyCounts(): Record<FieldName, number> {
  return Object.fromEntries(FIELD_NAMES.map((name) => [name, 0])) as Record<FieldName, number>;
}

/** Items mapped page by page, in the API's order, one per id (the richest row of an id wins, in the first's place). */
export class ItemFolder {
  private readonly kept: RawItem[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly mapping: Mapping;
  private readonly dayOf: DayReaders;
  private skipped = 0;

  constructor(
    private readonly spec: JsonSpec,
    timeZone: string,
  ) {
    this.mapping = mappingOf(spec);
    this.dayOf = { deadline: dayReader(timeZone), opens: dayReader(timeZone) };
  }

  add(items: readonly unknown[]): void {
    for (const item of items) {
      const mapped = mapOne(item, this.spec, this.mapping, this.dayOf);
      if (!mapped) {
        this.skipped += 1;
        continue;
      }
      const key = mapped.guid;
      const at = key === null ? undefined : this.byKey.get(key);
      if (at === undefined) {
        if (key !== null) this.byKey.set(key, this.kept.length);
        this.kept.push(mapped);
      } else if (richness(mapped) > richness(this.kept[at]!)) {
        // Rows repeated under one id are rare (one per language): richness is weighed only then.
        this.kept[at] = mapped;
      }
    }
  }

  result(): MappedPage {
    const empty = emptyCounts();
    for (const item of this.kept) {
      if (item.guid === null) empty.id += 1;
      if (item.link === null) empty.url += 1;
      if (item.summary === '') empty.summary += 1;
      if ((item.deadlines?.length ?? 0) === 0 && item.deadlineText === null) empty.deadline += 1;
      if (item.opens == null) empty.opens += 1;
      if (item.funderName == null) empty.funder_name += 1;
      if ((item.regions?.length ?? 0) === 0) empty.regions += 1;
    }
    return { items: [...this.kept], skipped: this.skipped, empty };
  }
}

/** Items of all pages mapped at once (see ItemFolder). */
export function mapItems(items: unknown[], spec: JsonSpec, timeZone: string): MappedPage {
  const folder = new ItemFolder(spec, timeZone);
  folder.add(items);
  return folder.result();
}
