// An inverted index from analysed tokens to calls, and the matcher that walks it: each profile only touches
// the calls holding one of its terms instead of every call. The evidence of a term form (word, phrase, synonym)
// is computed once per run and shared by every profile using it, which is what makes thousands of profiles
// with overlapping vocabularies cheap.
import { FUNDER_TYPES } from '../calls/types.js';
import {
  alternativeIdf,
  alternativeValue,
  DISTINCTIVE_IDF,
  notDistinctive,
  inHead,
  headSummaryCount,
  countsTowardQuorum,
  speaksForProfile,
  isSecondChance,
  isSendable,
  hasContext,
  type EvidenceShape,
  sendsAlone,
  countNear,
  SECOND_CHANCES_PER_PROFILE,
  SECOND_CHANCE_SHARE,
  vouches,
  countPhrase,
  isSubject,
  openingCount,
  subjectEvidence,
  isOpen,
  isNationwide,
  normaliseRegions,
  resultOf,
  generalResult,
  saturatedFrequencyAt,
  withoutExceptions,
  toScale,
  type Alternative,
  type AnalysedCall,
  type CompiledProfile,
  type CompiledTerm,
  type CorpusStats,
  type MatchResult,
  type TermHit,
} from './score.js';
import { EXPANSION_DOCS, type StrongMatch } from './expand.js';

interface Posting {
  /** Call positions in the index, ascending. */
  calls: number[];
  /** Three counts (title, summary, body) per call. */
  counts: number[];
}

/** Where a form occurs: calls ascending, their field counts, and their saturated frequency. */
export interface Evidence {
  calls: Int32Array;
  counts: Uint16Array;
  saturated: Float64Array;
  /** Occurrences in the summary's opening (OPENING_TOKENS), per call (at most 255). */
  opening: Uint8Array;
  /** The form's rarity weight in the corpus. */
  idf: number;
}

export class CallIndex {
  private readonly postings = new Map<string, Posting>();
  private readonly evidenceCache = new Map<string, Evidence>();
  /** Empty evidence of description forms too common to count, with their rarity. */
  private readonly commonCache = new Map<string, Evidence>();
  private readonly lengths: Uint32Array;

  /** `stats` may describe a wider corpus than `calls` (incremental runs score new calls with the corpus idf). */
  constructor(
    readonly calls: readonly AnalysedCall[],
    private readonly stats: CorpusStats,
  ) {
    this.lengths = new Uint32Array(calls.length * 3);
    calls.forEach((analysed, position) => this.add(analysed, position));
  }

  /** Calls are added in position order, so a token already seen in this call is the last entry of its posting. */
  private add(analysed: AnalysedCall, position: number): void {
    for (let f = 0; f < 3; f++) {
      const tokens = analysed.fields[f]!;
      this.lengths[position * 3 + f] = tokens.length;
      for (const token of tokens) {
        let posting = this.postings.get(token);
        if (!posting) this.postings.set(token, (posting = { calls: [], counts: [] }));
        const last = posting.calls.length - 1;
        if (last < 0 || posting.calls[last] !== position) {
          posting.calls.push(position);
          posting.counts.push(0, 0, 0);
          posting.counts[(last + 1) * 3 + f]++;
        } else posting.counts[last * 3 + f]++;
      }
    }
  }

  /** Field lengths of the call at `position`. */
  lengthsOf(position: number): Uint32Array {
    return this.lengths.subarray(position * 3, position * 3 + 3);
  }

  /**
   * A description form's evidence: none at all when the form is too common to count (notDistinctive), so that its
   * long posting list is neither copied nor walked; such words are most of a description's.
   */
  descriptionEvidence(alternative: Alternative): Evidence {
    const cached = this.evidenceCache.get(alternative.key);
    if (cached) return cached;
    const idf = alternativeIdf(alternative, this.stats);
    if (!notDistinctive('description', idf)) return this.evidence(alternative);
    let none = this.commonCache.get(alternative.key);
    if (!none) this.commonCache.set(alternative.key, (none = { calls: new Int32Array(0), counts: new Uint16Array(0), saturated: new Float64Array(0), opening: new Uint8Array(0), idf }));
    return none;
  }

  /** Where a form occurs, computed once per index. */
  evidence(alternative: Alternative): Evidence {
    let found = this.evidenceCache.get(alternative.key);
    if (!found) {
      found = this.computeEvidence(alternative);
      this.evidenceCache.set(alternative.key, found);
    }
    return found;
  }

  private computeEvidence(alternative: Alternative): Evidence {
    const postings = alternative.tokens.map((t) => this.postings.get(t));
    const idf = alternativeIdf(alternative, this.stats);
    if (postings.some((p) => p === undefined)) return { calls: new Int32Array(0), counts: new Uint16Array(0), saturated: new Float64Array(0), opening: new Uint8Array(0), idf };
    const lists = postings as Posting[];
    // Walk the rarest token's calls and check the others there.
    const rarest = lists.reduce((a, b) => (b.calls.length < a.calls.length ? b : a));
    let calls: ArrayLike<number> = rarest.calls;
    let counts: ArrayLike<number> = rarest.counts;
    // A word's posting is its evidence, counts and all; searching each of its calls in it again cost more than
    // the rest of building an incremental run's index.
    if (alternative.kind !== 'word') {
      const found = this.walk(alternative, lists, rarest);
      calls = found.calls;
      counts = found.counts;
    }
    if (alternative.except.length > 0) ({ calls, counts } = this.withoutExceptions(alternative, calls, counts));
    const saturated = new Float64Array(calls.length);
    const opening = new Uint8Array(calls.length);
    for (let i = 0; i < calls.length; i++) {
      const inSummary = counts[i * 3 + 1]!;
      // Only calls with the form in their summary are read again, and only its first tokens.
      if (inSummary > 0) {
        const fields = this.calls[calls[i]!]!.fields;
        opening[i] = Math.min(255, inSummary, openingCount(alternative, fields[1], fields[0]));
      }
      saturated[i] = saturatedFrequencyAt(counts, i * 3, this.lengths, calls[i]! * 3, this.stats, opening[i]!);
    }
    return { calls: Int32Array.from(calls), counts: Uint16Array.from(counts), saturated, opening, idf };
  }

  /** The evidence less the form's occurrences inside its `sauf` expressions (rare: read from the calls' text). */
  private withoutExceptions(alternative: Alternative, calls: ArrayLike<number>, counts: ArrayLike<number>): { calls: number[]; counts: number[] } {
    const kept: number[] = [];
    const keptCounts: number[] = [];
    for (let i = 0; i < calls.length; i++) {
      const fields = this.calls[calls[i]!]!.fields;
      const left = [0, 1, 2].map((f) => (counts[i * 3 + f]! > 0 ? withoutExceptions(counts[i * 3 + f]!, fields[f]!, alternative.except) : 0));
      if (left[0]! + left[1]! + left[2]! === 0) continue;
      kept.push(calls[i]!);
      keptCounts.push(left[0]!, left[1]!, left[2]!);
    }
    return { calls: kept, counts: keptCounts };
  }

  /** The calls of `rarest` where every token of a multi-word form is found as the form asks, and the counts. */
  private walk(alternative: Alternative, lists: Posting[], rarest: Posting): { calls: number[]; counts: number[] } {
    const calls: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < rarest.calls.length; i++) {
      const position = rarest.calls[i]!;
      const found = this.countsAt(alternative, lists, position);
      if (found[0] + found[1] + found[2] === 0) continue;
      calls.push(position);
      counts.push(found[0], found[1], found[2]);
    }
    return { calls, counts };
  }

  /** Counts of a `phrase` or `all` form at one call. */
  private countsAt(alternative: Alternative, lists: Posting[], position: number): [number, number, number] {
    if (alternative.kind === 'phrase') {
      // Postings say first whether every word is there at all, sparing a scan of the call's text.
      for (const posting of lists) if (binarySearch(posting.calls, position) < 0) return [0, 0, 0];
      const fields = this.calls[position]!.fields;
      return [countPhrase(fields[0], alternative.tokens), countPhrase(fields[1], alternative.tokens), countPhrase(fields[2], alternative.tokens)];
    }
    // `all`: postings say every word is in the call; only its text says whether they are near each other.
    for (const posting of lists) if (binarySearch(posting.calls, position) < 0) return [0, 0, 0];
    const fields = this.calls[position]!.fields;
    return [countNear(fields[0], alternative.tokens), countNear(fields[1], alternative.tokens), countNear(fields[2], alternative.tokens)];
  }
}

/** One bit per funder type (passesFilters, encoded); unknown types get a bit no profile can ask for. */
function funderBit(funder: string): number {
  const index = (FUNDER_TYPES as readonly string[]).indexOf(funder);
  return 1 << (index === -1 ? 30 : index);
}

const NO_REGIONS: ReadonlySet<number> = new Set();

/** Region ids below this fit in a call's bit mask. */
const REGION_BITS = 31;

function regionBit(id: number): number {
  return id < REGION_BITS ? 1 << id : 0;
}

/** The evidence whose score before rounding is `score` (0 to under 100): toScale's curve inverted. */
function evidenceFor(score: number): number {
  return -Math.log(1 - score / 100);
}

/** The k-th smallest (0-based) of the first `count` values, reordering them in place (Hoare's quickselect). */
export function select(values: Float64Array, count: number, k: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

function binarySearch(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid]!;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Scores profiles over an index. Scratch arrays are sized once and reset through the list of calls each profile
 * touched, so a profile costs what its terms' postings cost, not the size of the corpus.
 */
export class IndexedMatcher {
  private readonly evidenceSum: Float64Array;
  /** Per call, for the profile being scored: the evidence of expansion terms, kept apart from its own terms'. */
  private readonly expansionSum: Float64Array;
  /** The profile's strongest matches on its own terms (positions, evidence), best first: expansion reads them. */
  private readonly strongPositions = new Int32Array(EXPANSION_DOCS);
  private readonly strongEvidence = new Float64Array(EXPANSION_DOCS);
  private strongCount = 0;
  private readonly termBest: Float64Array;
  /** Per call, for the profile being scored: a strong form was found (1), and how many rare description terms. */
  private readonly strongHit: Uint8Array;
  /** Per call, for the profile being scored: a thesaurus form strong enough for « À regarder aussi » was found. */
  private readonly vouched: Uint8Array;
  /** Per call, for the profile being scored: a keyword form or description term in the title or summary (1). */
  private readonly headHit: Uint8Array;
  /** Per call, for the profile being scored: a keyword form in the title or the summary's opening (1: SUBJECT_BOOST). */
  private readonly subjectHit: Uint8Array;
  /** Per call, for the profile being scored: distinct profile terms found. */
  private readonly termsHit: Uint16Array;
  /** Per call, for the profile being scored: distinct own terms (all but expansion) found, and a form of several words (1). */
  private readonly ownTerms: Uint16Array;
  private readonly phraseHit: Uint8Array;
  /** Reused argument of isSendable (one object per run, not per call). */
  private readonly shape: EvidenceShape = { strong: false, distinctive: 0, head: false, terms: 0, subject: false, ownTerms: 0, phrase: false, context: false };
  private readonly distinctive: Uint16Array;
  private readonly termRare: Uint8Array;
  private readonly vetoed: Uint8Array;
  private readonly openCalls: Uint8Array;
  /** Per call: its summary is an article a feed gave whole (AnalysedCall.article), 1. */
  private readonly articles: Uint8Array;
  /** Per call: addressed to local councils only (AnalysedCall.councils), 1. */
  private readonly councils: Uint8Array;
  /** The calls that are general funds open to any association (AnalysedCall.general): they fit every profile. */
  private readonly generalPositions: Int32Array;
  /** Per call, for the profile being scored: already a candidate on its terms (1). */
  private readonly candidate: Uint8Array;
  /** Filters encoded per call: funder type as a bit, region ids, and whether the call suits every region. */
  private readonly funderBits: Int32Array;
  private readonly nationwide: Uint8Array;
  /** The call's first 31 region ids as bits; calls naming a region beyond those keep their list for a slow check. */
  private readonly regionBits: Int32Array;
  private readonly callRegionIds: (number[] | null)[];
  private readonly regionIds = new Map<string, number>();
  /** Scratch list of the evidence of each form of the profile being scored. */
  private readonly evidences: Evidence[] = [];
  /** Scratch copy of candidate evidence for selecting the cut. */
  private readonly selection: Float64Array;
  /** Calls the profile being scored touched, and those the current term touched. */
  private readonly touched: Int32Array;
  private readonly termTouched: Int32Array;
  /** Calls that passed every check for the profile being scored, and their evidence. */
  private readonly candidates: Int32Array;
  private readonly candidateEvidence: Float64Array;
  /** Calls under min_score kept for « À regarder aussi », and their evidence. */
  private readonly nearCalls: Int32Array;
  private readonly nearEvidence: Float64Array;

  constructor(
    private readonly index: CallIndex,
    today: string,
  ) {
    const n = index.calls.length;
    this.evidenceSum = new Float64Array(n);
    this.expansionSum = new Float64Array(n);
    this.termBest = new Float64Array(n);
    this.strongHit = new Uint8Array(n);
    this.vouched = new Uint8Array(n);
    this.headHit = new Uint8Array(n);
    this.subjectHit = new Uint8Array(n);
    this.termsHit = new Uint16Array(n);
    this.ownTerms = new Uint16Array(n);
    this.phraseHit = new Uint8Array(n);
    this.distinctive = new Uint16Array(n);
    this.termRare = new Uint8Array(n);
    this.vetoed = new Uint8Array(n);
    this.openCalls = Uint8Array.from(index.calls, (a) => (isOpen(a.call, today) ? 1 : 0));
    this.articles = Uint8Array.from(index.calls, (a) => (a.article ? 1 : 0));
    this.councils = Uint8Array.from(index.calls, (a) => (a.councils ? 1 : 0));
    this.generalPositions = Int32Array.from(index.calls.flatMap((a, position) => (a.general ? [position] : [])));
    this.candidate = new Uint8Array(n);
    this.funderBits = Int32Array.from(index.calls, (a) => funderBit(a.call.funder));
    const regions = index.calls.map((a) => normaliseRegions(a.call.regions));
    this.nationwide = Uint8Array.from(regions, (r) => (isNationwide(r) ? 1 : 0));
    const ids = regions.map((list) => list.map((region) => this.regionId(region)));
    this.regionBits = Int32Array.from(ids, (list) => list.reduce((bits, id) => bits | regionBit(id), 0));
    this.callRegionIds = ids.map((list) => (list.some((id) => id >= REGION_BITS) ? list : null));
    this.candidates = new Int32Array(n);
    this.candidateEvidence = new Float64Array(n);
    this.nearCalls = new Int32Array(n);
    this.nearEvidence = new Float64Array(n);
    this.selection = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.termTouched = new Int32Array(n);
  }

  /**
   * The profile's matches at or above its min_score, in call order. With `limit`, only the best `limit`
   * (highest score, then lowest call id) are explained and returned; with `above`, only those scoring more.
   * With `secondChances`, the profile's best calls for « À regarder aussi » (isSecondChance) scoring more than
   * `nearAbove` are pushed to it. With `expand`, the profile's own terms are summed first, and `expand`, given the
   * profile's EXPANSION_DOCS strongest matches on them (expansion left out, whatever `above` says), best first,
   * returns the profile to finish with: the same own terms (first), other expansion words; only the new words'
   * evidence is added, nothing is summed twice.
   */
  matchProfile(
    given: CompiledProfile,
    limit = Number.POSITIVE_INFINITY,
    above = Number.NEGATIVE_INFINITY,
    secondChances?: MatchResult[],
    nearAbove = Number.NEGATIVE_INFINITY,
    expand?: (strongest: readonly StrongMatch[]) => CompiledProfile,
  ): MatchResult[] {
    // Every form's evidence, term after term, in a scratch list reused across profiles (nested arrays per profile
    // were the largest allocation of an incremental run).
    const evidences = this.evidences;
    const own = expand === undefined ? given.terms : given.terms.filter((t) => t.source !== 'expansion');
    this.shape.context = hasContext(given);
    const ownForms = this.gatherEvidence(own, 0);
    let touchedCount = this.accumulate(own, evidences, 0, 0);
    const touched = this.touched;
    const vetoedList = this.markVetoes(given);
    // Filters encoded without allocating for the usual profile, which has none (an incremental run scores
    // thousands of profiles; what each allocates is paid again in garbage collection).
    let categories = 0;
    for (const category of given.categories) categories |= funderBit(category);
    const anyRegion = given.regions.size === 0;
    const regions = anyRegion ? NO_REGIONS : new Set([...given.regions].map((r) => this.regionId(r)));
    let regionMask = 0;
    for (const id of regions) regionMask |= regionBit(id);
    let profile = given;
    if (expand !== undefined) {
      this.findStrongest(given, touchedCount, categories, regionMask, regions);
      profile = expand(this.strongList(given.id));
      const added = profile.terms.slice(own.length);
      this.gatherEvidence(added, ownForms);
      touchedCount = this.accumulate(added, evidences, ownForms, touchedCount);
    }
    // A score is the evidence through a rising curve, rounded to 0.1: a raw score 0.06 under the threshold
    // (min_score, or the cut to beat) cannot round up to it, one 0.06 over cannot round down to it. Only calls
    // between the two need the exact rounded score; most are decided on the evidence alone.
    const threshold = Math.max(profile.minScore, above);
    const low = threshold <= 0.06 ? Number.NEGATIVE_INFINITY : evidenceFor(threshold - 0.06);
    const high = threshold + 0.06 >= 99.9 ? Number.POSITIVE_INFINITY : evidenceFor(threshold + 0.06);
    const floor = SECOND_CHANCE_SHARE * profile.minScore;
    const nearLow = secondChances === undefined ? Number.POSITIVE_INFINITY : floor <= 0.06 ? Number.NEGATIVE_INFINITY : evidenceFor(floor - 0.06);
    let near = 0;
    let count = 0;
    for (let i = 0; i < touchedCount; i++) {
      const position = touched[i]!;
      const subject = this.subjectHit[position] === 1;
      const evidence = subjectEvidence(this.evidenceSum[position]! + this.expansionSum[position]!, subject, this.councils[position] === 1);
      this.evidenceSum[position] = 0;
      this.expansionSum[position] = 0;
      this.subjectHit[position] = 0;
      const distinctive = this.distinctive[position]!;
      const sendable = isSendable(this.shapeAt(position, subject, distinctive));
      this.ownTerms[position] = 0;
      this.phraseHit[position] = 0;
      const vouched = this.vouched[position] === 1;
      this.strongHit[position] = 0;
      this.distinctive[position] = 0;
      this.vouched[position] = 0;
      this.headHit[position] = 0;
      this.termsHit[position] = 0;
      if (!sendable || (evidence < low && evidence < nearLow) || this.vetoed[position] === 1 || this.openCalls[position] === 0) continue;
      if (!this.passesFilters(position, categories, regionMask, regions)) continue;
      if (evidence < high) {
        const score = toScale(evidence);
        if (score < profile.minScore) {
          if (secondChances !== undefined && score > nearAbove && isSecondChance(score, profile.minScore, vouched, distinctive, this.councils[position] === 1)) {
            this.nearCalls[near] = position;
            this.nearEvidence[near] = evidence;
            near++;
          }
          continue;
        }
        if (score <= above) continue;
      }
      this.candidates[count] = position;
      this.candidateEvidence[count] = evidence;
      this.candidate[position] = 1;
      count++;
    }
    const general = profile.minScore > above ? this.generalFits(categories, regionMask, regions) : [];
    for (let i = 0; i < count; i++) this.candidate[this.candidates[i]!] = 0;
    for (const position of vetoedList) this.vetoed[position] = 0;
    if (secondChances !== undefined && near > 0) {
      for (const i of this.bestNear(near)) {
        const position = this.nearCalls[i]!;
        secondChances.push(resultOf(profile, this.index.calls[position]!.call.id, this.nearEvidence[i]!, this.hitsAt(profile, evidences, position)));
      }
    }
    const results = this.best(count, limit).map((i) => {
      const position = this.candidates[i]!;
      return resultOf(profile, this.index.calls[position]!.call.id, this.candidateEvidence[i]!, this.hitsAt(profile, evidences, position));
    });
    // At min_score, general funds come after every candidate: they fill what `limit` leaves.
    for (const position of general.slice(0, Math.max(0, limit - results.length))) results.push(generalResult(profile, this.index.calls[position]!.call.id));
    return results.sort((a, b) => a.callId - b.callId);
  }

  /** The general funds (generalResult) the profile gets: open, not vetoed, through its filters, not matched on its terms. */
  private generalFits(categories: number, regionMask: number, regions: ReadonlySet<number>): number[] {
    const fits: number[] = [];
    for (const position of this.generalPositions) {
      if (this.candidate[position] === 1 || this.vetoed[position] === 1 || this.openCalls[position] === 0) continue;
      if (this.passesFilters(position, categories, regionMask, regions)) fits.push(position);
    }
    return fits;
  }

  /** Fetches the evidence of every form of `terms` into the scratch list from `k`; returns where the next goes. */
  private gatherEvidence(terms: readonly CompiledTerm[], k: number): number {
    for (const term of terms) {
      const description = term.source === 'description';
      for (const alt of term.alternatives) this.evidences[k++] = description ? this.index.descriptionEvidence(alt) : this.index.evidence(alt);
    }
    return k;
  }

  /** The scratch EvidenceShape filled with what the profile being scored left at `position` (its `context` is the profile's). */
  private shapeAt(position: number, subject: boolean, distinctive: number): EvidenceShape {
    const shape = this.shape;
    shape.strong = this.strongHit[position] === 1;
    shape.distinctive = distinctive;
    shape.head = this.headHit[position] === 1;
    shape.terms = this.termsHit[position]!;
    shape.subject = subject;
    shape.ownTerms = this.ownTerms[position]!;
    shape.phrase = this.phraseHit[position] === 1;
    return shape;
  }

  /** The profile's funder-type and region filters, encoded (see matchProfile). */
  private passesFilters(position: number, categories: number, regionMask: number, regions: ReadonlySet<number>): boolean {
    if (categories !== 0 && (categories & this.funderBits[position]!) === 0) return false;
    return regions.size === 0 || this.nationwide[position] === 1 || (regionMask & this.regionBits[position]!) !== 0 || this.inRegions(position, regions);
  }

  /**
   * The EXPANSION_DOCS strongest of the touched calls on the evidence summed so far (the profile's own terms): those
   * a run would send on them, at min_score whatever cut `above` sets. Reads the per-call scratch arrays, resets none.
   */
  private findStrongest(profile: CompiledProfile, touchedCount: number, categories: number, regionMask: number, regions: ReadonlySet<number>): void {
    this.strongCount = 0;
    const ownLow = profile.minScore <= 0.06 ? Number.NEGATIVE_INFINITY : evidenceFor(profile.minScore - 0.06);
    for (let i = 0; i < touchedCount; i++) {
      const position = this.touched[i]!;
      const own = subjectEvidence(this.evidenceSum[position]!, this.subjectHit[position] === 1, this.councils[position] === 1);
      // Most calls are weaker than the strongest kept so far: they are left before any other check.
      if (own < ownLow || (this.strongCount === EXPANSION_DOCS && own < this.strongEvidence[EXPANSION_DOCS - 1]!)) continue;
      if (this.vetoed[position] === 1 || this.openCalls[position] === 0) continue;
      if (!isSendable(this.shapeAt(position, this.subjectHit[position] === 1, this.distinctive[position]!)) || !this.passesFilters(position, categories, regionMask, regions) || toScale(own) < profile.minScore) continue;
      this.offerStrong(position, own);
    }
  }

  /** The strongest found by findStrongest, best first. */
  private strongList(profileId: number): StrongMatch[] {
    const list: StrongMatch[] = [];
    for (let i = 0; i < this.strongCount; i++) list.push({ profileId, callId: this.index.calls[this.strongPositions[i]!]!.call.id, evidence: this.strongEvidence[i]! });
    return list;
  }

  /** Keeps `position` among the EXPANSION_DOCS strongest so far (evidence descending, then lower call id). */
  private offerStrong(position: number, evidence: number): void {
    const id = this.index.calls[position]!.call.id;
    let at = this.strongCount;
    if (at === EXPANSION_DOCS) {
      if (!this.strongerThan(evidence, id, at - 1)) return;
      at--;
    } else this.strongCount++;
    for (; at > 0 && this.strongerThan(evidence, id, at - 1); at--) {
      this.strongPositions[at] = this.strongPositions[at - 1]!;
      this.strongEvidence[at] = this.strongEvidence[at - 1]!;
    }
    this.strongPositions[at] = position;
    this.strongEvidence[at] = evidence;
  }

  /** Whether a call (evidence, id) ranks before the strongest kept at `at`. */
  private strongerThan(evidence: number, id: number, at: number): boolean {
    const other = this.strongEvidence[at]!;
    return evidence > other || (evidence === other && id < this.index.calls[this.strongPositions[at]!]!.call.id);
  }

  /** The slow region check, for calls naming regions beyond the bit mask. */
  private inRegions(position: number, regions: ReadonlySet<number>): boolean {
    const list = this.callRegionIds[position];
    if (!list) return false;
    for (const id of list) if (regions.has(id)) return true;
    return false;
  }

  private regionId(normalised: string): number {
    let id = this.regionIds.get(normalised);
    if (id === undefined) this.regionIds.set(normalised, (id = this.regionIds.size));
    return id;
  }

  /** Indexes of the SECOND_CHANCES_PER_PROFILE strongest of the first `count` near calls (ties: lower call id). */
  private bestNear(count: number): number[] {
    const order: number[] = [];
    for (let i = 0; i < count; i++) order.push(i);
    const idOf = (i: number): number => this.index.calls[this.nearCalls[i]!]!.call.id;
    order.sort((a, b) => this.nearEvidence[b]! - this.nearEvidence[a]! || idOf(a) - idOf(b));
    return order.slice(0, SECOND_CHANCES_PER_PROFILE);
  }

  /** Indexes of the `limit` strongest of the first `count` candidates (ties: lower call id first). */
  private best(count: number, limit: number): number[] {
    const kept: number[] = [];
    if (count <= limit) {
      for (let i = 0; i < count; i++) kept.push(i);
      return kept;
    }
    // The cut is the limit-th largest evidence: selected in linear time, nothing sorted.
    this.selection.set(this.candidateEvidence.subarray(0, count));
    const cut = select(this.selection, count, count - limit);
    const ties: number[] = [];
    for (let i = 0; i < count; i++) {
      const evidence = this.candidateEvidence[i]!;
      if (evidence > cut) kept.push(i);
      else if (evidence === cut) ties.push(i);
    }
    const idOf = (i: number): number => this.index.calls[this.candidates[i]!]!.call.id;
    ties.sort((a, b) => idOf(a) - idOf(b));
    return kept.concat(ties.slice(0, limit - kept.length));
  }

  /**
   * Sums, per call, each term's best form (same order of additions as scoreAnalysed), expansion terms apart; the
   * terms' forms start at `firstForm` in `evidences`, and `alreadyTouched` calls were touched by earlier terms.
   * Returns how many calls were touched; their positions are the first entries of `touched`.
   */
  private accumulate(terms: readonly CompiledTerm[], evidences: readonly Evidence[], firstForm: number, alreadyTouched: number): number {
    const touched = this.touched;
    const termTouched = this.termTouched;
    let touchedCount = alreadyTouched;
    let k = firstForm;
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      let termCount = 0;
      const quorum = term.quorum;
      const speaks = speaksForProfile(term);
      const expansion = term.source === 'expansion';
      for (let a = 0; a < term.alternatives.length; a++) {
        const alt = term.alternatives[a]!;
        const evidence = evidences[k++]!;
        if (notDistinctive(term.source, evidence.idf)) continue;
        const calls = evidence.calls;
        const saturated = evidence.saturated;
        const rare = quorum > 0 && countsTowardQuorum(alt, evidence.idf) ? 1 : 0;
        const phrase = !expansion && alt.tokens.length > 1;
        const vouching = vouches(alt) ? 1 : 0;
        for (let i = 0; i < calls.length; i++) {
          const position = calls[i]!;
          const value = alternativeValue(term.weight, alt, evidence.idf, saturated[i]!);
          const best = this.termBest[position]!;
          if (best === 0) termTouched[termCount++] = position;
          if (value > best) this.termBest[position] = value;
          const aboutIt = isSubject(alt, evidence.counts[i * 3]!, evidence.opening[i]!);
          if (aboutIt) this.subjectHit[position] = 1;
          if (sendsAlone(alt, evidence.idf, aboutIt)) this.strongHit[position] = 1;
          if (vouching === 1 && evidence.counts[i * 3]! + evidence.counts[i * 3 + 1]! > 0) this.vouched[position] = 1;
          if (inHead(alt, term, evidence.counts[i * 3]!, headSummaryCount(this.articles[position] === 1, evidence.counts[i * 3 + 1]!, evidence.opening[i]!))) this.headHit[position] = 1;
          if (rare === 1) this.termRare[position] = 1;
          if (phrase) this.phraseHit[position] = 1;
        }
      }
      for (let i = 0; i < termCount; i++) {
        const position = termTouched[i]!;
        if (this.evidenceSum[position] === 0 && this.expansionSum[position] === 0) touched[touchedCount++] = position;
        if (expansion) this.expansionSum[position] += this.termBest[position]!;
        else this.evidenceSum[position] += this.termBest[position]!;
        if (speaks) this.termsHit[position]++;
        if (!expansion) this.ownTerms[position]++;
        this.termBest[position] = 0;
        if (this.termRare[position] === 1) {
          this.distinctive[position] += quorum;
          this.termRare[position] = 0;
        }
      }
    }
    return touchedCount;
  }

  private markVetoes(profile: CompiledProfile): number[] {
    const marked: number[] = [];
    for (const exclusion of profile.exclusions) {
      for (const position of this.index.evidence(exclusion).calls) {
        if (!this.vetoed[position]) marked.push(position);
        this.vetoed[position] = 1;
      }
    }
    return marked;
  }

  /** The winning form of each matched term at one call, for the explanation. */
  private hitsAt(profile: CompiledProfile, evidences: readonly Evidence[], position: number): TermHit[] {
    const hits: TermHit[] = [];
    let first = 0;
    for (let t = 0; t < profile.terms.length; t++) {
      const term = profile.terms[t]!;
      // The best form found so far, as indexes: only the winner becomes a hit.
      let bestAlt = -1;
      let bestAt = -1;
      let bestValue = 0;
      for (let a = 0; a < term.alternatives.length; a++) {
        const evidence = evidences[first + a]!;
        if (notDistinctive(term.source, evidence.idf)) continue;
        const i = binarySearch(evidence.calls, position);
        if (i < 0) continue;
        const value = alternativeValue(term.weight, term.alternatives[a]!, evidence.idf, evidence.saturated[i]!);
        if (bestAlt < 0 || value > bestValue) {
          bestAlt = a;
          bestAt = i;
          bestValue = value;
        }
      }
      const winner = bestAlt < 0 ? null : evidences[first + bestAlt]!;
      first += term.alternatives.length;
      if (winner === null) continue;
      const counts = winner.counts;
      hits.push({ term, alternative: term.alternatives[bestAlt]!, counts: [counts[bestAt * 3]!, counts[bestAt * 3 + 1]!, counts[bestAt * 3 + 2]!], value: bestValue });
    }
    return hits;
  }
}
