// The highest co-funding or aid rate a call states, in percent.
import { clauseAt, clauseSpans } from './text.js';

// A percentage, or the top of a range of them (« de 30 à 50 % », « 30-50 % »).
const PERCENT = /(?<![\d,.])(\d{1,3}(?:,\d+)?)\s*(?:%|pour\s?cent|pourcents?)/giu;

// Words that say the percentage is a share of the project paid by the funder: « taux d'intervention »,
// « subvention à hauteur de », « 80 % des dépenses éligibles », « cofinancement FSE+ de 60 % ».
const RATE_CUE =
  /(?<!\p{L})(?:taux|financ\p{L}*|cofinanc\p{L}*|co-financ\p{L}*|subvention\p{L}*|aides?|intervention|pris\p{L}*\s+en\s+charge|prise\s+en\s+charge|prend\p{L}*\s+en\s+charge|hauteur|d[ée]penses|co[ûu]ts?|montant|assiette|[ée]ligibles?|plafon\p{L}*|participation|soutien|contribution|FSE\+?|FEDER|FEADER|LEADER|FTJ|rembours\p{L}*|HT|TTC|dotation|jusqu'[àa]|bonifi\p{L}*|major\p{L}*|cofinancer)(?!\p{L})/iu;
// « jusqu'à 60 % », « bonifiée à 80 % »: a ceiling or a raised share, as funders state the part of costs they pay.

// Percentages that are someone else's share or not money at all: self-funding, public shares of a team,
// savings, results to reach.
const OTHER_CUE =
  /(?<!\p{L})(?:autofinanc\p{L}*|auto-financ\p{L}*|fonds\s+propres|apport\s+(?:propre|personnel)|proportion|part\s+(?:minimale\s+)?(?:de\s+)?(?:l'autofinancement|du\s+porteur)|r[ée]duction|[ée]conomies?|baisse|gains?|[ée]missions|consommation|participants|(?<!€\s?)publics?|femmes|frais\s+g[ée]n[ée]raux|forfait|jeunes|personnes|habitants|[ée]l[èe]ves|salari[ée]s|temps|heures|effectifs?|population|taux\s+de\s+(?:ch[ôo]mage|pauvret[ée]|r[ée]ussite|remplissage|couverture)|TVA|acompte|avance|versement|solde|(?:de\s+l'|des\s+)enveloppes?|des\s+cr[ée]dits)(?!\p{L})/iu;
// « 20 % de financement restant à la charge de la collectivité »: the applicant's share, when it comes before the number.
const OTHER_BEFORE = /(?<!\p{L})(?:reste\s+[àa]\s+charge|restant\s+[àa]\s+(?:la\s+)?charge)(?!\p{L})/iu;

const REACH_BEFORE = 120;
const REACH_AFTER = 45;

/**
 * « Intervention maximale de la Région (politique territoriale … Culture…) : 50 % »: a label, a long bracket, then the
 * figure; the bracket is left out so that the label stays within reach.
 */
function withoutLastBrackets(lead: string): string {
  if (!/\)\s*:?\s*$/u.test(lead)) return lead;
  const open = lead.lastIndexOf('(');
  return open < 0 ? lead : lead.slice(0, open) + lead.slice(lead.lastIndexOf(')') + 1);
}

/** The highest rate, or null when no percentage reads as a funding rate. */
export function findRate(text: string): number | null {
  const spans = clauseSpans(text);
  let best: number | null = null;
  for (const match of text.matchAll(PERCENT)) {
    const value = Number(match[1]!.replace(',', '.'));
    if (!(value > 0 && value <= 100)) continue;
    const { span } = clauseAt(spans, match.index);
    const before = withoutLastBrackets(text.slice(span[0], match.index)).slice(-REACH_BEFORE);
    const after = text.slice(match.index + match[0].length, Math.min(Math.max(span[1], match.index), match.index + match[0].length + REACH_AFTER));
    // Every income of the project is named at the head of its sentence, however long the list that follows.
    if (ALL_INCOME.test(text.slice(span[0], match.index)) || !isRate(before, after)) continue;
    if (best === null || value > best) best = value;
  }
  return best;
}

// « Le taux de réussite de l'appel à projets est de 30 % »: a rate named before the number that is not a share of
// costs, however far back (« taux » alone would otherwise make any percentage after it a funding rate).
const OTHER_RATE = /(?<!\p{L})taux\s+(?:de\s+|d')(?:ch[ôo]mage|pauvret[ée]|r[ée]ussite|remplissage|couverture|s[ée]lection|pr[ée]sence|satisfaction|retour|conversion|TVA|change|int[ée]r[êe]ts?|occupation|emploi|croissance|natalit[ée]|s[ée]lectivit[ée]|abandon|insertion|sortie)(?!\p{L})[^%]*$/iu;

// « Un co-financement à hauteur de 20% minimum », « au moins 30 % de cofinancement »: a share the applicant must find
// elsewhere. Funders state their own share as a ceiling (« jusqu'à », « maximum »), never as a floor.
const FLOOR_AFTER = /^\s*(?:minimum|au\s+moins|min\.|au\s+minimum)(?!\p{L})/iu;
const FLOOR_BEFORE = /(?<!\p{L})(?:au\s+moins|au\s+minimum|minimum\s+(?:de\s+)?|un\s+minimum\s+de)\s*$/iu;
// « L'ensemble des recettes (…) ne peuvent excéder 100 % du coût »: every income of the project, families' fees
// included, against its cost: a rule against over-funding, not what the funder pays.
const ALL_INCOME = /(?<!\p{L})(?:ensemble|total)\s+des\s+(?:recettes|ressources)(?!\p{L})/iu;

// « Les prestations extérieures (…) : leur montant ne doit pas dépasser 25 % du coût total éligible », « les frais de
// personnel sont limités à 30 % du budget »: a ceiling on one line of expenses within the budget, not what the funder
// pays. Unless the funder's aid is named in the clause (« la subvention, frais de personnel compris, ne peut dépasser »).
const EXPENSE_LINE_CAP =
  /(?<!\p{L})(?:prestations?|frais|d[ée]penses\s+de\s+(?:personnel|communication|fonctionnement|structure|d[ée]placement|investissement|sous-traitance)|co[ûu]ts?\s+indirects?)(?!\p{L})[^%]{0,140}?(?:ne\s+(?:doit|doivent|peut|peuvent|pourra|pourront)\s+(?:pas\s+)?(?:d[ée]passer|exc[ée]der|repr[ée]senter\s+plus\s+de)|(?:sont|est)\s+(?:limit|plafonn)[ée]e?s?\s+[àa])\s*$/iu;
const FUNDER_SHARE = /(?<!\p{L})(?:aides?|subventions?|financements?|cofinancements?|taux|participation|pris\p{L}*\s+en\s+charge|prise\s+en\s+charge)(?!\p{L})/iu;

function isExpenseLineCap(before: string): boolean {
  const match = EXPENSE_LINE_CAP.exec(before);
  return match !== null && !FUNDER_SHARE.test(before);
}

// « atteignent 70 % de leur objectif de financement »: a share of a goal; « 20% de la subvention », « 30 % de l'aide »:
// a share of the grant itself (an advance, a work package's budget), not of the project's costs.
const SHARE_OF_OTHER_AFTER = /^\s*(?:de\s+(?:leur|son|votre|notre|l')\s*objectif|de\s+la\s+subvention|de\s+l'aide|du\s+montant\s+de\s+(?:l'aide|la\s+subvention)|de\s+la\s+dotation)(?!\p{L})/iu;
// « Plancher de subvention régionale Cas des associations : 2000 euros et 10 % »: a floor named as such.
const FLOOR_LABEL = /(?<!\p{L})(?:plancher|seuil\s+minim\p{L}*)(?!\p{L})(?:(?!plafon|maxim|jusqu)[^%]){0,80}$/iu;

function isRate(before: string, after: string): boolean {
  if (OTHER_RATE.test(before) || isExpenseLineCap(before) || SHARE_OF_OTHER_AFTER.test(after) || FLOOR_LABEL.test(before)) return false;
  if (FLOOR_AFTER.test(after) || FLOOR_BEFORE.test(before)) return false;
  // The words nearest the number decide: « 80 % des dépenses » is a rate, « 20 % d'autofinancement » is not.
  const afterHead = after.slice(0, 30);
  if (OTHER_CUE.test(afterHead)) return false;
  // Before the number, a word about someone else's share wins: « un autofinancement minimum de 20 % du montant ».
  const nearBefore = before.slice(-40);
  if (OTHER_CUE.test(nearBefore) || OTHER_BEFORE.test(nearBefore)) return false;
  return RATE_CUE.test(before) || RATE_CUE.test(after);
}
