// Expansion from the corpus (pseudo-relevance feedback, after RM3): the words that distinguish a profile's strongest
// matches from the rest of the open calls join the profile at a low weight (EXPANSION_WEIGHT), shown as « élargi ».
// Pure: analysed calls and corpus statistics in, analysed tokens out.
import { DEPARTMENTS } from '../calls/departments.js';
import { REGIONS } from '../calls/regions.js';
import { analyse, analyseWithWords } from './analyse.js';
import { GENERIC_DESCRIPTION_WORDS, idfWeight, type AnalysedCall, type CompiledProfile, type CorpusStats } from './score.js';

/** The strongest matches read: the top of a member's list, where the profile's own vocabulary is surest. */
export const EXPANSION_DOCS = 10;

/**
 * One of a profile's strongest matches on its own terms (keywords, thesaurus, description; expansion left out):
 * what expansion reads. Ranking them without expansion keeps expansion a function of the profile and the corpus
 * alone, so recomputing it after a run that changed nothing finds the same words (no drift from run to run).
 */
export interface StrongMatch {
  profileId: number;
  callId: number;
  /** Evidence of the profile's own terms (before the 0-100 scale). */
  evidence: number;
}
/** Words added per profile. */
export const EXPANSION_TERMS = 5;
/** A word must occur in at least this many of those calls: one call's idiosyncrasy is not the profile's field. */
export const EXPANSION_MIN_DOCS = 3;

/**
 * Words of calls' procedure and administration, and of who funds at what scale: shared by calls of every subject,
 * they would widen a profile towards funders, not towards its field. The generic prose a description's terms leave
 * out (« faire », « développer », « public ») is left out here too, for the same reason.
 *
 * The second part is how funders word the rest of a call, whatever its subject, read in the « élargi » words that
 * the profiles of the evaluation sets' development halves got: the kind of call (« appel à manifestation
 * d'intérêt »), who funds (« Caisse d'Epargne », « Caisse des dépôts », « Direction régionale des affaires
 * culturelles »), the verb of support (« la Fondation soutient », « en appui »), the scale (« 2 millions d'euros »),
 * eligibility (« ouvert aux organismes à but non lucratif », « les projets doivent », « collectivités territoriales
 * et intercommunales »), dates (« avant le 30 novembre »), the promise every call makes (« des projets
 * innovants ») and the prose around them (« en particulier », « au moins », « une grande attention », « en
 * situation de »). A member reading « élargi : millions, soutient » beside a call learns to distrust every reason
 * given; none of these words says what a call is about. The third part came from members' digests: the terms of
 * every call (« Montant maximum », « plafond », « taux », « dépenses éligibles », « modalités de versement »,
 * « cahier des charges », « plateforme de dépôt », « Clôture le … »).
 */
const PROCEDURE_WORDS = new Set(
  analyse(
    `appel projets projet candidature candidatures dossier dossiers date limite dépôt subvention subventions financement
     financements euros porteurs porteur structures éligibles éligibilité critères sélection lauréats jury annuel
     associations association collectivités communes programme dispositif objectifs objectif cadre soutien soutenir
     fondation france national nationale régional régionale région départemental départementale département ministère
     état européen européenne europe prix trophée trophées concours édition
     manifestation intérêt caisse direction soutient soutiennent soutenus appui millions million milliards dotation
     enveloppe montant ouvert ouverts ouverte organismes lucratif doivent territorial territoriale territoriales
     intercommunales intercommunal bénéficiaires acteurs initiatives retenus sélectionnés janvier février mars avril
     mai juin juillet août septembre octobre novembre décembre particulier moins grand grande comme avant attention
     situation porter porte conduit fonds innovants adresse adressent adresser titre
     clôture clôturé maximum minimum maximal plafond plafonné taux dépenses modalités calendrier délai plateforme
     règlement cahier charges instruction cofinancement versement`,
  ),
);

/**
 * The words of France's regions and departments (« Loire », « Bretagne », « Rhône »): a profile whose strongest
 * matches happen to come from one region would be widened towards every call of that region, whatever its subject
 * (« élargi : loire » sent a member an ARS Pays de la Loire call on health software). Where a call applies is the
 * regions filter's business, not the profile's vocabulary.
 */
const PLACE_WORDS = new Set(analyse([...REGIONS.map((region) => region.name), ...DEPARTMENTS.map((department) => department.name)].join(' ')));

/** Every analysed token the profile's keywords and description look for, in any form (earlier expansion words aside). */
export function profileTokens(profile: CompiledProfile): Set<string> {
  const tokens = new Set<string>();
  for (const term of profile.terms) if (term.source !== 'expansion') for (const alt of term.alternatives) for (const t of alt.tokens) tokens.add(t);
  return tokens;
}

/**
 * What expansion reads of a call: its title and summary, analysed, and as written (to show a word, not a stem).
 * A run keeps one head per call however many profiles read it: its distinct tokens are listed once, its written
 * forms read only if one of its words is chosen. It refers to the call's analysed fields and text, copying nothing.
 */
export class Head {
  private distinctTokens: string[] | null = null;
  private surfaces: Map<string, string> | null = null;

  constructor(
    private readonly titleTokens: readonly string[],
    private readonly summaryTokens: readonly string[],
    private readonly title: string,
    private readonly summary: string,
  ) {}

  /** Each token of the title and summary, once. */
  get distinct(): readonly string[] {
    this.distinctTokens ??= [...new Set([...this.titleTokens, ...this.summaryTokens])];
    return this.distinctTokens;
  }

  /** The word this call first writes for a token (its title before its summary), if it holds it. */
  surface(token: string): string | undefined {
    if (!this.surfaces) {
      this.surfaces = new Map();
      for (const text of [this.title, this.summary]) {
        const { tokens, words } = analyseWithWords(text, true);
        for (let i = 0; i < tokens.length; i++) if (!this.surfaces.has(tokens[i]!)) this.surfaces.set(tokens[i]!, words[i]!);
      }
    }
    return this.surfaces.get(token);
  }
}

/** The most frequent key, then the first in alphabetical order. */
function mostFrequent(counts: ReadonlyMap<string, number>): string {
  let best = '';
  let most = 0;
  for (const [key, count] of counts) if (count > most || (count === most && key < best)) [best, most] = [key, count];
  return best;
}

/**
 * A call's head for expansion: its title and its summary when the summary is a standfirst. An article given as the
 * summary (an RSS item's content:encoded, a JSON API's description: analyseCall's `article`) is a page's text in
 * another field, and its start says who funds, where and how, as a body's does (« Initiatives77 », « agence »,
 * « grâce » became a profile's words): only its title is read, as for a call whose text is a page.
 * Development split, calls as a feed gives them: nDCG@10 0.84 -> 0.86, the other figures unchanged.
 */
export function headOf(analysed: Pick<AnalysedCall, 'fields' | 'call' | 'article'>): Head {
  if (analysed.article) return new Head(analysed.fields[0], [], analysed.call.title, '');
  return new Head(analysed.fields[0], analysed.fields[1], analysed.call.title, analysed.call.summary);
}

/**
 * The word as the calls write it for an analysed token (« tablettes » for `tablet`): the form most of the heads
 * write first (ties: alphabetical). A member reads words, not stems; the word analyses back to the token, so it is
 * what is stored and compiled.
 */
function surfaceOf(token: string, heads: readonly Head[]): string {
  const counts = new Map<string, number>();
  for (const head of heads) {
    const word = head.surface(token);
    if (word !== undefined) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts.size === 0 ? token : mostFrequent(counts);
}

/**
 * The words that distinguish `heads` (the titles and summaries of a profile's strongest matches, best first) from
 * the corpus: each word found in at least EXPANSION_MIN_DOCS of them is weighed by its share of those calls times
 * how much more often it occurs there than in the corpus (a log ratio, as in relevance models); the
 * EXPANSION_TERMS best, rare enough to mean something, that the profile does not already look for, each as the
 * calls write it. Titles and
 * summaries only: they say what a call is about, where the start of a body says who funds, where and how
 * (« Seine-et-Marne », « DRAC », « Fondation »), which widened profiles towards funders rather than subjects (on
 * the development split, expansion from the first 200 words of the body cost 0.02 of nDCG@10; from titles and
 * summaries it costs nothing).
 */
export function expansionWords(heads: readonly Head[], known: ReadonlySet<string>, stats: CorpusStats): string[] {
  const docs = heads.slice(0, EXPANSION_DOCS);
  if (docs.length < EXPANSION_MIN_DOCS) return [];
  const df = new Map<string, number>();
  for (const head of docs) for (const t of head.distinct) df.set(t, (df.get(t) ?? 0) + 1);
  const scored: [string, number][] = [];
  for (const [token, count] of df) {
    if (count < EXPANSION_MIN_DOCS || known.has(token) || token.length < 4 || PROCEDURE_WORDS.has(token) || PLACE_WORDS.has(token) || GENERIC_DESCRIPTION_WORDS.has(token) || /^\d+$/.test(token)) continue;
    const corpusDf = stats.df.get(token) ?? 0;
    if (idfWeight(corpusDf, stats.calls) < 0.5) continue;
    const inTop = count / docs.length;
    const inCorpus = (corpusDf + 1) / (stats.calls + 1);
    scored.push([token, inTop * Math.log(inTop / inCorpus)]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return scored.slice(0, EXPANSION_TERMS).map(([token]) => surfaceOf(token, docs));
}
