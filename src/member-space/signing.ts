// The one place this folder reaches the members' signed-token scheme (src/members/tokens.ts), so that every
// private link (calendar, feed, "not relevant") is signed and revoked exactly like the unsubscribe link.
export { signMemberToken, verifyMemberToken } from '../members/tokens.js';
