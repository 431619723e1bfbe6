// Members and their project profiles in SQLite.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connection.js';
import type { FunderType } from '../calls/types.js';
import type { Member, MemberInput, Profile, ProfileInput } from './types.js';

interface MemberRow {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
  status: 'active' | 'unsubscribed';
  created_at: string;
  updated_at: string;
  unsubscribed_at: string | null;
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
    profiles,
  };
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

export function createMember(db: Db, input: MemberInput, now: Date = new Date()): Member {
  const at = now.toISOString();
  const status = input.status ?? 'active';
  const info = db
    .prepare(
      `INSERT INTO members (email, name, organisation, status, token_salt, created_at, updated_at, unsubscribed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(input.email.trim(), input.name ?? null, input.organisation ?? null, status, newTokenSalt(), at, at, status === 'unsubscribed' ? at : null);
  return getMember(db, Number(info.lastInsertRowid))!;
}

export function createProfile(db: Db, memberId: number, input: ProfileInput, now: Date = new Date()): Profile {
  const at = now.toISOString();
  const info = db
    .prepare(
      `INSERT INTO profiles (member_id, name, keywords, exclude, categories, regions, min_score, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      memberId,
      input.name,
      JSON.stringify(input.keywords ?? []),
      JSON.stringify(input.exclude ?? []),
      JSON.stringify(input.categories ?? []),
      JSON.stringify(input.regions ?? []),
      input.minScore ?? null,
      at,
      at,
    );
  return getProfile(db, Number(info.lastInsertRowid))!;
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
