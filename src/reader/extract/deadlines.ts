// Decides which of the dates in a call's text are its deadlines.
import { compareYmd, completeYear, isValidDate, parseIsoDate, toIso, type YMD } from './calendar.js';
import {
  CALL_WORD,
  OPENING_CUE,
  EVENT_WORD,
  EXECUTION_WORD,
  NOT_DEADLINE_CUE,
  STRONG_DEADLINE_CUE,
  SUBMISSION_WORD,
  SUPERSEDED,
  WEAK_DEADLINE_CUE,
} from './cues.js';
import { findDates, findShortNumericDates, type DateMention } from './dates.js';
import { clauseAt, clauseSpans, lastHit, normalizeText, type CueHit } from './text.js';

type Verdict = 'deadline' | 'other' | 'unknown';

/** A date mention whose year is known (written, or completed). */
type Dated = DateMention & { year: number };

interface Classified {
  mention: Dated;
  verdict: Verdict;
}

/** How far back a cue may sit from its date (a long clause can mention several things). */
const CUE_REACH = 160;
/** A gap this short between two dates, with no cue of its own, is a list ("15 mars, 15 juin et 15 septembre"). */
const LIST_GAP = 60;
// What may sit between two dates of one list: separators, times, wave labels, weekdays. Checked
// word by word (a single regular expression over alternatives like these backtracks badly).
const LIST_WORD =
  /^(?:et|ou|puis|le|au|à|a|une?|seconde?|deuxi[èe]me|troisi[èe]me|derni[èe]re|midi|minuit|heures?|h|\d{1,2}|\d{1,2}h\d{0,2}|\d+(?:[èe]re|[èe]me|e|er|nde?)|vague|session|campagne|relève|date|prévisionnelle|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)$/iu;
// The end of a gap that chains one more date onto a list: "… et le", "…, ou au".
const LIST_TAIL = /(?:,|\bet|\bou|\bpuis)\s+(?:le\s+|au\s+|du\s+)?$/iu;
// « … se clôture le 15 avril 2024 et la session d'automne le 15 octobre 2024 »: the next round named, then its day.
const NEXT_ROUND = /^\s*,?\s*(?:et|puis|ou)\s+(?:la|le|une?)\s+(?:\p{L}+\s+){0,2}(?:session|vague|campagne|rel[èe]ve|lev[ée]e|p[ée]riode|date)\b[^.;:]{0,40}?\b(?:le|au|jusqu'au)\s+$/iu;
// What opens a list item that starts with its date: a dash or bullet, then « le » or « au ».
const LIST_ITEM_LEAD = /^[\s\-*•]*(?:le\s+|au\s+|jusqu'au\s+)?$/iu;
// "du 1er février au 31 mars": the first date opens a window, it does not close one. Agenda pages write the
// window with an arrow or a chevron: « 14 août > 30 sept. », « 2 mars → 30 avril ».
const RANGE_LINK = /^\s*(?:au|jusqu'au|-|>|→)\s*(?:le\s+)?$/iu;

/**
 * Every deadline in `text`, as YYYY-MM-DD, ascending and without duplicates.
 *
 * Dates tied to a deadline cue win; when there is none, a single date that is not in the past of
 * `published` and sits in a text that reads like a call (with no event word around it) is taken,
 * because structured pages often print the closing date bare. `published` also completes dates
 * written without a year; when it is absent the earliest full date of the text is the reference,
 * and yearless dates are dropped when there is none.
 */
export function findDeadlines(rawText: string, published?: string): string[] {
  return readDates(rawText, published).deadlines;
}

export interface DateReading {
  /** YYYY-MM-DD, ascending, without duplicates. */
  deadlines: string[];
  /** When applications open, YYYY-MM-DD; null when the text does not say. */
  opens: string | null;
}

/** The deadlines (see findDeadlines) and the opening date of a call's text, from one reading of its dates. */
export function readDates(rawText: string, published?: string): DateReading {
  const text = normalizeText(rawText);
  const spans = clauseSpans(text);
  const mentions = withShortDates(text, spans, findDates(text));
  const publishedOn = published === undefined ? null : parseIsoDate(published);
  const resolved = resolveYears(text, mentions, publishedOn ?? earliestFullDate(mentions));
  const classified = classify(text, spans, resolved);

  let chosen = classified.filter((c) => c.verdict === 'deadline').map((c) => c.mention);
  if (chosen.length === 0) chosen = loneBareDate(text, spans, classified, publishedOn);
  // A structured field holding nothing but a date (an API's or a listing's deadline cell) is the deadline.
  if (chosen.length === 0 && classified.length === 1 && !/\p{L}{3,}/u.test(text.slice(0, classified[0]!.mention.start) + text.slice(classified[0]!.mention.end))) {
    chosen = [classified[0]!.mention];
  }
  return { deadlines: [...new Set(chosen.map(toIso))].sort(), opens: openingDate(text, spans, classified) };
}

/**
 * The date applications open: the first date of a window whose end is a deadline (« candidatures du 2 mars au
 * 30 avril »), or a date right after an opening word (« ouverture de l'appel le 2 mars », « dépôt possible à partir
 * du 2 mars »). The earliest when there are several (each wave of a call may open on its own date).
 */
function openingDate(text: string, spans: Array<[number, number]>, classified: readonly Classified[]): string | null {
  const found: Dated[] = [];
  for (let i = 0; i < classified.length; i++) {
    const { mention, verdict } = classified[i]!;
    const next = classified[i + 1];
    if (verdict === 'other' && next?.verdict === 'deadline' && opensWindow(text, mention, next.mention)) {
      found.push(mention);
      continue;
    }
    const { span } = clauseAt(spans, mention.start);
    const before = text.slice(Math.max(span[0], mention.start - OPENING_REACH), mention.start);
    const cue = lastHit(before, OPENING_CUE);
    // Numbers between the opening words and the date belong to something else (« ouverture … 3 dossiers … »), but years
    // name what opens (« Date de lancement des orientations 2016-2018 : Lundi 4 janvier 2016 »).
    if (cue && !/\d/.test(before.slice(before.length - cue.distance).replace(YEARS, ''))) found.push(mention);
    // « le 10 janvier s'ouvriront les candidatures », « le 4 mars, ouverture de la plateforme »: said after the date.
    else if (OPENS_AFTER.test(text.slice(mention.end, Math.min(span[1], mention.end + 40)))) found.push(mention);
    // « À compter du 6 janvier 2026 : dépôt du dossier en ligne »: a calendar line whose date starts the applying.
    else if (FROM_DATE.test(before) && APPLYING_AFTER.test(text.slice(mention.end, Math.min(span[1], mention.end + 40)))) found.push(mention);
    else if (LAUNCHED_BEFORE.test(before) && CALL_SUBJECT.test(text.slice(span[0], mention.start))) found.push(mention);
  }
  if (found.length === 0) return null;
  return toIso(found.reduce((a, b) => (compareYmd(b, a) < 0 ? b : a)));
}

const CALL_BEFORE_WINDOW =
  /(?<!\p{L})(?:appels?\s+[àa]\s+(?:projets?|candidatures?|manifestations?\s+d'int[ée]r[êe]t|initiatives?)|AAP|AMI|candidatures?|inscriptions?|d[ée]p[ôo]ts?(?:\s+des\s+(?:dossiers|candidatures|demandes))?)(?:\s+\d{4})?(?:\s+(?:est|sont))?(?:\s+(?:ouvert|lanc[ée])\p{L}*)?\s+du\s*$/iu;
// « Appel ouvert du 2 mars au 30 avril », « Ouverture du 2 mars au 30 avril », « période de dépôt du … au … »: the call
// named by its opening, as listings and calendars write it; « appel » alone only when said to be open or launched.
const OPENING_BEFORE_WINDOW =
  /(?<!\p{L})(?:appels?(?:\s+(?:est|sont))?\s+(?:ouvert|lanc[ée])\p{L}*|ouvertures?(?:\s+(?:de\s+l'appel|des\s+candidatures|du\s+d[ée]p[ôo]t|des\s+d[ée]p[ôo]ts|des\s+inscriptions|de\s+la\s+plateforme))?|p[ée]riodes?\s+de\s+(?:d[ée]p[ôo]t|candidature)s?)\s+du\s*$/iu;
const EVENT_BEFORE_WINDOW =
  /(?<!\p{L})(?:f[êe]tes?|festivals?|[ée]v[ée]nements?|manifestations?(?!\s+d'int)|semaines?|journ[ée]es?|vacances|salons?|forums?|rencontres?|[àa]\s+l'occasion)(?!\p{L})[^.;:\d]{0,40}?,?\s*du\s*$/iu;
const WINDOW_CLOSER = /^[\s,(:-]*(?:inclus|d[ée]lai de rigueur|dernier d[ée]lai|au plus tard)(?!\p{L})/iu;
// « 27 janvier 2020 : Lancement des appels à projets départementaux », a calendar line: the call opens that day.
const OPENS_AFTER =
  /^\s*[,:-]?\s*(?:s'ouvr(?:ira|iront|e|ent)\b|ouvr(?:ira|iront)\s+(?:ses|les|l'appel)|ouverture\s+(?:de\s+l'appel|des\s+candidatures|du\s+d[ée]p[ôo]t|de\s+la\s+plateforme)|lancement\s+(?:de\s+l'appel|des\s+appels|de\s+la\s+campagne|de\s+l'AAP|de\s+l'AMI|des\s+candidatures))/iu;
// « La campagne 2020 … est lancée depuis le 17 janvier 2020 », « l'appel à projets a été lancé le 3 mars »: said of
// the call itself (named earlier in the clause), the launch is the opening.
const LAUNCHED_BEFORE = /(?<!\p{L})(?:est|a\s+[ée]t[ée])\s+lanc[ée]e?\s+(?:depuis\s+)?le\s*$/iu;
const CALL_SUBJECT = /(?<!\p{L})(?:appels?\s+[àa]|campagne|AAP|AMI|session)(?!\p{L})/iu;
const FROM_DATE = /(?:[àa]\s+compter\s+du|[àa]\s+partir\s+du|d[èe]s\s+le)\s*$/iu;
const APPLYING_AFTER = /^\s*[:,-]?\s*(?:les\s+|le\s+)?(?:d[ée]p[ôo]t|candidatures?|inscriptions?|demandes?|dossiers?)/iu;

const YEARS = /(?<!\d)20\d\d(?:\s?[-/]\s?20\d\d)?(?!\d)/gu;

// Every opening cue holds one of these words: a cheap test before the overlapping scan of OPENING_CUE.
const OPENING_WORD = /ouvert|lancement|d[ée]but|compter|partir|d[èe]s|opening/iu;

/** How far before its date an opening word may sit (« ouverture de la plateforme de dépôt en ligne le … »). */
const OPENING_REACH = 70;

function isListFiller(gap: string): boolean {
  return gap.split(/[\s,;:/()*•·\-]+/u).every((word) => word === '' || LIST_WORD.test(word));
}

/** Adds "30/06"-style dates, but only those right after a deadline cue. */
function withShortDates(text: string, spans: Array<[number, number]>, mentions: DateMention[]): DateMention[] {
  const short = findShortNumericDates(text, mentions).filter((m) => {
    const before = text.slice(Math.max(clauseAt(spans, m.start).span[0], m.start - 60), m.start);
    // « Candidatures jusqu'au 30/06 »: the cue « candidatures jusqu » leaves « 'au » before the date. « Retour des
    // projets avant le 22/03 »: a label (strong) then a preposition (weak); the one right before the date counts.
    const rightBefore = (cue: CueHit | null): boolean => cue !== null && /^\s*(?:est\s+)?:?\s*(?:le\s+|'?au\s+)?$/iu.test(before.slice(before.length - cue.distance));
    return rightBefore(lastHit(before, STRONG_DEADLINE_CUE)) || rightBefore(lastHit(before, WEAK_DEADLINE_CUE));
  });
  return [...mentions, ...short].sort((a, b) => a.start - b.start);
}

/** Without a publication date, the text's earliest full date stands in for it. */
function earliestFullDate(mentions: readonly DateMention[]): YMD | null {
  const full = mentions.filter((m): m is Dated => m.year !== null);
  if (full.length === 0) return null;
  return full.map((m) => ({ year: m.year, month: m.month, day: m.day })).sort(compareYmd)[0]!;
}

/**
 * Gives every yearless date a year: from a later date of the same list ("15 mars, 15 juin et
 * 15 septembre 2026"), else from the reference. Dates that cannot get one are dropped.
 */
function resolveYears(text: string, mentions: readonly DateMention[], reference: YMD | null): Dated[] {
  const years: Array<number | null> = new Array<number | null>(mentions.length).fill(null);
  // Backwards, so that the opening date of a window without a year (« du 2 mars au 30 avril ») takes the year of
  // its closing date, which is the one that puts the deadline after publication: both ends of a window are one
  // stretch of time, not two dates each completed on its own.
  for (let i = mentions.length - 1; i >= 0; i--) {
    const mention = mentions[i]!;
    const next = mentions[i + 1];
    const nextYear = years[i + 1];
    const gap = next ? text.slice(mention.end, next.start) : '';
    const window = mention.year === null && next && nextYear != null && next.year === null && RANGE_LINK.test(gap) && !inDashList(text, mention, next, gap);
    years[i] = window
      ? mention.month > next.month
        ? nextYear - 1
        : nextYear
      : (mention.year ?? yearFromList(text, mentions, i) ?? (reference ? completeYear(mention.month, mention.day, reference) : null));
  }
  const resolved: Dated[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const year = years[i];
    if (year == null) continue;
    const dated = { ...mentions[i]!, year };
    if (isValidDate(dated)) resolved.push(dated);
  }
  return resolved;
}

function yearFromList(text: string, mentions: readonly DateMention[], index: number): number | null {
  let previous = mentions[index]!;
  for (let j = index + 1; j < mentions.length; j++) {
    const next = mentions[j]!;
    const gap = text.slice(previous.end, next.start);
    if (gap.length > LIST_GAP || !(isListFiller(gap) || RANGE_LINK.test(gap))) return null;
    if (next.year !== null) {
      const current = mentions[index]!;
      // "15 décembre et 15 janvier 2027": a list runs forward, so a later month means the year before.
      return current.month > next.month ? next.year - 1 : next.year;
    }
    previous = next;
  }
  return null;
}

function classify(text: string, spans: Array<[number, number]>, mentions: readonly Dated[]): Classified[] {
  const result: Classified[] = [];
  for (let i = 0; i < mentions.length; i++) {
    const mention = mentions[i]!;
    const previous = i > 0 ? result[i - 1] : undefined;
    const next = mentions[i + 1];
    if (next && opensWindow(text, mention, next)) {
      result.push({ mention, verdict: 'other' }); // the opening date of a window
      continue;
    }
    const opening = previous && opensWindow(text, previous.mention, mention) ? previous : undefined;
    const verdict = opening ? windowEndVerdict(text, spans, opening.mention, mention) : verdictFor(text, spans, mention, previous);
    result.push({ mention, verdict });
  }
  return result;
}

/** "du 1er février au 31 mars", "entre le 1er février et le 31 mars": `first` opens a window that `second` closes. */
function opensWindow(text: string, first: DateMention, second: DateMention): boolean {
  const gap = text.slice(first.end, second.start);
  if (RANGE_LINK.test(gap)) return !inDashList(text, first, second, gap);
  return /^\s*et\s+(?:le\s+)?$/iu.test(gap) && /\bentre\s+(?:le\s+)?$/iu.test(text.slice(Math.max(0, first.start - 12), first.start));
}

// « 15 mars - 15 juin - 15 septembre 2026 »: three dates or more joined by dashes are sessions, not a window (a
// window has two ends).
const DASH_GAP = /^\s*-\s*$/u;
const DASH_BEFORE = /[\p{L}\d]\s+-\s*$/u;
const DASH_AFTER = /^\s*-\s*(?:le\s+)?(?:\d|premier)/iu;

function inDashList(text: string, first: DateMention, second: DateMention, gap: string): boolean {
  if (!DASH_GAP.test(gap)) return false;
  return DASH_BEFORE.test(text.slice(Math.max(0, first.start - 12), first.start)) || DASH_AFTER.test(text.slice(second.end, second.end + 12));
}

/**
 * The closing date of "du 1er février au 31 mars": a deadline when the window is one for applying
 * ("candidatures ouvertes du … au …"), not when it is the time to carry the project out.
 */
function windowEndVerdict(text: string, spans: Array<[number, number]>, opening: DateMention, closing: DateMention): Verdict {
  const { span } = clauseAt(spans, opening.start);
  const before = text.slice(Math.max(span[0], opening.start - CUE_REACH), opening.start);
  if (lastHit(before, STRONG_DEADLINE_CUE)) return 'deadline';
  // « Du lundi 2 juillet au vendredi 12 octobre 2018 – délai de rigueur »: the closing date says so itself.
  // Only words that close a date themselves: « Date limite … » after it opens the next line of a calendar.
  if (WINDOW_CLOSER.test(text.slice(closing.end, closing.end + 40))) return 'deadline';
  // « lance un appel à projets du 9 décembre 2021 au 30 janvier 2022 », « candidatures ouvertes du … au … », « L'appel
  // à projet est lancé du 15 mars au 15 avril 2022 à minuit »: the
  // window follows the call's own name, whatever else the sentence dates.
  const lead = text.slice(Math.max(span[0], opening.start - 60), opening.start);
  if (CALL_BEFORE_WINDOW.test(lead) || OPENING_BEFORE_WINDOW.test(lead)) return 'deadline';
  // « à l'occasion de la Fête de la Bretagne, du 18 au 27 mai 2018 »: the window of the event the call is about.
  if (EVENT_BEFORE_WINDOW.test(lead)) return 'other';
  const clause = headingClause(text, spans, span, opening, closing);
  const aboutApplying = SUBMISSION_WORD.test(clause) || CALL_WORD.test(clause);
  return aboutApplying && !EXECUTION_WORD.test(clause) && !EVENT_WORD.test(clause) ? 'deadline' : 'other';
}

/**
 * The clause a window is read in. « 14 août > 30 sept. - Jeunesse : appel à projets MSA »: an agenda line whose
 * clause holds nothing but the dates takes its meaning from the title that follows.
 */
function headingClause(text: string, spans: Array<[number, number]>, span: [number, number], opening: DateMention, closing: DateMention): string {
  const end = Math.max(span[1], closing.end);
  const clause = text.slice(span[0], end);
  const words = text.slice(span[0], opening.start) + text.slice(opening.end, closing.start) + text.slice(closing.end, end);
  if (/\p{L}{3,}/u.test(words)) return clause;
  const next = spans.find((s) => s[0] >= end && /\p{L}{3,}/u.test(text.slice(s[0], s[1])));
  return next ? text.slice(span[0], next[1]) : clause;
}

function verdictFor(text: string, spans: Array<[number, number]>, mention: DateMention, previous?: Classified): Verdict {
  const { index, span } = clauseAt(spans, mention.start);
  const windowStart = Math.max(span[0], previous?.mention.end ?? 0, mention.start - CUE_REACH);
  const own = cueVerdict(text, span, text.slice(windowStart, mention.start), mention);
  if (own !== 'unknown') return own;

  if (previous && previous.mention.end <= mention.start) {
    const gap = text.slice(previous.mention.end, mention.start);
    if (gap.length <= LIST_GAP && isListFiller(gap)) return previous.verdict;
    // "au plus tard le 15 mars pour les dossiers papier et le 20 mars pour les dossiers en ligne"
    if (previous.verdict === 'deadline' && previous.mention.end >= span[0] && gap.length <= 2 * LIST_GAP && (LIST_TAIL.test(gap) || NEXT_ROUND.test(gap))) {
      return 'deadline';
    }
    // « Les dates limites sont fixées : - au 20 août dans le Vaucluse ; - au 24 août en Dordogne »: a list item that
    // starts with its date continues the list of deadlines the item before began, unless the item says the date
    // is for something else (« - au 24 mars, réunion du comité »).
    if (previous.verdict === 'deadline' && gap.length <= 2 * LIST_GAP && /[;•\n]/u.test(gap) && LIST_ITEM_LEAD.test(text.slice(span[0], mention.start))) {
      if (!NOT_DEADLINE_CUE.test(text.slice(mention.end, Math.max(span[1], mention.end)))) return 'deadline';
    }
  }
  // A date opening a list item ("• 17/12/2021 - 12h") takes its cue from the lead-in sentence.
  const lead = text.slice(span[0], mention.start);
  const priorIndex = previousWordyClause(text, spans, index);
  if (priorIndex !== null && !/\p{L}{3,}/u.test(lead) && (previous === undefined || previous.mention.end <= spans[priorIndex]![0])) {
    const prior = spans[priorIndex]!;
    const inherited = cueVerdict(text, prior, text.slice(Math.max(prior[0], prior[1] - CUE_REACH), prior[1]), mention);
    if (inherited !== 'unknown') return inherited;
  }
  return afterCue(text, span, mention);
}

/** The nearest clause before `index` that has words in it (bullets leave empty ones between). */
function previousWordyClause(text: string, spans: Array<[number, number]>, index: number): number | null {
  for (let i = index - 1; i >= 0; i--) {
    const [start, end] = spans[i]!;
    if (/\p{L}{3,}/u.test(text.slice(start, end))) return i;
  }
  return null;
}

/**
 * « Tout au long de l'année (au minimum 3 mois avant la date de démarrage du projet) à l'exception des projets Action
 * culturelle (jusqu'au 16 octobre 2023) »: a date inside brackets is read with the words of its brackets only.
 */
function bracketOrClause(text: string, span: [number, number], mention: DateMention): string {
  const end = Math.max(span[1], mention.end);
  const open = text.lastIndexOf('(', mention.start);
  if (open < span[0] || text.lastIndexOf(')', mention.start) > open) return text.slice(span[0], end);
  const close = text.indexOf(')', mention.end);
  return text.slice(open, close < 0 ? end : close + 1);
}

/** The verdict of the nearest cue in `window`: negative cues win only when nearer than positive ones. */
function cueVerdict(text: string, span: [number, number], window: string, mention: DateMention): Verdict {
  if (SUPERSEDED.test(window)) return 'other';
  const strong = lastHit(window, STRONG_DEADLINE_CUE);
  const weak = lastHit(window, WEAK_DEADLINE_CUE);
  const negative = lastHit(window, NOT_DEADLINE_CUE);
  const nearestPositive = Math.min(strong?.distance ?? Infinity, weak?.distance ?? Infinity);
  if (negative && negative.distance < nearestPositive) return 'other';
  // « Ouverture du dépôt des candidatures : 15 février 2021 »: the submission words belong to the opening label.
  const opening = strong && OPENING_WORD.test(window) ? lastHit(window, OPENING_CUE) : null;
  if (opening && opening.distance <= strong!.distance && opening.length + opening.distance >= strong!.length + strong!.distance) return 'other';
  if (strong) return 'deadline';
  if (weak) {
    const clause = bracketOrClause(text, span, mention);
    return EXECUTION_WORD.test(clause) && !SUBMISSION_WORD.test(clause) ? 'other' : 'deadline';
  }
  return 'unknown';
}

/** "15 mars 2026 inclus", "30 juin 2026 (date limite)": a cue written after the date. */
function afterCue(text: string, span: [number, number], mention: DateMention): Verdict {
  const after = text.slice(mention.end, Math.min(span[1], mention.end + 50));
  if (/^[\s,(:-]*(?:(?:à|a)\s+)?(?:midi|minuit|\d{1,2}\s?h\s?\d{0,2})?[\s,):-]*(?:inclus|date limite|dernier délai|délai de rigueur|au plus tard|\(?cl[ôo]ture)/iu.test(after)) {
    return 'deadline';
  }
  return 'unknown';
}

// « Le mardi 1er juin de 10h à 12h : présentation … »: a date with a span of hours is a meeting, not a closing time.
const TIME_SPAN_AFTER = /^\s*,?\s*(?:de|entre)\s+\d{1,2}\s?h\s?\d{0,2}\s*(?:à|a|-|et)\s*\d{1,2}\s?h/iu;

/** With no cue anywhere: one bare, not-past date in a text that reads like a call. */
function loneBareDate(text: string, spans: Array<[number, number]>, classified: readonly Classified[], publishedOn: YMD | null): Dated[] {
  const bare = classified.filter((c) => c.verdict === 'unknown').map((c) => c.mention);
  const distinct = new Set(bare.map((m) => toIso(m)));
  if (distinct.size !== 1 || !CALL_WORD.test(text)) return [];
  const mention = bare[0]!;
  if (publishedOn && compareYmd(mention, publishedOn) <= 0) return [];
  const { span } = clauseAt(spans, mention.start);
  if (EVENT_WORD.test(text.slice(span[0], span[1])) || TIME_SPAN_AFTER.test(text.slice(mention.end, mention.end + 30))) return [];
  return [mention];
}
