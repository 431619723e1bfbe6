// Expansion from the corpus (pseudo-relevance feedback, after RM3): the words that distinguish a profile's strongest
// matches from the rest of the open calls join the profile at a low weight (EXPANSION_WEIGHT), shown as « élargi ».
// Pure: analysed calls and corpus statistics in, analysed tokens out.
import { analyse } from './analyse.js';
import { idfWeight, type AnalysedCall, type CompiledProfile, type CorpusStats } from './score.js';

/** The strongest matches read: the top of a member's list, where the profile's own vocabulary is surest. */
export const EXPANSION_DOCS = 10;
/** Words added per profile. */
export const EXPANSION_TERMS = 5;
/** A word must occur in at least this many of those calls: one call's idiosyncrasy is not the profile's field. */
export const EXPANSION_MIN_DOCS = 3;
/** Only the start of a long body is read: calls state their object first, then conditions and procedure. */
const BODY_WINDOW = 200;

/** Words of calls' procedure and administration: shared by every call, they would widen nothing. */
const PROCEDURE_WORDS = new Set(
  analyse(
    `appel projets projet candidature candidatures dossier dossiers date limite dépôt subvention subventions financement
     financements euros porteurs porteur structures éligibles éligibilité critères sélection lauréats jury annuel
     associations association collectivités communes programme dispositif objectifs objectif cadre soutien soutenir`,
  ),
);

/** Every analysed token the profile's keywords and description look for, in any form (earlier expansion words aside). */
export function profileTokens(profile: CompiledProfile): Set<string> {
  const tokens = new Set<string>();
  for (const term of profile.terms) if (term.source !== 'expansion') for (const alt of term.alternatives) for (const t of alt.tokens) tokens.add(t);
  return tokens;
}

/**
 * The words that distinguish `top` (a profile's strongest matches, best first) from the corpus: each word found in
 * at least EXPANSION_MIN_DOCS of them is weighed by its share of those calls times how much more often it occurs
 * there than in the corpus (a log ratio, as in relevance models); the EXPANSION_TERMS best, rare enough to mean
 * something, that the profile does not already look for.
 */
export function expansionTokens(top: readonly AnalysedCall[], known: ReadonlySet<string>, stats: CorpusStats): string[] {
  const docs = top.slice(0, EXPANSION_DOCS);
  if (docs.length < EXPANSION_MIN_DOCS) return [];
  const df = new Map<string, number>();
  for (const { fields } of docs) {
    const seen = new Set<string>();
    for (const t of fields[0]) seen.add(t);
    for (const t of fields[1]) seen.add(t);
    const body = fields[2];
    for (let i = 0; i < body.length && i < BODY_WINDOW; i++) seen.add(body[i]!);
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const scored: [string, number][] = [];
  for (const [token, count] of df) {
    if (count < EXPANSION_MIN_DOCS || known.has(token) || token.length < 4 || PROCEDURE_WORDS.has(token) || /^\d+$/.test(token)) continue;
    const corpusDf = stats.df.get(token) ?? 0;
    if (idfWeight(corpusDf, stats.calls) < 0.5) continue;
    const inTop = count / docs.length;
    const inCorpus = (corpusDf + 1) / (stats.calls + 1);
    scored.push([token, inTop * Math.log(inTop / inCorpus)]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return scored.slice(0, EXPANSION_TERMS).map(([token]) => token);
}
