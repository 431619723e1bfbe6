// Scoring one call against one profile: filters, exclusions, BM25F-style term evidence, a 0–100 scale.
// Pure: no database, no clock. The indexed matcher (index.ts) and the naive baseline (naive.ts) both build on
// these functions, so they give the same scores.
//
// The scale. Each profile term contributes
//     weight × factor × idf × sat
// where `weight` is the member's ^weight (1 by default); `factor` is PHRASE_BONUS for a phrase, SYNONYM_FACTOR
// when the call only holds a synonym of the term, 1 otherwise; `idf` in (0, 1] is the term's rarity in the
// corpus (a term in at most about 1% of calls counts fully, one in every call barely); `sat` in [0, 1) is the
// BM25F saturated frequency over the weighted fields (title ×3, the summary's first OPENING_TOKENS ×3, the rest
// of the summary ×1.5, body ×1, lengths normalised). A term with synonyms counts once, by its best form. When a
// keyword (itself, an equivalent or a narrower term) is in the title or the summary's opening, the call is about
// the profile and the sum is multiplied by SUBJECT_BOOST. The score is 100 × (1 − e^(−Σ)):
//   - a rare keyword once in a title of average length scores about 60, once further on in the summary about 43,
//     once in the body about 36 (a shorter field than average counts a little more, a longer one less);
//   - two rare keywords in the title score about 84; nothing ever reaches 100.
// DEFAULT_MIN_SCORE (30) therefore keeps a call whose title or summary holds one distinctive keyword, or whose
// body holds a distinctive phrase or two keywords, and drops a lone common word in a long text.
import type { Call } from '../calls/types.js';
import { areaOf, WIDE_SCOPES } from '../calls/regions.js';
import type { Profile } from '../members/types.js';
import { analyse, fold } from './analyse.js';
import { councilsOnly } from './audience.js';
import { isOpenToAnyAssociation } from './general.js';
import { isDigitalMediation, TRADE_CONCEPT } from './trade.js';
import { parseKeyword, parseKeywords, termKey, type TermKind } from './query.js';
import { containsTokens, EMPTY_SYNONYMS, exceptionsOf, phraseIndex, relatedOf, STRENGTH, vocabularyEquivalents, widerOf, type RelatedExpression, type Relation, type SynonymTable } from './synonyms.js';

export const FIELDS = ['title', 'summary', 'body'] as const;
export type Field = (typeof FIELDS)[number];
export const FIELD_WEIGHTS: readonly number[] = [3, 1.5, 1];

/**
 * Version of what a score means (the factors and rules below). Stored with the corpus statistics: a snapshot made
 * by another version is not used, so the next run is a full one and every stored score is recomputed; otherwise
 * calls scored before an upgrade would be ranked beside new ones on another scale until the corpus drifted.
 * Bump it with any change that moves scores. 1: before the version was stored; 2: equivalents at 0.9; 3: the
 * summary's opening weighed as the title, and SUBJECT_BOOST; 4: a summary that repeats the title opens after it;
 * 5: a summary past SUMMARY_TOKENS weighs as a body; 6: a thesaurus form goes to the keyword it is closest to
 * (formOwners); 7: expansion reads no article given as a summary; 8: only an article's opening puts the profile in
 * the call's head (headSummaryCount); 9: a call addressed to local councils only counts COUNCILS_FACTOR; 10: the
 * summary's average length is a standfirst's (computeStats); 11: « communes » and « élus » name councils only as nouns;
 * 12: a call addressed to councils only is never a second chance; 13: non-profits, OSBL and the ESS open a call to
 * associations (audience.ts); 14: a common keyword met in passing does not send a call alone (sendsAlone); 15: a
 * related expression the member's description names counts as a narrower term (confirmByDescription); 16: the broader
 * concept of a member's narrower term may send a call (BROADER_FACTOR); a description's funding prose is no term;
 * 17: a summary is an article past 60 analysed tokens, not 50 (SUMMARY_TOKENS); 18: a general fund open to any
 * association fits every profile at its min_score (generalResult); 19: with a description, the name's thesaurus
 * expressions (nameTerms) and, for a digital-mediation project, the network's trade (tradeTerms) are terms; 20: with a
 * description, one word of the profile met in passing needs corroboration (isCorroborated); 21: « sans » and « ni »
 * are words (analyse.ts), so « sans domicile » no longer reads « à domicile »; 22: funders' boilerplate
 * (« millions », « soutient », month names) never widens a profile (expand.ts PROCEDURE_WORDS), so stored expansions
 * are redone; 23: nor does a region's or department's name (PLACE_WORDS), and a description's words of time, place
 * and manner (« avant », « temps », « titre », « en ligne ») are no terms (GENERIC_DESCRIPTION_WORDS); 24: « été »
 * after « d' », « l' », « cet » or « en » is the season, a word (analyse.ts), so « Quartiers d'été » is not any
 * « quartiers »; 25: the verb « alimenter » (« fonds alimenté par ») is no longer « alimentation ».
 */
export const SCORER_VERSION = 26;

export const DEFAULT_MIN_SCORE = 30;
export const PHRASE_BONUS = 1.25;
/**
 * An equivalent of the member's term (thesaurus): almost the term itself. An equivalent is the same concept in the
 * funder's words (« personnes âgées » for `seniors`, « médiation numérique » for `inclusion numérique`): the member
 * chose one word, funders write the other as often, and a call is no less about the concept for it. At 0.8 a
 * call naming it in its title through an equivalent ranked with one naming the keyword in passing in its summary.
 * Development split: nDCG@10 0.83 -> 0.84, recall 0.67 -> 0.68, precision 0.90 -> 0.89.
 */
export const SYNONYM_FACTOR = 0.9;
/**
 * A narrower term of the member's term (« atelier numérique » for « inclusion numérique »): counts less than an
 * equivalent, but a call whose summary names a kind of the member's concept is about that concept: funders write
 * the kind (« ateliers d'initiation au numérique », « matériel reconditionné »), rarely the umbrella. At 0.6 one
 * such mention in a summary of average length scored 27–29, under the default cut; at 0.7 it clears it (31–33).
 * Development split: recall 0.65 -> 0.66, precision 0.88 -> 0.87, grade-2 recall unchanged.
 */
export const NARROWER_FACTOR = 0.7;
/**
 * The concept a member's term is narrower than (« inclusion numérique », « médiation numérique » for a member who
 * wrote `atelier numérique`; see broaderRelation in synonyms.ts): a call funding the whole field funds the member's
 * kind of project, so it may send a call, but it says less of the member's project than the member's own term, an
 * equivalent or a narrower term. Once in a title it clears the default cut; once in passing in a long text it does
 * not. The evaluation is flat from 0.45 to 0.7 (development recall 0.70, fresh development half 0.45–0.46).
 */
export const BROADER_FACTOR = 0.5;
/** A related term: counts little, and never enough alone to send a call (see isSendable). */
export const RELATED_FACTOR = 0.3;
/** Weight of a word of the profile's description: low, and alone it sends nothing unless several agree. */
export const DESCRIPTION_WEIGHT = 0.15;
/** Weight of a thesaurus expression found in the description (« éducation artistique et culturelle »): more specific. */
export const DESCRIPTION_PHRASE_WEIGHT = 0.5;
/**
 * Distinctive description terms that must be found together before the description alone may send a call: four
 * (two of its expressions, an expression and two words, or four words). Three let through calls whose prose merely
 * shares the member's setting (« quartiers prioritaires » and « habitants »): on the development split, four kept
 * recall and raised precision from 0.79 to 0.83.
 */
export const DESCRIPTION_QUORUM = 4;
/**
 * A description term counts only when it is this rare in the corpus (idfWeight): then towards the quorum, and at
 * all. The issue asks for the description's distinctive terms; a common one (« investissement », « travaux » in a
 * member's prose) added a sliver of score to thousands of calls, and at 5,000 profiles walking those long lists
 * was most of a full match run.
 */
export const DISTINCTIVE_IDF = 0.5;

/**
 * Whether finding this form counts its term towards DESCRIPTION_QUORUM: a rare form, and for a keyword only the
 * keyword itself, an equivalent or a narrower term; a related term (« associations » for « vie associative ») is
 * what min_score is there to weigh, not a term agreeing with the description.
 */
export function countsTowardQuorum(alternative: Alternative, idf: number): boolean {
  return idf >= DISTINCTIVE_IDF && alternative.relation !== 'related';
}

/**
 * A word added by expansion (« tablettes »), looked for by its analysed token: always after the profile's own terms,
 * at EXPANSION_WEIGHT. Null for a word that analyses to nothing or to several tokens (never chosen by expansion).
 */
export function expansionTerm(word: string): CompiledTerm | null {
  const tokens = analyse(word);
  if (tokens.length !== 1) return null;
  return { text: word, weight: EXPANSION_WEIGHT, alternatives: [alternative('word', tokens, null, 'self', null, 'expansion')], source: 'expansion', rejections: 0, endorsements: 0, quorum: 0 };
}

/** Whether a form is left out of a call's evidence: a description term too common to be distinctive. */
export function notDistinctive(source: TermSource, idf: number): boolean {
  return source === 'description' && idf < DISTINCTIVE_IDF;
}
/** Weight of a term added by expansion from the profile's strongest matches (« élargi »); never enough alone. */
export const EXPANSION_WEIGHT = 0.15;
/** Each « Pas pertinent » on a call a term brought multiplies that term's weight by this, for that profile only… */
export const REJECTION_STEP = 0.8;
/** …down to this floor: feedback lowers a term, never silences it. Editing the profile starts afresh. */
export const REJECTION_FLOOR = 0.5;
const K1 = 1.2;
const B = 0.75;
/** Calls with the term in at most this share of the corpus get the full rarity weight. */
const FULL_IDF_SHARE = 0.05;
/** Pseudo-calls holding none of the terms: keep idf sane on a tiny corpus (a term in 2 of 3 calls is not common). */
const PRIOR_CALLS = 50;
const MIN_IDF = 0.05;

/** What scoring reads of a call. */
export type MatchableCall = Pick<Call, 'id' | 'title' | 'summary' | 'body' | 'funder' | 'regions' | 'status' | 'nextDeadline'>;

export interface AnalysedCall {
  call: MatchableCall;
  /** Analysed tokens of title, summary, body. */
  fields: [string[], string[], string[]];
  /**
   * Whether the call's summary was longer than a standfirst (SUMMARY_TOKENS): an article as a feed gives it, whose
   * rest weighs in the body. Its first SUMMARY_TOKENS are then the article's start, not a standfirst.
   */
  article: boolean;
  /** Whether the call is addressed to local councils only (audience.ts): its evidence counts COUNCILS_FACTOR. */
  councils: boolean;
  /** Whether the call is a general fund open to any association (general.ts): it fits every profile (generalResult). */
  general: boolean;
}

export interface CorpusStats {
  calls: number;
  /** Average analysed length of title, summary, body. */
  avgLength: [number, number, number];
  /** Number of calls holding each analysed token in any field. */
  df: Map<string, number>;
}

/** One form under which a profile term is looked for: the term itself or one of its synonyms. */
export interface Alternative {
  kind: TermKind;
  tokens: string[];
  key: string;
  /** The synonym as written in synonyms.yaml, or null for the term itself. */
  via: string | null;
  factor: number;
  /** How the form relates to the term: itself, or through the thesaurus. */
  relation: 'self' | Relation;
  /** For a narrower or related form: the concept it is narrower than or related to (null: the member's term). */
  of: string | null;
  /**
   * Whether finding this form may send a call by itself: a keyword, its equivalents, narrower and broader terms, and a
   * neighbour the description confirms (confirmByDescription).
   */
  strong: boolean;
  /**
   * Longer expressions in which this form means something else (the thesaurus's `sauf`: « jeunes agriculteurs »
   * for « jeunes »): its occurrences inside them are not counted. Usually empty.
   */
  except: string[][];
}

/** Where a profile term comes from: the member's keywords, their description, or expansion from the corpus. */
export type TermSource = 'keyword' | 'description' | 'expansion';

export interface CompiledTerm {
  text: string;
  weight: number;
  alternatives: Alternative[];
  source: TermSource;
  /** « Pas pertinent » counted against this term since the profile was last edited (its weight is lowered). */
  rejections: number;
  /** Followed calls this term brought since the profile was last edited (its weight is raised). */
  endorsements: number;
  /** A keyword-like term the member did not type: from the profile's name (nameTerms) or its trade (tradeTerms). */
  origin?: 'name' | 'trade';
  /**
   * How much the term counts towards DESCRIPTION_QUORUM when found and rare: 1 for a description word, 2 for a
   * thesaurus expression of the description (itself several words agreeing); for a keyword, what the description
   * counted for the words or expression the keyword took from it (0 when it took none); 0 for expansion.
   */
  quorum: number;
}

export interface CompiledProfile {
  id: number;
  name: string;
  terms: CompiledTerm[];
  exclusions: Alternative[];
  categories: ReadonlySet<string>;
  regions: ReadonlySet<string>;
  minScore: number;
}

export interface ExplanationEntry {
  term: string;
  field: Field;
  via?: string;
  /** Set when the form found is narrower than, broader than, or related to, the member's term (absent: itself or an equivalent). */
  relation?: 'narrower' | 'broader' | 'related';
  /** The concept the `via` form is narrower than or related to; for a broader form, the member's term. */
  of?: string;
  /**
   * Where a term the member did not type comes from: their description, expansion, the profile's name (nameTerms),
   * the network's trade (tradeTerms); `general` for a general fund open to any association (generalResult), whose
   * only entry it is.
   */
  source?: 'description' | 'expansion' | 'general' | 'name' | 'trade';
  /** « Pas pertinent » that lowered this term's weight. */
  rejections?: number;
  /** Followed calls that raised this term's weight. */
  endorsements?: number;
}

export interface MatchResult {
  profileId: number;
  callId: number;
  score: number;
  /** Profile terms that matched, as written, strongest first. */
  terms: string[];
  explanation: ExplanationEntry[];
}

/**
 * Analysed tokens of a summary beyond which it is a full text. Readers put what a source gives where it gives it: an
 * RSS item's content:encoded (the whole announcement) and a JSON API's description land in the summary, a scraped
 * page's text in the body. An RSS description is a standfirst of up to five or six sentences, about 60 analysed
 * tokens (stop words removed); beyond them a « summary » is an article, and its rest weighs as a body does. So the
 * same call scores alike whether its source gives the article in the feed or on a page. At 50, calls described in
 * five long sentences were read as articles, and a keyword in their third sentence needed a second term to be sent:
 * development split recall 0.70 -> 0.72, precision 0.83 -> 0.81 (as a feed gives them 0.82 -> 0.81); the second
 * fresh set's development half recall 0.14 -> 0.22, grade-2 0.17 -> 0.38, precision 0.34 -> 0.47; the first fresh
 * set's development half recall unchanged (0.45), precision 0.63 -> 0.58 (broad publics, « enfants », « rural », in
 * a summary's third sentence). 80 and more read the same or worse.
 */
export const SUMMARY_TOKENS = 60;

export function analyseCall(call: MatchableCall): AnalysedCall {
  const title = analyse(call.title);
  const summary = analyse(call.summary);
  const body = analyse(call.body);
  const councils = councilsOnly(call);
  const general = isOpenToAnyAssociation(call);
  if (summary.length <= SUMMARY_TOKENS) return { call, fields: [title, summary, body], article: false, councils, general };
  return { call, fields: [title, summary.slice(0, SUMMARY_TOKENS), summary.slice(SUMMARY_TOKENS).concat(body)], article: true, councils, general };
}

/**
 * Document frequencies and average field lengths. A field's average is taken over the calls that have it: many
 * feeds give no summary or no full text, and averaging their zeros in would make every call that has one look
 * several times longer than usual and halve what it says (BM25F's length normalisation).
 *
 * The summary's average is a standfirst's: taken over the calls whose summary is one, leaving out the first
 * SUMMARY_TOKENS of articles given as summaries (AnalysedCall.article), as long as any call has a standfirst. Counted
 * in, those 50-token starts made the average follow the share of sources that give whole articles: every standfirst
 * looked shorter than usual and scored more in a corpus fed by RSS articles than in one fed by pages, so a call's
 * score moved with unrelated sources, and calls at the cut were sent in one shape and not the other. An article's
 * start is then weighed as the long summary it is.
 * Development split: as pages precision 0.853 -> 0.857, nDCG@10 0.875 -> 0.878; as a feed gives them 0.837 -> 0.854
 * and 0.858 -> 0.866; recall 0.665 -> 0.662 in both (a call judged 1 at 30.6 falls to 29.x).
 */
export function computeStats(calls: readonly AnalysedCall[]): CorpusStats {
  const df = new Map<string, number>();
  const total = [0, 0, 0];
  const present = [0, 0, 0];
  const standfirsts = calls.some((c) => !c.article && c.fields[1].length > 0);
  for (const { fields, article } of calls) {
    const seen = new Set<string>();
    fields.forEach((tokens, f) => {
      if (f !== 1 || !article || !standfirsts) {
        total[f]! += tokens.length;
        if (tokens.length > 0) present[f]!++;
      }
      for (const token of tokens) seen.add(token);
    });
    for (const token of seen) df.set(token, (df.get(token) ?? 0) + 1);
  }
  const avg = (f: number): number => total[f]! / Math.max(1, present[f]!);
  return { calls: calls.length, avgLength: [avg(0), avg(1), avg(2)], df };
}

/** Rarity weight in [MIN_IDF, 1]: BM25's idf relative to that of a term in FULL_IDF_SHARE of the calls. */
export function idfWeight(df: number, calls: number): number {
  const n = calls + PRIOR_CALLS;
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const full = Math.log(1 + (1 - FULL_IDF_SHARE) / FULL_IDF_SHARE);
  return Math.min(1, Math.max(MIN_IDF, idf / full));
}

/** A multi-word form is as rare as its rarest word (an upper bound on the phrase's own rarity). */
export function alternativeIdf(alternative: Alternative, stats: CorpusStats): number {
  let df = Number.POSITIVE_INFINITY;
  for (const token of alternative.tokens) df = Math.min(df, stats.df.get(token) ?? 0);
  return idfWeight(df, stats.calls);
}

/**
 * BM25F: term frequencies weighted per field and normalised by field length, then saturated into [0, 1).
 * `opening`: how many of the summary's occurrences are in its opening (OPENING_TOKENS), weighed as the title's.
 */
export function saturatedFrequency(tf: ArrayLike<number>, lengths: ArrayLike<number>, stats: CorpusStats, opening = 0): number {
  return saturatedFrequencyAt(tf, 0, lengths, 0, stats, opening);
}

/** saturatedFrequency reading three counts and three lengths from flat arrays at the given offsets. */
export function saturatedFrequencyAt(tf: ArrayLike<number>, tfAt: number, lengths: ArrayLike<number>, lengthsAt: number, stats: CorpusStats, opening = 0): number {
  let weighted = 0;
  for (let f = 0; f < 3; f++) {
    const count = tf[tfAt + f]!;
    if (count === 0) continue;
    const norm = 1 - B + (B * lengths[lengthsAt + f]!) / Math.max(1, stats.avgLength[f]!);
    // The summary's opening is weighed as the title (OPENING_TOKENS); its other occurrences as the summary.
    const frequency = f === 1 && opening > 0 ? FIELD_WEIGHTS[0]! * opening + FIELD_WEIGHTS[1]! * (count - opening) : FIELD_WEIGHTS[f]! * count;
    weighted += frequency / norm;
  }
  return weighted / (weighted + K1);
}

/**
 * Analysed tokens at the start of a summary that state what the call is about, as its title does. Funders open a
 * summary with the call's « objet » (« Ateliers numériques collectifs pour… », « Soutenir les liens sociaux des
 * personnes âgées… », « Actions d'éducation artistique et culturelle pour… ») and name publics, eligible bodies
 * and example projects after it, often as lists (« publics fragiles : personnes handicapées, personnes âgées… »).
 * On the development split's calls of the network's field whose summary alone named a profile's keyword, 24 of 42
 * with it in the first eight tokens were judged clearly relevant, 7 of 37 with it further on. The body's opening
 * is not counted: a detail page's text starts as often with a breadcrumb, a date or the funder's name.
 */
export const OPENING_TOKENS = 8;

/**
 * Occurrences of a form among the summary's first OPENING_TOKENS analysed tokens (its `sauf` expressions aside).
 * A summary that starts by repeating the title (some feeds put the title at the head of their description) opens
 * after it: the title's words are already weighed as the title, and repeating them says nothing more.
 */
export function openingCount(alternative: Alternative, summary: readonly string[], title: readonly string[]): number {
  if (summary.length === 0) return 0;
  const start = repeatsTitle(summary, title) ? title.length : 0;
  const opening = start === 0 ? summary : summary.slice(start);
  const limit = Math.min(opening.length, OPENING_TOKENS);
  let count: number;
  if (alternative.kind === 'word') count = countTokenUpTo(opening, alternative.tokens[0]!, limit);
  else if (alternative.kind === 'phrase') count = countPhrase(opening, alternative.tokens, limit);
  else count = countNear(opening, alternative.tokens, limit);
  if (count > 0 && alternative.except.length > 0) count = withoutExceptions(count, opening.slice(0, limit), alternative.except);
  return count;
}

/** Whether a summary's first tokens are the title's, all of them. */
function repeatsTitle(summary: readonly string[], title: readonly string[]): boolean {
  if (title.length === 0 || summary.length < title.length) return false;
  for (let i = 0; i < title.length; i++) if (summary[i] !== title[i]) return false;
  return true;
}

/**
 * A call whose title or summary opening names the member's concept (a keyword itself, an equivalent or a narrower
 * term) is about it; one that names it further on mentions it among other things. BM25F's field weights make the
 * difference small once saturated (one title hit 51, one later summary hit 43), so a call about the concept has
 * its evidence multiplied by this. Related terms, description and expansion terms never make a call's subject.
 * Development split, with OPENING_TOKENS: nDCG@10 0.844 -> 0.857, grade-2 recall 0.950 -> 0.958, recall
 * 0.703 -> 0.710, precision unchanged (0.898); the same on a 1.2-1.5 range of this factor and 6-10 opening tokens.
 */
export const SUBJECT_BOOST = 1.3;

/** Whether finding a form with these counts (and summary opening count) makes the profile the call's subject. */
export function isSubject(alternative: Alternative, titleCount: number, opening: number): boolean {
  return alternative.strong && (titleCount > 0 || opening > 0);
}

/**
 * A call addressed to local councils only (audience.ts: councilsOnly) has its evidence multiplied by this. The
 * network's members are associations: such a call funds a council's project, which a member can rarely carry, even
 * when its title names the member's concept (« Favoriser l'accessibilité des bâtiments publics », « Accompagner les
 * collectivités dans le développement de leur offre de lecture publique »). Halved, it is still sent when the
 * evidence is strong (a keyword in its title and its text: 84 becomes 60) and ranks below the calls members can
 * answer; one keyword in passing falls under the cut. Not a veto: a member may partner with a council.
 * Development split: precision 0.909 -> 0.930 and nDCG@10 0.866 -> 0.872 as pages, 0.886 -> 0.915 and 0.862 -> 0.873
 * as a feed gives them, recall unchanged (0.721 / 0.731); 0.6 and 0.4 gave 0.925 / 0.930 as pages.
 */
export const COUNCILS_FACTOR = 0.5;

/**
 * A call's summed evidence, raised when the profile is its subject (SUBJECT_BOOST), lowered when the call is
 * addressed to local councils only (COUNCILS_FACTOR).
 */
export function subjectEvidence(evidence: number, subject: boolean, councils = false): number {
  const raised = subject ? evidence * SUBJECT_BOOST : evidence;
  return councils ? raised * COUNCILS_FACTOR : raised;
}

/** What one form of a term adds to a call's evidence. */
export function alternativeValue(weight: number, alternative: Alternative, idf: number, saturated: number): number {
  return weight * alternative.factor * idf * saturated;
}

/** The 0–100 score of the summed evidence, one decimal. */
export function toScale(evidence: number): number {
  return Math.round(1000 * (1 - Math.exp(-evidence))) / 10;
}

const RELATION_FACTOR: Record<Relation, number> = { equivalent: SYNONYM_FACTOR, narrower: NARROWER_FACTOR, broader: BROADER_FACTOR, related: RELATED_FACTOR };

function alternative(kind: TermKind, tokens: string[], via: string | null, relation: 'self' | Relation = via === null ? 'self' : 'equivalent', of: string | null = null, source: TermSource = 'keyword'): Alternative {
  const factor = relation !== 'self' ? RELATION_FACTOR[relation] : kind === 'phrase' ? PHRASE_BONUS : 1;
  return { kind, tokens, key: termKey(kind, tokens), via, factor, relation, of, strong: source === 'keyword' && relation !== 'related', except: [] };
}

/** Region names compared loosely: accents, case, hyphens and spacing ignored. */
export function normaliseRegion(region: string): string {
  return fold(region).replace(/[^a-z0-9]+/g, ' ').trim();
}


/** Normalised call regions that suit every profile's regions: none stated, or a national or European scope. */
export function isNationwide(regions: readonly string[]): boolean {
  return regions.length === 0 || regions.some((r) => WIDE_SCOPES.has(r));
}

/** What compileProfile reads of a profile (description optional: older callers and benches have none). */
export type ProfileDefinition = Pick<Profile, 'id' | 'name' | 'keywords' | 'exclude' | 'categories' | 'regions' | 'minScore'> & { description?: string };

export interface CompileOptions {
  /** Read the description's distinctive terms (default true). */
  description?: boolean;
  /** Words added by expansion from the profile's strongest matches (« élargi »), as calls write them. */
  expansion?: readonly string[];
  /** « Pas pertinent » per profile term (as written) since the profile was last edited. */
  rejections?: ReadonlyMap<string, number>;
  /** Followed calls (« Je suis intéressé » and on) per profile term that brought them, since the last edit. */
  endorsements?: ReadonlyMap<string, number>;
}

/** Weight factor of a term rejected `count` times: REJECTION_STEP per rejection, never under REJECTION_FLOOR. */
export function rejectionFactor(count: number): number {
  return count <= 0 ? 1 : Math.max(REJECTION_FLOOR, REJECTION_STEP ** count);
}

/** Each followed call a term brought multiplies its weight by this, for that profile only… */
export const ENDORSEMENT_STEP = 1.1;
/** …up to this ceiling. */
export const ENDORSEMENT_CEILING = 1.5;

/** Weight factor of a term that brought `count` followed calls. */
export function endorsementFactor(count: number): number {
  return count <= 0 ? 1 : Math.min(ENDORSEMENT_CEILING, ENDORSEMENT_STEP ** count);
}

/**
 * Words of association and funding prose that say nothing of a project (stems), left out of a description's terms:
 * every call and every description has them. Members end their description with what they seek (« on cherche à
 * financer un deuxième poste », « une subvention pour ») and calls say how they fund: « financer » was a
 * distinctive term of one profile in three, and added to the quorum of calls that shared nothing else with it.
 * The second part is how any description tells when, where and how its work is done (« avant la rentrée », « à
 * temps partiel », « au titre de », « nous organisons des groupes », « en ligne »): shown as « de votre
 * description » beside a call on another subject, such a word makes the reason given look like chance.
 */
export const GENERIC_DESCRIPTION_WORDS: ReadonlySet<string> = new Set(
  analyse(
    `projet projets association associations associatif action actions structure structures soutien soutenir dispositif
     développer développement public publics territoire territoires local locale locaux faire permettre mettre place
     ensemble année années plusieurs aide aider accompagner accompagnement personnes personne notamment favoriser
     mise œuvre travail travaillons proposer proposons propose nouveau nouvelle nouveaux besoin besoins cadre contre
     autour auprès sein tout très mieux aussi ainsi plus lors partenaire partenaires centre département ville
     financer financement financements financé subvention subventions cherchons cherche voudrait voudrions aimerait
     lancer lancé lance appel appels candidature dossier euros
     avant après pendant depuis jour jours semaine semaines mois fois temps moment heure heures souvent chaque
     toujours titre lieu lieux façon manière moyen type cas part choix ligne groupe groupes individuel individuels
     organiser organise organisons organisent utiliser utilise utilisent animer anime animons repérer`,
  ),
);
/** A description gives at most this many terms: the first distinctive ones, in the member's order. */
const DESCRIPTION_MAX_TERMS = 24;

/**
 * The distinctive terms of a description: the thesaurus expressions it uses (phrases, with their equivalents and
 * narrower terms), then its other content words, skipping generic prose and whatever the keywords already look
 * for. Corpus-independent on purpose, so a compiled profile never depends on the calls of the day; rarity is
 * weighed at scoring time (idf), and only rare terms count towards the quorum.
 */
function descriptionTerms(
  description: string,
  synonyms: SynonymTable,
  claimed: Set<string>,
  claimedTokens: ReadonlySet<string>,
  rejections: ReadonlyMap<string, number>,
  keywords: readonly CompiledTerm[],
): CompiledTerm[] {
  const tokens = analyse(description);
  if (tokens.length === 0) return [];
  const credit = keywordCredit(keywords, new Set(claimed));
  const terms: CompiledTerm[] = [];
  const used = new Set<number>();
  const term = (text: string, alternatives: Alternative[], phrase: boolean): CompiledTerm => {
    const rejected = rejections.get(text) ?? 0;
    const weight = (phrase ? DESCRIPTION_PHRASE_WEIGHT : DESCRIPTION_WEIGHT) * rejectionFactor(rejected);
    return { text, weight, alternatives, source: 'description', rejections: rejected, endorsements: 0, quorum: phrase ? 2 : 1 };
  };
  // The thesaurus expressions the description holds, each at its first position, taken in the thesaurus's order.
  const { phrases, byFirst } = phraseIndex(synonyms);
  const firstAt = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) {
    for (const p of byFirst.get(tokens[i]!) ?? []) {
      const phraseTokens = phrases[p]!.tokens;
      if (!firstAt.has(p) && i + phraseTokens.length <= tokens.length && phraseTokens.every((t, j) => tokens[i + j] === t)) firstAt.set(p, i);
    }
  }
  for (const p of [...firstAt.keys()].sort((a, b) => a - b)) {
    if (terms.length >= DESCRIPTION_MAX_TERMS) break;
    const phrase = phrases[p]!;
    const key = phrase.tokens.join(' ');
    if (claimed.has(key)) {
      credit(key, 2);
      continue;
    }
    const at = firstAt.get(p)!;
    for (let j = 0; j < phrase.tokens.length; j++) used.add(at + j);
    claimed.add(key);
    const others = relatedOf(synonyms, phrase.tokens)
      .filter((r) => r.relation !== 'related' && !claimed.has(r.tokens.join(' ')))
      .map((r) => alternative(r.tokens.length > 1 ? 'phrase' : 'word', r.tokens, r.text, r.relation, r.relation === 'narrower' ? r.of : null, 'description'));
    // As for keywords: the description's later expressions of the same concept are this term already.
    for (const other of others) claimed.add(other.tokens.join(' '));
    terms.push(term(phrase.text, [alternative('phrase', phrase.tokens, null, 'self', null, 'description'), ...others], true));
  }
  const words = description.split(/[^\p{L}\p{N}]+/u);
  const seenWords = new Set<string>();
  let position = 0;
  for (const word of words) {
    const analysed = analyse(word);
    for (const token of analysed) {
      const here = position++;
      if (terms.length >= DESCRIPTION_MAX_TERMS || used.has(here) || token.length < 4 || /^\d+$/.test(token)) continue;
      if (GENERIC_DESCRIPTION_WORDS.has(token) || seenWords.has(token)) continue;
      if (claimed.has(token) || claimedTokens.has(token)) {
        credit(token, 1);
        continue;
      }
      seenWords.add(token);
      claimed.add(token);
      terms.push(term(word.toLowerCase(), [alternative('word', [token], null, 'self', null, 'description')], false));
    }
  }
  return terms;
}

/**
 * What a keyword counts towards DESCRIPTION_QUORUM: what the description would have counted for the words or the
 * expression the keyword takes from it (they are not looked for twice). Without it, making one of four agreeing
 * description words a keyword would drop the call the four sent together, and adding a keyword must never remove
 * a match by itself; a keyword the description does not use counts nothing, so a keyword met in passing in a
 * call's body does not join two description words into a quorum. `keywordClaims`: what the keywords claimed.
 */
function keywordCredit(keywords: readonly CompiledTerm[], keywordClaims: ReadonlySet<string>): (key: string, quorum: number) => void {
  const owner = new Map<string, CompiledTerm>();
  for (const term of keywords) {
    for (const alt of term.alternatives) {
      if (alt.relation === 'related') continue;
      const key = alt.tokens.join(' ');
      if (!owner.has(key)) owner.set(key, term);
      for (const token of alt.tokens) if (!owner.has(token)) owner.set(token, term);
    }
  }
  return (key, quorum) => {
    const term = owner.get(key);
    if (term && (keywordClaims.has(key) || quorum === 1)) term.quorum = Math.max(term.quorum, quorum);
  };
}

/**
 * Parses keywords and exclusions and expands them through the thesaurus once per profile; adds the description's
 * distinctive terms and expansion terms, and lowers terms rejected through « Pas pertinent ».
 */
export function compileProfile(profile: ProfileDefinition, synonyms: SynonymTable = EMPTY_SYNONYMS, options: CompileOptions = {}): CompiledProfile {
  const parsed = parseKeywords(profile.keywords);
  const rejections = options.rejections ?? new Map<string, number>();
  // Members often list several equivalent expressions themselves (`médiation numérique`, `inclusion numérique`).
  // One expression found in a call must count once: a synonym the profile already lists as a term, or that an
  // earlier term already looks for, is not looked for again.
  const claimed = new Set(parsed.map((term) => term.tokens.join(' ')));
  const expansions = parsed.map((term) => formsOf(synonyms, term.tokens));
  const description = options.description !== false && profile.description ? analyse(profile.description) : [];
  const confirmed = (tokens: readonly string[]): boolean => confirmedByDescription(tokens, description);
  const owners = formOwners(expansions, confirmed);
  const terms: CompiledTerm[] = parsed.map((term, index) => {
    const own = alternative(term.kind, term.tokens, null);
    const others = expansions[index]!
      .filter((s) => !claimed.has(s.tokens.join(' ')) && owners.get(s.tokens.join(' ')) === index)
      .map((s) => alternative(s.tokens.length > 1 ? 'phrase' : 'word', s.tokens, s.text, s.relation, s.relation === 'equivalent' || s.relation === 'broader' ? null : s.of));
    const rejected = rejections.get(term.text) ?? 0;
    const followed = options.endorsements?.get(term.text) ?? 0;
    const weight = term.weight * rejectionFactor(rejected) * endorsementFactor(followed);
    return { text: term.text, weight, alternatives: [own, ...others], source: 'keyword' as const, rejections: rejected, endorsements: followed, quorum: 0 };
  });
  for (const key of owners.keys()) claimed.add(key);
  confirmByDescription(terms, confirmed);
  if (description.length > 0) {
    // The project in the member's words beyond their keywords: its name, then what it is (the network's trade).
    const name = analyse(profile.name);
    terms.push(...nameTerms(name, synonyms, claimed));
    terms.push(...tradeTerms(profile.name, profile.description ?? '', [...name, ...description], synonyms, claimed));
  }
  // A description word the keywords already look for, alone or inside an expression (« tiers » of « tiers-lieu »),
  // would count the same evidence twice.
  const claimedTokens = new Set(terms.flatMap((t) => t.alternatives.flatMap((a) => a.tokens)));
  if (options.description !== false && profile.description) terms.push(...descriptionTerms(profile.description, synonyms, claimed, claimedTokens, rejections, terms));
  for (const word of options.expansion ?? []) {
    const term = expansionTerm(word);
    const token = term?.alternatives[0]!.tokens[0];
    if (term === null || token === undefined || claimed.has(token)) continue;
    claimed.add(token);
    terms.push(term);
  }
  attachExceptions(terms, synonyms);
  const exclusions = profile.exclude.flatMap(parseKeyword).map((term) => alternative(term.kind, term.tokens, null));
  return {
    id: profile.id,
    name: profile.name,
    terms,
    exclusions,
    categories: new Set(profile.categories),
    regions: new Set(profileRegionKeys(profile.regions)),
    minScore: profile.minScore ?? DEFAULT_MIN_SCORE,
  };
}

/** How much an expression of the profile's name counts, against 1 for a keyword the member typed. */
export const NAME_WEIGHT = 0.7;

/**
 * The thesaurus expressions of the profile's name, as terms the member wrote (they may send a call), at NAME_WEIGHT.
 * Members name the project (« Ateliers numériques en détention », « Médiation numérique avec les gens du voyage »)
 * and type as keywords the field they work in (`prison`, `gens du voyage`): what the project is, digital mediation,
 * is then only in the name, and the calls about it (« solidarité numérique », « médiation numérique ») found nothing
 * to match. Only the thesaurus's expressions of several words: a name's single words (« quartier », « lecture »,
 * « jeunesse ») are broad, and the member chose their keywords for those. Only with a description: the name and
 * the description are then the project in the member's words; a profile of keywords alone (often named after them:
 * « Tiers-lieu ») matches on what they typed, as the API documents.
 * Second fresh set's development half: recall 0.25 -> 0.29, grade-2 recall 0.38 -> 0.64, precision 0.48 -> 0.52,
 * nDCG@10 0.34 -> 0.41; eval/data development split precision 0.69 -> 0.68, nDCG@10 0.88 -> 0.87 (« Numérique
 * accessible » reads as « numérique accessible à tous », an equivalent of digital inclusion); the first fresh set's
 * development half unchanged. At 0.5: recall +0.01 only; at 1: the same recall, precision 0.50 and 0.67.
 */
function nameTerms(tokens: readonly string[], synonyms: SynonymTable, claimed: Set<string>): CompiledTerm[] {
  const { phrases, byFirst } = phraseIndex(synonyms);
  const terms: CompiledTerm[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const p of byFirst.get(tokens[i]!) ?? []) {
      const phrase = phrases[p]!;
      const key = phrase.tokens.join(' ');
      if (claimed.has(key) || !phrase.tokens.every((t, j) => tokens[i + j] === t)) continue;
      claimed.add(key);
      const others = formsOf(synonyms, phrase.tokens)
        .filter((r) => r.relation !== 'related' && !claimed.has(r.tokens.join(' ')))
        .map((r) => alternative(r.tokens.length > 1 ? 'phrase' : 'word', r.tokens, r.text, r.relation, r.relation === 'narrower' ? r.of : null));
      for (const other of others) claimed.add(other.tokens.join(' '));
      terms.push({ text: phrase.text, weight: NAME_WEIGHT, alternatives: [alternative('phrase', phrase.tokens, null), ...others], source: 'keyword', rejections: 0, endorsements: 0, quorum: 0, origin: 'name' });
    }
  }
  return terms;
}

/** How much the network's trade counts for a digital-mediation project (tradeTerms): as a broader concept does. */
export const TRADE_WEIGHT = BROADER_FACTOR;

/**
 * The network's trade (trade.ts: « inclusion numérique » and its equivalents) as a term of a profile whose name or
 * description (`own`: both analysed) says it helps people use digital tools, when no term of the profile looks for it already. Members of a
 * digital-inclusion network write as keywords the niche of their project (`Pronote`, `intelligence artificielle`,
 * `illettrisme`); funders write « appel à projets Inclusion numérique », « solidarité numérique ». Judges of the three
 * sets built blind rated those calls relevant to such projects, most often clearly: third fresh set's development
 * half recall 0.25 -> 0.48, grade-2 recall 0.30 -> 0.67, precision 0.44 -> 0.66, nDCG@10 0.25 -> 0.49; first fresh
 * set's development half 0.71 / 0.81 / 0.68 / 0.68 -> 0.74 / 0.86 / 0.65 / 0.71; no change on eval/data's development
 * split (its mediation profiles look for the concept already) nor on the second fresh set's. Sent to every profile
 * whose description names digital (not only mediation), eval/data's development precision fell 0.68 -> 0.55: its
 * judges do not want these calls for a fablab, a reuse workshop or a community radio.
 */
function tradeTerms(name: string, description: string, own: readonly string[], synonyms: SynonymTable, claimed: Set<string>): CompiledTerm[] {
  const tokens = analyse(TRADE_CONCEPT);
  if (claimed.has(tokens.join(' ')) || !isDigitalMediation(name, description)) return [];
  const equivalents = relatedOf(synonyms, tokens)
    .filter((r) => r.relation === 'equivalent' && !claimed.has(r.tokens.join(' ')))
    .map((r) => alternative(r.tokens.length > 1 ? 'phrase' : 'word', r.tokens, r.text));
  // A description that writes the concept itself (« notre médiation numérique ») has it as a description expression,
  // which sends a call only with other terms agreeing: the trade must not make that one expression send alone.
  // Third fresh set's development half: recall 0.48 -> 0.47, nDCG@10 0.49 -> 0.48; no change elsewhere.
  if ([tokens, ...equivalents.map((e) => e.tokens)].some((form) => countPhrase(own, form) > 0)) return [];
  claimed.add(tokens.join(' '));
  for (const equivalent of equivalents) claimed.add(equivalent.tokens.join(' '));
  return [{ text: TRADE_CONCEPT, weight: TRADE_WEIGHT, alternatives: [alternative('phrase', tokens, null), ...equivalents], source: 'keyword', rejections: 0, endorsements: 0, quorum: 0, origin: 'trade' }];
}

/**
 * The thesaurus forms of a member's term: its own entry; else the concept its longest known part names (widerOf);
 * else the equivalents a general vocabulary gives it (SynonymTable.fallback: EuroVoc's French « used for » labels,
 * « établissement pénitentiaire », « maison d'arrêt » for `prison`). The network's thesaurus covers the fields its
 * staff grew it for; members also write about prisons, farmers or the homeless, and there a keyword found only
 * itself. Second fresh set's development half, whose profiles are in such fields: recall 0.22 -> 0.25, precision
 * 0.47 -> 0.48, nDCG@10 0.31 -> 0.34; no change on the other development splits (every keyword there has an entry).
 * Its broader, narrower and related links added nothing there and are not shipped.
 */
function formsOf(synonyms: SynonymTable, tokens: readonly string[]): RelatedExpression[] {
  const own = relatedOf(synonyms, tokens);
  if (own.length > 0) return own;
  const wider = widerOf(synonyms, tokens);
  if (wider.length > 0 || !synonyms.fallback) return wider;
  return vocabularyEquivalents(synonyms.fallback, tokens);
}

/**
 * A keyword's related term that the member also wrote in their description (« femmes primo-arrivantes » beside the
 * keyword `apprentissage du français`, whose neighbour is « primo-arrivants ») is no mere neighbour: the member said
 * it is what their project is about. It then counts as a narrower term does, and may send a call. The thesaurus
 * keeps neighbours weak because they are often about something else (« intégration des étrangers » for a French
 * class); the member's own words lift that doubt for their project only. Only expressions are confirmed: a single
 * word (« numérique », « associations ») is in every description and every call, and confirming it sent any call
 * that named it in its title.
 * Fresh set's development half: recall 0.38 -> 0.40, grade-2 recall 0.64 -> 0.74, precision 0.60 -> 0.65, nDCG@10
 * 0.49 -> 0.56; eval/data development split: recall 0.67 and grade-2 0.97 unchanged, precision 0.87 -> 0.84 (its
 * profiles' descriptions name broad fields, « transition écologique », « perte d'autonomie »).
 */
function confirmByDescription(terms: readonly CompiledTerm[], confirmed: (tokens: readonly string[]) => boolean): void {
  for (const term of terms) {
    for (const alt of term.alternatives) {
      if (alt.relation !== 'related' || alt.strong || !confirmed(alt.tokens)) continue;
      alt.strong = true;
      alt.factor = NARROWER_FACTOR;
    }
  }
}

/** Whether the description (analysed tokens) names this expression of several words (see confirmByDescription). */
function confirmedByDescription(tokens: readonly string[], description: readonly string[]): boolean {
  return tokens.length > 1 && description.length > 0 && countPhrase(description, tokens) > 0;
}

/**
 * Which keyword looks for each thesaurus form (by index in the profile): the one for which the form is closest, the
 * earlier keyword on a tie. A form is looked for once; given to the first keyword whatever its relation, a form that is
 * only a neighbour of `inclusion numérique` but an equivalent of the later `démarches administratives` would count
 * as a neighbour, and a member who adds the second keyword would gain nothing from it.
 */
function formOwners(
  expansions: readonly (readonly { tokens: readonly string[]; relation: Relation }[])[],
  confirmed: (tokens: readonly string[]) => boolean,
): Map<string, number> {
  const owners = new Map<string, { index: number; strength: number }>();
  expansions.forEach((forms, index) => {
    for (const form of forms) {
      const key = form.tokens.join(' ');
      // A neighbour the description confirms counts as a narrower term: it stays with its keyword against a broader one.
      const strength = form.relation === 'related' && confirmed(form.tokens) ? STRENGTH.narrower : STRENGTH[form.relation];
      const known = owners.get(key);
      if (!known || strength > known.strength) owners.set(key, { index, strength });
    }
  });
  return new Map([...owners].map(([key, owner]) => [key, owner.index]));
}

/** Gives each form the thesaurus's `sauf` expressions that contain it (see Alternative.except). */
function attachExceptions(terms: readonly CompiledTerm[], synonyms: SynonymTable): void {
  if (synonyms.concepts.length === 0) return;
  for (const term of terms) {
    if (term.source === 'expansion') continue;
    for (const alt of term.alternatives) {
      const except = exceptionsOf(synonyms, alt.tokens).filter((e) => containsTokens(e, alt.tokens));
      if (except.length === 0) continue;
      alt.except = except;
      alt.key = `${alt.key} sauf ${except.map((e) => e.join(' ')).join(' | ')}`;
    }
  }
}

/**
 * A call whose title and summary say nothing of the profile must show at least this many distinct profile terms in
 * its body. Funders' long texts (eligibility, examples of projects, the list of every policy the aid serves) name
 * many subjects in passing: « accessibilité » once in a road-works aid, « tiers-lieu » once among a town-centre
 * programme's examples. One word in passing is not what the call is about; two distinct terms of the profile are.
 */
export const BODY_ONLY_MIN_TERMS = 2;

/** What a call's evidence holds, beyond its sum, for deciding whether it may be sent. */
export interface EvidenceShape {
  /** A keyword found as written, through an equivalent or a narrower term, that may send the call (sendsAlone). */
  strong: boolean;
  /** Distinctive description terms found (DESCRIPTION_QUORUM). */
  distinctive: number;
  /** A keyword form or a description term found in the title or the summary (an article's opening only: inHead). */
  head: boolean;
  /** Distinct profile terms found anywhere. */
  terms: number;
  /** A keyword form in the title or the summary's opening (isSubject). */
  subject: boolean;
  /** Distinct terms of the profile's own (every source but expansion) found anywhere. */
  ownTerms: number;
  /** A form of several words of the profile's own terms found (« médiation numérique », not « réseau »). */
  phrase: boolean;
  /** Whether the profile has a description (hasContext): then a lone word in passing needs corroboration. */
  context: boolean;
}

/**
 * Whether a call may be sent on its evidence: a keyword found as written, through an equivalent or a narrower
 * term, or at least DESCRIPTION_QUORUM distinctive description terms together; and, when only the body speaks of
 * the profile, BODY_ONLY_MIN_TERMS distinct terms that speak for it (speaksForProfile) or that quorum. Related
 * terms, expansion terms and a lone description term add to a score but never send a call by themselves.
 */
export function isSendable(shape: EvidenceShape): boolean {
  const quorum = shape.distinctive >= DESCRIPTION_QUORUM;
  return (shape.strong || quorum) && (shape.head || shape.terms >= BODY_ONLY_MIN_TERMS || quorum) && isCorroborated(shape);
}

/**
 * Whether a call's evidence is more than one word of the member's met in passing. Funders' summaries name many
 * subjects and publics on the way to their own (« actions de formation », « l'égalité de traitement », « en réseau »,
 * « les familles », « le budget de l'opération »); one such word of the member's keywords, past the call's title and
 * opening, with nothing else of the project beside it (a second term, a word or expression of the description, the
 * name's or the trade's expressions), says the call uses the word, not that it funds the project. A form of several
 * words (« lutte contre la fracture numérique ») names a concept and may stand alone, as may the call's subject. Only
 * for a profile with a description: without one, a keyword is all the member told us, and it keeps sending alone.
 * Development halves of eval/data, fresh, fresh2, fresh3, fresh4: pairs sent 274 / 78 / 49 / 91 / 48 → 264 / 69 / 42 /
 * 85 / 38 (about a quarter of those dropped were relevant), precision 0.68 / 0.65 / 0.52 / 0.66 / 0.62 → 0.68 / 0.75 /
 * 0.58 / 0.69 / 0.69, recall 0.72 / 0.74 / 0.29 / 0.47 / 0.39 → 0.70 / 0.74 / 0.26 / 0.46 / 0.34. Any lone form in
 * passing, phrases included, dropped 46 eval/data sends of which 27 were relevant.
 */
export function isCorroborated(shape: Pick<EvidenceShape, 'context' | 'subject' | 'phrase' | 'ownTerms'>): boolean {
  return !shape.context || shape.subject || shape.phrase || shape.ownTerms >= 2;
}

/** Whether the member described the project: its description gave terms (compileProfile). */
export function hasContext(profile: Pick<CompiledProfile, 'terms'>): boolean {
  return profile.terms.some((term) => term.source === 'description');
}

/**
 * Whether a form found `title` times in the title and `summary` times in the part of the summary that counts
 * (headSummaryCount) puts the profile in the call's head: then one term may send the call; otherwise the evidence
 * needs BODY_ONLY_MIN_TERMS distinct terms, as a body's does.
 */
export function inHead(alternative: Alternative, term: CompiledTerm, title: number, summary: number): boolean {
  return title + summary > 0 && (alternative.strong || speaksForProfile(term));
}

/**
 * A form's occurrences in the summary that put the profile in the call's head: all of a standfirst's; of an article
 * given as the summary (AnalysedCall.article: an RSS item's content:encoded, a JSON API's description), those of its
 * opening only (`opening`, OPENING_TOKENS). The rest of an article's first SUMMARY_TOKENS is the start of a full
 * text: context, eligible bodies, lists of the policies an aid serves (« aménagement de bourgs, sécurité routière,
 * bâtiment durable et accessibilité, risques »), which name many fields in passing; one term met there is what a
 * page's body would say, and it needs a second one as a body's does. Its weight is unchanged (summary).
 * Development split, calls as a feed gives them: precision 0.85 -> 0.88, recall, grade-2 recall and nDCG@10
 * unchanged (0.72 / 0.96 / 0.86); calls as pages unchanged, their summaries being standfirsts.
 */
export function headSummaryCount(article: boolean, inSummary: number, opening: number): number {
  return article ? opening : inSummary;
}

/**
 * Whether finding a term says the call is about the profile, for BODY_ONLY_MIN_TERMS and for the title or summary
 * test: a keyword, or an expression of the description (several words agreeing). A lone word of the description
 * (« ateliers », « outils », « habitants ») is the member's prose: funders' texts use such words in passing, in
 * any field, so it adds to a score but does not stand for the profile; an expansion term never does.
 */
export function speaksForProfile(term: CompiledTerm): boolean {
  return term.source === 'keyword' || (term.source === 'description' && term.quorum >= 2);
}

/** « À regarder aussi »: a call under min_score is offered apart only if it scores at least this share of min_score… */
export const SECOND_CHANCE_SHARE = 0.6;
/**
 * …and at most this many per profile are kept: the digest shows three per member, each once, so it needs the next
 * ones once the best have been offered.
 */
export const SECOND_CHANCES_PER_PROFILE = 10;

/**
 * Whether a call that missed min_score deserves « À regarder aussi »: the funders' vocabulary vouches for it (a
 * keyword's equivalent or narrower term from the thesaurus in its title or summary, or DESCRIPTION_QUORUM
 * distinctive terms of the description together) and it is not far under the cut. (A thesaurus term in the full
 * text only vouched for calls that were mostly about something else: on the development split, asking for it in
 * the title or summary took the block from 7 relevant calls in 14 to 8 in 12.) A keyword alone, a related term or an expansion term
 * never brings a call back: they are what min_score is there to weigh. Nor does a call addressed to local councils
 * only (COUNCILS_FACTOR): it fell under the cut for whom it is for, which no vocabulary makes up for.
 */
export function isSecondChance(score: number, minScore: number, thesaurus: boolean, distinctiveDescriptionTerms: number, councils = false): boolean {
  return !councils && score < minScore && score >= SECOND_CHANCE_SHARE * minScore && (thesaurus || distinctiveDescriptionTerms >= DESCRIPTION_QUORUM);
}

/** Whether a form is thesaurus evidence strong enough for a second chance (when found in the title or summary). */
export function vouches(alternative: Alternative): boolean {
  return alternative.strong && alternative.relation !== 'self';
}

/** Open on `today` (YYYY-MM-DD): not closed, and the deadline unknown or not passed. */
export function isOpen(call: Pick<MatchableCall, 'status' | 'nextDeadline'>, today: string): boolean {
  return call.status === 'open' && (call.nextDeadline === null || call.nextDeadline >= today);
}

/**
 * A call's regions as filters compare them. A department is inside its region and a region contains its
 * departments, so the keys are asymmetric: a call for a department (`d:84`, `in:PACA`) reaches a profile that
 * follows that department (`d:84`) or its region (`in:PACA`); a call for a region (`r:PACA`) reaches a profile that
 * follows the region or one of its departments (both hold `r:PACA`); a call for a neighbouring department does not.
 * Values that name no known area (a town, « France ») are compared as written, accents and case aside.
 */
export function normaliseRegions(regions: readonly string[]): string[] {
  return regions.flatMap((region) => regionKeys(region, 'call'));
}

/** A profile's regions as filters compare them (see normaliseRegions). */
export function profileRegionKeys(regions: readonly string[]): string[] {
  return regions.flatMap((region) => regionKeys(region, 'profile'));
}

function regionKeys(region: string, side: 'call' | 'profile'): string[] {
  const written = normaliseRegion(region);
  if (written === '' || WIDE_SCOPES.has(written)) return written === '' ? [] : [written];
  const area = areaOf(region);
  if (!area) return [written];
  if (area.kind === 'department') return side === 'call' ? [`d:${area.department}`, `in:${area.region}`] : [`d:${area.department}`, `r:${area.region}`];
  return side === 'call' ? [`r:${area.region}`] : [`r:${area.region}`, `in:${area.region}`];
}

/** The profile's funder-type and region filters, applied before any scoring. */
export function passesFilters(call: MatchableCall, profile: CompiledProfile): boolean {
  return passesNormalisedFilters(call.funder, normaliseRegions(call.regions), profile);
}

/** passesFilters with the call's regions already normalised (the index does it once per call). */
export function passesNormalisedFilters(funder: string, regions: readonly string[], profile: CompiledProfile): boolean {
  if (profile.categories.size > 0 && !profile.categories.has(funder)) return false;
  if (profile.regions.size === 0) return true;
  if (isNationwide(regions)) return true;
  return regions.some((r) => profile.regions.has(r));
}

function countToken(tokens: readonly string[], token: string): number {
  let count = 0;
  for (const t of tokens) if (t === token) count++;
  return count;
}

/** Occurrences of `token` in the first `limit` of `tokens`. */
function countTokenUpTo(tokens: readonly string[], token: string, limit: number): number {
  let count = 0;
  for (let i = 0; i < limit; i++) if (tokens[i] === token) count++;
  return count;
}

/**
 * Rarity (idfWeight) under which a keyword is a common word of calls: on a large corpus, a word in more than about a
 * tenth of them (« jeunes », « associations », « familles »). Members add such words to their profiles for the
 * public they serve; funders write them in every eligibility sentence (« les associations et les collectivités
 * peuvent candidater », « à destination des jeunes »). Met in passing, such a keyword says who a call may be for,
 * not what it is about: see sendsAlone. Development split unchanged from 0.5 to 0.75 (the twelve development
 * profiles carry no such keyword); fresh set's development half at 0.75, precision 0.55 -> 0.60, recall
 * 0.39 -> 0.38, nDCG@10 0.48 -> 0.49 (0.9 cost development recall 0.67 -> 0.65).
 */
export const COMMON_KEYWORD_IDF = 0.75;

/**
 * Whether a form found in a call can make it sendable by itself (EvidenceShape.strong): a keyword as written, an
 * equivalent or a narrower term that names the call's subject (`subject`: isSubject) or is not a common word of
 * calls (COMMON_KEYWORD_IDF). A common keyword met further on still adds its evidence, and sends the call beside
 * another strong term or the description's quorum.
 */
export function sendsAlone(alternative: Alternative, idf: number, subject: boolean): boolean {
  return subject || (alternative.strong && idf >= COMMON_KEYWORD_IDF);
}

/** Occurrences of `phrase` as adjacent tokens in the first `limit` of `tokens`. */
export function countPhrase(tokens: ArrayLike<unknown>, phrase: ArrayLike<unknown>, limit = tokens.length): number {
  let count = 0;
  const last = Math.min(limit, tokens.length) - phrase.length;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    count++;
  }
  return count;
}

/**
 * Analysed words between the first and last word of an `all` term, beyond the term's own: several words a
 * member writes together (`accompagnement numérique`, `accès droits`) name one thing, and funders write it with a
 * few words around or between (`accompagnement des publics au numérique`, `accès de tous aux droits`, in either
 * order). Far apart in a long text, they are two unrelated words that happen to share a page.
 */
export const NEAR_SLOP = 3;

/**
 * Occurrences of all of `terms` within a window of terms.length + NEAR_SLOP tokens, in any order, not overlapping,
 * in the first `limit` of `tokens`.
 */
export function countNear(tokens: ArrayLike<string>, terms: readonly string[], limit = tokens.length): number {
  const span = terms.length + NEAR_SLOP;
  const last = new Array<number>(terms.length).fill(-Infinity);
  let count = 0;
  const end = Math.min(limit, tokens.length);
  for (let i = 0; i < end; i++) {
    const t = terms.indexOf(tokens[i]!);
    if (t < 0) continue;
    last[t] = i;
    let first = i;
    for (const at of last) if (at < first) first = at;
    if (i - first < span) {
      count++;
      last.fill(-Infinity);
    }
  }
  return count;
}

/** How often a form occurs in each field of an analysed call. */
export function fieldCounts(alternative: Alternative, fields: AnalysedCall['fields']): [number, number, number] {
  const counts: [number, number, number] = [0, 0, 0];
  for (let f = 0; f < 3; f++) {
    const tokens = fields[f]!;
    if (alternative.kind === 'word') counts[f] = countToken(tokens, alternative.tokens[0]!);
    else if (alternative.kind === 'phrase') counts[f] = countPhrase(tokens, alternative.tokens);
    else counts[f] = countNear(tokens, alternative.tokens);
    if (counts[f] > 0 && alternative.except.length > 0) counts[f] = withoutExceptions(counts[f], tokens, alternative.except);
  }
  return counts;
}

/** A form's count in a field, less its occurrences inside the expressions where it means something else. */
export function withoutExceptions(count: number, tokens: readonly string[], except: readonly (readonly string[])[]): number {
  let left = count;
  for (const phrase of except) left -= countPhrase(tokens, phrase);
  return Math.max(0, left);
}

/** The strongest field a form was found in (title before summary before body). */
export function bestField(counts: ArrayLike<number>): Field {
  for (let f = 0; f < 3; f++) if (counts[f]! > 0) return FIELDS[f]!;
  return 'body';
}

export interface TermHit {
  term: CompiledTerm;
  alternative: Alternative;
  counts: ArrayLike<number>;
  value: number;
}

/**
 * Entries an explanation keeps, strongest first: what a member reads beside a call. A profile with a description
 * can match on a dozen of its words; listing them all made sentences nobody reads, and at 500,000 stored matches
 * the entries were a quarter of a full run's memory. `terms` keeps every matched term (feedback learns from them).
 */
export const EXPLANATION_MAX = 6;

/** The result for a call that passed filters and exclusions, from the best hit of each matched term (in term order). */
export function resultOf(profile: CompiledProfile, callId: number, evidence: number, hits: TermHit[]): MatchResult {
  // Strongest first, equal values in term order: an insertion sort, as Array#sort's scratch space for a handful of
  // hits per match was a tenth of what an incremental run allocates.
  const ranked = hits.slice();
  for (let i = 1; i < ranked.length; i++) {
    const hit = ranked[i]!;
    let j = i - 1;
    for (; j >= 0 && ranked[j]!.value < hit.value; j--) ranked[j + 1] = ranked[j]!;
    ranked[j + 1] = hit;
  }
  return {
    profileId: profile.id,
    callId,
    score: toScale(evidence),
    terms: ranked.map((h) => h.term.text),
    explanation: ranked.slice(0, EXPLANATION_MAX).map((h) => {
      const entry: ExplanationEntry = { term: h.term.text, field: bestField(h.counts) };
      const alt = h.alternative;
      if (alt.via !== null) entry.via = alt.via;
      if (alt.relation === 'narrower' || alt.relation === 'broader' || alt.relation === 'related') {
        entry.relation = alt.relation;
        entry.of = alt.of ?? h.term.text;
      }
      if (h.term.source !== 'keyword') entry.source = h.term.source;
      else if (h.term.origin) entry.source = h.term.origin;
      if (h.term.rejections > 0) entry.rejections = h.term.rejections;
      if (h.term.endorsements > 0) entry.endorsements = h.term.endorsements;
      return entry;
    }),
  };
}

/**
 * Scores one analysed call for one compiled profile, pair by pair with no index: null when the call is closed,
 * filtered out, vetoed by an exclusion or under the profile's min_score.
 */
export function scoreAnalysed(analysed: AnalysedCall, profile: CompiledProfile, stats: CorpusStats, today: string): MatchResult | null {
  const { call, fields } = analysed;
  if (!isOpen(call, today) || !passesFilters(call, profile)) return null;
  for (const exclusion of profile.exclusions) {
    if (fieldCounts(exclusion, fields).some((c) => c > 0)) return null;
  }
  const lengths = [fields[0].length, fields[1].length, fields[2].length];
  const hits: TermHit[] = [];
  let own = 0;
  let expansion = 0;
  let strong = false;
  let distinctive = 0;
  let head = false;
  let subject = false;
  let ownTerms = 0;
  let phrase = false;
  for (const term of profile.terms) {
    let best: TermHit | null = null;
    let rare = false;
    for (const alt of term.alternatives) {
      const counts = fieldCounts(alt, fields);
      if (counts[0] + counts[1] + counts[2] === 0) continue;
      const idf = alternativeIdf(alt, stats);
      if (notDistinctive(term.source, idf)) continue;
      if (countsTowardQuorum(alt, idf)) rare = true;
      if (term.source !== 'expansion' && alt.tokens.length > 1) phrase = true;
      const opening = counts[1] > 0 ? Math.min(counts[1], openingCount(alt, fields[1], fields[0])) : 0;
      const aboutIt = isSubject(alt, counts[0], opening);
      if (aboutIt) subject = true;
      if (sendsAlone(alt, idf, aboutIt)) strong = true;
      if (inHead(alt, term, counts[0], headSummaryCount(analysed.article, counts[1], opening))) head = true;
      const value = alternativeValue(term.weight, alt, idf, saturatedFrequency(counts, lengths, stats, opening));
      if (best === null || value > best.value) best = { term, alternative: alt, counts, value };
    }
    if (best === null) continue;
    if (rare) distinctive += term.quorum;
    if (term.source === 'expansion') expansion += best.value;
    else {
      own += best.value;
      ownTerms++;
    }
    hits.push(best);
  }
  const fallback = analysed.general ? generalResult(profile, call.id) : null;
  const terms = hits.filter((h) => speaksForProfile(h.term)).length;
  if (hits.length === 0 || !isSendable({ strong, distinctive, head, terms, subject, ownTerms, phrase, context: hasContext(profile) })) return fallback;
  // Summed as the index sums them: the profile's own terms, then expansion apart.
  const result = resultOf(profile, call.id, subjectEvidence(own + expansion, subject, analysed.councils), hits);
  return result.score >= profile.minScore ? result : fallback;
}

/** The one explanation entry of a general fund's match: what the member reads is « ouvert à toute association ». */
export const GENERAL_ENTRY: Readonly<ExplanationEntry> = Object.freeze({ term: 'toute association', field: 'summary', source: 'general' });

/**
 * A general fund open to any association (general.ts: the FDVA's operation and innovation strand, a foundation for
 * « tous les domaines ») fits every profile whose filters it passes, at the profile's min_score: last in the list,
 * yet sent. No keyword can match it, since it names no subject, and members' projects are its object: judges of the
 * first fresh set found such funds worth a look for each of its eight projects (19 of 19 pairs on its development
 * half, 7 of 7 on its test half); those of eval/data for the associative-life profile only. The digest shows them in
 * their own block (« Ouverts à toute association »), apart from the calls about the project.
 */
export function generalResult(profile: CompiledProfile, callId: number): MatchResult {
  return { profileId: profile.id, callId, score: profile.minScore, terms: [], explanation: [{ ...GENERAL_ENTRY }] };
}

/** Whether a match is a general fund's (generalResult), rather than one of the profile's terms. */
export function isGeneralMatch(explanation: readonly ExplanationEntry[] | undefined): boolean {
  return explanation !== undefined && explanation.length === 1 && explanation[0]!.source === 'general';
}

export interface ScoreOptions {
  synonyms?: SynonymTable;
  /** YYYY-MM-DD; calls whose deadline is before it are closed. Default: no date check beyond `status`. */
  today?: string;
}

/**
 * One call against one profile, from plain objects: what the digest or a bench can call without a database.
 * `stats` come from computeStats over the corpus the call belongs to.
 */
export function scoreCall(
  call: MatchableCall,
  profile: ProfileDefinition,
  stats: CorpusStats,
  options: ScoreOptions = {},
): MatchResult | null {
  return scoreAnalysed(analyseCall(call), compileProfile(profile, options.synonyms), stats, options.today ?? '0000-00-00');
}
