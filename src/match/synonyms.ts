// synonyms.yaml: the network's thesaurus. Staff write concepts, each with equivalents (count almost as the word the
// member wrote), narrower terms (`plus_precis`: count less) and related terms (`voisins`: count little, never
// enough alone to send a call), and `sauf`: longer expressions in which its terms mean something else (« jeunes
// agriculteurs » for « jeunes »), where they are not counted. The older format, groups of equivalent expressions under `synonymes:`, still loads:
// each group is read as equivalents. Loaded with line positions, validated by a schema, every problem reported at
// once in French as `FILE:LINE: message`.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { analyse, fold, isStopWord, withoutPlural } from './analyse.js';
import { yamlSyntaxProblems } from '../yaml-syntax.js';

export interface SynonymExpression {
  /** As staff wrote it: shown to members as the `via` of an explanation. */
  text: string;
  tokens: string[];
}

/** How a form found in a call relates to what the member wrote. */
export type Relation = 'equivalent' | 'narrower' | 'broader' | 'related';

/** A form to look for on behalf of a member's term, and why. */
export interface RelatedExpression extends SynonymExpression {
  relation: Relation;
  /** The concept's label or the member's term it widens: « terme plus précis de … ». */
  of: string;
}

export interface Concept {
  label: SynonymExpression;
  equivalents: SynonymExpression[];
  narrower: SynonymExpression[];
  related: SynonymExpression[];
  /** `sauf`: expressions in which the concept's terms mean something else and are not counted. */
  except: SynonymExpression[];
}

type Role = 'label' | 'equivalent' | 'narrower' | 'related';

/** Groups of equivalent expressions and concepts, looked up by analysed tokens. */
export interface SynonymTable {
  /** Equivalence groups of the older format. */
  groups: SynonymExpression[][];
  /** Analysed tokens joined by spaces → indexes of the groups holding that expression. */
  byTokens: Map<string, number[]>;
  concepts: Concept[];
  /** Analysed tokens joined by spaces → the concepts naming that expression, and in which role. */
  conceptsByTokens: Map<string, { concept: number; role: Role }[]>;
  /**
   * A general vocabulary (vocabulary/eurovoc-fr.json) consulted only for a member's term this table knows nothing
   * of, not even through its parts (compileProfile). Absent in staff files and tests that do not ask for it.
   */
  fallback?: Vocabulary;
}

/**
 * A general vocabulary: concepts with equivalents only, kept as their texts and looked up by analysed expression.
 * Compact on purpose: the service and each of its workers hold one, and a full SynonymTable of its 4,000 concepts
 * (every expression's tokens, in Maps) added some 25 MiB to every thread of a full match run.
 */
export interface Vocabulary {
  /** Each concept's label, then its equivalents, as written. */
  concepts: readonly (readonly string[])[];
  /** Analysed tokens joined by spaces → the concepts naming that expression. */
  byTokens: ReadonlyMap<string, readonly number[]>;
}

/** The equivalents a vocabulary gives a term (itself excluded), with the concept's label as `of`. */
export function vocabularyEquivalents(vocabulary: Vocabulary, tokens: readonly string[]): RelatedExpression[] {
  const key = tokens.join(' ');
  const found = new Map<string, RelatedExpression>();
  for (const index of vocabulary.byTokens.get(key) ?? []) {
    const texts = vocabulary.concepts[index]!;
    for (const text of texts) {
      const e = expression(text);
      const k = e.tokens.join(' ');
      if (k !== key && e.tokens.length > 0 && !found.has(k)) found.set(k, { ...e, relation: 'equivalent', of: texts[0]! });
    }
  }
  return [...found.values()];
}

export interface SynonymsIssue {
  file: string;
  line: number;
  /** 1-based group number, or null for the file as a whole. */
  group: number | null;
  message: string;
  /** The concept the problem is in, when it is in one. */
  concept?: string;
}

export function formatSynonymsIssue(issue: SynonymsIssue): string {
  if (issue.concept !== undefined) return `${issue.file}:${issue.line}: concept « ${issue.concept} » : ${issue.message}`;
  return `${issue.file}:${issue.line}: ${issue.group === null ? 'fichier' : `groupe ${issue.group}`}: ${issue.message}`;
}

/** A warning: the file stays valid, but staff should look (`fundwatch synonyms check` lists it, exit 0). */
export function formatSynonymsWarning(warning: SynonymsIssue): string {
  const where = warning.concept !== undefined ? `concept « ${warning.concept} » : ` : '';
  return `${warning.file}:${warning.line}: ${where}attention : ${warning.message}`;
}

export class SynonymsFileError extends Error {
  constructor(readonly issues: SynonymsIssue[]) {
    super(issues.map(formatSynonymsIssue).join('\n'));
    this.name = 'SynonymsFileError';
  }
}

const terms = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

const schema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    synonymes: {
      type: 'array',
      items: { type: 'array', minItems: 2, items: { type: 'string', minLength: 1 } },
    },
    concepts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['concept'],
        properties: { concept: { type: 'string', minLength: 1 }, domaine: { type: 'string' }, equivalents: terms, plus_precis: terms, voisins: terms, sauf: terms },
      },
    },
  },
} as const;

interface ConceptRecord {
  concept: string;
  domaine?: string;
  equivalents?: string[];
  plus_precis?: string[];
  voisins?: string[];
  sauf?: string[];
}

interface ThesaurusFile {
  synonymes?: string[][];
  concepts?: ConceptRecord[];
}

const validate = new Ajv({ allErrors: true }).compile<ThesaurusFile>(schema);

export const EMPTY_SYNONYMS: SynonymTable = { groups: [], byTokens: new Map(), concepts: [], conceptsByTokens: new Map() };

function expression(text: string): SynonymExpression {
  return { text: text.trim(), tokens: analyse(text) };
}

function present(list: readonly string[] | undefined): SynonymExpression[] {
  return (list ?? []).map(expression).filter((e) => e.tokens.length > 0);
}

/** Builds the lookup table from groups and concepts already validated. */
export function buildSynonymTable(groups: readonly (readonly string[])[], concepts: readonly ConceptRecord[] = []): SynonymTable {
  const table: SynonymTable = { groups: [], byTokens: new Map(), concepts: [], conceptsByTokens: new Map() };
  for (const group of groups) {
    const expressions = group.map(expression).filter((e) => e.tokens.length > 0);
    const index = table.groups.length;
    table.groups.push(expressions);
    for (const e of expressions) {
      const key = e.tokens.join(' ');
      const list = table.byTokens.get(key) ?? [];
      if (!list.includes(index)) list.push(index);
      table.byTokens.set(key, list);
    }
  }
  for (const record of concepts) {
    const concept: Concept = {
      label: expression(record.concept),
      equivalents: present(record.equivalents),
      narrower: present(record.plus_precis),
      related: present(record.voisins),
      except: present(record.sauf),
    };
    const index = table.concepts.length;
    table.concepts.push(concept);
    const roles: [Role, SynonymExpression[]][] = [['label', [concept.label]], ['equivalent', concept.equivalents], ['narrower', concept.narrower], ['related', concept.related]];
    for (const [role, list] of roles) {
      for (const e of list) {
        const key = e.tokens.join(' ');
        const entries = table.conceptsByTokens.get(key) ?? [];
        if (!entries.some((x) => x.concept === index && x.role === role)) entries.push({ concept: index, role });
        table.conceptsByTokens.set(key, entries);
      }
    }
  }
  return table;
}

/** The expressions equivalent to `tokens` (itself excluded), from every group and concept that holds it as an equivalent. */
export function synonymsOf(table: SynonymTable, tokens: readonly string[]): SynonymExpression[] {
  return relatedOf(table, tokens).filter((e) => e.relation === 'equivalent');
}

export const STRENGTH: Record<Relation, number> = { equivalent: 4, narrower: 3, broader: 2, related: 1 };

/**
 * Every form to look for on behalf of a member's term, with its relation: the equivalents of the term (its group,
 * or the concept it names), the narrower terms of a concept it names, the related terms of that concept, and, when
 * the term is itself a narrower term of a concept, that broader concept (broaderRelation). One level only: narrower
 * terms of narrower terms would drift. A form reachable several ways keeps its strongest relation, except that what
 * staff wrote of the member's own concept wins over what is inferred the other way round: « inclusion numérique »
 * lists « fracture numérique » as a neighbour (the words also name a lack of broadband), so a member who wrote
 * « inclusion numérique » sees it as a neighbour even though « fracture numérique » lists « inclusion numérique »
 * among its narrower terms.
 */
export function relatedOf(table: SynonymTable, tokens: readonly string[]): RelatedExpression[] {
  const key = tokens.join(' ');
  const found = new Map<string, RelatedExpression>();
  const stated = new Set<string>();
  const add = (e: SynonymExpression, relation: Relation, of: string, inferred = false): void => {
    const k = e.tokens.join(' ');
    if (k === key || (inferred && stated.has(k))) return;
    if (!inferred) stated.add(k);
    const known = found.get(k);
    if (!known || STRENGTH[relation] > STRENGTH[known.relation]) found.set(k, { text: e.text, tokens: e.tokens, relation, of });
  };
  for (const index of table.byTokens.get(key) ?? []) {
    for (const e of table.groups[index]!) add(e, 'equivalent', e.text);
  }
  const concepts = table.conceptsByTokens.get(key) ?? [];
  for (const { concept: index, role } of concepts) {
    if (role !== 'label' && role !== 'equivalent') continue;
    const concept = table.concepts[index]!;
    const label = concept.label.text;
    add(concept.label, 'equivalent', label);
    for (const e of concept.equivalents) add(e, 'equivalent', label);
    for (const e of concept.narrower) add(e, 'narrower', label);
    for (const e of concept.related) add(e, 'related', label);
  }
  for (const { concept: index, role } of concepts) {
    if (role !== 'narrower') continue;
    const concept = table.concepts[index]!;
    const label = concept.label.text;
    add(concept.label, broaderRelation(concept.label), label, true);
    for (const e of concept.equivalents) add(e, broaderRelation(e), label, true);
  }
  return [...found.values()];
}

/**
 * The forms of a member's expression that the thesaurus does not know, read through the words it qualifies: « femmes
 * migrantes » is a kind of « migrants ». The longest part of the expression
 * that names a concept (as its label or an equivalent) stands for it, and that concept's label and equivalents are
 * looked for as broader forms (broaderRelation). Members type what their project is (a public, an activity, a
 * place, qualified), funders write the field; without this, an expression the thesaurus lacks found only itself.
 * Empty when the expression is one word or no part of it names a concept.
 */
export function widerOf(table: SynonymTable, tokens: readonly string[]): RelatedExpression[] {
  for (let length = tokens.length - 1; length >= 1; length--) {
    // One form per expression: its relation depends on the expression alone (broaderRelation), so the first is kept.
    const found = new Map<string, RelatedExpression>();
    for (let start = 0; start + length <= tokens.length; start++) {
      const part = tokens.slice(start, start + length);
      for (const { concept: index, role } of table.conceptsByTokens.get(part.join(' ')) ?? []) {
        if (role !== 'label' && role !== 'equivalent') continue;
        const concept = table.concepts[index]!;
        for (const e of [concept.label, ...concept.equivalents]) {
          const key = e.tokens.join(' ');
          if (!found.has(key)) found.set(key, { ...e, relation: broaderRelation(e), of: concept.label.text });
        }
      }
    }
    if (found.size > 0) return [...found.values()];
  }
  return [];
}

/**
 * How a member's term sees the concept it is a narrower term of. A call funding the whole field (« inclusion
 * numérique », « économie circulaire », « insertion par l'activité économique ») funds the member's kind of project
 * (« atelier numérique », « réemploi », « chantier d'insertion »): funders write calls for fields, members describe
 * projects. Such an expression is broader (BROADER_FACTOR in score.ts) and may send a call. A single broad word
 * (« radio » for `radio associative`, « alimentation » for `alimentation durable`, « insertion ») names too many
 * other trades: it stays a neighbour, counted little and never enough alone.
 * Development split: recall 0.67 -> 0.70, grade-2 0.97 -> 0.98, precision 0.84 -> 0.83, nDCG@10 0.88 -> 0.89; fresh
 * set's development half: recall 0.40 -> 0.45, grade-2 0.74 -> 0.81, precision 0.65 -> 0.63, nDCG@10 0.56 -> 0.59.
 */
function broaderRelation(e: SynonymExpression): Relation {
  return e.tokens.length > 1 ? 'broader' : 'related';
}

/**
 * The `sauf` expressions that concern a form looked for on behalf of `tokens`: those of every concept the term
 * names (as its label, an equivalent or a narrower term). compileProfile keeps, for each form, those that contain it.
 */
export function exceptionsOf(table: SynonymTable, tokens: readonly string[]): string[][] {
  const found = new Map<string, string[]>();
  for (const { concept: index, role } of table.conceptsByTokens.get(tokens.join(' ')) ?? []) {
    if (role === 'related') continue;
    for (const e of table.concepts[index]!.except) found.set(e.tokens.join(' '), e.tokens);
  }
  return [...found.values()];
}

/** Whether `inner` occurs as adjacent tokens inside `outer`, which is longer. */
export function containsTokens(outer: readonly string[], inner: readonly string[]): boolean {
  if (outer.length <= inner.length) return false;
  outer: for (let i = 0; i + inner.length <= outer.length; i++) {
    for (let j = 0; j < inner.length; j++) if (outer[i + j] !== inner[j]) continue outer;
    return true;
  }
  return false;
}

/** Multi-word thesaurus expressions (any role), for finding them in a profile's description. */
export function thesaurusPhrases(table: SynonymTable): SynonymExpression[] {
  const seen = new Set<string>();
  const phrases: SynonymExpression[] = [];
  const visit = (e: SynonymExpression): void => {
    const key = e.tokens.join(' ');
    if (e.tokens.length < 2 || seen.has(key)) return;
    seen.add(key);
    phrases.push(e);
  };
  for (const group of table.groups) group.forEach(visit);
  for (const c of table.concepts) [c.label, ...c.equivalents, ...c.narrower].forEach(visit);
  return phrases;
}

export interface PhraseIndex {
  /** thesaurusPhrases(table), in its order. */
  phrases: SynonymExpression[];
  /** Indexes into `phrases` by first analysed token. */
  byFirst: Map<string, number[]>;
}

const phraseIndexes = new WeakMap<SynonymTable, PhraseIndex>();

/**
 * The thesaurus's multi-word expressions indexed by their first token, built once per table: each profile's
 * description is searched for them, and scanning the 1,400 expressions against every description was a fifth of
 * a full match run at 5,000 profiles.
 */
export function phraseIndex(table: SynonymTable): PhraseIndex {
  let index = phraseIndexes.get(table);
  if (!index) {
    const phrases = thesaurusPhrases(table);
    const byFirst = new Map<string, number[]>();
    phrases.forEach((phrase, i) => {
      const first = phrase.tokens[0]!;
      const list = byFirst.get(first);
      if (list) list.push(i);
      else byFirst.set(first, [i]);
    });
    index = { phrases, byFirst };
    phraseIndexes.set(table, index);
  }
  return index;
}

/** A general vocabulary file: concepts with equivalents only, generated (vocabulary/build-eurovoc.mjs), never edited. */
const vocabularySchema = {
  type: 'object',
  required: ['concepts'],
  properties: {
    attribution: { type: 'string' },
    concepts: {
      type: 'array',
      items: { type: 'object', required: ['concept', 'equivalents'], properties: { concept: { type: 'string', minLength: 1 }, equivalents: terms }, additionalProperties: false },
    },
  },
} as const;
const validateVocabulary = new Ajv().compile<{ concepts: { concept: string; equivalents: string[] }[] }>(vocabularySchema);

/**
 * Reads a general vocabulary (SynonymTable.fallback) with its text. JSON read in one pass, as the file is generated
 * and read at every start by the service and each worker (a thesaurus's YAML with line positions cost three times
 * the time). Throws naming the file when it is not such a file.
 */
export function readVocabularyFile(path: string): { vocabulary: Vocabulary; text: string } {
  const text = readFileSync(path, 'utf8');
  const data: unknown = JSON.parse(text);
  if (!validateVocabulary(data)) throw new Error(`${path}: not a vocabulary file (${validateVocabulary.errors?.[0]?.message ?? 'invalid'})`);
  const concepts = data.concepts.map((c) => [c.concept, ...c.equivalents]);
  const byTokens = new Map<string, number[]>();
  concepts.forEach((texts, index) => {
    for (const text of texts) {
      const key = analyse(text).join(' ');
      if (key === '') continue;
      const list = byTokens.get(key);
      if (!list) byTokens.set(key, [index]);
      else if (!list.includes(index)) list.push(index);
    }
  });
  return { vocabulary: { concepts, byTokens }, text };
}

/** Reads and validates a synonyms file; throws SynonymsFileError listing every problem. */
export function loadSynonymsFile(path: string): SynonymTable {
  return readSynonymsFile(path).table;
}

/**
 * loadSynonymsFile, with the text it was read from and, when asked (`fundwatch synonyms check`), the warnings of a
 * valid file. Matching never asks: reading every single word again costs a third of the parse, at every load.
 */
export function readSynonymsFile(path: string, options: { warnings?: boolean } = {}): { table: SynonymTable; text: string; warnings: SynonymsIssue[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : 'lecture impossible';
    throw new SynonymsFileError([{ file: path, line: 1, group: null, message: reason }]);
  }
  const { table, issues, warnings } = parseSynonymsText(text, path, options);
  if (issues.length > 0) throw new SynonymsFileError(issues);
  return { table, text, warnings };
}

/**
 * Parses and validates a thesaurus: `issues` make it invalid (the table is then empty); `warnings`, when asked, are
 * for a valid file only (see conceptWarnings).
 */
export function parseSynonymsText(
  text: string,
  file: string,
  options: { warnings?: boolean } = {},
): { table: SynonymTable; issues: SynonymsIssue[]; warnings: SynonymsIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineAt = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) {
    const issues = yamlSyntaxProblems(text, doc.errors, lineAt).map(({ line, message }) => ({ file, line, group: null, message }));
    return { table: EMPTY_SYNONYMS, issues, warnings: [] };
  }
  const data: unknown = doc.toJS() ?? {};
  const issues: SynonymsIssue[] = [];
  if (!validate(data)) {
    for (const error of validate.errors ?? []) issues.push(schemaIssue(error, doc, file, lineAt, data));
  }
  // The content checks run on whatever is well-formed, so one run lists every problem of the file.
  const { groups, concepts } = wellFormed(data);
  issues.push(...groupIssues(groups, doc, file, lineAt));
  issues.push(...conceptIssues(concepts, doc, file, lineAt));
  issues.sort((a, b) => a.line - b.line);
  if (issues.length > 0) return { table: EMPTY_SYNONYMS, issues, warnings: [] };
  const valid = data as ThesaurusFile;
  const warnings = options.warnings ? conceptWarnings(concepts, doc, file, lineAt) : [];
  return { table: buildSynonymTable(valid.synonymes ?? [], valid.concepts ?? []), issues: [], warnings };
}

type LineAt = (offset: number | undefined) => number;

const isText = (value: unknown): value is string => typeof value === 'string';
const texts = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter(isText) : undefined);

/** The groups and concepts of a possibly invalid file that are shaped right (positions kept, others emptied). */
function wellFormed(data: unknown): { groups: string[][]; concepts: ConceptRecord[] } {
  const root = (data ?? {}) as { synonymes?: unknown; concepts?: unknown };
  const groups = Array.isArray(root.synonymes) ? root.synonymes.map((g) => texts(g) ?? []) : [];
  const concepts = Array.isArray(root.concepts)
    ? root.concepts.map((c: unknown): ConceptRecord => {
        const r = (c ?? {}) as Record<string, unknown>;
        return {
          concept: isText(r.concept) ? r.concept : '',
          equivalents: texts(r.equivalents),
          plus_precis: texts(r.plus_precis),
          voisins: texts(r.voisins),
          sauf: texts(r.sauf),
        };
      })
    : [];
  return { groups, concepts };
}

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

function conceptName(data: unknown, index: number): string {
  const concepts = (data as { concepts?: unknown } | null)?.concepts;
  const record = Array.isArray(concepts) ? (concepts[index] as { concept?: unknown } | undefined) : undefined;
  return typeof record?.concept === 'string' && record.concept.trim() !== '' ? record.concept.trim() : `n° ${index + 1}`;
}

function schemaIssue(error: ErrorObject, doc: Document, file: string, lineAt: LineAt, data: unknown): SynonymsIssue {
  const path = pathOf(error.instancePath);
  const group = path[0] === 'synonymes' && typeof path[1] === 'number' ? path[1] + 1 : null;
  const extra = (error.params as { additionalProperty?: unknown }).additionalProperty;
  const located = error.keyword === 'additionalProperties' ? [...path, String(extra)] : path;
  const issue: SynonymsIssue = { file, line: lineOf(doc, located, lineAt), group, message: frenchMessage(error, path) };
  if (path[0] === 'concepts' && typeof path[1] === 'number') issue.concept = conceptName(data, path[1]);
  return issue;
}

function frenchMessage(error: ErrorObject, path: (string | number)[]): string {
  const params = error.params as Record<string, unknown>;
  const inConcept = path[0] === 'concepts';
  switch (error.keyword) {
    case 'required':
      return 'la clé « concept » est obligatoire (le terme qui nomme le concept)';
    case 'minProperties':
      return 'le fichier doit contenir la clé « concepts » (ou l’ancienne clé « synonymes »)';
    case 'additionalProperties':
      if (inConcept) return `clé inconnue « ${String(params.additionalProperty)} » : un concept a « concept », « equivalents », « plus_precis », « voisins », « sauf » et « domaine »`;
      return `clé inconnue « ${String(params.additionalProperty)} » : seules « concepts » et « synonymes » sont attendues`;
    case 'minItems':
      return 'un groupe doit contenir au moins deux expressions équivalentes';
    case 'minLength':
      return 'expression vide';
    case 'type':
      if (path.length === 0) return 'le fichier doit contenir la clé « concepts » (ou l’ancienne clé « synonymes »)';
      if (inConcept) {
        if (path.length === 1) return '« concepts » doit être une liste de concepts';
        if (path.length === 2) return 'un concept s’écrit « - concept: inclusion numérique » suivi de ses listes';
        if (path.length === 3) return `« ${String(path[2])} » doit être ${path[2] === 'concept' || path[2] === 'domaine' ? 'du texte' : 'une liste d’expressions, ex. [atelier numérique, aide aux démarches en ligne]'}`;
        return 'une expression doit être du texte';
      }
      if (path.length === 1) return '« synonymes » doit être une liste de groupes';
      if (path.length === 2) return 'un groupe doit être une liste d’expressions, ex. [tiers-lieu, fabrique de territoire]';
      return 'une expression doit être du texte';
    default:
      return error.message ?? 'valeur invalide';
  }
}

const STOP_ONLY = (text: string): string => `« ${text} » ne contient que des mots vides (le, de, à…) : rien à chercher`;

/** Problems the schema cannot see in the older groups: expressions made only of stop words, the same expression twice. */
function groupIssues(groups: string[][], doc: Document, file: string, lineAt: LineAt): SynonymsIssue[] {
  const issues: SynonymsIssue[] = [];
  groups.forEach((group, g) => {
    const seen = new Map<string, string>();
    group.forEach((text, e) => {
      const line = lineOf(doc, ['synonymes', g, e], lineAt);
      const tokens = analyse(text);
      if (tokens.length === 0) {
        issues.push({ file, line, group: g + 1, message: STOP_ONLY(text) });
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

const LIST_NAMES = { equivalents: 'équivalents', plus_precis: 'termes plus précis', voisins: 'termes voisins' } as const;

/**
 * Problems the schema cannot see in concepts: a concept named twice, an expression of stop words only, the same
 * expression twice in one concept (as its label, an equivalent, a narrower or a related term: it must be one).
 */
function conceptIssues(concepts: ConceptRecord[], doc: Document, file: string, lineAt: LineAt): SynonymsIssue[] {
  const issues: SynonymsIssue[] = [];
  const labels = new Map<string, number>();
  concepts.forEach((record, c) => {
    const name = record.concept.trim();
    if (name === '') return; // reported by the schema
    const labelLine = lineOf(doc, ['concepts', c, 'concept'], lineAt);
    const labelTokens = analyse(record.concept);
    if (labelTokens.length === 0) {
      issues.push({ file, line: labelLine, group: null, concept: name, message: STOP_ONLY(record.concept) });
      return;
    }
    const labelKey = labelTokens.join(' ');
    const twin = labels.get(labelKey);
    if (twin !== undefined) issues.push({ file, line: labelLine, group: null, concept: name, message: `concept déjà défini ligne ${twin} : réunissez-les` });
    else labels.set(labelKey, labelLine);
    const seen = new Map<string, string>([[labelKey, `le concept lui-même`]]);
    for (const list of ['equivalents', 'plus_precis', 'voisins'] as const) {
      (record[list] ?? []).forEach((text, e) => {
        const line = lineOf(doc, ['concepts', c, list, e], lineAt);
        const tokens = analyse(text);
        if (tokens.length === 0) {
          issues.push({ file, line, group: null, concept: name, message: STOP_ONLY(text) });
          return;
        }
        const key = tokens.join(' ');
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          issues.push({ file, line, group: null, concept: name, message: `« ${text} » (${LIST_NAMES[list]}) revient au même que ${earlier} (pluriel, accents ou tiret) : gardez-en un` });
        }
        seen.set(key, `« ${text} » (${LIST_NAMES[list]})`);
      });
    }
    const ownForms = [labelTokens, ...[...(record.equivalents ?? []), ...(record.plus_precis ?? [])].map((text) => analyse(text))];
    (record.sauf ?? []).forEach((text, e) => {
      const line = lineOf(doc, ['concepts', c, 'sauf', e], lineAt);
      const tokens = analyse(text);
      if (tokens.length === 0) issues.push({ file, line, group: null, concept: name, message: STOP_ONLY(text) });
      else if (!ownForms.some((form) => form.length > 0 && containsTokens(tokens, form))) {
        issues.push({
          file,
          line,
          group: null,
          concept: name,
          message: `« ${text} » (sauf) ne contient aucun terme du concept : une exception est une expression plus longue où l’un de ses termes change de sens (« jeunes agriculteurs » pour « jeunes »)`,
        });
      }
    });
  });
  return issues;
}

/** A stem of this many letters or fewer is shared by too many unrelated words (« logement » → « log », as « loger »). */
export const SHORT_STEM = 3;

/** A single-word expression of the thesaurus, where it is written. */
interface SingleWord {
  concept: number;
  text: string;
  /** The written word folded, its plural s/x removed as the analyser removes it: what two spellings share. */
  base: string;
  token: string;
  line: number;
}

/** The one content word of an expression, or null when it has several (or none). */
function singleWord(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !isStopWord(fold(w)));
  return words.length === 1 ? words[0]! : null;
}

function baseOf(word: string): string {
  return withoutPlural(fold(word));
}

/**
 * What may make a valid thesaurus send the wrong calls, both about single-word expressions, the only ones the
 * stemmer can confuse with other words (an expression of several words must match all of them, in order):
 * - a word the French stemmer cuts down to SHORT_STEM letters or fewer (« logement » → « log »): every word with
 *   that stem counts for it, « loger » and « logés » included. An acronym the stemmer leaves whole (« EPN ») matches
 *   only itself and is not reported;
 * - two different words of two concepts that share no expression (neither names the other) that become the same
 *   token (« alternance » and « alternatives » → « altern »): a call that uses one counts for the other.
 * The fix is an expression of several words, or a STEM_OVERRIDES entry in analyse.ts. Never errors: the words
 * may be right for the network, and staff decide.
 */
function conceptWarnings(concepts: ConceptRecord[], doc: Document, file: string, lineAt: LineAt): SynonymsIssue[] {
  const lists = ['equivalents', 'plus_precis', 'voisins'] as const;
  const forms = concepts.map((record) => new Set([record.concept, ...lists.flatMap((list) => record[list] ?? [])].map((text) => analyse(text).join(' '))));
  // Related: another expression in common than the colliding word itself (which both hold by definition).
  const related = (a: number, b: number, token: string): boolean => [...forms[a]!].some((key) => key !== '' && key !== token && forms[b]!.has(key));
  const singles: SingleWord[] = [];
  concepts.forEach((record, c) => {
    const add = (text: string, path: (string | number)[]): void => {
      const word = singleWord(text);
      const tokens = analyse(text);
      if (word === null || tokens.length !== 1) return;
      singles.push({ concept: c, text: text.trim(), base: baseOf(word), token: tokens[0]!, line: lineOf(doc, ['concepts', c, ...path], lineAt) });
    };
    add(record.concept, ['concept']);
    for (const list of lists) (record[list] ?? []).forEach((text, e) => add(text, [list, e]));
  });
  const byToken = new Map<string, SingleWord[]>();
  for (const single of singles) byToken.set(single.token, [...(byToken.get(single.token) ?? []), single]);
  const warnings: SynonymsIssue[] = [];
  const warn = (single: SingleWord, message: string): void => {
    warnings.push({ file, line: single.line, group: null, concept: concepts[single.concept]!.concept.trim(), message });
  };
  // A short word is reported once, where it is first written, with the other lines that use it.
  const shortSeen = new Set<string>();
  const reported = new Set<string>();
  for (const single of singles) {
    if (single.token.length <= SHORT_STEM && single.token !== single.base) {
      if (shortSeen.has(single.base)) continue;
      shortSeen.add(single.base);
      const lines = [...new Set(singles.filter((s) => s.base === single.base && s.line !== single.line).map((s) => s.line))];
      const also = lines.length > 0 ? ` (aussi ligne${lines.length > 1 ? 's' : ''} ${lines.join(', ')})` : '';
      warn(single, `« ${single.text} »${also} devient « ${single.token} » une fois analysé : un radical si court est celui d’autres mots, qui compteront pour lui ; préférez une expression de plusieurs mots`);
      continue;
    }
    const key = `${single.concept} ${single.base}`;
    if (reported.has(key)) continue;
    const other = (byToken.get(single.token) ?? []).find((o) => o.concept !== single.concept && o.base !== single.base && o.line < single.line && !related(o.concept, single.concept, single.token));
    if (other) {
      reported.add(key);
      warn(single, `« ${single.text} » et « ${other.text} » (concept « ${concepts[other.concept]!.concept.trim()} », ligne ${other.line}) deviennent le même mot une fois analysés (« ${single.token} ») : un appel qui emploie l’un comptera pour l’autre ; préférez une expression de plusieurs mots`);
    }
  }
  return warnings.sort((a, b) => a.line - b.line);
}
