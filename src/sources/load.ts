// Loading feeds.yaml: YAML with line positions, schema validation, and every error reported at once in French.
import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { FunderType } from '../calls/types.js';
import { isPresetName, PRESETS } from '../reader/json/presets.js';
import { specIssues, type JsonSourceConfig } from '../reader/json/spec.js';
import { validateSourcesDocument, type SchemaError } from './schema.js';
import { regionProblem } from '../calls/regions.js';
import { yamlSyntaxProblems } from '../yaml-syntax.js';

export interface SourceSelectors {
  item: string;
  title: string;
  link: string;
  summary?: string;
  date?: string;
  deadline?: string;
  /** Selector applied to each item's linked page to read the full text. */
  detail?: string;
}

export interface SourceConfig {
  id: string;
  name: string;
  type: 'rss' | 'html' | 'json';
  /** For a json source with a preset and no url, the preset's endpoint. */
  url: string;
  funder: FunderType;
  regions: string[];
  categories: string[];
  enabled: boolean;
  schedule?: string;
  expectNewWithinDays: number;
  userAgent?: string;
  selectors?: SourceSelectors;
  /** Text shown with the source's calls (a licence's attribution); loaded sources always have it, null when none. */
  attribution?: string | null;
  /** Whether the source's calls may appear on the public page (`/veille`); absent means true. */
  public?: boolean;
  /** A json source's request, paging and mapping, as written (see reader/json/spec.ts). */
  json?: JsonSourceConfig;
}

export interface SourcesFile {
  path: string;
  sources: SourceConfig[];
}

export interface SourcesFileIssue {
  file: string;
  line: number;
  sourceId: string;
  field: string;
  message: string;
}

export const DEFAULT_EXPECT_NEW_WITHIN_DAYS = 90;

/** `FILE:LINE: source ID: field: message`, the form editors and staff can jump to. */
export function formatIssue(issue: SourcesFileIssue): string {
  return `${issue.file}:${issue.line}: source ${issue.sourceId}: ${issue.field}: ${issue.message}`;
}

export class SourcesFileError extends Error {
  constructor(readonly errors: SourcesFileIssue[]) {
    super(errors.map(formatIssue).join('\n'));
    this.name = 'SourcesFileError';
  }
}

/** Reads, validates and converts a sources file; throws SourcesFileError listing every problem. */
export function loadSourcesFile(path: string): SourcesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : 'lecture impossible';
    throw new SourcesFileError([{ file: path, line: 1, sourceId: '-', field: '-', message: reason }]);
  }
  const { sources, errors } = parseSourcesText(text, path);
  if (errors.length > 0) throw new SourcesFileError(errors);
  return { path, sources };
}

/** Pure: the sources a text holds, or the problems found, each located by line. */
export function parseSourcesText(text: string, file: string): { sources: SourceConfig[]; errors: SourcesFileIssue[] } {
  const lineCounter = new LineCounter();
  // `merge`: staff may share fields between sources with an anchor and « <<: *modele » (see `defaults` in the schema).
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, merge: true });
  const lineAt = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) return { sources: [], errors: syntaxIssues(text, doc.errors, file, lineAt) };
  const data: unknown = doc.toJS() ?? {};
  const errors: SourcesFileIssue[] = [];
  if (!validateSourcesDocument(data)) {
    for (const error of relevantErrors(validateSourcesDocument.errors ?? [])) {
      errors.push(issueOf(error, data, doc, file, lineAt));
    }
  }
  errors.push(...duplicateIdIssues(data, doc, file, lineAt));
  errors.push(...regionIssues(data, doc, file, lineAt));
  errors.push(...typeKeyIssues(data, doc, file, lineAt));
  const seen = new Set(errors.map(formatIssue));
  errors.push(...jsonIssues(data, doc, file, lineAt).filter((issue) => !seen.has(formatIssue(issue))));
  errors.sort((a, b) => a.line - b.line);
  if (errors.length > 0) return { sources: [], errors };
  const raw = (data as { sources: RawSource[] }).sources;
  return { sources: raw.map(toSourceConfig), errors: [] };
}

interface RawSource extends JsonSourceConfig {
  id: string;
  name: string;
  type: 'rss' | 'html' | 'json';
  url?: string;
  funder: FunderType;
  regions?: (string | number)[];
  categories?: string[];
  enabled?: boolean;
  schedule?: string;
  expect_new_within_days?: number;
  user_agent?: string;
  attribution?: string;
  public?: boolean;
  selectors?: SourceSelectors;
}

function toSourceConfig(raw: RawSource): SourceConfig {
  const source: SourceConfig = {
    id: raw.id,
    name: raw.name,
    type: raw.type,
    url: raw.url ?? defaultUrl(raw),
    funder: raw.funder,
    regions: (raw.regions ?? []).map(String),
    categories: raw.categories ?? [],
    enabled: raw.enabled ?? true,
    expectNewWithinDays: raw.expect_new_within_days ?? DEFAULT_EXPECT_NEW_WITHIN_DAYS,
    attribution: raw.attribution?.trim() || null,
    public: raw.public ?? true,
  };
  if (raw.schedule !== undefined) source.schedule = raw.schedule;
  if (raw.user_agent !== undefined) source.userAgent = raw.user_agent;
  if (raw.selectors !== undefined) source.selectors = raw.selectors;
  if (raw.type === 'json') source.json = jsonConfigOf(raw);
  return source;
}

const JSON_KEYS = ['preset', 'dataset', 'search', 'filters', 'method', 'query', 'headers', 'body', 'multipart', 'items', 'fields', 'pagination', 'labels'] as const;

function jsonConfigOf(raw: RawSource): JsonSourceConfig {
  const config: Record<string, unknown> = {};
  for (const key of JSON_KEYS) if (raw[key] !== undefined) config[key] = raw[key];
  return config as JsonSourceConfig;
}

/** A preset's endpoint, for a json source that gives no url of its own. */
function defaultUrl(raw: RawSource): string {
  const preset = raw.preset !== undefined && isPresetName(raw.preset) ? PRESETS[raw.preset] : null;
  return preset?.url && !preset.urlIsRoot ? preset.url : '';
}

/** Problems a schema cannot see in json sources: paths, presets, a preset's required fields; each located. */
function jsonIssues(data: unknown, doc: Document, file: string, lineAt: LineAt): SourcesFileIssue[] {
  const list = (data as { sources?: unknown }).sources;
  if (!Array.isArray(list)) return [];
  const issues: SourcesFileIssue[] = [];
  list.forEach((item: unknown, index) => {
    if (!item || typeof item !== 'object' || (item as { type?: unknown }).type !== 'json') return;
    const raw = item as RawSource;
    let problems: ReturnType<typeof specIssues>;
    try {
      problems = specIssues(jsonConfigOf(raw), typeof raw.url === 'string' ? raw.url : undefined);
    } catch {
      return; // values of the wrong type: the schema already said so
    }
    for (const problem of problems) {
      const fieldPath = problem.field.split(/\.|(?=\[)/).map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));
      issues.push({ file, line: lineOfPath(doc, ['sources', index, ...fieldPath], lineAt), sourceId: sourceIdOf(data, ['sources', index]), field: problem.field, message: problem.message });
    }
  });
  return issues;
}

/** `if` errors only repeat what the `then` branch already said. */
function relevantErrors(errors: SchemaError[]): SchemaError[] {
  return errors.filter((e) => e.keyword !== 'if');
}

type LineAt = (offset: number | undefined) => number;

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function nodeAt(doc: Document, path: (string | number)[]): Node | null {
  if (path.length === 0) return doc.contents;
  const node = doc.getIn(path, true) as unknown;
  return node && typeof node === 'object' && 'range' in node ? (node as Node) : null;
}

/** The line of the key `key` inside the map at `path`, when present. */
function keyLine(doc: Document, path: (string | number)[], key: string, lineAt: LineAt): number | null {
  const node = nodeAt(doc, path);
  if (!isMap(node)) return null;
  const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
  const range = (pair?.key as Node | undefined)?.range;
  return range ? lineAt(range[0]) : null;
}

function lineOfPath(doc: Document, path: (string | number)[], lineAt: LineAt): number {
  // Point at the key of a field (where staff look), else at the value, else at the enclosing item.
  for (let end = path.length; end >= 0; end--) {
    const prefix = path.slice(0, end);
    const last = prefix[prefix.length - 1];
    if (typeof last === 'string') {
      const line = keyLine(doc, prefix.slice(0, -1), last, lineAt);
      if (line !== null) return line;
    }
    const node = nodeAt(doc, prefix);
    if (node?.range) return lineAt(node.range[0]);
  }
  return 1;
}

function sourceIdOf(data: unknown, path: (string | number)[]): string {
  if (path[0] !== 'sources' || typeof path[1] !== 'number') return '-';
  const item = (data as { sources?: unknown[] }).sources?.[path[1]];
  const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : `#${path[1] + 1}`;
}

function fieldOf(path: (string | number)[]): string {
  const rest = path[0] === 'sources' && typeof path[1] === 'number' ? path.slice(2) : path;
  return rest.length === 0 ? (path.length === 0 ? 'sources' : '-') : rest.join('.');
}

function issueOf(error: SchemaError, data: unknown, doc: Document, file: string, lineAt: LineAt): SourcesFileIssue {
  const path = pathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  let fieldPath = path;
  if (error.keyword === 'additionalProperties') fieldPath = [...path, String(params.additionalProperty)];
  if (error.keyword === 'required') fieldPath = [...path, String(params.missingProperty)];
  const line = error.keyword === 'required' ? lineOfPath(doc, path, lineAt) : lineOfPath(doc, fieldPath, lineAt);
  return { file, line, sourceId: sourceIdOf(data, path), field: fieldOf(fieldPath), message: frenchMessage(error, fieldPath) };
}

const FIELD_HINTS: Record<string, string> = {
  type: 'doit valoir « rss » (flux RSS/Atom/RDF), « html » (page scrapée avec des sélecteurs CSS) ou « json » (API)',
  style: 'doit valoir « next_url », « page », « offset » ou « none »',
  method: 'doit valoir « GET » ou « POST »',
  funder: `doit être l'un de : ${['eu', 'state', 'region', 'department', 'municipality', 'foundation', 'company', 'other'].join(', ')}`,
  id: 'identifiant invalide : lettres minuscules, chiffres, « - » et « _ » uniquement (ex. « region-sud-feder »)',
};

function frenchMessage(error: SchemaError, fieldPath: (string | number)[]): string {
  const params = error.params as Record<string, unknown>;
  const field = String(fieldPath[fieldPath.length - 1] ?? '');
  switch (error.keyword) {
    case 'additionalProperties':
      return `clé inconnue « ${String(params.additionalProperty)} » (faute de frappe ?)`;
    case 'required':
      if (field === 'selectors') return 'une source de type html doit avoir des sélecteurs (item, title, link)';
      if (fieldPath.includes('selectors')) return `sélecteur « ${field} » obligatoire pour une source de type html`;
      return 'champ obligatoire manquant';
    case 'enum':
      return FIELD_HINTS[field] ?? `valeur non autorisée (valeurs possibles : ${(params.allowedValues as unknown[]).join(', ')})`;
    case 'pattern':
      return FIELD_HINTS[field] ?? 'format invalide';
    case 'format':
      if (params.format === 'http-url') return 'adresse invalide : une URL complète commençant par http:// ou https:// est attendue';
      if (params.format === 'css-selector') return 'sélecteur CSS invalide (vérifiez crochets, guillemets et parenthèses)';
      if (params.format === 'cron') return 'expression cron invalide (ex. « 0 */6 * * * » pour toutes les six heures)';
      return 'format invalide';
    case 'type':
      return `type incorrect : ${frenchType(String(params.type))} attendu`;
    case 'minLength':
      return 'ne doit pas être vide';
    case 'minimum':
      return `doit être au moins ${String(params.limit)}`;
    default:
      return error.message ?? 'valeur invalide';
  }
}

function frenchType(type: string): string {
  const names: Record<string, string> = {
    string: 'du texte',
    boolean: 'true ou false',
    integer: 'un nombre entier',
    number: 'un nombre',
    array: 'une liste',
    object: 'un ensemble de clés',
  };
  return names[type] ?? type;
}

function duplicateIdIssues(data: unknown, doc: Document, file: string, lineAt: LineAt): SourcesFileIssue[] {
  const list = (data as { sources?: unknown }).sources;
  if (!Array.isArray(list)) return [];
  const firstLine = new Map<string, number>();
  const issues: SourcesFileIssue[] = [];
  list.forEach((item: unknown, index) => {
    const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
    if (typeof id !== 'string') return;
    const line = lineOfPath(doc, ['sources', index, 'id'], lineAt);
    const previous = firstLine.get(id);
    if (previous === undefined) firstLine.set(id, line);
    else issues.push({ file, line, sourceId: id, field: 'id', message: `identifiant déjà utilisé ligne ${previous} : chaque source doit avoir un id unique` });
  });
  return issues;
}


/**
 * A region no filter knows (« provence-alpes-cote-dazur ») would leave the source's calls out of every region
 * filter and every regional profile: refused with the line, as a typo should be.
 */
function regionIssues(data: unknown, doc: Document, file: string, lineAt: LineAt): SourcesFileIssue[] {
  const list = (data as { sources?: unknown }).sources;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index) => {
    const regions = item && typeof item === 'object' ? (item as { regions?: unknown }).regions : undefined;
    if (!Array.isArray(regions)) return [];
    return regions.flatMap((region: unknown, position) => {
      if (typeof region !== 'string' && typeof region !== 'number') return [];
      const problem = String(region).trim() === '' ? null : regionProblem(String(region));
      if (!problem) return [];
      const line = lineOfPath(doc, ['sources', index, 'regions', position], lineAt);
      return [{ file, line, sourceId: sourceIdOf(data, ['sources', index]), field: 'regions', message: problem }];
    });
  });
}

/** Every real YAML syntax error, each once, naming the source its line is in. */
function syntaxIssues(text: string, errors: readonly YAMLError[], file: string, lineAt: LineAt): SourcesFileIssue[] {
  return yamlSyntaxProblems(text, errors, lineAt).map(({ line, message }) => ({ file, line, sourceId: sourceAtLine(text, line), field: 'yaml', message }));
}

/** The id of the source whose entry holds `line`, read from the text (the document may not parse), or « - ». */
function sourceAtLine(text: string, line: number): string {
  let id = '-';
  for (const written of text.split(/\r?\n/).slice(0, line)) {
    if (/^\s*-\s/.test(written)) id = '-';
    const found = /^\s*(?:-\s+)?id:\s*["']?([^"'\s#]+)/.exec(written);
    if (found) id = found[1]!;
  }
  return id;
}

/** Keys of one type written on a source of another: ignored, so surely a mistake (a type changed, a copy-paste). */
const TYPE_KEYS: { key: string; type: 'html' | 'json' }[] = [
  { key: 'selectors', type: 'html' },
  ...JSON_KEYS.map((key) => ({ key, type: 'json' as const })),
];

function typeKeyIssues(data: unknown, doc: Document, file: string, lineAt: LineAt): SourcesFileIssue[] {
  const list = (data as { sources?: unknown }).sources;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index) => {
    if (!item || typeof item !== 'object') return [];
    const source = item as Record<string, unknown>;
    if (source.type !== 'rss' && source.type !== 'html' && source.type !== 'json') return [];
    return TYPE_KEYS.filter(({ key, type }) => key in source && source.type !== type).map(({ key, type }) => ({
      file,
      line: lineOfPath(doc, ['sources', index, key], lineAt),
      sourceId: sourceIdOf(data, ['sources', index]),
      field: key,
      message: `ne sert qu’aux sources de type ${type} ; cette source est de type ${String(source.type)} : retirez cette clé ou changez le type`,
    }));
  });
}
