// synonyms.yaml: groups of expressions staff consider equivalent. Loaded with line positions, validated by a
// schema, every problem reported at once in French as `FILE:LINE: groupe N: message`.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { analyse } from './analyse.js';

export interface SynonymExpression {
  /** As staff wrote it: shown to members as the `via` of an explanation. */
  text: string;
  tokens: string[];
}

/** Groups of equivalent expressions, looked up by analysed tokens. */
export interface SynonymTable {
  groups: SynonymExpression[][];
  /** Analysed tokens joined by spaces → indexes of the groups holding that expression. */
  byTokens: Map<string, number[]>;
}

export interface SynonymsIssue {
  file: string;
  line: number;
  /** 1-based group number, or null for the file as a whole. */
  group: number | null;
  message: string;
}

export function formatSynonymsIssue(issue: SynonymsIssue): string {
  return `${issue.file}:${issue.line}: ${issue.group === null ? 'fichier' : `groupe ${issue.group}`}: ${issue.message}`;
}

export class SynonymsFileError extends Error {
  constructor(readonly issues: SynonymsIssue[]) {
    super(issues.map(formatSynonymsIssue).join('\n'));
    this.name = 'SynonymsFileError';
  }
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['synonymes'],
  properties: {
    synonymes: {
      type: 'array',
      items: { type: 'array', minItems: 2, items: { type: 'string', minLength: 1 } },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile<{ synonymes: string[][] }>(schema);

export const EMPTY_SYNONYMS: SynonymTable = { groups: [], byTokens: new Map() };

/** Builds the lookup table from groups already validated. */
export function buildSynonymTable(groups: readonly (readonly string[])[]): SynonymTable {
  const table: SynonymTable = { groups: [], byTokens: new Map() };
  for (const group of groups) {
    const expressions = group.map((text) => ({ text: text.trim(), tokens: analyse(text) })).filter((e) => e.tokens.length > 0);
    const index = table.groups.length;
    table.groups.push(expressions);
    for (const expression of expressions) {
      const key = expression.tokens.join(' ');
      const list = table.byTokens.get(key) ?? [];
      if (!list.includes(index)) list.push(index);
      table.byTokens.set(key, list);
    }
  }
  return table;
}

/** The expressions equivalent to `tokens` (itself excluded), from every group that holds it. */
export function synonymsOf(table: SynonymTable, tokens: readonly string[]): SynonymExpression[] {
  const key = tokens.join(' ');
  const found: SynonymExpression[] = [];
  const seen = new Set([key]);
  for (const index of table.byTokens.get(key) ?? []) {
    for (const expression of table.groups[index]!) {
      const other = expression.tokens.join(' ');
      if (seen.has(other)) continue;
      seen.add(other);
      found.push(expression);
    }
  }
  return found;
}

/** Reads and validates a synonyms file; throws SynonymsFileError listing every problem. */
export function loadSynonymsFile(path: string): SynonymTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : 'lecture impossible';
    throw new SynonymsFileError([{ file: path, line: 1, group: null, message: reason }]);
  }
  const { table, issues } = parseSynonymsText(text, path);
  if (issues.length > 0) throw new SynonymsFileError(issues);
  return table;
}

/** Pure: the table a text describes, or the problems found, each located by line. */
export function parseSynonymsText(text: string, file: string): { table: SynonymTable; issues: SynonymsIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineAt = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({
      file,
      line: lineAt(e.pos[0]),
      group: null,
      message: `syntaxe YAML invalide (${e.message.split('\n')[0]})`,
    }));
    return { table: EMPTY_SYNONYMS, issues };
  }
  const data: unknown = doc.toJS() ?? {};
  const issues: SynonymsIssue[] = [];
  if (!validate(data)) {
    for (const error of validate.errors ?? []) issues.push(schemaIssue(error, doc, file, lineAt));
  } else {
    issues.push(...contentIssues(data.synonymes, doc, file, lineAt));
  }
  issues.sort((a, b) => a.line - b.line);
  if (issues.length > 0) return { table: EMPTY_SYNONYMS, issues };
  return { table: buildSynonymTable((data as { synonymes: string[][] }).synonymes), issues: [] };
}

type LineAt = (offset: number | undefined) => number;

function lineOf(doc: Document, path: (string | number)[], lineAt: LineAt): number {
  for (let end = path.length; end > 0; end--) {
    const node = doc.getIn(path.slice(0, end), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return lineAt(node.range[0]);
  }
  return doc.contents?.range ? lineAt(doc.contents.range[0]) : 1;
}

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function schemaIssue(error: ErrorObject, doc: Document, file: string, lineAt: LineAt): SynonymsIssue {
  const path = pathOf(error.instancePath);
  const group = path[0] === 'synonymes' && typeof path[1] === 'number' ? path[1] + 1 : null;
  const extra = (error.params as { additionalProperty?: unknown }).additionalProperty;
  const located = error.keyword === 'additionalProperties' ? [...path, String(extra)] : path;
  return { file, line: lineOf(doc, located, lineAt), group, message: frenchMessage(error, path) };
}

function frenchMessage(error: ErrorObject, path: (string | number)[]): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'la clé « synonymes » est obligatoire (une liste de groupes d’expressions équivalentes)';
    case 'additionalProperties':
      return `clé inconnue « ${String(params.additionalProperty)} » : seule « synonymes » est attendue`;
    case 'minItems':
      return 'un groupe doit contenir au moins deux expressions équivalentes';
    case 'minLength':
      return 'expression vide';
    case 'type':
      if (path.length === 0) return 'le fichier doit contenir la clé « synonymes »';
      if (path.length === 1) return '« synonymes » doit être une liste de groupes';
      if (path.length === 2) return 'un groupe doit être une liste d’expressions, ex. [tiers-lieu, fabrique de territoire]';
      return 'une expression doit être du texte';
    default:
      return error.message ?? 'valeur invalide';
  }
}

/** Problems the schema cannot see: expressions made only of stop words, the same expression twice in a group. */
function contentIssues(groups: string[][], doc: Document, file: string, lineAt: LineAt): SynonymsIssue[] {
  const issues: SynonymsIssue[] = [];
  groups.forEach((group, g) => {
    const seen = new Map<string, string>();
    group.forEach((text, e) => {
      const line = lineOf(doc, ['synonymes', g, e], lineAt);
      const tokens = analyse(text);
      if (tokens.length === 0) {
        issues.push({ file, line, group: g + 1, message: `« ${text} » ne contient que des mots vides (le, de, à…) : rien à chercher` });
        return;
      }
      const key = tokens.join(' ');
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        issues.push({ file, line, group: g + 1, message: `« ${text} » revient au même que « ${earlier} » dans ce groupe (pluriel, accents ou tiret) : gardez-en un` });
      }
      seen.set(key, text);
    });
  });
  return issues;
}
