// General funds: calls open to any association's operation or project, whatever its field (« Ouverts à toute
// association » in the digest). No keyword can match them, since they name no subject, yet members judge them worth a
// look. Pure: a call's text in, a yes or no out. Strict on purpose: a thematic call that lists associations among
// its eligible bodies is not a general fund, and a member who gets one in this block learns to ignore it.
//
// How funders and their relays write it (the `search` tool's pages corpus, read 2026-12-03):
// - FDVA, operation and innovation strand: « appels à projets "Fonctionnement-innovation" du FDVA », « financer leur
//   fonctionnement ou leurs projets innovants » (2m-consulting.fr/actualites/…fonctionnement-innovation-du-fdva/5396,
//   fcn.fr/Actualite/fiche/id/2252, espace-ace.fr/article/k4_21182773); « FDVA "Fonctionnement et projets innovants" »
//   (sport28.fr/…/fdva); « Fonds de développement de la vie associative – Fonctionnement et innovation », « ouvert à
//   toutes les associations, tous secteurs confondus » (associations.aubervilliers.fr/2018/07/16/…, kit-a-agir.fr/
//   listing/fonds-pour-le-developpement-de-la-vie-associative-fdva-2); since 2022 also « FDVA 2 "Fonctionnement
//   global et nouveaux services" » (ma-source.info/appel-a-candidatures-fdva-2-…), « financement global de
//   l'association – nouveaux services » (ac-montpellier.fr/l-etat-soutient-les-associations-…-124955), « fonctionnement
//   – nouveaux projets » (factuel.info/blog/la-prefete-de-la-haute-saone-…).
// - FDVA's other strand, « formation des bénévoles » (FDVA 1), is NOT fired on: it pays for training days of
//   volunteers (a daily rate, rncap.org/2021/01/30/fdva-formation-…, archive2024.lestetesdelart.fr/besoin-de-former-…),
//   not the association's operation or project, its national call takes only national associations
//   (associatheque.fr/fr/2025/fevrier/…/formation-benevoles-appel-est-lance) and it excludes sport; its texts also
//   name the other strand in passing (« un soutien au fonctionnement et aux projets innovants… Le présent appel répond
//   à la première modalité », rncap.org), hence the check on the title below.
// - Bank foundations: « la fondation Agir en Champagne-Bourgogne du Crédit Agricole aide le milieu associatif »,
//   « Toutes les associations… Tous les domaines sont ouverts : le patrimoine, le sport, la culture… »
//   (francebleu.fr/…/nouvelle-eco-la-fondation-agir-en-champagne-bourgogne-du-credit-agricole-aide-le-milieu-associatif).
//   Most bank calls are thematic though (Caisse d'Épargne CEPAC « biodiversité », projets.cepac.caisse-epargne.fr;
//   Caisse d'Épargne Loire-Centre « dans les quatre domaines suivants », celc.projets-caisse-epargne.fr; Crédit
//   Mutuel Nord Europe « équilibre alimentaire, accès au numérique », lagazettefrance.fr/article/un-appel-a-projets-
//   pour-penser-le-monde-dapres): they name associations as eligible and must not fire.
// - « tous secteurs confondus », « de tous les secteurs » follow « associations » in FDVA texts (espace-ace.fr,
//   associationmodeemploi.fr/article/fdva-la-campagne-2022-a-demarre.74392, factuel.info « associations de tous
//   secteurs »); « quel que soit leur domaine / secteur » is the same promise in other words. « quelle que soit leur
//   envergure territoriale » (ma-source.info) is about size, not field, and says nothing alone.
// - Results: « FDVA 2 "Fonctionnement global et nouveaux projets" : les résultats », « Retrouvez les résultats de la
//   campagne » (ac-montpellier.fr/fdva-2-fonctionnement-global-et-nouveaux-services-les-resultats-122195); « 37 projets
//   se partagent une dotation », « 37 lauréats » (lagazettefrance.fr/article/37-projets-se-partagent-…); « récompense 46
//   associations » (occitanie-tribune.com/articles/42410/…).
import type { Call } from '../calls/types.js';
import { councilsOnly } from './audience.js';

/**
 * How far into a call's text (after its title) its audience is read, in characters: the summary's first sentences,
 * or the body's when the summary is short. Further on, a thematic call's text names the FDVA as a co-funder or the
 * « vie associative » in passing.
 */
const GENERAL_HEAD_CHARS = 400;

type GeneralText = Pick<Call, 'title' | 'summary' | 'body'>;

/** The FDVA by its acronym or its name (« pour le », « de », « du » développement: relays write all three). */
const FDVA = /(?<![\p{L}\p{N}])fdva(?![\p{L}])|fonds (?:pour le |de |du )d[ée]veloppement de la vie associative/iu;

/**
 * The FDVA's operation and innovation strand as its texts name it. Not a bare « fonctionnement »: FDVA 1 texts speak
 * of « une formation technique liée à l'activité ou au fonctionnement de l'association ».
 */
const FDVA_OPERATION =
  /fonctionnement[\s«»"“”'’-]*(?:et|ou|-|–)?[\s«»"“”]*(?:(?:aux |des |les |de |leurs )?(?:projets|actions) (?:nouveaux ou )?)?innova|projets? (?:nouveaux ou )?innovants?|nouveaux projets|nouveaux services|fonctionnement global|financement global|soutien au fonctionnement|(?<![\p{L}\p{N}])fdva ?2(?![\p{N}])/iu;

/** A title announcing only the volunteers' training strand (FDVA 1). */
const FDVA_TRAINING = /formation des b[ée]n[ée]voles|(?<![\p{L}\p{N}])fdva ?1(?![\p{N}])|fdva formation/iu;

/** News of results rather than a call: its title, or its opening, says who got the money. */
const RESULTS_TITLE = /(?<![\p{L}])(?:r[ée]sultats?|laur[ée]at(?:e|s|es)?|palmar[eè]s|remise des prix)(?![\p{L}])|se partagent|ont b[ée]n[ée]fici[ée]|r[ée]compense/iu;
const RESULTS_HEAD =
  /(?:les |des )r[ée]sultats de (?:la campagne|l['’]appel)|liste des (?:associations|projets|demandes|laur[ée]ats)[^.]{0,40}(?:retenu|soutenu|subventionn|attribu|s[ée]lectionn)|ont [ée]t[ée] (?:retenu|s[ée]lectionn|prim|r[ée]compens)/iu;

/** Wording saying the fund takes any association's operation or project, whatever its field. */
const ANY_FIELD: readonly RegExp[] = [
  // « quel que soit leur domaine d'activité », « quels que soient leurs secteurs », « quel que soit le domaine »
  /quel(?:le)?s? que soi(?:en)?t (?:leurs?|son|sa|ses|le|la|les) (?:domaines?|secteurs?|champs?|th[ée]matiques?|objets?)(?![\p{L}])/iu,
  // « tous secteurs confondus », « tous les domaines sont ouverts »; not a bare « dans tous les domaines », which a
  // thematic text writes of its own subject (« le numérique touche tous les domaines »)
  /(?<![\p{L}])tou(?:s|tes) (?:les )?(?:domaines|secteurs|th[ée]matiques)(?: d['’]activit[ée]s?| d['’]intervention)? (?:confondu(?:e?s)?|sont ouverts)/iu,
  // « les associations de tous les secteurs », « associations locales de tous secteurs »
  /associations (?:[\p{L}-]+ )?de tous (?:les )?(?:secteurs|domaines)(?![\p{L}])/iu,
];

/**
 * Generic phrases that stay generic only when nothing naming a field follows them (GENERIC_TAIL): « soutien au
 * fonctionnement des associations sportives », « le milieu associatif culturel », « projets associatifs d'intérêt
 * général en faveur de la jeunesse » are thematic.
 */
const GENERIC_PHRASES: readonly RegExp[] = [
  // « soutien au fonctionnement des associations », « aide au fonctionnement global des petites associations »
  /(?:soutien|aide|contribu\p{L}*) (?:financi[eè]re? )?au fonctionnement (?:global )?des (?:petites |jeunes )?associations/giu,
  // « soutient le milieu associatif », « aide le monde associatif »
  /(?:soutien[st]?|soutenir|aide(?:r|nt)?|accompagne(?:r|nt)?) (?:financi[eè]rement )?le (?:milieu|monde) associatif/giu,
  /projets associatifs d['’]int[ée]r[êe]t g[ée]n[ée]ral/giu,
];

// What may follow a generic phrase: a place (« du Var », « de la région », « locales »), then the phrase's end. Read
// case-sensitively (a place is capitalised; JavaScript's /iu makes \p{Lu} match any letter).
const PLACE_NOUN = String.raw`(?:territoire|d[ée]partement|r[ée]gion|commune|ville|agglom[ée]ration|m[ée]tropole|bassin|pays)s?`;
const PLACE = String.raw`(?:\s+(?:locales?|de proximit[ée]|r[ée]gionales?|d[ée]partementales?|(?:du|de la|de l['’]|de son|de leur|de notre|des) ?(?:${PLACE_NOUN}|\p{Lu}[\p{L}'’-]*)(?:[\s-]\p{Lu}[\p{L}'’-]*)*))?`;
// « en Bretagne », « dans le département », « sur son territoire »: a place, never « en faveur de », « dans le domaine ».
const AT_PLACE = String.raw`(?:en|dans|sur)\s+(?:\p{Lu}|(?:le|la|les|l['’]|son|sa|ses|leurs?|notre|nos|votre|vos)\s*${PLACE_NOUN})`;
// « … et à leurs projets », « et aux actions. », never « et clubs sportifs » nor « et aux projets culturels »; nor a
// « qui … » clause, which says what the associations must do (« qui agissent pour l'inclusion numérique »).
const AND_PROJECTS = String.raw`et\s+(?:à\s+|aux\s+)?(?:leurs\s+|des\s+|les\s+|de\s+nouveaux\s+)?(?:projets|actions|activit[ée]s|initiatives)(?=\s*(?:[,.;:()«»!?–—]|$))`;
const GENERIC_TAIL = new RegExp(String.raw`^${PLACE}(?=\s*(?:[,.;:()«»!?–—]|\s-\s|quel|de tou|${AT_PLACE}|${AND_PROJECTS}|$))`, 'u');

function hasGenericPhrase(text: string): boolean {
  for (const phrase of GENERIC_PHRASES) {
    for (const match of text.matchAll(phrase)) {
      if (GENERIC_TAIL.test(text.slice(match.index + match[0].length))) return true;
    }
  }
  return false;
}

/** The field-free wording must sit beside associations: « tous secteurs » alone may be about companies. */
const ASSOCIATIONS = /associati/iu;

/** The text's start after its title: the summary, then the body, to GENERAL_HEAD_CHARS in all. */
function headOf(call: GeneralText): string {
  const summary = call.summary.trim();
  if (summary.length >= GENERAL_HEAD_CHARS) return summary.slice(0, GENERAL_HEAD_CHARS);
  return `${summary} ${call.body.slice(0, GENERAL_HEAD_CHARS - summary.length - 1)}`.trim();
}

function isResults(title: string, head: string): boolean {
  return RESULTS_TITLE.test(title) || RESULTS_HEAD.test(head);
}

/** The FDVA's operation and innovation strand, not its volunteers' training strand alone. */
function isFdvaOperation(title: string, head: string): boolean {
  if (!FDVA.test(title) && !FDVA.test(head)) return false;
  if (FDVA_OPERATION.test(title)) return true;
  // A title on training only: the other strand in its text is a reminder that it exists.
  if (FDVA_TRAINING.test(title)) return false;
  return FDVA_OPERATION.test(head);
}

function saysAnyField(text: string): boolean {
  return ASSOCIATIONS.test(text) && (ANY_FIELD.some((pattern) => pattern.test(text)) || hasGenericPhrase(text));
}

/**
 * Whether a call is a general fund open to any association: the FDVA's operation and innovation strand, or a title or
 * opening that says so in words (any field, the associations' operation, « le milieu associatif »). Never news of
 * results, nor a call for local councils only.
 */
export function isOpenToAnyAssociation(call: GeneralText): boolean {
  const head = headOf(call);
  if (isResults(call.title, head)) return false;
  if (councilsOnly(call)) return false;
  if (isFdvaOperation(call.title, head)) return true;
  return saysAnyField(call.title) || saysAnyField(`${call.title} ${head}`);
}
