// The JSON schema of feeds.yaml (as written, snake_case keys) and the validator built from it once.
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import * as cheerio from 'cheerio';
import { validate as validateCron } from 'node-cron';
import { FUNDER_TYPES } from '../calls/types.js';
import { FIELD_NAMES, PAGING_STYLES } from '../reader/json/spec.js';

const SLUG = '^[a-z0-9][a-z0-9_-]*$';

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

const selector = { type: 'string', minLength: 1, format: 'css-selector' } as const;

const selectorsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { item: selector, title: selector, link: selector, summary: selector, date: selector, deadline: selector, detail: selector },
} as const;

const scalar = { type: ['string', 'number', 'boolean'] } as const;
const queryValue = { anyOf: [scalar, { type: 'array', items: scalar }] } as const;
const queryMap = { type: 'object', additionalProperties: queryValue } as const;
const pathList = { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }] } as const;

const fieldsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(FIELD_NAMES.map((name) => [name, pathList])),
} as const;

const paginationSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    style: { enum: [...PAGING_STYLES] },
    next: { type: 'string', minLength: 1 },
    param: { type: 'string', minLength: 1 },
    size_param: { type: 'string', minLength: 1 },
    size: { type: 'integer', minimum: 1 },
    total: { type: 'string', minLength: 1 },
    max_pages: { type: 'integer', minimum: 1 },
    delay_ms: { type: 'integer', minimum: 0 },
  },
} as const;

// The fields of a `type: json` source (an API read page after page); paths and presets are checked in load.ts.
const jsonProperties = {
  preset: { type: 'string', minLength: 1 },
  dataset: { type: 'string', minLength: 1 },
  search: { type: 'string' },
  filters: queryMap,
  method: { enum: ['GET', 'POST'] },
  query: queryMap,
  headers: { type: 'object', additionalProperties: { type: 'string' } },
  body: {},
  multipart: { type: 'object' },
  items: { type: 'string' },
  fields: fieldsSchema,
  pagination: paginationSchema,
  labels: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } },
} as const;

const sourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'type', 'funder'],
  properties: {
    id: { type: 'string', pattern: SLUG },
    name: { type: 'string', minLength: 1 },
    type: { enum: ['rss', 'html', 'json'] },
    url: { type: 'string', format: 'http-url' },
    funder: { enum: [...FUNDER_TYPES] },
    // A department number is often written bare (`84`), which YAML reads as a number: accepted as its text.
    regions: { type: 'array', items: { type: ['string', 'integer'], minLength: 1 } },
    categories: stringList,
    enabled: { type: 'boolean' },
    schedule: { type: 'string', format: 'cron' },
    expect_new_within_days: { type: 'integer', minimum: 1 },
    user_agent: { type: 'string', minLength: 1 },
    attribution: { type: 'string', minLength: 1 },
    public: { type: 'boolean' },
    selectors: selectorsSchema,
    ...jsonProperties,
  },
  allOf: [
    // A scraper cannot work without knowing what an item, its title and its link are.
    {
      if: { properties: { type: { const: 'html' } }, required: ['type'] },
      then: { required: ['selectors'], properties: { selectors: { required: ['item', 'title', 'link'] } } },
    },
    // A feed or a page needs its address; an API's preset may give it.
    { if: { properties: { type: { const: 'json' } }, required: ['type'] }, else: { required: ['url'] } },
  ],
} as const;

export const sourcesFileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sources'],
  // `defaults` holds what sources share, written once with an anchor (« defaults: &modele ») and merged into each
  // (« <<: *modele »); it is not a source and is read for nothing else.
  properties: { sources: { type: 'array', items: sourceSchema }, defaults: {} },
} as const;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const emptyPage = cheerio.load('');

/** A selector cheerio can run: a typo like `li.aap[` is caught when the file is checked, not at the first fetch. */
function isCssSelector(value: string): boolean {
  try {
    emptyPage(value);
    return true;
  } catch {
    return false;
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addFormat('http-url', { type: 'string', validate: isHttpUrl });
ajv.addFormat('css-selector', { type: 'string', validate: isCssSelector });
ajv.addFormat('cron', { type: 'string', validate: (value: string) => validateCron(value) });

export const validateSourcesDocument = ajv.compile(sourcesFileSchema);
export type SchemaError = ErrorObject;
