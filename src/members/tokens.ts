// Signed per-member tokens for public links (unsubscribe, and later calendar, feed, "not relevant").
//
// A token is `<memberId>.<mac>` where mac = base64url(HMAC-SHA256(secret, purpose \n memberId \n salt)).
// The purpose is not carried by the token: the route that checks it names the purpose it expects, so an
// unsubscribe token can never open a calendar, and vice versa. A purpose may carry a parameter
// (e.g. `not-relevant:123` binds a token to call 123). Rotating the member's `token_salt` revokes
// every token of that member; deleting the member revokes them too.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connection.js';
import { memberTokenSalt } from './store.js';

/** Purposes used so far; other modules may add their own strings. */
export const TOKEN_PURPOSES = {
  unsubscribe: 'unsubscribe',
} as const;

const TOKEN_SHAPE = /^([1-9][0-9]{0,15})\.([A-Za-z0-9_-]{43})$/;

function mac(secret: string, memberId: number, salt: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}\n${memberId}\n${salt}`).digest();
}

/** A token proving "member `memberId`, for `purpose`", valid while the member keeps `salt`. */
export function signMemberToken(secret: string, memberId: number, salt: string, purpose: string): string {
  return `${memberId}.${mac(secret, memberId, salt, purpose).toString('base64url')}`;
}

/** The member id a token claims, before any verification; null when the token is not even well formed. */
export function claimedMemberId(token: string): number | null {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : null;
}

/** Pure check of a token against a known salt, in constant time. */
export function checkMemberToken(secret: string, token: string, salt: string, purpose: string): boolean {
  const match = TOKEN_SHAPE.exec(token);
  if (!match) return false;
  const memberId = Number(match[1]);
  const given = Buffer.from(match[2]!, 'base64url');
  const expected = mac(secret, memberId, salt, purpose);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The member id of a valid token for `purpose`, else null (forged, altered, revoked, or member deleted). */
export function verifyMemberToken(db: Db, secret: string, token: string, purpose: string): number | null {
  const memberId = claimedMemberId(token);
  if (memberId === null) return null;
  const salt = memberTokenSalt(db, memberId);
  if (salt === null) return null;
  return checkMemberToken(secret, token, salt, purpose) ? memberId : null;
}

/**
 * True when a well-formed token names a member who no longer exists (erased with everything about them): such a link
 * cannot be checked any more, but its visitor should hear that the person left the list, not that the link is broken.
 * Only ids of members who really were erased (migration 016) count: a made-up id is just an invalid link.
 */
export function namesErasedMember(db: Db, token: string): boolean {
  const memberId = claimedMemberId(token);
  if (memberId === null || memberTokenSalt(db, memberId) !== null) return false;
  return db.prepare('SELECT 1 FROM erased_members WHERE id = ?').get(memberId) !== undefined;
}

/** Convenience for link builders: the token of a stored member, or null when the member does not exist. */
export function memberToken(db: Db, secret: string, memberId: number, purpose: string): string | null {
  const salt = memberTokenSalt(db, memberId);
  return salt === null ? null : signMemberToken(secret, memberId, salt, purpose);
}
