// Members and their project profiles in SQLite.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { stringList } from '../db/json.js';
import type { FunderType } from '../calls/types.js';
import type { Member, MemberInput, MemberPatch, MemberStatus, Profile, ProfileInput, ProfilePatch } from './types.js';

/** Another member already has this email (emails are unique whatever their case). */
export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`un membre utilise déjà l'adresse ${email}`);
    this.name = 'EmailTakenError';
  }
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

interface MemberRow {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
  status: 'active' | 'unsubscribed';
  created_at: string;
  updated_at: string;
  unsubscribed_at: string | null;
  tags: string;
  visible_to_network: number;
  paused_until: string | null;
}

interface ProfileRow {
  id: number;
  member_id: number;
  name: string;
  keywords: string;
  exclude: string;
  categories: string;
  regions: string;
  min_score: number | null;
  description: string;
  created_at: string;
  updated_at: string;
}

export function rowToProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    memberId: row.member_id,
    name: row.name,
    keywords: JSON.parse(row.keywords) as string[],
    exclude: JSON.parse(row.exclude) as string[],
    categories: JSON.parse(row.categories) as FunderType[],
    regions: JSON.parse(row.regions) as string[],
    minScore: row.min_score,
    description: row.description ?? '',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function rowToMember(row: MemberRow, profiles: Profile[]): Member {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisation: row.organisation,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    unsubscribedAt: row.unsubscribed_at,
    tags: stringList(row.tags),
    visibleToNetwork: row.visible_to_network === 1,
    pausedUntil: row.paused_until,
    profiles,
  };
}


/** Tags as stored: trimmed, lower case, each once, in the order first given. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''))];
}

export function newTokenSalt(): string {
  return randomBytes(16).toString('base64url');
}

export function profilesOfMember(db: Db, memberId: number): Profile[] {
  const rows = db.prepare('SELECT * FROM profiles WHERE member_id = ? ORDER BY id').all(memberId) as ProfileRow[];
  return rows.map(rowToProfile);
}

export function getMember(db: Db, id: number): Member | null {
  const row = db.prepare('SELECT * FROM members WHERE id = ?').get(id) as MemberRow | undefined;
  return row ? rowToMember(row, profilesOfMember(db, row.id)) : null;
}

export function getMemberByEmail(db: Db, email: string): Member | null {
  const row = db.prepare('SELECT * FROM members WHERE email = ?').get(email.trim()) as MemberRow | undefined;
  return row ? rowToMember(row, profilesOfMember(db, row.id)) : null;
}

/** The per-member salt mixed into signed links; rotating it revokes them. */
export function memberTokenSalt(db: Db, memberId: number): string | null {
  const row = db.prepare('SELECT token_salt FROM members WHERE id = ?').get(memberId) as { token_salt: string } | undefined;
  return row?.token_salt ?? null;
}

/** A name or organisation as stored: trimmed, and null rather than an empty string when nothing is left. */
function optionalText(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}

/** Creates a member; throws EmailTakenError when the email is already used. */
export function createMember(db: Db, input: MemberInput, now: Date = new Date()): Member {
  const at = now.toISOString();
  const status = input.status ?? 'active';
  const email = input.email.trim();
  try {
    const info = db
      .prepare(
        `INSERT INTO members (email, name, organisation, status, token_salt, created_at, updated_at, unsubscribed_at, tags, visible_to_network, paused_until)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        email,
        optionalText(input.name),
        optionalText(input.organisation),
        status,
        newTokenSalt(),
        at,
        at,
        status === 'unsubscribed' ? at : null,
        JSON.stringify(normaliseTags(input.tags ?? [])),
        input.visibleToNetwork ? 1 : 0,
        input.pausedUntil ?? null,
      );
    return getMember(db, Number(info.lastInsertRowid))!;
  } catch (error) {
    if (isUniqueViolation(error)) throw new EmailTakenError(email);
    throw error;
  }
}

/** Changes the fields given; null when the member does not exist; EmailTakenError on a duplicate email. */
export function updateMember(db: Db, id: number, patch: MemberPatch, now: Date = new Date()): Member | null {
  const current = getMember(db, id);
  if (!current) return null;
  const status: MemberStatus = patch.status ?? current.status;
  const unsubscribedAt = status === 'active' ? null : current.status === 'unsubscribed' ? current.unsubscribedAt : now.toISOString();
  const email = patch.email === undefined ? current.email : patch.email.trim();
  try {
    db.prepare(
      `UPDATE members SET email = ?, name = ?, organisation = ?, status = ?, unsubscribed_at = ?, updated_at = ?,
              tags = ?, visible_to_network = ?, paused_until = ? WHERE id = ?`,
    ).run(
      email,
      patch.name === undefined ? current.name : optionalText(patch.name),
      patch.organisation === undefined ? current.organisation : optionalText(patch.organisation),
      status,
      unsubscribedAt,
      now.toISOString(),
      JSON.stringify(patch.tags === undefined ? current.tags : normaliseTags(patch.tags)),
      (patch.visibleToNetwork ?? current.visibleToNetwork) ? 1 : 0,
      patch.pausedUntil === undefined ? current.pausedUntil : patch.pausedUntil,
      id,
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new EmailTakenError(email);
    throw error;
  }
  return getMember(db, id);
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Tables (other than members and profiles) with a column of this name, read from the live schema. */
function tablesWithColumn(db: Db, column: string): string[] {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('members', 'profiles')`)
    .all() as { name: string }[];
  return tables
    .map((t) => t.name)
    .filter((table) => {
      try {
        const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[];
        return columns.some((c) => c.name === column);
      } catch {
        return false; // a virtual table whose module this connection lacks
      }
    });
}

/**
 * Erases a member and everything about them (right to erasure): profiles, matches, delivery rows.
 * Foreign keys cascade from members and profiles; rows of any table keyed by member_id or profile_id are
 * also swept explicitly, so a later table whose foreign key forgot ON DELETE CASCADE cannot keep personal data
 * (nor block the delete). Anonymous counts (digest runs) stay. Returns false when the member does not exist.
 */
export function deleteMember(db: Db, id: number): boolean {
  // secure_delete zeroes the deleted rows, so they are not left readable in the file's free space; the checkpoint
  // then moves the zeroed pages into the file and empties the WAL, which held copies of them. Stale copies left
  // by earlier page splits or updates go only with a VACUUM.
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  let deleted: boolean;
  try {
    deleted = eraseMember(db, id);
  } finally {
    db.pragma(`secure_delete = ${previous}`);
  }
  if (deleted && !db.inTransaction && db.pragma('journal_mode', { simple: true }) === 'wal') checkpointNow(db);
  return deleted;
}

/** A TRUNCATE checkpoint if nobody is in its way; it never waits: a reader elsewhere (a CLI, a backup) wins. */
function checkpointNow(db: Db): void {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy: the next automatic checkpoint will overwrite those pages.
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

function eraseMember(db: Db, id: number): boolean {
  return db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM members WHERE id = ?').get(id)) return false;
    const profileIds = JSON.stringify((db.prepare('SELECT id FROM profiles WHERE member_id = ?').all(id) as { id: number }[]).map((p) => p.id));
    for (const table of tablesWithColumn(db, 'profile_id')) {
      db.prepare(`DELETE FROM ${quoteIdentifier(table)} WHERE profile_id IN (SELECT value FROM json_each(?))`).run(profileIds);
    }
    for (const table of tablesWithColumn(db, 'member_id')) {
      db.prepare(`DELETE FROM ${quoteIdentifier(table)} WHERE member_id = ?`).run(id);
    }
    db.prepare('DELETE FROM profiles WHERE member_id = ?').run(id);
    db.prepare('DELETE FROM members WHERE id = ?').run(id);
    return true;
  })();
}

export interface MemberFilters {
  status?: MemberStatus;
  /** Part of the email, name or organisation, whatever its case. */
  q?: string;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface PageOf<T> {
  items: T[];
  total: number;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Members matching the filters, oldest first (stable across pages), with their profiles. */
export function listMembers(db: Db, filters: MemberFilters, page: PageRequest): PageOf<Member> {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filters.status) {
    where.push('status = @status');
    params.status = filters.status;
  }
  const q = filters.q?.trim();
  if (q) {
    where.push(`(email LIKE @q ESCAPE '\\' OR name LIKE @q ESCAPE '\\' OR organisation LIKE @q ESCAPE '\\')`);
    params.q = likePattern(q);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const { total } = db.prepare(`SELECT count(*) AS total FROM members ${clause}`).get(params) as { total: number };
  const rows = db
    .prepare(`SELECT * FROM members ${clause} ORDER BY id LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: page.limit, offset: page.offset }) as MemberRow[];
  const profiles = profilesOfMembers(db, rows.map((r) => r.id));
  return { items: rows.map((row) => rowToMember(row, profiles.get(row.id) ?? [])), total };
}

function profilesOfMembers(db: Db, memberIds: number[]): Map<number, Profile[]> {
  const byMember = new Map<number, Profile[]>();
  if (memberIds.length === 0) return byMember;
  const rows = db
    .prepare('SELECT * FROM profiles WHERE member_id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .all(JSON.stringify(memberIds)) as ProfileRow[];
  for (const row of rows) {
    const list = byMember.get(row.member_id) ?? [];
    list.push(rowToProfile(row));
    byMember.set(row.member_id, list);
  }
  return byMember;
}

/** A description as stored: trimmed, '' for none. */
export function cleanDescription(description: string | null | undefined): string {
  return description?.trim() ?? '';
}

export function createProfile(db: Db, memberId: number, input: ProfileInput, now: Date = new Date()): Profile {
  const at = now.toISOString();
  const info = db
    .prepare(
      `INSERT INTO profiles (member_id, name, keywords, exclude, categories, regions, min_score, description, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      memberId,
      input.name,
      JSON.stringify(input.keywords ?? []),
      JSON.stringify(input.exclude ?? []),
      JSON.stringify(input.categories ?? []),
      JSON.stringify(input.regions ?? []),
      input.minScore ?? null,
      cleanDescription(input.description),
      at,
      at,
    );
  return getProfile(db, Number(info.lastInsertRowid))!;
}

/** Changes the fields given; null when the profile does not exist. */
export function updateProfile(db: Db, id: number, patch: ProfilePatch, now: Date = new Date()): Profile | null {
  const current = getProfile(db, id);
  if (!current) return null;
  db.prepare(
    `UPDATE profiles SET name = ?, keywords = ?, exclude = ?, categories = ?, regions = ?, min_score = ?, description = ?, updated_at = ? WHERE id = ?`,
  ).run(
    patch.name ?? current.name,
    JSON.stringify(patch.keywords ?? current.keywords),
    JSON.stringify(patch.exclude ?? current.exclude),
    JSON.stringify(patch.categories ?? current.categories),
    JSON.stringify(patch.regions ?? current.regions),
    patch.minScore === undefined ? current.minScore : patch.minScore,
    patch.description === undefined ? current.description : cleanDescription(patch.description),
    now.toISOString(),
    id,
  );
  return getProfile(db, id);
}

/**
 * Deletes a profile and (by cascade) its matches; false when it does not exist. Rows that outlive a profile on
 * purpose (what was already sent, feedback) keep or null their reference, as their foreign keys say.
 */
export function deleteProfile(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0;
}

export function getProfile(db: Db, id: number): Profile | null {
  const row = db.prepare('SELECT * FROM profiles WHERE id = ?').get(id) as ProfileRow | undefined;
  return row ? rowToProfile(row) : null;
}

/** Profiles of active members: the ones the matcher scores calls against. */
export function listActiveProfiles(db: Db): Profile[] {
  const rows = db
    .prepare(`SELECT p.* FROM profiles p JOIN members m ON m.id = p.member_id WHERE m.status = 'active' ORDER BY p.id`)
    .all() as ProfileRow[];
  return rows.map(rowToProfile);
}

export function listActiveMembers(db: Db): Member[] {
  const rows = db.prepare(`SELECT * FROM members WHERE status = 'active' ORDER BY id`).all() as MemberRow[];
  return rows.map((row) => rowToMember(row, profilesOfMember(db, row.id)));
}
