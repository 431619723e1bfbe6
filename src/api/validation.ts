// Schema validation for the API: Ajv compilers per part of the request and error messages in French.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { SchemaErrorFormatter } from 'fastify/types/schema.js';
import { createRequire } from 'node:module';

// ajv-i18n is CommonJS whose types describe an ES default export; required so the runtime shape is the typed one.
const localizeFr = createRequire(import.meta.url)('ajv-i18n/localize/fr') as (errors: ErrorObject[] | null | undefined) => void;

function newAjv(coerceTypes: boolean | 'array'): Ajv {
  // removeAdditional false: an unknown field is an error, never silently dropped.
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}

// A JSON body says what it means: "50" is not a number. Query strings and params are text, so they are coerced.
const bodyAjv = newAjv(false);
const textAjv = newAjv('array');

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : textAjv;
  return ajv.compile(schema) as ValidateFunction;
};

const PART_NAMES: Record<string, string> = { body: 'corps', querystring: 'paramètre', params: 'chemin', headers: 'en-tête' };

// ajv-i18n says « doit être de type number », « format attendu : date »: said plainly, with an example.
const FORMATS: Record<string, string> = {
  email: 'adresse électronique invalide (exemple : contact@asso.fr)',
  date: 'date attendue au format AAAA-MM-JJ (exemple : 2026-03-31)',
  'date-time': 'date et heure attendues au format ISO (exemple : 2026-03-31T09:00:00Z)',
  uri: 'adresse web attendue (exemple : https://exemple.org/page)',
};
const TYPES: Record<string, string> = {
  number: 'doit être un nombre (exemple : 40)',
  integer: 'doit être un nombre entier (exemple : 40)',
  string: 'doit être un texte entre guillemets (exemple : "Tiers-lieu")',
  boolean: 'doit valoir true ou false',
  array: 'doit être une liste (exemple : ["fablab", "tiers-lieux"])',
  object: 'doit être un objet JSON (exemple : {"name": "Tiers-lieu"})',
  'number,null': 'doit être un nombre ou null (exemple : 40)',
  'string,null': 'doit être un texte ou null',
};

// A schema's pattern said to a person rather than as a regular expression.
const PATTERNS: Record<string, string> = {
  '^[^\\s,;]+$': 'une étiquette est un mot court, sans espace, virgule ni point-virgule (exemple : epn, fablab, tiers-lieu)',
  '\\S': 'ne doit pas être vide',
};

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return `champ inconnu « ${String(error.params.additionalProperty)} »`;
    case 'enum':
      return `doit valoir ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'format':
      return FORMATS[String(error.params.format)] ?? `format attendu : ${String(error.params.format)}`;
    case 'type':
      return TYPES[String(error.params.type)] ?? error.message ?? 'valeur invalide';
    case 'pattern':
      return PATTERNS[String(error.params.pattern)] ?? 'format invalide';
    default:
      return error.message ?? 'valeur invalide';
  }
}

function where(error: ErrorObject, dataVar: string): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const part = PART_NAMES[dataVar] ?? dataVar;
  return path === '' ? part : `${part} ${path}`;
}

/** One readable sentence listing what is wrong (at most five problems), e.g. `corps email : adresse email invalide`. */
export function formatValidationErrors(errors: ErrorObject[], dataVar: string): string {
  localizeFr(errors);
  // anyOf/oneOf add a summary error after their branches; the branches say more.
  // A "number or null" field given 150 should say "<= 100", not also "must be null".
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && !(e.keyword === 'type' && e.params.type === 'null'));
  const lines = [...new Set((useful.length ? useful : errors).map((e) => `${where(e, dataVar)} : ${describe(e)}`))];
  const shown = lines.slice(0, 5).join(' ; ');
  return lines.length > 5 ? `${shown} ; et ${lines.length - 5} autre(s)` : shown;
}

export const schemaErrorFormatter: SchemaErrorFormatter = (errors: FastifySchemaValidationError[], dataVar: string) =>
  new Error(`Requête invalide : ${formatValidationErrors(errors as ErrorObject[], dataVar)}`);
