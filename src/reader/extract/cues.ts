// The words French funders put around a date or an amount, gathered in one place so the
// extractors read as rules rather than as regular expressions.

/** A pattern that matches whole words only ("entre" is not in "centre", "loi" not in "emploi"). */
function wholeWords(alternatives: string): RegExp {
  return new RegExp(`(?<!\\p{L})(?:${alternatives})(?!\\p{L})`, 'iu');
}

// Labels that make the next date a deadline whatever the sentence is about.
export const STRONG_DEADLINE_CUE = wholeWords(
  [
    "dates?[- ]limites?",
    // « (clôturé depuis le 20/01/2024) »: the day it closed, though « depuis » alone dates something past.
    'cl[ôo]tur\\p{L}*(?:\\s+depuis\\s+le)?',
    'clos(?:e|es)?\\s+(?:depuis\\s+)?le',
    '[ée]ch[ée]ances?',
    'deadline',
    'dates? butoirs?',
    'dates? de (?:retour|rendu|remise|d[ée]p[ôo]t|r[ée]ception)',
    'dernier jour',
    'prochaine?s? (?:session|campagne|vague|rel[èe]ve|[ée]ch[ée]ance|date|lev[ée]e|comit[ée] de s[ée]lection pour les dossiers d[ée]pos[ée]s avant)',
    'dernier d[ée]lai',
    "limite (?:de |d')?(?:d[ée]p[ôo]t|r[ée]ception|remise|envoi|candidature|inscription|soumission|transmission)",
    "(?:d[ée]p[ôo]ts?|remises?|r[ée]ceptions?|retours?|envois?|transmissions?|soumissions?)\\s+(?:des|du|de votre|de vos|d'un|d'une|de la|de|en ligne des?)\\s*(?:dossiers?|candidatures?|projets?|demandes?|offres?|propositions?|r[ée]ponses?|pr[ée]-?projets?|lettres? d'intention|fiches?)",
    "fin (?:de l'appel|des candidatures|des d[ée]p[ôo]ts|du d[ée]p[ôo]t|de d[ée]p[ôo]t|de l'ami|de l'aap|de la campagne|des inscriptions)",
    'date de fin',
    'fermeture',
    // « Première campagne - 31 mars 2016 Seconde campagne - 30 juin 2016 »: FSE calls count their rounds as campaigns.
    '(?:\\d+\\s*(?:[èe]re|[èe]me|e|er|nde?)|premi[èe]re|deuxi[èe]me|seconde|troisi[èe]me|derni[èe]re|quatri[èe]me)\\s+(?:vague|session|campagne|lev[ée]e|rel[èe]ve|p[ée]riode de d[ée]p[ôo]t)',
    'vagues?',
    'rel[èe]ves?',
    'relev[ée]s? des (?:candidatures|dossiers|projets)',
    'sessions? de d[ée]p[ôo]t',
    // « Deux sessions : 15 mars et 30 septembre 2027 », « Sessions : … », « Session 2 : 15 mai »: a call's rounds,
    // counted, numbered or in the plural, listed under a colon are its closing days, as « vagues » are. A single
    // « session : 12 mars » is as often a training day, and « session d'information : » has no colon right after.
    '(?:(?:deux|trois|quatre|\\d+)\\s+sessions?|sessions?\\s+\\d+|sessions)(?:\\s+(?:annuelles|par an|en 20\\d\\d))?\\s*:',
    'fix[ée]e?s? au',
    "(?:report[ée]e?s?|prolong[ée]e?s?|repouss[ée]e?s?|d[ée]cal[ée]e?s?) (?:au|jusqu'au|[àa] la date du)",
    'candidatures? (?:jusqu|avant|au plus tard)',
    // « Les dossiers sont à déposer le 1er mars et le 1er octobre »: the day set for sending.
    "[àa] (?:d[ée]poser|envoyer|transmettre|remettre|adresser|retourner)(?: au plus tard)?(?: avant)? le",
    "pour candidater",
    'inscriptions? (?:jusqu|avant)',
    // « Le dispositif prend fin le 15/01/2027 », « l'appel se termine le … »: the call (not a project) ends that day.
    "(?:dispositif|appel(?: [àa] (?:projets?|candidatures?))?|AAP|AMI|campagne|candidatures) (?:prend(?:ra)? fin|se termine(?:ra)?|s'ach[èe]ve(?:ra)?)",
  ].join('|'),
);

// Prepositions that make a date a limit, but only when the sentence is about applying.
// « Au-delà du 6 mars, il sera impossible de déposer »: the last day, said from the other side.
export const WEAK_DEADLINE_CUE = /(?<!\p{L})(?:avant le|au-del[àa] du|avant la date du|avant(?= (?:fin|mi)\b)|au plus tard|jusqu'au|jusqu'à(?: la date du)?|d'ici (?:le|au)|pour le|le cachet de la poste faisant foi)(?!\p{L})/iu;

// Dates that are about something else: publication, law, events, the start of a window.
export const NOT_DEADLINE_CUE = wholeWords(
  [
    'publi[ée]e?s?',
    'publication',
    'mis(?:e|es)? [àa] jour',
    'mise [àa] jour',
    'modifi[ée]e?s?(?: le)?',
    'actualis[ée]e?s?',
    'cr[ée][ée]e?s?(?: le)?',
    'en ligne depuis',
    'post[ée]e? le',
    'paru(?:e|tion)?',
    'lois?',
    'd[ée]crets?',
    'arr[êe]t[ée]s?',
    'ordonnances?',
    'd[ée]lib[ée]rations?',
    'circulaires?',
    'directives?',
    'r[èe]glements?',
    'instructions?',
    'conventions? (?:sign[ée]e?s?|du)',
    'depuis',
    "[àa] partir du",
    "[àa] compter du",
    'd[èe]s le',
    'ouvertures?',
    'ouvert(?:e|s|es)?(?: le| du| [àa] partir)',
    'lancement',
    'entre le',
    'entre',
    'jurys?',
    'comit[ée]s?',
    'commissions?',
    'r[ée]sultats?',
    'annonces?',
    'notifications?',
    'webinaires?',
    'webinars?',
    'r[ée]unions?',
    'ateliers?',
    "sessions? d'information",
    'journ[ée]es? d\'information',
    'd[ée]marrage',
    'd[ée]but',
    'signature',
    'n[ée]e? le',
    // "lancé le 3 mars", "validé par la Région le 12 octobre 2018": a past act, dated.
    "(?:lanc|sign|vot|adopt|valid|approuv|inaugur|organis|pr[ée]sent|tenu)[ée]?e?s?(?: par [^,;.]{1,60})? (?:le|en date du)",
    'du code',
  ].join('|'),
);

// Words that say a sentence is about applying (so "avant le" is a deadline)...
export const SUBMISSION_WORD =
  /(?<!\p{L})(?:candidat|r[ée]ouverture|t[ée]l[ée]services?|dossier|d[ée]p[ôo]s|d[ée]poser|d[ée]p[ôo]t|r[ée]pon|soumettre|soumis|transmettre|transmis|envoy|adress|remettre|remis|inscri|postuler|proposition|demande|saisi|plateforme|formulaire)/iu;
// ...or about carrying the project out, paying, or who is eligible ("associations créées avant le…"),
// so "avant le" is not the call's deadline.
export const EXECUTION_WORD =
  /(?<!\p{L})(?:r[ée]alis|d[ée]roul|achev|termin|engag|d[ée]penses?|travaux|mise en (?:œ|oe)uvre|ex[ée]cut|factur|justificati|payable|paiement|vers[ée]|versement|d[ée]marr|commenc|livr|mis en service|op[ée]rationnel|dur[ée]e|cr[ée]{2}|d[ée]clar[ée]|immatricul|constitu[ée]|agr[ée]{2}|labellis|recrut|embauch|sign[ée]|acquis|achet|install|n[ée]e?s? (?:avant|apr[èe]s))/iu;

// Past events and the like: a date in such a sentence, with no cue, is not a deadline.
// "initialement fixée au 15 mars": a date that has been replaced.
export const SUPERSEDED = /(?:initialement|pr[ée]c[ée]demment|anciennement|d'abord)\s+(?:pr[ée]vue?s?|fix[ée]e?s?|programm[ée]e?s?|annonc[ée]e?s?)\s*(?:au|le|pour le)?\s*$/iu;

// « transmission de l'appel à projets aux Préfets », « diffusion de l'appel »: dates of the call going round the
// administration, not of applications (PDF text often loses the apostrophe: « l appel »).
export const EVENT_WORD =
  /(?<!\p{L})(?:(?:transmission|diffusion|envoi)\s+de\s+l['\s]?appel|lanc[ée]|valid[ée]|sign[ée]|adopt[ée]|organis[ée]|a eu lieu|s'est tenu|depuis|cr[ée][ée]|fond[ée]|vot[ée]|approuv[ée]|inaugur|a [ée]t[ée]|ont [ée]t[ée]|annonc[ée]|r[ée]uni)/iu;

// Text that reads like a call for applications (for a lone date with no cue).
export const CALL_WORD =
  /(?<!\p{L})(?:appel [àa] (?:projets?|candidatures?|manifestation|propositions?|initiatives?)|\bAAP\b|\bAMI\b|candidat|d[ée]p[ôo]t|dossiers?)/iu;

// Words after which a date is when applications open: « ouverture des candidatures le », « date d'ouverture : »,
// « ouvert à partir du », « dépôt possible dès le », « lancement de l'appel le ». Not « à partir du » alone, which as
// often dates a project's start or an eligibility rule.
export const OPENING_CUE = wholeWords(
  [
    "(?:date\\s+d')?ouvertures?(?:\\s+(?:de\\s+l'appel|des\\s+candidatures|du\\s+d[ée]p[ôo]t|des\\s+d[ée]p[ôo]ts|de\\s+la\\s+plateforme|des\\s+inscriptions|de\\s+la\\s+campagne|de\\s+la\\s+session|des\\s+dossiers|du\\s+guichet|de\\s+l'AAP|de\\s+l'AMI|du\\s+dispositif)[^.;:\\d]{0,40})?",
    "ouvert(?:e|s|es)?\\s+(?:aux\\s+candidatures\\s+)?(?:le|du|d[èe]s\\s+le|[àa]\\s+partir\\s+du|[àa]\\s+compter\\s+du)",
    "(?:d[ée]p[ôo]ts?|candidatures?|inscriptions?)\\s+(?:possibles?\\s+|ouvertes?\\s+|accept[ée]e?s?\\s+)?(?:[àa]\\s+partir\\s+du|d[èe]s\\s+le|[àa]\\s+compter\\s+du)",
    // « Les associations doivent déposer leurs dossiers à compter de mi-février »
    "d[ée]poser\\s+(?:leurs|les|vos|ses|son|sa|votre)\\s+(?:dossiers?|candidatures?|demandes?)\\s+(?:[àa]\\s+partir|[àa]\\s+compter)\\s+d[eu]",
    "lancement\\s+(?:de\\s+l'appel|de\\s+l'AAP|de\\s+l'AMI|des\\s+candidatures|de\\s+la\\s+campagne)",
    'd[ée]but\\s+(?:des\\s+candidatures|des\\s+d[ée]p[ôo]ts|du\\s+d[ée]p[ôo]t|des\\s+inscriptions)',
    // « Date de lancement : 17 février 2022 Date de clôture : 15 avril 2022 »: a call's calendar heading.
    'date\\s+de\\s+lancement',
    // The EU's Funding & Tenders portal: « Opening date: 15 November 2026 Deadline date: 12 March 2027 ».
    'opening(?:\\s+date)?',
  ].join('|'),
);
