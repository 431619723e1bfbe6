// Whether a call comes back every year, or stays open all year round.

import type { Recurrence } from '../../calls/types.js';

export type { Recurrence };

// « au fil de l'eau », « en continu », « toute l'année », « sans date limite », « appel permanent »: funders say so
// when applications are read as they come, with no closing date. « permanent » alone is left out: « emploi
// permanent », « poste permanent » are about jobs, not about the call.
const ROLLING =
  /(?<!\p{L})(?:en\s+continu|[àa]\s+tout\s+moment|sans\s+date\s+(?:limite|butoir)|pas\s+de\s+date\s+(?:limite|butoir)|aucune\s+date\s+(?:limite|butoir)|(?:appel|dispositif|guichet|aide|programme|d[ée]p[ôo]t|candidatures?|subvention|AMI|AAP)s?(?:\s+[\p{L}'-]+){0,4}?\s+permanent(?:e|s|es)?|(?:ouvert|accessible|d[ée]posable)(?:e|s|es)?\s+en\s+permanence|de\s+(?:mani[èe]re|fa[çc]on)\s+permanente|en\s+permanence)(?!\p{L})/iu;

// « chaque année », « appel annuel », « campagne annuelle », « tous les ans »: a call that comes back. « annuel »
// alone is left out: « budget annuel », « rapport annuel », « cotisation annuelle » are not about the call.
// « APPEL À PROJETS ANNUEL »: up to two words between the call and « annuel ». A calendar given for a generic year
// (« avant le 30 juin de l'année N ») is left out: the labelled set reads it as saying nothing about the call's return.
const ANNUAL =
  /(?<!\p{L})(?:chaque\s+ann[ée]e|tous\s+les\s+ans|(?:appel|campagne|session|[ée]dition|programmation|concours|prix|dispositif|rendez-vous)s?\s+(?:[\p{L}']+\s+){0,2}annuel(?:le|s|les)?|annuellement|une\s+fois\s+par\s+an|renouvel[ée]e?\s+(?:chaque|tous\s+les)\s+an)(?!\p{L})/iu;
// « deux appels à projets par an », « 1 à 3 fois par an », « deux sessions de dépôt par an »: a call that comes
// back within every year comes back every year. Only when the sentence is about calls, sessions or applying:
// « des bennes … jusqu'à deux fois par an » is a service's frequency, not the call's (and « dépôts sauvages » are
// illegal dumps, not applications).
const TIMES_A_YEAR = /(?<!\p{L})(?:(?:\d|une|deux|trois|quatre)(?:\s+(?:à|ou)\s+(?:\d|deux|trois|quatre))?\s+fois\s+par\s+an|(?:deux|trois|quatre|[2-9])\s+(?:appels?\s+(?:[àa]\s+)?(?:projets|candidatures)|sessions|vagues|campagnes|rel[èe]ves|comit[ée]s|commissions|dates\s+de\s+d[ée]p[ôo]t)(?:\s+[\p{L}']+){0,2}\s+par\s+an|(?:appels?|sessions?|campagnes?|comit[ée]s?|commissions?|rel[èe]ves?)\s+semestriel(?:le)?s?)(?!\p{L})/iu;
// « quatre fois par an, le conseil d'administration sélectionne les projets »: a foundation's board deciding its
// grants is a round of the call, said before or after the frequency.
const ABOUT_CALLS =
  /(?<!\p{L})(?:appels?|AAP|AMI|sessions?|vagues?|campagnes?|rel[èe]ves?|candidat\p{L}*|d[ée]p[ôo]ts?\s+(?:des\s+|de\s+)?(?:dossiers|candidatures|demandes|projets)|dossiers?|comit[ée]s?|commissions?|jurys?|conseils?\s+d'administration)(?!\p{L})/iu;

// « toute l'année », « tout au long de l'année »: applications taken all year; not when it dates what the projects
// do (« des actions qui ont lieu toute l'année », « réalisées tout au long de l'année »).
const YEAR_ROUND = /(?<!\p{L})tout(?:e)?\s+(?:au\s+long\s+de\s+)?l'ann[ée]e(?!\p{L})/giu;
const HAPPENING_BEFORE = /(?<!\p{L})(?:(?:a|ont|avoir)\s+lieu|se\s+d[ée]roul\p{L}*|r[ée]alis[ée]e?s?|men[ée]e?s?|organis[ée]e?s?)\s*$/iu;

function openAllYear(text: string): boolean {
  // Most texts never say « l'année »: a literal test spares them the scan.
  if (!/l'ann/i.test(text)) return false;
  for (const match of text.matchAll(YEAR_ROUND)) {
    if (!HAPPENING_BEFORE.test(text.slice(Math.max(0, match.index - 30), match.index))) return true;
  }
  return false;
}

function comesBackWithinTheYear(text: string): boolean {
  // Every phrasing it reads says « par an » or « semestriel »: skip the pattern on the many texts without them.
  if (!/par\s+an|semestriel/i.test(text)) return false;
  const match = TIMES_A_YEAR.exec(text);
  if (!match) return false;
  const around = text.slice(Math.max(0, match.index - 160), match.index + match[0].length + 60);
  return ABOUT_CALLS.test(around);
}

/** `rolling` when the text says applications are taken all year, `annual` when the call comes back every year. */
// « au fil de l'eau » is also said of work done as needs come (« réalisées au fil de l'eau »): it says a call is read
// as applications arrive only in a sentence about applying.
const AS_THEY_COME = /(?<!\p{L})au\s+fil\s+de\s+l'eau(?!\p{L})/giu;
const ABOUT_APPLYING = /(?<!\p{L})(?:AMI|AAP|appels?|dossiers?|candidat\p{L}*|demandes?|d[ée]p[ôo]\p{L}*|instrui\p{L}*|examin\p{L}*|re[çc]u\p{L}*|projets?|s[ée]lection\p{L}*|subventions?|inscriptions?)(?!\p{L})/iu;

function readAsTheyCome(text: string): boolean {
  for (const match of text.matchAll(AS_THEY_COME)) {
    const around = text.slice(Math.max(0, match.index - 100), match.index + match[0].length + 60);
    if (ABOUT_APPLYING.test(around)) return true;
  }
  return false;
}

export function findRecurrence(text: string): Recurrence | null {
  // A call read as dossiers arrive is open all year, even when it also says it is renewed each year.
  if (ROLLING.test(text) || openAllYear(text) || readAsTheyCome(text)) return 'rolling';
  if (ANNUAL.test(text) || comesBackWithinTheYear(text)) return 'annual';
  return null;
}
