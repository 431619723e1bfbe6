// Whether a call comes back every year, or stays open all year round.

import type { Recurrence } from '../../calls/types.js';

export type { Recurrence };

// « au fil de l'eau », « en continu », « toute l'année », « sans date limite », « appel permanent »: funders say so
// when applications are read as they come, with no closing date. « permanent » alone is left out: « emploi
// permanent », « poste permanent » are about jobs, not about the call.
const ROLLING =
  /(?<!\p{L})(?:au\s+fil\s+de\s+l'eau|en\s+continu|tout(?:e)?\s+(?:au\s+long\s+de\s+)?l'ann[ée]e|[àa]\s+tout\s+moment|sans\s+date\s+(?:limite|butoir)|pas\s+de\s+date\s+(?:limite|butoir)|aucune\s+date\s+(?:limite|butoir)|(?:appel|dispositif|guichet|aide|programme|d[ée]p[ôo]t|candidatures?|subvention)s?\s+(?:\p{L}+\s+)?permanent(?:e|s|es)?|(?:ouvert|accessible|d[ée]posable)(?:e|s|es)?\s+en\s+permanence|de\s+(?:mani[èe]re|fa[çc]on)\s+permanente|en\s+permanence)(?!\p{L})/iu;

// « chaque année », « appel annuel », « campagne annuelle », « tous les ans »: a call that comes back. « annuel »
// alone is left out: « budget annuel », « rapport annuel », « cotisation annuelle » are not about the call.
const ANNUAL =
  /(?<!\p{L})(?:chaque\s+ann[ée]e|tous\s+les\s+ans|(?:appel|campagne|session|[ée]dition|programmation|concours|prix|dispositif|rendez-vous)s?\s+(?:\p{L}+\s+)?annuel(?:le|s|les)?|annuellement|une\s+fois\s+par\s+an|renouvel[ée]e?\s+(?:chaque|tous\s+les)\s+an)(?!\p{L})/iu;

/** `rolling` when the text says applications are taken all year, `annual` when the call comes back every year. */
export function findRecurrence(text: string): Recurrence | null {
  // A call read as dossiers arrive is open all year, even when it also says it is renewed each year.
  if (ROLLING.test(text)) return 'rolling';
  if (ANNUAL.test(text)) return 'annual';
  return null;
}
