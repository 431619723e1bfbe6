// `fundwatch members import`: members and their profiles from a CSV or YAML file, created or updated by email.
// Parsing and validation are pure and report every problem with its line; the writes happen in one transaction,
// and only when the whole file is valid, so a half-imported file never exists.
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseCsv } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { Type, type Static } from 'typebox';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { FUNDER_TYPES, type FunderType } from '../calls/types.js';
import type { Db } from '../db/connection.js';
import { cleanTerms, profileProblem } from './keywords.js';
import { createMember, createProfile, getMemberByEmail, updateMember, updateProfile } from './store.js';
import { DESCRIPTION_MAX_LENGTH, type MemberStatus, type ProfileInput } from './types.js';

// ---- the shape of one member, whatever the file format --------------------------------------------------------

const ProfileRecord = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    keywords: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
    exclude: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
    categories: Type.Optional(Type.Array(Type.Enum([...FUNDER_TYPES]), { uniqueItems: true })),
    regions: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
    min_score: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()])),
    description: Type.Optional(Type.Union([Type.String({ maxLength: DESCRIPTION_MAX_LENGTH }), Type.Null()])),
  },
  { additionalProperties: false },
);

const MemberRecord = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    organisation: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    status: Type.Optional(Type.Enum(['active', 'unsubscribed'])),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50, pattern: '^[^\\s,;]+$' }), { maxItems: 50 })),
    visible_to_network: Type.Optional(Type.Boolean()),
    paused_until: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()])),
    profiles: Type.Optional(Type.Array(ProfileRecord, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
type MemberRecord = Static<typeof MemberRecord>;

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, removeAdditional: false });
addFormats.default(ajv);
const validateMember = ajv.compile(MemberRecord);
// ajv-i18n is CommonJS whose types describe an ES default export; required so the runtime shape is the typed one.
const localizeFr = createRequire(import.meta.url)('ajv-i18n/localize/fr') as (errors: ErrorObject[] | null | undefined) => void;

export interface ImportProfile {
  input: ProfileInput;
  line: number;
}

export interface ImportMember {
  email: string;
  name?: string | null;
  organisation?: string | null;
  status?: MemberStatus;
  /** Absent: the member's tags stay as they are. */
  tags?: string[];
  visibleToNetwork?: boolean;
  /** Absent: the pause stays as it is; null ends it. */
  pausedUntil?: string | null;
  profiles: ImportProfile[];
  line: number;
}

export interface ImportIssue {
  line: number;
  message: string;
}

export interface ParsedImport {
  members: ImportMember[];
  issues: ImportIssue[];
}

export class MembersImportError extends Error {
  constructor(readonly file: string, readonly issues: ImportIssue[]) {
    super(issues.map((i) => `${file}:${i.line}: ${i.message}`).join('\n'));
    this.name = 'MembersImportError';
  }
}

function describe(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  let message = error.message ?? 'valeur invalide';
  if (error.keyword === 'additionalProperties') message = `champ inconnu « ${String(error.params.additionalProperty)} »`;
  if (error.keyword === 'enum') message = `doit valoir ${(error.params.allowedValues as unknown[]).join(', ')}`;
  if (error.keyword === 'format' && error.params.format === 'email') message = 'adresse email invalide';
  return path === '' ? message : `${path} : ${message}`;
}

/** Checks one record; `lineOf` locates a problem from its JSON pointer. */
/** Schema errors worth showing: a "number or null" field that got 150 should say "<= 100", not also "must be null". */
export function usefulErrors(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && e.params.type === 'null'));
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Term syntax problems, looked for even when the schema failed, so the file is fixed in one go. */
function termIssues(record: unknown, lineOf: (pointer: string) => number): ImportIssue[] {
  const profiles = (record as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(profiles)) return [];
  return profiles.flatMap((profile: unknown, index) => {
    const p = (profile ?? {}) as { name?: unknown; keywords?: unknown; exclude?: unknown; regions?: unknown };
    const problem = profileProblem({ keywords: cleanTerms(stringsOf(p.keywords)), exclude: cleanTerms(stringsOf(p.exclude)), regions: stringsOf(p.regions) });
    return problem ? [{ line: lineOf(`/profiles/${index}`), message: `profil « ${String(p.name ?? index + 1)} » : ${problem}` }] : [];
  });
}

function checkRecord(record: unknown, lineOf: (pointer: string) => number): { member: MemberRecord | null; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  if (!validateMember(record)) {
    const errors = usefulErrors(validateMember.errors ?? []);
    localizeFr(errors);
    issues.push(...errors.map((e) => ({ line: lineOf(e.instancePath), message: describe(e) })));
  }
  issues.push(...termIssues(record, lineOf));
  return { member: issues.length ? null : (record as MemberRecord), issues };
}

function toImportProfile(profile: Static<typeof ProfileRecord>, line: number): ImportProfile {
  return {
    line,
    input: {
      name: profile.name.trim(),
      keywords: cleanTerms(profile.keywords),
      exclude: cleanTerms(profile.exclude),
      categories: (profile.categories ?? []) as FunderType[],
      regions: (profile.regions ?? []).map((r) => r.trim()),
      minScore: profile.min_score ?? null,
      // Absent (an empty cell, a YAML profile without it): the stored description stays, as other empty cells do.
      ...(profile.description === undefined ? {} : { description: profile.description }),
    },
  };
}

function blankToNull(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return value.trim() === '' ? null : value.trim();
}

/** Groups records by email (case-insensitive), refusing two profiles of the same name for one member. */
function mergeByEmail(records: { record: MemberRecord; line: number; profileLines: number[] }[]): ParsedImport {
  const byEmail = new Map<string, ImportMember>();
  const issues: ImportIssue[] = [];
  for (const { record, line, profileLines } of records) {
    const key = record.email.trim().toLowerCase();
    let member = byEmail.get(key);
    if (!member) {
      member = { email: record.email.trim(), profiles: [], line };
      byEmail.set(key, member);
    }
    // The first non-empty value wins: later rows of the same member may leave these cells empty.
    const name = blankToNull(record.name);
    const organisation = blankToNull(record.organisation);
    if (member.name == null && name != null) member.name = name;
    if (member.organisation == null && organisation != null) member.organisation = organisation;
    if (record.status) member.status = record.status;
    if (record.tags !== undefined) member.tags = [...new Set([...(member.tags ?? []), ...record.tags])];
    if (record.visible_to_network !== undefined) member.visibleToNetwork = record.visible_to_network;
    if (record.paused_until !== undefined) member.pausedUntil = record.paused_until;
    for (const [index, profile] of (record.profiles ?? []).entries()) {
      const imported = toImportProfile(profile, profileLines[index] ?? line);
      const twin = member.profiles.find((p) => p.input.name.toLowerCase() === imported.input.name.toLowerCase());
      if (twin) {
        issues.push({ line: imported.line, message: `profil « ${imported.input.name} » de ${member.email} déjà défini ligne ${twin.line}` });
        continue;
      }
      member.profiles.push(imported);
    }
  }
  return { members: [...byEmail.values()], issues };
}

// ---- CSV ------------------------------------------------------------------------------------------------------

const CSV_COLUMNS: Record<string, string[]> = {
  email: ['email', 'e_mail', 'mail', 'courriel', 'adresse_email', 'adresse_mail'],
  name: ['name', 'nom', 'contact'],
  organisation: ['organisation', 'organization', 'structure', 'association'],
  status: ['status', 'statut'],
  tags: ['tags', 'etiquettes', 'etiquette'],
  visible_to_network: ['visible_to_network', 'visible_reseau', 'visible_dans_le_reseau', 'partenaires'],
  paused_until: ['paused_until', 'pause_jusqu_au', "pause_jusqu'au", 'pause_jusqu’au', "en_pause_jusqu'au", 'pause'],
  profile: ['profile', 'profil', 'projet', 'profile_name'],
  keywords: ['keywords', 'mots_cles', 'mots_clefs', 'mots_cle'],
  exclude: ['exclude', 'exclusions', 'exclure', 'mots_exclus'],
  categories: ['categories', 'financeurs', 'funders'],
  regions: ['regions', 'region'],
  min_score: ['min_score', 'score_min', 'score_minimum'],
  description: ['description', 'descriptif', 'description_du_projet', 'presentation', 'presentation_du_projet'],
};

/** A spreadsheet's French day (31/12/2026) as YYYY-MM-DD; anything else is left for the schema to refuse. */
function isoFromFrenchDay(cell: string): string {
  const french = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell);
  return french ? `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}` : cell;
}

function normaliseHeader(cell: string): string {
  return cell.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function columnOf(header: string): string | null {
  const key = normaliseHeader(header);
  return Object.entries(CSV_COLUMNS).find(([, aliases]) => aliases.includes(key))?.[0] ?? null;
}

/** Comma, semicolon (French spreadsheets) or tab: whichever the header line uses most. */
function guessDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

function list(cell: string | undefined): string[] | undefined {
  if (cell === undefined || cell.trim() === '') return undefined;
  return cell.split(';').map((v) => v.trim()).filter((v) => v !== '');
}

// French spreadsheets say oui/non; a value that is neither is passed on as text, so the schema names the problem.
function csvBoolean(cell: string): boolean | string {
  const value = cell.trim().toLowerCase();
  if (['oui', 'o', 'yes', 'true', 'vrai', '1', 'x'].includes(value)) return true;
  if (['non', 'n', 'no', 'false', 'faux', '0'].includes(value)) return false;
  return cell;
}

function newlines(fields: string[]): number {
  return fields.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}

/** Pure: members from CSV text, one row per profile (or per member without profile), with every problem by line. */
export function parseMembersCsv(text: string): ParsedImport {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { delimiter: guessDelimiter(text), bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { members: [], issues: [{ line, message: `CSV illisible : ${(error as Error).message}` }] };
  }
  const [header, ...body] = rows;
  if (!header) return { members: [], issues: [{ line: 1, message: 'fichier vide : une ligne d’en-tête est attendue (email,name,organisation,profile,keywords,...)' }] };
  const columns = header.record.map(columnOf);
  const issues: ImportIssue[] = [];
  header.record.forEach((cell, i) => {
    if (columns[i] === null) issues.push({ line: 1, message: `colonne inconnue « ${cell} » (colonnes : ${Object.keys(CSV_COLUMNS).join(', ')})` });
  });
  if (!columns.includes('email')) issues.push({ line: 1, message: 'colonne « email » manquante' });
  if (issues.length) return { members: [], issues };

  const records: { record: MemberRecord; line: number; profileLines: number[] }[] = [];
  for (const { record: cells, info } of body) {
    const line = info.lines - newlines(cells);
    if (cells.length > columns.length) {
      issues.push({ line, message: `${cells.length} cellules pour ${columns.length} colonnes (un séparateur en trop ? mettez la cellule entre guillemets)` });
      continue;
    }
    const cell = (name: string): string | undefined => {
      const index = columns.indexOf(name);
      return index === -1 ? undefined : cells[index]?.trim();
    };
    const raw: Record<string, unknown> = { email: cell('email') ?? '' };
    for (const field of ['name', 'organisation'] as const) if (cell(field)) raw[field] = cell(field);
    if (cell('status')) raw.status = cell('status')!.toLowerCase();
    if (cell('tags')) raw.tags = list(cell('tags'));
    const visible = cell('visible_to_network');
    if (visible) raw.visible_to_network = csvBoolean(visible);
    const pause = cell('paused_until');
    if (pause) raw.paused_until = isoFromFrenchDay(pause);
    const profileName = cell('profile');
    const profileFields = { keywords: list(cell('keywords')), exclude: list(cell('exclude')), categories: list(cell('categories'))?.map((c) => c.toLowerCase()), regions: list(cell('regions')) };
    const minScore = cell('min_score');
    const description = cell('description');
    const hasProfileData = Object.values(profileFields).some((v) => v !== undefined) || Boolean(minScore) || Boolean(description);
    if (profileName) {
      const profile: Record<string, unknown> = { name: profileName };
      for (const [key, value] of Object.entries(profileFields)) if (value !== undefined) profile[key] = value;
      if (minScore) profile.min_score = /^\d+([.,]\d+)?$/.test(minScore) ? Number(minScore.replace(',', '.')) : minScore;
      if (description) profile.description = description;
      raw.profiles = [profile];
    } else if (hasProfileData) {
      issues.push({ line, message: 'colonne « profile » vide alors que la ligne décrit un profil : donnez-lui un nom' });
      continue;
    }
    const checked = checkRecord(raw, () => line);
    issues.push(...checked.issues.map((i) => ({ line: i.line, message: i.message.replace(/^profiles\.0\./, '') })));
    if (checked.member) records.push({ record: checked.member, line, profileLines: [line] });
  }
  const merged = mergeByEmail(records);
  return { members: merged.members, issues: [...issues, ...merged.issues].sort((a, b) => a.line - b.line) };
}

// ---- YAML -----------------------------------------------------------------------------------------------------

/** Pure: members from YAML text (`members:` list, or a bare list), every problem located by line. */
export function parseMembersYaml(text: string): ParsedImport {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length) {
    return { members: [], issues: doc.errors.map((e) => ({ line: lineAt(e.pos[0]), message: `YAML invalide : ${e.message.split('\n')[0]}` })) };
  }
  const root = doc.contents;
  const list = isMap(root) ? root.get('members', true) : root;
  if (isMap(root) && root.items.some((pair) => String((pair.key as { value?: unknown })?.value ?? pair.key) !== 'members')) {
    return { members: [], issues: [{ line: 1, message: 'seule la clé « members: » est attendue à la racine' }] };
  }
  if (!isSeq(list)) return { members: [], issues: [{ line: lineAt((list as Node | null)?.range?.[0] ?? root?.range?.[0]), message: '« members: » doit être une liste de membres' }] };

  const issues: ImportIssue[] = [];
  const records: { record: MemberRecord; line: number; profileLines: number[] }[] = [];
  const seen = new Map<string, number>();
  const values = list.toJSON() as unknown[];
  list.items.forEach((item, index) => {
    const node = item as Node;
    const line = lineAt(node.range?.[0]);
    const lineOf = (pointer: string): number => {
      const path = pointer.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      let at: unknown = node;
      for (let depth = path.length; depth >= 0; depth -= 1) {
        at = depth === 0 ? node : (isMap(node) ? node.getIn(path.slice(0, depth), true) : undefined);
        if (at && typeof at === 'object' && 'range' in at) return lineAt((at as Node).range?.[0]);
      }
      return line;
    };
    const checked = checkRecord(values[index], lineOf);
    issues.push(...checked.issues);
    if (!checked.member) return;
    const key = checked.member.email.trim().toLowerCase();
    if (seen.has(key)) {
      issues.push({ line, message: `membre ${checked.member.email} déjà décrit ligne ${seen.get(key)} : regroupez ses profils sous une seule entrée` });
      return;
    }
    seen.set(key, line);
    const profileLines = (checked.member.profiles ?? []).map((_, i) => lineOf(`/profiles/${i}`));
    records.push({ record: checked.member, line, profileLines });
  });
  const merged = mergeByEmail(records);
  return { members: merged.members, issues: [...issues, ...merged.issues].sort((a, b) => a.line - b.line) };
}

// ---- files and writes -----------------------------------------------------------------------------------------

/** File text as UTF-8, or Windows-1252 when it is not valid UTF-8 (spreadsheets saved "CSV" on Windows). */
export function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return iconv.decode(buffer, 'win1252');
  }
}

/** Reads and checks a .csv, .yaml or .yml file; throws MembersImportError listing every problem. */
export function readMembersFile(path: string): ImportMember[] {
  const extension = extname(path).toLowerCase();
  if (!['.csv', '.yaml', '.yml'].includes(extension)) {
    throw new MembersImportError(path, [{ line: 1, message: 'format inconnu : le fichier doit finir par .csv, .yaml ou .yml' }]);
  }
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'fichier introuvable' : 'lecture impossible';
    throw new MembersImportError(path, [{ line: 1, message: reason }]);
  }
  const text = decodeText(buffer);
  const parsed = extension === '.csv' ? parseMembersCsv(text) : parseMembersYaml(text);
  if (parsed.issues.length) throw new MembersImportError(path, parsed.issues);
  if (parsed.members.length === 0) throw new MembersImportError(path, [{ line: 1, message: 'aucun membre dans le fichier' }]);
  return parsed.members;
}

export interface ImportSummary {
  created: number;
  updated: number;
  profilesCreated: number;
  profilesReplaced: number;
  /** Every profile whose matches may have changed, for rescoring: written, or of a member whose status changed. */
  profileIds: number[];
}

/**
 * Creates or updates members by email (case-insensitive) and replaces their profiles of the same name, in one
 * transaction. Empty cells leave existing values alone; a member's status changes only when the file says so
 * (an old list must not resubscribe someone who unsubscribed). Profiles not named in the file stay.
 */
export function applyImport(db: Db, members: ImportMember[], now: Date = new Date()): ImportSummary {
  const summary: ImportSummary = { created: 0, updated: 0, profilesCreated: 0, profilesReplaced: 0, profileIds: [] };
  db.transaction(() => {
    for (const entry of members) {
      const existing = getMemberByEmail(db, entry.email);
      const member = existing
        ? updateMember(
            db,
            existing.id,
            { name: entry.name ?? undefined, organisation: entry.organisation ?? undefined, status: entry.status, tags: entry.tags, visibleToNetwork: entry.visibleToNetwork, pausedUntil: entry.pausedUntil },
            now,
          )!
        : createMember(
            db,
            { email: entry.email, name: entry.name ?? null, organisation: entry.organisation ?? null, status: entry.status, tags: entry.tags, visibleToNetwork: entry.visibleToNetwork, pausedUntil: entry.pausedUntil },
            now,
          );
      if (existing) summary.updated += 1;
      else summary.created += 1;
      // Matches exist for active members only: a change of status adds or removes them, profiles untouched or not.
      if (existing && existing.status !== member.status) summary.profileIds.push(...member.profiles.map((p) => p.id));
      for (const { input } of entry.profiles) {
        const twin = member.profiles.find((p) => p.name.toLowerCase() === input.name.toLowerCase());
        const profile = twin ? updateProfile(db, twin.id, input, now)! : createProfile(db, member.id, input, now);
        if (twin) summary.profilesReplaced += 1;
        else summary.profilesCreated += 1;
        if (!summary.profileIds.includes(profile.id)) summary.profileIds.push(profile.id);
      }
    }
  })();
  return summary;
}
