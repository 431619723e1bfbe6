// The network's parts of the digest as words a member reads (issue 18). Pure: text stays text here (the HTML
// template escapes it).
import type { Call } from '../calls/types.js';
import type { DigestEntry } from '../digest/compose.js';
import { formatLongDate, frenchList, funderLabel } from '../digest/format.js';
import { safeHttpUrl, type CallView } from '../digest/view.js';
import type { AnticipateEntry, PickEntry } from './digest.js';
import { euNotice } from './eu-notice.js';

/** Under a call's summary: the EU-funds notice and the other members concerned. */
export interface CallNetworkView {
  euNotice: string | null;
  /** « Aussi concernés dans le réseau : A, B et C. » */
  partners: string | null;
}

export interface PickView extends CallView {
  note: string;
  /** « Envoyez-nous votre dossier avant le … pour une relecture. » */
  internalDeadline: string | null;
}

export interface AnticipateView {
  title: string;
  url: string | null;
  funder: string;
  /** « Dernière édition : ouverte le …, date limite le … » */
  lastEdition: string;
  /** « Prochaine édition attendue vers le … (date limite vers le …) » */
  expected: string;
}

export function callNetworkView(call: Call, partners: (callId: number) => readonly string[]): CallNetworkView | null {
  const notice = euNotice(call);
  const names = partners(call.id);
  if (notice === null && names.length === 0) return null;
  return {
    euNotice: notice,
    partners: names.length > 0 ? `Aussi concernés dans le réseau\u00a0: ${frenchList([...names])}. Pourquoi pas une candidature commune\u00a0?` : null,
  };
}

export function pickView(pick: PickEntry, toView: (entry: DigestEntry) => CallView): PickView {
  const entry: DigestEntry = {
    call: pick.call,
    profileId: 0,
    score: 0,
    terms: [],
    explanation: [],
    deadline: pick.deadline,
    daysLeft: pick.daysLeft,
  };
  return {
    ...toView(entry),
    notRelevantUrl: null,
    note: pick.note,
    internalDeadline: pick.internalDeadline
      ? `Envoyez-nous votre dossier avant le ${formatLongDate(pick.internalDeadline)} pour une relecture.`
      : null,
  };
}

function link(call: Call): string | null {
  return safeHttpUrl(call.canonicalUrl ?? call.sources.find((s) => s.url)?.url);
}

/** « ouverte le lundi 2 mars 2026, date limite le jeudi 30 avril 2026 » (publication day when the opening is unknown). */
function lastEditionDates(call: Call): string {
  const deadlines = [...call.deadlines].sort();
  const last = deadlines.at(-1) ?? call.nextDeadline;
  const published = call.publishedAt ? call.publishedAt.slice(0, 10) : null;
  const parts = [
    ...(call.opens ? [`ouverte le ${formatLongDate(call.opens)}`] : published ? [`publiée le ${formatLongDate(published)}`] : []),
    ...(last ? [`date limite le ${formatLongDate(last)}`] : []),
  ];
  return parts.length > 0 ? `Dernière édition\u00a0: ${parts.join(', ')}.` : 'Dernière édition\u00a0: dates non précisées.';
}

export function anticipateView(entry: AnticipateEntry): AnticipateView {
  const { call, expected } = entry;
  const opening = entry.expectedOpening;
  const parts: string[] = [];
  if (expected.opens) parts.push(`ouverture attendue vers le ${formatLongDate(expected.opens)}`);
  else if (opening) parts.push(`ouverture attendue à partir du ${formatLongDate(opening)} environ`);
  if (expected.deadline) parts.push(`date limite vers le ${formatLongDate(expected.deadline)}`);
  return {
    title: call.title.replace(/\s+/g, ' ').trim() || 'Appel sans titre',
    url: link(call),
    funder: funderLabel(call.funder, call.funderName),
    lastEdition: lastEditionDates(call),
    expected: `Prochaine édition\u00a0: ${parts.join(', ')}.`,
  };
}
