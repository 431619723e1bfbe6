import type { FunderType } from '../calls/types.js';

export type MemberStatus = 'active' | 'unsubscribed';

export interface Profile {
  id: number;
  memberId: number;
  name: string;
  /** Words or "quoted phrases", each optionally followed by ^weight (e.g. `"tiers-lieux"^2`). */
  keywords: string[];
  exclude: string[];
  /** Funder types this profile cares about; empty means all. */
  categories: FunderType[];
  /** Regions this profile cares about; empty means all. */
  regions: string[];
  /** null: the matcher's default. */
  minScore: number | null;
  /** The project in the member's words ('' when none): the matcher reads it with less weight than keywords. */
  description: string;
  createdAt: string;
  updatedAt: string;
}

export interface Member {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
  status: MemberStatus;
  createdAt: string;
  updatedAt: string;
  unsubscribedAt: string | null;
  /** Short labels chosen by staff (lower case), which staff picks may target (issue 18). */
  tags: string[];
  /** Other members matched on the same calls may see this member's organisation (issue 18). */
  visibleToNetwork: boolean;
  /** YYYY-MM-DD: no digest before that day (issue 17); null: not paused. */
  pausedUntil: string | null;
  profiles: Profile[];
}

export interface ProfileInput {
  name: string;
  keywords?: string[];
  exclude?: string[];
  categories?: FunderType[];
  regions?: string[];
  minScore?: number | null;
  /** Up to DESCRIPTION_MAX_LENGTH characters; null or '' clears it. */
  description?: string | null;
}

/** A profile description's longest length, in characters (INTERFACE.md). */
export const DESCRIPTION_MAX_LENGTH = 2000;

export interface MemberInput {
  email: string;
  name?: string | null;
  organisation?: string | null;
  status?: MemberStatus;
  tags?: string[];
  visibleToNetwork?: boolean;
  /** YYYY-MM-DD or null (no pause). */
  pausedUntil?: string | null;
}

/** Fields to change on a member; absent fields stay as they are. */
export type MemberPatch = Partial<MemberInput>;

/** Fields to change on a profile; absent fields stay as they are. */
export type ProfilePatch = Partial<ProfileInput>;
