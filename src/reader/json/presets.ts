// Known APIs as data: each preset fills in a JSON source's request, paging and field mapping, from the facts in
// docs (see docs/guide-sources.md and the research notes cited there). One generic builder applies them; no API
// has a code path of its own.
import type { FieldName, PagingStyle, QueryValue } from './spec.js';

export const PRESET_NAMES = ['eu-sedia', 'opendatasoft', 'aides-territoires'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  /** Default endpoint; `{url}` is the source's url (a portal's root), `{dataset}` its dataset. */
  url: string | null;
  /** The source's own url is the portal's root, not the endpoint. */
  urlIsRoot: boolean;
  needsDataset: boolean;
  method: 'GET' | 'POST';
  query: Record<string, QueryValue>;
  headers: Record<string, string>;
  /** Query key that carries `search`, when the API takes free text in the query. */
  searchParam: string | null;
  /** Where `filters` go: as query parameters, or as `terms` clauses of a multipart `query` part. */
  filtersAs: 'query' | 'terms';
  /** Multipart parts sent as JSON files; a `query` part with `bool.must` receives the terms. */
  multipart: Record<string, unknown> | null;
  /** Terms the search has unless `filters` name the same key. */
  defaultTerms: Record<string, string[]>;
  items: string;
  fields: Partial<Record<FieldName, string | string[]>>;
  labels: Partial<Record<FieldName, Record<string, string>>>;
  paging: {
    style: PagingStyle;
    next?: string;
    param?: string;
    sizeParam?: string;
    size?: number;
    total?: string;
    window?: number;
  };
  /** Endpoint answering every row as one array, for sets larger than the paging window. */
  exportUrl: string | null;
  auth: { url: string; keyEnv: string; keyHeader: string; tokenPath: string; ttlMs: number } | null;
}

const SEDIA_TOPIC = 'https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/';

export const PRESETS: Record<PresetName, Preset> = {
  // EU Funding & Tenders Portal search API (SEDIA). Public key `SEDIA`; filters only work as multipart *file* parts
  // holding JSON (plain form fields: HTTP 500; in the URL: ignored). Every metadata value is an array; rows repeat
  // per language (deduplicated on the identifier). Codes: type 1 = call topic; status 31094501 forthcoming,
  // 31094502 open. Programme codes are those published by public clients of the API (unverified by the portal).
  'eu-sedia': {
    url: 'https://api.tech.ec.europa.eu/search-api/prod/rest/search',
    urlIsRoot: false,
    needsDataset: false,
    method: 'POST',
    query: { apiKey: 'SEDIA' },
    headers: {},
    searchParam: 'text',
    filtersAs: 'terms',
    multipart: {
      query: { bool: { must: [] } },
      languages: ['en'],
      sort: { field: 'sortStatus', order: 'ASC' },
    },
    defaultTerms: { type: ['1'], status: ['31094501', '31094502'] },
    items: 'results',
    fields: {
      id: 'metadata.identifier[0]',
      title: ['metadata.title[0]', 'title', 'summary'],
      url: `${SEDIA_TOPIC}{metadata.identifier[0]}`,
      summary: ['metadata.descriptionByte[0]', 'content', 'summary'],
      deadline: 'metadata.deadlineDate',
      opens: 'metadata.startDate[0]',
      funder_name: 'metadata.frameworkProgramme[0]',
    },
    labels: {
      funder_name: {
        '43108390': 'Union européenne — Horizon Europe',
        '43152860': 'Union européenne — Europe numérique (DIGITAL)',
        '43251589': 'Union européenne — CERV (Citoyens, égalité, droits et valeurs)',
        '43353764': 'Union européenne — Erasmus+',
        '43254019': 'Union européenne — FSE+',
        '43254037': 'Union européenne — Corps européen de solidarité',
        '43251814': 'Union européenne — Europe créative',
        '43251447': 'Union européenne — FAMI (asile, migration et intégration)',
        '43332642': 'Union européenne — EU4Health',
      },
    },
    paging: { style: 'page', param: 'pageNumber', sizeParam: 'pageSize', size: 50, total: 'totalResults' },
    exportUrl: null,
    auth: null,
  },
  // OpenDataSoft Explore API v2.1: `url` is the portal's root, `dataset` the dataset id; `fields` map the dataset's
  // own columns. At most 100 rows a request and offset + limit <= 10,000; the export endpoint has no such limit.
  opendatasoft: {
    url: '{url}/api/explore/v2.1/catalog/datasets/{dataset}/records',
    urlIsRoot: true,
    needsDataset: true,
    method: 'GET',
    query: {},
    headers: {},
    searchParam: null,
    filtersAs: 'query',
    multipart: null,
    defaultTerms: {},
    items: 'results',
    fields: {},
    labels: {},
    paging: { style: 'offset', param: 'offset', sizeParam: 'limit', size: 100, total: 'total_count', window: 10_000 },
    exportUrl: '{url}/api/explore/v2.1/catalog/datasets/{dataset}/exports/json',
    auth: null,
  },
  // Aides-territoires API v1.8: a user's key (AIDES_TERRITOIRES_API_KEY) is exchanged at /api/connexion/ for a
  // bearer token valid 24 h; `next` is the next page's absolute URL, null on the last one; `url` is a path on the
  // site. itemsPerPage is capped at 100 (page_size is not read).
  'aides-territoires': {
    url: 'https://aides-territoires.beta.gouv.fr/api/aids/',
    urlIsRoot: false,
    needsDataset: false,
    method: 'GET',
    query: { organization_type_slugs: 'association', call_for_projects_only: 'true', orderBy: 'submission-deadline', itemsPerPage: 100 },
    headers: {},
    searchParam: 'keyword',
    filtersAs: 'query',
    multipart: null,
    defaultTerms: {},
    items: 'results',
    fields: {
      id: 'id',
      title: ['name', 'name_initial', 'short_title'],
      url: ['https://aides-territoires.beta.gouv.fr{url}', 'https://aides-territoires.beta.gouv.fr/aides/{slug}/'],
      summary: ['description', 'eligibility'],
      deadline: 'submission_deadline',
      opens: 'start_date',
      funder_name: 'financers[0]',
      regions: 'perimeter',
    },
    labels: {},
    paging: { style: 'next_url', next: 'next', size: 100 },
    exportUrl: null,
    auth: {
      // Resolved against the endpoint, so a source pointed at another A-T instance exchanges its key there.
      url: '/api/connexion/',
      keyEnv: 'AIDES_TERRITOIRES_API_KEY',
      keyHeader: 'X-AUTH-TOKEN',
      tokenPath: 'token',
      ttlMs: 23 * 60 * 60 * 1000,
    },
  },
};

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

export interface PresetParams {
  url: string | undefined;
  dataset: string | undefined;
  search: string | undefined;
  filters: Record<string, QueryValue>;
}

export interface PresetRequest {
  url: string;
  exportUrl: string | null;
  query: [string, string][];
  headers: Record<string, string>;
  body: { kind: 'multipart'; parts: Record<string, unknown> } | null;
}

function fill(template: string, params: PresetParams): string {
  const root = (params.url ?? '').replace(/\/+$/, '');
  return template.replace('{url}', root).replace('{dataset}', encodeURIComponent(params.dataset ?? ''));
}

function asList(value: QueryValue): string[] {
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The request a preset makes for a source's url, dataset, search text and filters. */
export function applyPreset(preset: Preset, params: PresetParams): PresetRequest {
  const url = preset.url === null ? params.url! : preset.urlIsRoot || params.url === undefined ? fill(preset.url, params) : params.url;
  const query: [string, string][] = [];
  for (const [key, value] of Object.entries(preset.query)) {
    if (preset.filtersAs === 'query' && key in params.filters) continue;
    for (const one of asList(value)) query.push([key, one]);
  }
  if (preset.searchParam) query.push([preset.searchParam, params.search?.trim() || (preset.filtersAs === 'terms' ? '***' : '')]);
  if (preset.filtersAs === 'query') {
    for (const [key, value] of Object.entries(params.filters)) for (const one of asList(value)) query.push([key, one]);
  }
  let body: PresetRequest['body'] = null;
  if (preset.multipart) {
    const parts = structuredClone(preset.multipart);
    if (preset.filtersAs === 'terms') {
      const terms = { ...preset.defaultTerms, ...Object.fromEntries(Object.entries(params.filters).map(([k, v]) => [k, asList(v)])) };
      const must = ((parts.query as { bool: { must: unknown[] } }).bool.must = [] as unknown[]);
      for (const [key, values] of Object.entries(terms)) must.push({ terms: { [key]: values } });
    }
    body = { kind: 'multipart', parts };
  }
  return {
    url,
    exportUrl: preset.exportUrl ? fill(preset.exportUrl, params) : null,
    query: query.filter(([, v]) => v !== ''),
    headers: { ...preset.headers },
    body,
  };
}
