// A JSON source as feeds.yaml writes it (`JsonSourceConfig`), and as the reader runs it (`JsonSpec`): the preset's
// data with the source's own fields over it, paths parsed, `${NAME}` values read from the environment. Pure.
import { isTemplate, parsePath, parseTemplate, PathSyntaxError, type Segment, type Template } from './path.js';
import { applyPreset, isPresetName, PRESETS, type Preset, type PresetName } from './presets.js';

export const FIELD_NAMES = ['id', 'title', 'url', 'summary', 'deadline', 'opens', 'funder_name', 'regions'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export const PAGING_STYLES = ['next_url', 'page', 'offset', 'none'] as const;
export type PagingStyle = (typeof PAGING_STYLES)[number];

export type QueryValue = string | number | boolean | (string | number | boolean)[];

/** What feeds.yaml says about paging (snake_case as written). */
export interface PaginationConfig {
  style?: PagingStyle;
  next?: string;
  param?: string;
  size_param?: string;
  size?: number;
  total?: string;
  max_pages?: number;
  /** Pause between two pages of this source, in milliseconds, on top of the fetcher's spacing per host. */
  delay_ms?: number;
}

/** The `type: json` part of a source, as written in feeds.yaml. */
export interface JsonSourceConfig {
  preset?: PresetName;
  dataset?: string;
  search?: string;
  filters?: Record<string, QueryValue>;
  method?: 'GET' | 'POST';
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  body?: unknown;
  multipart?: Record<string, unknown>;
  items?: string;
  fields?: Partial<Record<FieldName, string | string[]>>;
  pagination?: PaginationConfig;
  /** Labels for raw values of a field (an API's programme codes, say), by field. */
  labels?: Partial<Record<FieldName, Record<string, string>>>;
}

/** One way of reading a field: a path, or a template filled from paths. */
export type FieldReader = { kind: 'path'; path: Segment[]; text: string } | { kind: 'template'; template: Template; text: string };

export interface TokenAuth {
  url: string;
  /** Environment variable holding the key exchanged for the token. */
  keyEnv: string;
  keyHeader: string;
  tokenPath: Segment[];
  /** How long a token is kept when it says nothing of its expiry. */
  ttlMs: number;
}

export interface Paging {
  style: PagingStyle;
  next: Segment[];
  param: string;
  sizeParam: string | null;
  size: number | null;
  total: Segment[] | null;
  maxPages: number;
  delayMs: number;
  /** Rows the API can page through at most (OpenDataSoft: offset + limit <= 10,000); beyond, `exportUrl`. */
  window: number | null;
  exportUrl: string | null;
}

export interface JsonSpec {
  url: string;
  method: 'GET' | 'POST';
  /** In order, keys repeated for lists (`organization_type_slugs=a&organization_type_slugs=b`). */
  query: [string, string][];
  headers: Record<string, string>;
  body: { kind: 'json'; value: unknown } | { kind: 'multipart'; parts: Record<string, unknown> } | null;
  items: Segment[];
  itemsText: string;
  fields: Partial<Record<FieldName, FieldReader[]>>;
  labels: Partial<Record<FieldName, Record<string, string>>>;
  paging: Paging;
  auth: TokenAuth | null;
  /** Environment variables the source needs, set or not. */
  env: string[];
}

export const DEFAULT_MAX_PAGES = 50;

/** A problem in a source's json settings, with the field it is in (`fields.title`, `preset`). */
export interface SpecIssue {
  field: string;
  message: string;
}

/** `${NAME}` references in a text. */
function envNames(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!);
}

function substitute(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => env[name] ?? '');
}

function queryPairs(query: Record<string, QueryValue> | undefined): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([key, String(one)]);
  }
  return pairs;
}

function fieldReader(text: string): FieldReader {
  return isTemplate(text) ? { kind: 'template', template: parseTemplate(text), text } : { kind: 'path', path: parsePath(text), text };
}

/** Every problem of a source's json settings (paths, preset, dataset); empty when it can run. */
export function specIssues(config: JsonSourceConfig, url: string | undefined): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const preset = config.preset !== undefined && isPresetName(config.preset) ? PRESETS[config.preset] : null;
  if (config.preset !== undefined && !preset) {
    issues.push({ field: 'preset', message: `préréglage inconnu « ${config.preset} » (connus : ${Object.keys(PRESETS).join(', ')})` });
    return issues;
  }
  if (preset?.needsDataset && !config.dataset) {
    issues.push({ field: 'dataset', message: `le préréglage ${config.preset} demande « dataset » : l'identifiant du jeu de données sur le portail` });
  }
  if (!url && (!preset?.url || preset.urlIsRoot)) issues.push({ field: 'url', message: 'champ obligatoire manquant (adresse de l’API)' });
  const check = (field: string, text: string, template: boolean): void => {
    try {
      if (template) fieldReader(text);
      else parsePath(text);
    } catch (error) {
      if (error instanceof PathSyntaxError) issues.push({ field, message: error.message });
      else throw error;
    }
  };
  if (config.items !== undefined) check('items', config.items, false);
  for (const [name, value] of Object.entries(config.fields ?? {})) {
    const list = Array.isArray(value) ? value : [value];
    list.forEach((text, index) => check(Array.isArray(value) ? `fields.${name}[${index}]` : `fields.${name}`, text, true));
  }
  const paging = config.pagination;
  if (paging?.next !== undefined) check('pagination.next', paging.next, false);
  if (paging?.total !== undefined) check('pagination.total', paging.total, false);
  const style = paging?.style ?? preset?.paging.style ?? 'none';
  if (style === 'next_url' && !(paging?.next ?? preset?.paging.next)) {
    issues.push({ field: 'pagination.next', message: 'le style next_url demande « next » : le chemin de l’adresse de la page suivante' });
  }
  const fields = { ...(preset?.fields ?? {}), ...(config.fields ?? {}) };
  if (!fields.title) issues.push({ field: 'fields.title', message: 'champ obligatoire manquant : le chemin du titre de chaque annonce' });
  if (!fields.url) issues.push({ field: 'fields.url', message: 'champ obligatoire manquant : le chemin (ou le modèle) du lien de chaque annonce' });
  return issues;
}

/** Environment variables a source needs that are unset or empty. */
export function missingEnv(spec: JsonSpec, env: Record<string, string | undefined>): string[] {
  return spec.env.filter((name) => !env[name]);
}

/**
 * The spec a source runs with. Assumes `specIssues` found nothing (the sources file is checked when loaded);
 * `${NAME}` values come from `env`, read here and never written back to the file.
 */
export function resolveSpec(config: JsonSourceConfig, url: string | undefined, env: Record<string, string | undefined>): JsonSpec {
  const preset: Preset | null = config.preset ? PRESETS[config.preset] : null;
  const base = preset ? applyPreset(preset, { url, dataset: config.dataset, search: config.search, filters: config.filters ?? {} }) : null;
  // The source's own query keys replace the preset's (itemsPerPage: 20 instead of 100), repeated keys included.
  const own = queryPairs(config.query);
  const ownKeys = new Set(own.map(([key]) => key));
  const rawQuery = [...(base?.query ?? []).filter(([key]) => !ownKeys.has(key)), ...own];
  const rawHeaders = { ...(base?.headers ?? {}), ...(config.headers ?? {}) };
  const names = new Set<string>();
  for (const [, value] of rawQuery) envNames(value).forEach((n) => names.add(n));
  for (const value of Object.values(rawHeaders)) envNames(value).forEach((n) => names.add(n));
  if (preset?.auth) names.add(preset.auth.keyEnv);
  const fieldTexts = { ...(preset?.fields ?? {}), ...(config.fields ?? {}) };
  const fields: Partial<Record<FieldName, FieldReader[]>> = {};
  for (const [name, value] of Object.entries(fieldTexts) as [FieldName, string | string[]][]) {
    fields[name] = (Array.isArray(value) ? value : [value]).map(fieldReader);
  }
  const paging = config.pagination ?? {};
  const presetPaging = preset?.paging ?? { style: 'none' as PagingStyle };
  const style = paging.style ?? presetPaging.style;
  const itemsText = config.items ?? preset?.items ?? '';
  const body = config.multipart
    ? { kind: 'multipart' as const, parts: config.multipart }
    : config.body !== undefined
      ? { kind: 'json' as const, value: config.body }
      : (base?.body ?? null);
  return {
    url: base?.url ?? url!,
    method: config.method ?? preset?.method ?? (body ? 'POST' : 'GET'),
    query: rawQuery.map(([k, v]) => [k, substitute(v, env)]),
    headers: Object.fromEntries(Object.entries(rawHeaders).map(([k, v]) => [k, substitute(v, env)])),
    body,
    items: parsePath(itemsText),
    itemsText,
    fields,
    labels: { ...(preset?.labels ?? {}), ...(config.labels ?? {}) },
    paging: {
      style,
      next: parsePath(paging.next ?? presetPaging.next ?? 'next'),
      param: paging.param ?? presetPaging.param ?? (style === 'offset' ? 'offset' : 'page'),
      sizeParam: paging.size_param ?? presetPaging.sizeParam ?? null,
      size: paging.size ?? presetPaging.size ?? null,
      total: paging.total ?? presetPaging.total ? parsePath((paging.total ?? presetPaging.total)!) : null,
      maxPages: paging.max_pages ?? DEFAULT_MAX_PAGES,
      delayMs: paging.delay_ms ?? 0,
      window: presetPaging.window ?? null,
      exportUrl: base?.exportUrl ?? null,
    },
    auth: preset?.auth ? { ...preset.auth, url: new URL(preset.auth.url, base?.url ?? url).toString(), tokenPath: parsePath(preset.auth.tokenPath) } : null,
    env: [...names],
  };
}
