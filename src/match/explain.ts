// Explanations in words a member reads: which of their terms matched, where, and through which thesaurus term.
import { NBSP } from '../typography.js';
import type { ExplanationEntry, Field } from './score.js';

const FIELD_NAMES: Record<Field, string> = { title: 'titre', summary: 'résumé', body: 'texte complet' };

/** A quoted term, French style: non-breaking spaces inside « », so a guillemet never ends or starts a line. */
function quoted(text: string): string {
  return `«${NBSP}${text}${NBSP}»`;
}

function rejectionNote(entry: ExplanationEntry): string {
  let note = '';
  if (entry.rejections) note += entry.rejections === 1 ? `, moins de poids après un ${quoted('Pas pertinent')}` : `, moins de poids après ${entry.rejections} ${quoted('Pas pertinent')}`;
  if (entry.endorsements) note += entry.endorsements === 1 ? ', plus de poids après un appel suivi' : `, plus de poids après ${entry.endorsements} appels suivis`;
  return note;
}

/** How a thesaurus form relates to the member's term, as the explanation says it. */
const LINKS: Record<NonNullable<ExplanationEntry['relation']>, string> = {
  narrower: 'terme plus précis de',
  broader: 'terme plus large que',
  related: 'terme voisin de',
};

/**
 * One entry in French: « tiers-lieux » (titre); « inclusion numérique » via « médiation numérique » (résumé);
 * via « atelier numérique », terme plus précis de « inclusion numérique » (titre); via « inclusion numérique »,
 * terme plus large que « atelier numérique » (résumé); « ordinateur », de votre
 * description (résumé); « médiation numérique », du nom de votre projet (titre); « inclusion numérique » via
 * « solidarité numérique », le domaine de votre projet d’après sa description (titre); « tablettes », terme élargi d’après vos meilleurs appels (résumé). (« terme élargi », as
 * « terme plus précis » and « terme voisin »: the adjective agrees with « terme » whatever the word's gender.)
 */
export function describeEntry(entry: ExplanationEntry): string {
  if (entry.source === 'general') return 'ouvert à toute association, quel que soit son domaine';
  const where = `(${FIELD_NAMES[entry.field]}${rejectionNote(entry)})`;
  if (throughNeighbour(entry)) {
    const of = entry.of ?? entry.term;
    const origin = entry.source === 'description' ? ', de votre description' : entry.source === 'name' ? ', du nom de votre projet' : '';
    return `via ${quoted(entry.via)}, ${LINKS[entry.relation]} ${quoted(of)}${origin} ${where}`;
  }
  const via = entry.via ? ` via ${quoted(entry.via)}` : '';
  if (entry.source === 'description') return `${quoted(entry.term)}${via}, de votre description ${where}`;
  if (entry.source === 'name') return `${quoted(entry.term)}${via}, du nom de votre projet ${where}`;
  if (entry.source === 'trade') return `${quoted(entry.term)}${via}, le domaine de votre projet d’après sa description ${where}`;
  if (entry.source === 'expansion') return `${quoted(entry.term)}, terme élargi d’après vos meilleurs appels ${where}`;
  return `${quoted(entry.term)}${via} ${where}`;
}

/** An entry found through a narrower, broader or related thesaurus term: it reads « via « … », terme … « … » ». */
function throughNeighbour(entry: ExplanationEntry): entry is ExplanationEntry & { relation: NonNullable<ExplanationEntry['relation']>; via: string } {
  return Boolean(entry.relation && entry.via);
}

/** A general fund's explanation (score.ts generalResult): no term of the profile, the fund's own promise. */
export const GENERAL_SENTENCE = 'Ouvert à toute association, quel que soit son domaine.';

/**
 * The whole explanation as one French sentence, for the digest and the API. « Correspond à via « … » » is not
 * French: when the strongest entry is a narrower or related term, the list is introduced by « vos termes : ».
 */
export function describeExplanation(entries: readonly ExplanationEntry[]): string {
  if (entries.length === 0) return '';
  if (entries[0]!.source === 'general') return GENERAL_SENTENCE;
  const list = entries.map(describeEntry).join(', ');
  return throughNeighbour(entries[0]!) ? `Correspond à vos termes${NBSP}: ${list}.` : `Correspond à ${list}.`;
}

/** Whether two entries say the same thing (the digest writes each distinct explanation once). */
export function sameEntry(x: ExplanationEntry, y: ExplanationEntry): boolean {
  return x.term === y.term && x.field === y.field && x.via === y.via && x.relation === y.relation && x.of === y.of && x.source === y.source && x.rejections === y.rejections && x.endorsements === y.endorsements;
}

/** Parses a stored explanation, keeping only well-formed entries (the column is JSON text). */
export function parseExplanation(json: string): ExplanationEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (!item || typeof item !== 'object') return [];
    const { term, field, via, relation, of, source, rejections, endorsements } = item as Record<string, unknown>;
    if (typeof term !== 'string' || (field !== 'title' && field !== 'summary' && field !== 'body')) return [];
    const entry: ExplanationEntry = { term, field };
    if (typeof via === 'string') entry.via = via;
    if (relation === 'narrower' || relation === 'broader' || relation === 'related') entry.relation = relation;
    if (typeof of === 'string') entry.of = of;
    if (source === 'description' || source === 'expansion' || source === 'general' || source === 'name' || source === 'trade') entry.source = source;
    if (typeof rejections === 'number' && Number.isInteger(rejections) && rejections > 0) entry.rejections = rejections;
    if (typeof endorsements === 'number' && Number.isInteger(endorsements) && endorsements > 0) entry.endorsements = endorsements;
    return [entry];
  });
}
