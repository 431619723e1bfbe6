// Picks the amount of a call from the sums of money in its text, and says whether it is a cap
// or floor, a range, and per project or a total envelope.
import type { Amount } from '../../calls/types.js';
import { findMoney, type MoneyMention } from './money.js';
import { clauseAt, clauseSpans, firstHit, lastHit, normalizeText } from './text.js';

type Bound = 'max' | 'min' | 'exact' | 'range';
type Scope = 'project' | 'total' | null;

interface Candidate {
  mention: MoneyMention;
  bound: Bound;
  scope: Scope;
}

// A rate per unit ("110 €/m2", "5 € par habitant", "1 001 € par semaine", « 500 € l'unité ») is not what a call gives.
const PER_UNIT =
  /^\s*(?:HT|TTC|H\.T\.|net)?\s*(?:\/\s*(?:an\s*\/\s*)?|par\s+(?:an\s+(?:et\s+)?par\s+)?|le\s+|la\s+|l')(?:habitants?|hab\b|m2|m²|m³|m 2|mètres?|metres?|ml\b|logements?|places?|semaines?|jours?|mois\b|heures?|h\b|repas|personnes?|km|kilomètres?|kwh|mwh|kwc|tonnes?|t\b|hectares?|ha\b|élèves?|lits?|participants?|salariés?|nuitées?|nuits?|enfants?|jeunes?|stagiaires?|apprentis?|tronçons?|unités?|véhicules?|vélos?|bornes?|points? de charge|arbres?|ruches?|kg|litres?|l\b|minutes?)/iu;

// The sum is a cost, an expense base or a fee, not money given.
const EXPENSE_BEFORE =
  /(?<!\p{L})(?:co[ûu]ts?|d[ée]penses?|investissements?|travaux|prix de revient|reste [àa] charge|restant [àa] charge|chiffre d'affaires|budget (?:du|de votre|d'un|de l'op[ée]ration|pr[ée]visionnel)|assiette|factur[ée]|adh[ée]sion|cotisation|tarifs?|loyers?|estim[ée]e?|op[ée]rations? (?:de|d')|(?<!(?:être|etre) )inf[ée]rieur(?:e|s|es)? (?:ou [ée]gale?s? )?[àa]|(?<!(?:être|etre) )sup[ée]rieur(?:e|s|es)? (?:ou [ée]gale?s? )?[àa]|budget (?:minimum|minimal|maximum|d'au moins)|frais d'inscription|capital|au-del[àa] de|en de[çc][àa] de)(?!\p{L})/iu;
const GRANT_BEFORE =
  /(?<!\p{L})(?:aides?|subventions?|financements?|cofinancements?|co-financements?|soutien|dotations?|primes?|bourses?|prix|participation|contribution|avances?|pr[êe]ts?|apport|bonus|forfait|feder|fse\+?|feader|fonds|enveloppe|cr[ée]dits|montant (?:de l'aide|de la subvention|maximal|minimal|de l'accompagnement))(?!\p{L})/iu;
const GRANT_AFTER = /^\s*(?:HT|TTC)?\s*(?:d'aides?|de subventions?|de financements?|de soutien|de dotation|de bourse|de prime|d'aide publique|de (?:FEDER|FSE\+?|FEADER|cr[ée]dits))/iu;
const EXPENSE_AFTER = /^\s*(?:HT|TTC)?\s*(?:de|d')\s*(?:d[ée]penses|travaux|investissements?|co[ûu]ts?|budget|chiffre d'affaires)/iu;

const MAX_BEFORE =
  /(?<!\p{L})(?:(?:ne|n') ?(?:peut|pourra|doit|saurait|peuvent|pourront|sera) (?:pas )?(?:être )?sup[ée]rieur\p{L}* [àa]|plafon\p{L}*|jusqu'[àa](?: hauteur de| concurrence de)?|au maximum|maximum|maximale?s?|max\.?|dans (?:la|une) limite(?: \p{L}+)? (?:de|d')|limit[ée]e?s? [àa]|n'exc[ée]d\p{L}*|ne (?:peut|pourra|pouvant|doit|saurait|pourront|peuvent) (?:pas )?(?:exc[ée]der|d[ée]passer)|sans (?:pouvoir )?d[ée]passer|ne d[ée]passant pas|au plus|moins de|[<≤])(?!\p{L})/iu;
const MIN_BEFORE = /(?<!\p{L})(?:(?:ne|n') ?(?:peut|pourra|doit|saurait|peuvent|pourront|sera) (?:pas )?(?:être )?inf[ée]rieur\p{L}* [àa]|plancher|minimum|minimale?s?|min\.|au moins|au minimum|[àa] partir de|plus de|[>≥]|seuil|dès)(?!\p{L})/iu;
// « 15 000€ chacun au maximum », « 50 000 € Subvention maximum octroyée »: a word saying whose or what the sum is
// may sit between it and its cap.
const AFTER_SUM_WORD = '(?:(?:chacune?|par\\s+(?:projet|structure|poste|laur[ée]at|association|dossier|an)|subventions?|aides?|dotations?|bourses?|de\\s+subvention|d\'aide)\\s+)?';
const MAX_AFTER = new RegExp(`^\\s*(?:HT|TTC)?\\s*(?:\\)\\s*)?${AFTER_SUM_WORD}(?:maximum|max\\b|au maximum|au plus(?!\\s+tard)|plafond|maxi)`, 'iu');
const MIN_AFTER = new RegExp(`^\\s*(?:HT|TTC)?\\s*(?:\\)\\s*)?${AFTER_SUM_WORD}(?:minimum|min\\b|au minimum|au moins|minimal)`, 'iu');

// « 50 000 € de subvention par poste »: an aid per post (or job) is what one employer gets for it, as INTERFACE says.
const PROJECT_CUE =
  /(?<!\p{L})(?:\/ ?(?:projet|structure|laur[ée]at|association|op[ée]ration|dossier|b[ée]n[ée]ficiaire|poste)|par (?:poste|emploi|projet|structure|laur[ée]at|porteur|b[ée]n[ée]ficiaire|dossier|association|op[ée]ration|candidat|candidature|action|entreprise|commune|collectivit[ée]|territoire|[ée]tablissement|organisme|initiative|demande|an et par projet)|per (?:project|proposal|grant|beneficiary)|chaque (?:projet|laur[ée]at|structure|porteur|b[ée]n[ée]ficiaire|dossier|poste|association|op[ée]ration|action|candidat|commune|territoire|emploi|[ée]tablissement|entreprise)|subventions?|aide (?:maximale|minimale|de|plafonn[ée]e|forfaitaire|accord[ée]e)|montant de l'aide|montant de la subvention|montant (?:maximal|minimal|maximum|minimum) (?:de l'aide|de la subvention|de subvention|d'aide|par)|bourses?|prix de|prix(?= allant| compris| d'un montant)|d'aides?|aides?|dotations?|soutien|financements?|forfait|cofinancement|co-financement|(?:pour|à) (?:le|chaque) laur[ée]at|chacune?|montant sollicit[ée]|subvention sollicit[ée]e|aide sollicit[ée]e|remport\p{L}*)(?!\p{L})/iu;
// « chacun », « montant sollicité »: what one applicant gets or asks for; « Anonymal remporte 11 000 euros »: what one
// winner got.
// « montant total du soutien européen prévu : 56 345 € »: the words naming the total run up to the sum, so the
// envelope is the nearest cue even though « soutien » alone reads per project.
// EU calls quoted in English from the Funding & Tenders portal: « The call budget is EUR 8 000 000 », « EUR 60 000
// per project ».
const TOTAL_CUE =
  /(?<!\p{L})(?:enveloppes?|[àa] r[ée]partir|budget (?:total|global|de l'appel|allou[ée]|d[ée]di[ée]|consacr[ée]|de l'aap|de l'ami|du dispositif|du programme|annuel)|dotation (?:globale|totale)|(?<!prix (?:est )?)dot[ée]e?s? (?:de|d['\s]\s?une?)|fonds de|au total|montant (?:global|total)(?: (?:du |de l'|de la |des |de |d')[\p{L}-]+(?: [\p{L}-]+)?)?|cr[ée]dits|d[ée]di[ée]e?s?|mobilis[ée]e?s?|consacr[ée]e?s?|allou[ée]e?s?|investis|r[ée]serv[ée]e?s?|allouer|disponibles?|pour l'ensemble|total de|globale?s?|(?:call|topic|total|indicative|available) budget|budget (?:available|of the call))(?!\p{L})/iu;

// A sum shared out, said after it and sometimes far from it: « Cette somme sera répartie entre les projets
// retenus », « permettra de soutenir le déploiement de 2 projets », « seront alloués aux projets ».
const SHARED_AFTER =
  /^[^.;]{0,100}?(?<!\p{L})(?:r[ée]parti(?:e|s|es)?\s+entre|seront\s+(?:allou|attribu|r[ée]parti|distribu)\p{L}*\s+(?:aux|entre)|(?:soutenir|financer|accompagner|r[ée]compenser)\s+(?:le\s+d[ée]ploiement\s+d[e']\s*)?(?:\d+|deux|trois|quatre|cinq|six|dix|plusieurs)\s+(?:projets|laur[ée]ats|structures|associations|initiatives))(?!\p{L})/iu;
// « 126 000 euros de dotations financières à 16 projets d'associations »: a sum given to a counted set of winners is
// shared between them, unless a word between says it is each one's (« 5 000 € par projet, pour 20 projets »).
const SHARED_AMONG =
  /^(?:(?!par\s|chaque\s|chacun)[^.;]){0,60}?(?<!\p{L})(?:[àa]|entre)\s+(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|plusieurs)\s+(?:projets|laur[ée]ats|structures|associations|initiatives|porteurs|b[ée]n[ée]ficiaires)(?!\p{L})/iu;
// « 300 à 3 000 € peuvent être alloués à chaque projet »: a verb of giving that would read as an envelope (« alloués »)
// is each winner's when it gives « à chaque » one.
const EACH_AFTER = /^\s*(?:[\p{L}']+\s+){0,4}?(?:allou|attribu|accord|vers|octroy|distribu)\p{L}*\s+(?:[àa]\s+chaque|pour\s+chaque|par)\s/iu;
// « Le Prix Valorisation MESHS Junior, doté de 3 000 euros »: a prize named, then endowed: what its winner gets.
const PRIZE_ENDOWED = /(?<!\p{L})(?:prix|troph[ée]es?|bourses?)(?!\p{L})[^.;:€\d]{0,60}?\bdot[ée]e?s?\s+(?:de|d'une?)\s*$/iu;
// « Avec un budget de 3 millions d'euros par an, elle soutient 600 projets »: a budget counted in millions is a
// funder's or a programme's, shared by its projects; smaller budgets are as often a project's cost.
const BUDGET_BEFORE = /(?<!\p{L})budget\s+(?:de|d'un\s+montant\s+de)\s*$/iu;
const BUDGET_SCALE = 1_000_000;
// « Par exemple, pour un projet à 10 000 €, le porteur apporte 2 000 € … » : sums that illustrate a rule.
const EXAMPLE_LEAD = /^[\s=>*•\-(]*(?:par\s+exemple|exemple)\s*[,:]/iu;
// A sum tied to a programming period (« Soutien UE 2014/2020 : 21 M€ », « 88 milliards d'euros, le programme
// 2021-2027 ») is a programme's budget, shared by all its projects.
const PERIOD_BEFORE = /(?<!\d)20\d\d\s?[-/]\s?20\d\d(?!\d)[^.;\d]{0,20}$/u;
const PERIOD_AFTER = /^[^.;\d]{0,40}?programme\s+(?:\p{L}+\s+)?20\d\d\s?[-/]\s?20\d\d(?!\d)/iu;
// « (1 € public = 4 € FEADER) »: a ratio between funders, not a sum anyone gets.
const EQUATION_AFTER = /^\s*(?:[\p{L}+]+\s*)?=/u;
const EQUATION_BEFORE = /=\s*$/u;

/** How far around a sum its cues may sit. */
const REACH_BEFORE = 90;
const REACH_AFTER = 60;
/** How close before a sum a cap or floor word must be ("plafonnée à", "au maximum de"). */
const BOUND_REACH = 70;

/**
 * The call's amount, or null. With several sums, the choice is, in order: a per-project sum with a
 * cap, floor or range; a per-project sum; a cap, floor or range of unknown scope; a total envelope;
 * any other sum of money given. Rates per unit (€/m², par habitant) and costs or expense bases
 * (coût, dépenses, travaux) are never taken. Within the chosen group a floor and a cap are joined.
 */
export function findAmount(rawText: string): Amount | null {
  const text = normalizeText(rawText);
  const spans = clauseSpans(text);
  const candidates = describeAll(text, spans, findMoney(text));
  for (const rank of [projectBounded, projectAny, unscopedBounded, totalAny, unscopedAny]) {
    const group = candidates.filter(rank);
    if (group.length > 0) return combine(group, text);
  }
  return null;
}

const isBounded = (c: Candidate): boolean => c.bound !== 'exact';
const projectBounded = (c: Candidate): boolean => c.scope === 'project' && isBounded(c);
const projectAny = (c: Candidate): boolean => c.scope === 'project';
const unscopedBounded = (c: Candidate): boolean => c.scope === null && isBounded(c);
const totalAny = (c: Candidate): boolean => c.scope === 'total';
const unscopedAny = (c: Candidate): boolean => c.scope === null;

// "15 000 € par place en Île-de-France, et de 10 000 € dans les autres régions": the second sum
// continues the first, so it is a rate per unit too.
const CONTINUATION = /^[^.;:]{0,60}?(?:,|\bet|\bou)\s*(?:de\s+|à\s+)?$/iu;

/** Reads the words around each sum, dropping rates per unit and costs. */
function describeAll(text: string, spans: Array<[number, number]>, mentions: readonly MoneyMention[]): Candidate[] {
  const candidates: Candidate[] = [];
  let previousPerUnit: MoneyMention | null = null;
  let previous: MoneyMention | null = null;
  for (const mention of mentions) {
    const { span } = clauseAt(spans, mention.start);
    const before = text.slice(Math.max(span[0], mention.start - REACH_BEFORE), mention.start);
    const after = text.slice(mention.end, Math.min(Math.max(span[1], mention.end), mention.end + REACH_AFTER));
    const continuesRate = previousPerUnit !== null && previousPerUnit.end >= span[0] && CONTINUATION.test(text.slice(previousPerUnit.end, mention.start));
    if (PER_UNIT.test(after) || continuesRate) {
      previousPerUnit = mention;
      continue;
    }
    previousPerUnit = null;
    if (isExpense(before, after) || EQUATION_AFTER.test(after) || EQUATION_BEFORE.test(before)) continue;
    if (EXAMPLE_LEAD.test(text.slice(span[0], mention.start))) continue;
    // A cue before an earlier sum belongs to that sum: « 5 000 € minimum et 20 000 € maximum ».
    const own = previous === null || previous.end < span[0] ? before : ownWords(text.slice(Math.max(previous.end, mention.start - REACH_BEFORE), mention.start));
    const rest = text.slice(mention.end, Math.max(span[1], mention.end));
    const shared =
      SHARED_AFTER.test(rest) || SHARED_AMONG.test(rest) || PERIOD_BEFORE.test(before) || PERIOD_AFTER.test(after) || (mention.high >= BUDGET_SCALE && BUDGET_BEFORE.test(before));
    const each = EACH_AFTER.test(after) || PRIZE_ENDOWED.test(before);
    const scope = shared ? 'total' : each ? 'project' : (scopeOf(before, ownAfter(after, mention, mentions)) ?? programmeScale(mention));
    candidates.push({ mention, bound: boundOf(own, before, after, mention), scope });
    previous = mention;
  }
  return candidates;
}

/**
 * Tens of millions of euros with nothing saying whose they are (« cofinancé par le FEDER à hauteur de 392 millions
 * d'euros », « 23,5 M€ » in a calendar of calls) are a programme's or a fund's budget: no call gives that much to
 * one association's project.
 */
const PROGRAMME_SCALE = 10_000_000;

function programmeScale(mention: MoneyMention): Scope {
  return mention.high >= PROGRAMME_SCALE ? 'total' : null;
}

/**
 * The words after a sum that may say its scope: when another sum follows, they stop at the first comma, dash or
 * bracket, since what comes after that leads into the next sum (« entre 7 000 et 30 000 euros -, pour un montant global
 * de 900.000 euros »).
 */
function ownAfter(after: string, mention: MoneyMention, mentions: readonly MoneyMention[]): string {
  const next = mentions.find((m) => m.start >= mention.end);
  if (!next || next.start > mention.end + after.length) return after;
  const cut = after.search(/,|\s-|\(/u);
  return cut < 0 ? after : after.slice(0, cut);
}

/** The words between two sums, less the cap or floor word written right after the first (which is the first's). */
function ownWords(between: string): string {
  const head = MAX_AFTER.exec(between) ?? MIN_AFTER.exec(between);
  return head ? between.slice(head[0].length) : between;
}

function isExpense(before: string, after: string): boolean {
  if (GRANT_AFTER.test(after)) return false;
  if (EXPENSE_AFTER.test(after)) return true;
  const expense = lastHit(before, EXPENSE_BEFORE);
  const grant = lastHit(before, GRANT_BEFORE);
  if (expense === null || (grant !== null && grant.distance <= expense.distance)) return false;
  // "80 % des dépenses, au maximum 50 000 €": the expense word belongs to the rate, the sum caps the aid.
  const lead = before.slice(0, before.length - expense.distance - expense.length);
  return !/\d\s*%[\p{L}\s']{0,30}$/u.test(lead);
}

/**
 * A cap or floor word between the previous sum and this one is this sum's; then one right after it (« 20 000 €
 * maximum »); only then one further back, before the previous sum (« plafonnée à 10 000 € ou 15 000 € »).
 */
function boundOf(own: string, before: string, after: string, mention: MoneyMention): Bound {
  if (mention.low < mention.high) return 'range';
  const mine = boundBefore(own);
  if (mine) return mine;
  if (MAX_AFTER.test(after)) return 'max';
  if (MIN_AFTER.test(after)) return 'min';
  return boundBefore(before) ?? 'exact';
}

function boundBefore(before: string): Bound | null {
  const near = before.slice(-BOUND_REACH);
  const max = lastHit(near, MAX_BEFORE);
  const min = lastHit(near, MIN_BEFORE);
  if (max && (!min || max.distance <= min.distance)) return 'max';
  if (min) return 'min';
  return null;
}

/** The nearest scope cue on either side wins. */
function scopeOf(before: string, after: string): Scope {
  const distances: Array<[Scope, number]> = [];
  const projectBefore = lastHit(before, PROJECT_CUE);
  const totalBefore = lastHit(before, TOTAL_CUE);
  const projectAfter = firstHit(after, PROJECT_CUE);
  const totalAfter = firstHit(after, TOTAL_CUE);
  if (projectBefore) distances.push(['project', projectBefore.distance]);
  if (totalBefore) distances.push(['total', totalBefore.distance]);
  if (projectAfter) distances.push(['project', projectAfter.distance]);
  if (totalAfter) distances.push(['total', totalAfter.distance]);
  if (distances.length === 0) return null;
  // On a tie ("enveloppe de 500 000 € de subventions") the envelope wins: it names the sum itself.
  return distances.sort((a, b) => a[1] - b[1] || (a[0] === 'total' ? -1 : 1))[0]![0];
}

// « 1er prix : 1 500 €, 2ème prix : 1 200 €, … bourse de 500 € »: a ladder of prizes, whose winners get from its
// lowest sum to its highest.
const RANKED_PRIZE = /(?<!\p{L})(?:\d+\s*(?:er|e|[èe]me|nd)|premier|deuxi[èe]me|second|troisi[èe]me)\s+prix\s*:?\s*$/iu;

/**
 * One amount from a group of same-rank sums: a range as is, a ladder of prizes from its lowest to its highest sum,
 * else the first floor and first cap.
 */
function combine(group: readonly Candidate[], text: string): Amount {
  const first = group[0]!;
  const scope = first.scope;
  const ranked = group.filter((c) => RANKED_PRIZE.test(text.slice(Math.max(0, c.mention.start - 20), c.mention.start)));
  if (ranked.length >= 2 && group.every((c) => c.bound === 'exact')) {
    return { min: Math.min(...group.map((c) => c.mention.low)), max: Math.max(...group.map((c) => c.mention.high)), currency: 'EUR', scope };
  }
  if (first.bound === 'range') return { min: first.mention.low, max: first.mention.high, currency: 'EUR', scope };
  const floor = group.find((c) => c.bound === 'min');
  const cap = group.find((c) => c.bound === 'max');
  if (floor && cap && floor.mention.low <= cap.mention.high) {
    return { min: floor.mention.low, max: cap.mention.high, currency: 'EUR', scope };
  }
  switch (first.bound) {
    case 'max':
      return { min: null, max: first.mention.high, currency: 'EUR', scope };
    case 'min':
      return { min: first.mention.low, max: null, currency: 'EUR', scope };
    default:
      // An envelope is a ceiling shared between winners: nobody is sure to get any of it, so it has no floor.
      if (scope === 'total') return { min: null, max: first.mention.high, currency: 'EUR', scope };
      return { min: first.mention.low, max: first.mention.high, currency: 'EUR', scope };
  }
}
