// Who a call is for, as its text says it. The network's members are associations; a call addressed to local councils
// (« Accompagner les collectivités… », « Les communes peuvent… », « l'interlocuteur de proximité des élus ») funds a
// council's project, which a member can rarely carry even when it names the member's field: the accessibility of
// public buildings, a council hiring an integration worksite. Pure: a call's text in, a yes or no out.
import type { MatchableCall } from './score.js';

/**
 * How far into a call's text (after its title) its audience is read, in characters: funders say who an aid is for in
 * its name and its first sentence or two; further on a text names councils as partners, co-funders or places.
 */
export const AUDIENCE_CHARS = 300;

/**
 * Local councils as funders' texts address them (whole words, accents optional). « communes » and « élus » only as
 * nouns, after a determiner: « des actions communes », « les projets élus » are not councils.
 */
const COUNCILS =
  /(?<![\p{L}\p{N}])(?:collectivit[ée]s?|epci|intercommunalit[ée]s?|municipalit[ée]s|(?:les|des|aux|ces|vos|nos|de|petites) communes|(?:la|votre|chaque|une) commune|(?:les|des|aux|vos|nos) [ée]lus|votre territoire)(?![\p{L}\p{N}])/iu;

/**
 * Associations named anywhere open a call to members: as such (« associations », « associatif »), or by the family
 * funders put them in (« organismes à but non lucratif », « OSBL », « structures de l'ESS »,
 * « économie sociale et solidaire »).
 */
const ASSOCIATIONS = /associati|non[- ]lucrati|(?<![\p{L}\p{N}])(?:osbl|obnl|ess)(?![\p{L}\p{N}])|[ée]conomie sociale/iu;

/**
 * Whether a call is addressed to local councils only: its title or the start of its text (summary, then body, to
 * AUDIENCE_CHARS) names them, and nowhere does it name associations. A call open to « collectivités et associations »,
 * or asking councils to work with associations, is not. Read from the text as written, whichever field a source
 * put it in, so a call is judged alike from a page or a feed.
 */
export function councilsOnly(call: Pick<MatchableCall, 'title' | 'summary' | 'body'>): boolean {
  // The text's start without copying a long body: the summary, then the body up to AUDIENCE_CHARS in all.
  const start = call.summary.length >= AUDIENCE_CHARS ? call.summary.slice(0, AUDIENCE_CHARS) : `${call.summary} ${call.body.slice(0, AUDIENCE_CHARS - call.summary.length - 1)}`;
  if (!COUNCILS.test(call.title) && !COUNCILS.test(start)) return false;
  return !ASSOCIATIONS.test(call.title) && !ASSOCIATIONS.test(call.summary) && !ASSOCIATIONS.test(call.body);
}
