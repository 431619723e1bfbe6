// The digest as words a member reads: every string formatted once, shared by the HTML and plain-text parts.
// Pure: feed text stays text here (the HTML template escapes it).
import { compile } from 'html-to-text';
import { attributionOf } from '../calls/attribution.js';
import type { Call } from '../calls/types.js';
import { describeExplanation, sameEntry } from '../match/explain.js';
import type { ExplanationEntry } from '../match/score.js';
import type { DigestContent, DigestEntry } from './compose.js';
import { formatAmount, formatDaysLeft, formatLongDate, frenchList, funderLabel, plural, type Day } from './format.js';
import { anticipateView, callNetworkView, pickView, type AnticipateView, type CallNetworkView, type PickView } from '../network/view.js';
import { frenchSpaces } from '../typography.js';
import type { FollowedEntry } from '../follow/digest-section.js';
import { STATUS_LABELS } from '../follow/statuses.js';

export interface CallView {
  title: string;
  /** http(s) only; null when the call has no usable link. */
  url: string | null;
  funder: string;
  sources: string | null;
  deadline: string;
  daysLeft: string | null;
  urgent: boolean;
  amount: string | null;
  /** Matched terms, shown only when the match has no explanation (rows stored before issue 4): null when it has one. */
  terms: string | null;
  /** « Correspond à « tiers-lieux » (titre), … »: which terms matched, in which field, through which synonym. */
  explanation: string | null;
  summary: string | null;
  /** What its sources' licences ask to be shown with it (« Données Aides-territoires, Licence Ouverte 2.0 »); null: none. */
  attribution?: string | null;
  /** Signed link hiding this call from the member's future digests (issue 8); null when not offered. */
  notRelevantUrl: string | null;
  /** EU-funds notice and partners in the network (issue 18); null when neither applies. */
  network: CallNetworkView | null;
  /** Signed « Je suis intéressé » link: the call's status page (issue 17); null when not offered. */
  interestedUrl: string | null;
}

/** A call of « Vos appels suivis » (issue 17): the call, the member's status, what changed, where to update it. */
export interface FollowedCallView extends CallView {
  statusLabel: string;
  changes: string[];
  statusUrl: string | null;
}

export interface GroupView {
  name: string;
  showName: boolean;
  calls: CallView[];
  /** « … et N autres appels » when the digest left some out (MAX_NEW_CALLS), else null. */
  more: string | null;
  /** Where they are: the member's feed, else their page; null when neither is known. */
  moreUrl: string | null;
}

export interface DigestView {
  subject: string;
  preheader: string;
  weekNumber: number;
  dateLabel: string;
  greeting: string;
  intro: string;
  /** « Sélection du réseau » (issue 18). */
  hasPicks: boolean;
  picksIntro: string;
  picks: PickView[];
  /** « À anticiper » (issue 18). */
  hasAnticipate: boolean;
  anticipateIntro: string;
  anticipate: AnticipateView[];
  /** « Vos appels suivis » (issue 17). */
  hasFollowed: boolean;
  followedIntro: string;
  followed: FollowedCallView[];
  hasNew: boolean;
  groups: GroupView[];
  /** « À regarder aussi »: calls under the member's min_score, set apart and explained (issue 15). */
  hasAlsoSee: boolean;
  alsoSeeIntro: string;
  alsoSee: CallView[];
  /** « Ouverts à toute association »: general funds open to any association, whatever its field (open-to-all.ts). */
  hasOpenToAll: boolean;
  openToAllIntro: string;
  openToAll: CallView[];
  hasClosing: boolean;
  closingIntro: string;
  closing: CallView[];
  footer: {
    reason: string;
    profiles: string | null;
    contactEmail: string;
    unsubscribeUrl: string;
    calendarUrl: string | null;
    feedUrl: string | null;
    /** The member's own page: followed calls, profiles, pause (issue 17). */
    memberPageUrl: string | null;
  };
}

export interface ViewRecipient {
  email: string;
  name: string | null;
  organisation: string | null;
  profileNames: string[];
}

export interface ViewLinks {
  unsubscribeUrl: string;
  /** Where members write to change their profiles (STAFF_EMAIL, else MAIL_FROM's address). */
  contactEmail: string;
  /** The member's private deadline calendar and feed, when offered. */
  calendarUrl?: string | null;
  feedUrl?: string | null;
  /** The "Pas pertinent" link of a call listed under a profile, when offered. */
  notRelevantUrl?: ((callId: number, profileId: number) => string | null) | null;
  /**
   * The « Je suis intéressé » link of a call (issue 17). Built from FUNDWATCH_BASE_URL, which the configuration
   * checked is http(s), so it is not parsed again per call.
   */
  interestedUrl?: ((callId: number) => string) | null;
  memberPageUrl?: string | null;
  /** A followed call's status page (issue 17). */
  statusUrl?: ((callId: number) => string) | null;
}

const SUMMARY_MAX = 280;

/** Why the block is there, in French typography once (not per member). */
const OPEN_TO_ALL_INTRO = frenchSpaces(
  'Ces appels ne visent pas votre projet en particulier : ils financent les associations de tous domaines (fonctionnement, projets nouveaux ou innovants, vie bénévole). Vérifiez les conditions avant de candidater.',
);
const PREHEADER_MAX = 140;

/** A link we are willing to put in an email: http(s) only, so nothing like javascript: gets through. */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// Whitespace that oneLine changes: any but a plain space, or two spaces in a row. Stored titles and summaries are
// mostly one line already (the reader folds them), and the replace cost 4-7 µs on a 300-character summary even then,
// two fifths of making a call's face: it runs only for a text it changes, so the result is the same for every text.
const TO_FOLD = /[^\S ]| {2}/;

function oneLine(text: string): string {
  return (TO_FOLD.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.–-]+$/u, '')}…`;
}

// Compiled once: html-to-text's `convert` rebuilt its selector tree on every call, most of a digest's render time.
const summaryToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
});

// A digest run shows the same few thousand calls to thousands of members: each summary is converted once.
// Keyed by the text itself, so an edited call is never shown stale; bounded by the characters it holds (summaries
// run to 50,000), and emptied when full, so a long-running serve stays small.
const SUMMARY_CACHE_MAX_CHARS = 16 * 1024 * 1024;
const summaryCache = new Map<string, string | null>();
let summaryCacheChars = 0;

// Most summaries are plain text, which html-to-text would only fold like oneLine does (but for the zero-width space,
// whitespace to it): they skip it, a tenth of a millisecond each, a fifth of a run's render.
const MARKUP = /[<&\u200b]/;

/** Feed summaries may hold HTML: keep only their text, short. */
export function plainSummary(summary: string): string | null {
  const cached = summaryCache.get(summary);
  if (cached !== undefined) return cached;
  // French spacing once per summary (cached below), not per member.
  const text = frenchSpaces(oneLine(MARKUP.test(summary) ? summaryToText(summary) : summary));
  const result = text === '' ? null : truncate(text, SUMMARY_MAX);
  if (summaryCacheChars + summary.length > SUMMARY_CACHE_MAX_CHARS) {
    summaryCache.clear();
    summaryCacheChars = 0;
  }
  summaryCache.set(summary, result);
  summaryCacheChars += summary.length;
  return result;
}

/** The call's sources' attributions on one line, or null when none of its sources asks for one. */
function attributionLine(call: Call): string | null {
  const texts = attributionOf(call.sources).map(oneLine).filter((t) => t !== '');
  return texts.length > 0 ? texts.join(' · ') : null;
}

function callLink(call: Call): string | null {
  return safeHttpUrl(call.canonicalUrl) ?? call.sources.map((s) => safeHttpUrl(s.url)).find((u) => u !== null) ?? null;
}

/**
 * The fields of a call view that are the same for every member: what a call shows whoever reads it on the run's
 * day (its deadline and days left depend on the call and that day only).
 */
export const CALL_FACE_FIELDS = ['title', 'url', 'funder', 'sources', 'deadline', 'daysLeft', 'urgent', 'amount', 'summary', 'attribution'] as const;
type CallFace = Pick<CallView, (typeof CALL_FACE_FIELDS)[number]>;

// A run loads each call once and shows it to every member it matches: its member-independent part is built once
// per call object (a later run loads new objects, so an edited call is never shown stale).
// Kept with the day's figures it was made for: a call object shown on another day (tests keep objects across days)
// gets a new face, so nothing stale is ever shown.
const faces = new WeakMap<Call, { face: CallFace; deadline: Day | null; daysLeft: number | null }>();

function deadlineFields(entry: DigestEntry): Pick<CallView, 'deadline' | 'daysLeft' | 'urgent'> {
  return {
    deadline: entry.deadline ? longDate(entry.deadline) : 'non précisée',
    daysLeft: entry.daysLeft === null ? null : formatDaysLeft(entry.daysLeft),
    urgent: entry.daysLeft !== null && entry.daysLeft <= 7,
  };
}

function callFace(entry: DigestEntry): CallFace {
  const { call } = entry;
  const cached = faces.get(call);
  if (cached && cached.deadline === entry.deadline && cached.daysLeft === entry.daysLeft) return cached.face;
  const sourceNames = [...new Set(call.sources.map((s) => oneLine(s.name)).filter((n) => n !== ''))];
  const face = {
    title: frenchSpaces(oneLine(call.title)) || 'Appel sans titre',
    url: callLink(call),
    funder: funderLabel(call.funder, call.funderName),
    sources: sourceNames.length > 0 ? sourceNames.join(', ') : null,
    ...deadlineFields(entry),
    amount: formatAmount(call.amount),
    summary: plainSummary(call.summary),
    attribution: attributionLine(call),
  };
  faces.set(call, { face, deadline: entry.deadline, daysLeft: entry.daysLeft });
  return face;
}

// Deadlines fall on a few hundred days; each member's digest lists twenty: format each day once.
const longDates = new Map<Day, string>();

function longDate(day: Day): string {
  let label = longDates.get(day);
  if (label === undefined) {
    if (longDates.size >= 5_000) longDates.clear();
    label = formatLongDate(day);
    longDates.set(day, label);
  }
  return label;
}

// Which face a call view shows, so the HTML render can reuse what it made of that face for earlier members. A symbol
// property, not a WeakMap: a run builds a hundred thousand views, and WeakMap entries cost more than the rest of a view.
const FACE = Symbol('call face');

/**
 * The object holding the face fields (CALL_FACE_FIELDS) a view built by callView was made from, while the view still
 * shows every one of them; undefined for a view built by hand, or a copy of a view whose face fields were changed.
 */
export function callFaceOf(view: CallView): object | undefined {
  const face = (view as CallView & { [FACE]?: CallFace })[FACE];
  return face !== undefined && showsFace(view, face) ? face : undefined;
}

// Field by field, not a loop over CALL_FACE_FIELDS: reading view[field] with a changing name is several times slower,
// and this runs for every call of every member. test/digest/fill.test.ts changes each of CALL_FACE_FIELDS in turn.
function showsFace(view: CallView, face: CallFace): boolean {
  return (
    view.title === face.title &&
    view.url === face.url &&
    view.funder === face.funder &&
    view.sources === face.sources &&
    view.deadline === face.deadline &&
    view.daysLeft === face.daysLeft &&
    view.urgent === face.urgent &&
    view.amount === face.amount &&
    view.summary === face.summary &&
    view.attribution === face.attribution
  );
}

export type Explain = (entries: readonly ExplanationEntry[]) => string | null;

function sameEntries(a: readonly ExplanationEntry[], b: readonly ExplanationEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!sameEntry(a[i]!, b[i]!)) return false;
  }
  return true;
}

/**
 * Explanation sentences for one digest, each distinct one written once: a member's calls are often explained alike
 * (the same terms of a profile, in the same fields), and writing a sentence was a third of a call's view. Kept for
 * one digest only: a cache across members cost more than it saved, as whole explanations rarely repeat from one
 * member to the next, and this one holds nothing once the digest is built.
 */
export function digestExplainer(): Explain {
  const written: { entries: readonly ExplanationEntry[]; sentence: string | null }[] = [];
  return (entries) => {
    for (const known of written) if (sameEntries(known.entries, entries)) return known.sentence;
    const sentence = describeExplanation(entries) || null;
    written.push({ entries, sentence });
    return sentence;
  };
}

export function callView(
  entry: DigestEntry,
  notRelevantUrl: ViewLinks['notRelevantUrl'],
  explain: Explain,
  partners: (callId: number) => readonly string[] = noPartners,
  interestedUrl: ViewLinks['interestedUrl'] = null,
): CallView {
  const { call } = entry;
  const face = callFace(entry);
  const explanation = explain(entry.explanation);
  const view: CallView & { [FACE]: CallFace } = {
    [FACE]: face,
    title: face.title,
    url: face.url,
    funder: face.funder,
    sources: face.sources,
    deadline: face.deadline,
    daysLeft: face.daysLeft,
    urgent: face.urgent,
    amount: face.amount,
    // Joined only when shown: nearly every row has an explanation, and the join was a tenth of a call's view.
    terms: explanation === null && entry.terms.length > 0 ? entry.terms.join(', ') : null,
    explanation,
    summary: face.summary,
    attribution: face.attribution,
    notRelevantUrl: safeHttpUrl(notRelevantUrl?.(call.id, entry.profileId)),
    network: callNetworkView(call, partners),
    interestedUrl: interestedUrl ? interestedUrl(call.id) : null,
  };
  return view;
}

const noPartners = (): readonly string[] => [];

function followedView(entry: FollowedEntry, view: CallView, statusUrl: ViewLinks['statusUrl']): FollowedCallView {
  return {
    ...view,
    statusLabel: STATUS_LABELS[entry.status],
    changes: entry.changes,
    statusUrl: statusUrl ? safeHttpUrl(statusUrl(entry.call.id)) : null,
  };
}

function moreCallsSentence(count: number, linked: boolean): string {
  const others = count > 1 ? `${count} autres appels` : 'un autre appel';
  return `Et ${others} pour ce profil, moins pertinent${count > 1 ? 's' : ''}${linked ? '\u00a0: retrouvez-les tous dans votre fil d’appels.' : '.'}`;
}

function newCallsPhrase(count: number): string {
  return count > 1 ? `${count} nouveaux appels à projets` : '1 nouvel appel à projets';
}

function closingPhrase(count: number): string {
  return plural(count, 'date limite proche', 'dates limites proches');
}

export function digestSubject(content: DigestContent, weekNumber: number): string {
  const picks = content.picks ?? [];
  const anticipate = content.anticipate ?? [];
  const parts = [
    ...(picks.length > 0 ? [picks.length > 1 ? `${picks.length} appels choisis par le réseau` : '1 appel choisi par le réseau'] : []),
    ...(content.newCount > 0 ? [newCallsPhrase(content.newCount)] : []),
    ...((content.followed?.length ?? 0) > 0 ? [plural(content.followed!.length, 'appel suivi à surveiller', 'appels suivis à surveiller')] : []),
    ...(content.closingCount > 0 ? [closingPhrase(content.closingCount)] : []),
  ];
  if (parts.length === 0) parts.push(anticipate.length > 1 ? `${anticipate.length} appels à anticiper` : '1 appel à anticiper');
  return `Veille financements, semaine ${weekNumber} : ${frenchList(parts)}`;
}

function preheader(groups: GroupView[], closing: CallView[]): string {
  // Only the first two titles are shown: the others are counted, not gathered (this runs once per member).
  let total = 0;
  const shown: string[] = [];
  for (const group of groups) {
    total += group.calls.length;
    for (const call of group.calls) {
      if (shown.length === 2) break;
      shown.push(call.title);
    }
  }
  if (total === 0 && closing.length === 0) return '';
  if (total === 0) {
    return truncate(`Date limite proche : ${frenchList(closing.slice(0, 2).map((c) => `${c.title} (${c.daysLeft ?? ''})`))}`, PREHEADER_MAX);
  }
  const rest = total - shown.length;
  return truncate(rest > 0 ? `${shown.join(' · ')} et ${plural(rest, 'autre', 'autres')}` : shown.join(' · '), PREHEADER_MAX);
}

/**
 * The inbox preview names what the digest opens with: the network's picks, else the member's followed calls with
 * their days left (a deadline they chose to watch matters more than this week's new calls).
 */
function firstLine(picks: readonly { title: string }[], followed: readonly FollowedCallView[]): string | null {
  if (picks.length > 0) return truncate(`Sélection du réseau : ${picks.map((p) => p.title).join(' · ')}`, PREHEADER_MAX);
  if (followed.length === 0) return null;
  const shown = followed.slice(0, 2).map((c) => (c.daysLeft ? `${c.title} (${c.daysLeft})` : c.title));
  return truncate(`Vos appels suivis : ${frenchList(shown)}`, PREHEADER_MAX);
}

export function buildDigestView(
  content: DigestContent,
  recipient: ViewRecipient,
  links: ViewLinks,
  today: Day,
  weekNumber: number,
): DigestView {
  const explain = digestExplainer();
  const partners = content.partners ?? noPartners;
  const toView = (entry: DigestEntry) => callView(entry, links.notRelevantUrl ?? null, explain, partners, links.interestedUrl ?? null);
  const moreUrl = safeHttpUrl(links.feedUrl) ?? safeHttpUrl(links.memberPageUrl);
  const groups = content.groups.map((g) => ({
    name: g.profileName,
    showName: content.showProfiles,
    calls: g.entries.map(toView),
    more: g.heldBack?.length ? moreCallsSentence(g.heldBack.length, moreUrl !== null) : null,
    moreUrl,
  }));
  const listed = content.groups.reduce((n, g) => n + g.entries.length, 0);
  const closing = content.closing.map(toView);
  const alsoSee = (content.alsoSee ?? []).map(toView);
  const openToAll = (content.openToAll ?? []).map(toView);
  const name = recipient.name?.trim();
  // A pick carries « Je suis intéressé » like every call of the digest: following it is how its deadline gets reminders.
  const picks = (content.picks ?? []).map((pick) => pickView(pick, (entry) => callView(entry, null, explain, partners, links.interestedUrl ?? null)));
  const anticipate = (content.anticipate ?? []).map(anticipateView);
  const followed = (content.followed ?? []).map((entry) => followedView(entry, callView(entry, null, explain, partners), links.statusUrl ?? null));
  const intro =
    content.newCount > 0
      ? listed < content.newCount
        ? `Cette semaine, ${newCallsPhrase(content.newCount)} correspondent à vos profils de veille\u00a0: voici les ${listed} plus pertinents, du plus pertinent au moins pertinent.`
        : `Cette semaine, ${newCallsPhrase(content.newCount)} ${content.newCount > 1 ? 'correspondent' : 'correspond'} à vos profils de veille, du plus pertinent au moins pertinent.`
      : closing.length > 0
        ? 'Pas de nouvel appel à projets pour vos profils cette semaine, mais des dates limites approchent.'
        : 'Pas de nouvel appel à projets pour vos profils cette semaine.';
  const organisation = recipient.organisation?.trim();
  return {
    subject: digestSubject(content, weekNumber),
    preheader: firstLine(picks, followed) ?? preheader(groups, closing),
    weekNumber,
    dateLabel: longDate(today),
    greeting: name ? `Bonjour ${name},` : 'Bonjour,',
    intro,
    hasPicks: picks.length > 0,
    picksIntro: 'L’équipe du réseau a choisi pour vous ces appels à projets.',
    picks,
    hasAnticipate: anticipate.length > 0,
    anticipateIntro:
      'Ces appels reviennent chaque année : la prochaine édition devrait ouvrir dans les six semaines. Préparez votre dossier dès maintenant.',
    anticipate,
    hasFollowed: followed.length > 0,
    followedIntro: 'Les appels que vous suivez dont la date limite tombe dans les trois semaines, ou qui ont changé depuis votre dernière lettre.',
    followed,
    hasNew: groups.length > 0,
    groups,
    hasAlsoSee: alsoSee.length > 0,
    alsoSeeIntro:
      'Ces appels restent sous votre score minimum, mais le vocabulaire des financeurs ou la description de votre projet les rapproche de votre profil. À vérifier avant de vous y intéresser.',
    alsoSee,
    hasOpenToAll: openToAll.length > 0,
    openToAllIntro: OPEN_TO_ALL_INTRO,
    openToAll,
    hasClosing: closing.length > 0,
    closingIntro: 'Ces appels vous ont déjà été signalés ; leur date limite tombe dans les 14 prochains jours.',
    closing,
    footer: {
      reason:
        `Vous recevez ce message car l’adresse ${recipient.email} est inscrite à la veille financements du réseau` +
        (organisation ? ` pour ${organisation}.` : '.'),
      profiles:
        recipient.profileNames.length > 0
          ? `${recipient.profileNames.length > 1 ? 'Vos profils de veille' : 'Votre profil de veille'} : ${frenchList(recipient.profileNames.map((n) => `« ${n} »`))}.`
          : null,
      contactEmail: links.contactEmail,
      unsubscribeUrl: links.unsubscribeUrl,
      calendarUrl: safeHttpUrl(links.calendarUrl),
      feedUrl: safeHttpUrl(links.feedUrl),
      memberPageUrl: safeHttpUrl(links.memberPageUrl),
    },
  };
}
