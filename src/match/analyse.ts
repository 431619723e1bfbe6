// French text analysis shared by calls, profile keywords, exclusions and synonyms: whatever goes through here
// on one side meets whatever goes through here on the other.
import { createRequire } from 'node:module';

interface Stemmer {
  stem(word: string): string;
}
interface SnowballFactory {
  newStemmer(language: string): Stemmer;
}

// snowball-stemmers is CommonJS without types; one French stemmer per process is enough.
const snowball = createRequire(import.meta.url)('snowball-stemmers') as SnowballFactory;
const frenchStemmer = snowball.newStemmer('french');

/**
 * French stop words (Snowball's list plus common funding-prose glue), written accent-folded because they are
 * compared after folding. Elided forms (l', d', qu', jusqu'...) are here too: the tokenizer splits on the
 * apostrophe, so `l'inclusion` becomes `l` + `inclusion` and `l` is dropped.
 *
 * Not « sans » nor « ni », though Snowball lists them: funders name the publics of social action by what they lack
 * (« personnes sans domicile », « sans-abri », « personnes sans emploi », « jeunes sans diplôme ni qualification »,
 * « jeunes ni en emploi ni en formation »). Dropped, the negation turned these into their opposite or into a common
 * word: « personnes sans domicile » read as « aide aux personnes à domicile », « sans-abri » as any « abri »,
 * « jeunes sans diplôme » as « jeunes diplômés ».
 */
const STOP_WORDS = new Set(
  `a ai aie aient aies ait afin ainsi alors as au aucun aucune aupres aura aurai auraient aurais aurait auras aurez
   auriez aurions aurons auront aussi autre autres aux avaient avais avait avec avez aviez avions avoir avons ayant
   ayez ayons c ca ce ceci cela celle celles celui cependant ces cet cette ceux chaque chez ci d dans de depuis des
   dont du elle elles en encore entre es est et etaient etais etait etant etat ete etee etees etes etiez etions etre
   eu eue eues eumes eurent eus eusse eussent eusses eussiez eussions eut eutes eux furent fus fusse fussent fusses
   fussiez fussions fut futes ici il ils j je jusqu l la le les leur leurs lors lorsqu lui m ma mais me meme memes
   mes moi mon n ne nos notre nous on ont ou par pas peu peut peuvent plus pour pourra puisqu qu quand que quel
   quelle quelles quelqu quels qui quoi quoiqu s sa se sera serai seraient serais serait seras serez seriez
   serions serons seront ses si soi soient sois soit sommes son sont soyez soyons suis sur t ta te tel telle telles
   tels tes toi ton tous tout toute toutes tres tu un une unes uns vers via vos votre vous y`.split(/\s+/),
);

const MAX_STEM_CACHE = 200_000;
const stemCache = new Map<string, string>();

/** Lower-case and strip accents (é → e, œ → oe): the form every comparison is made on. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/** Whether a folded word is a stop word (elisions included). */
export function isStopWord(folded: string): boolean {
  return STOP_WORDS.has(folded);
}

/**
 * Words Snowball cuts down to the stem of an unrelated word that funders' texts use all the time: « aînés » to
 * « ain » (the Ain département, in every one of its calls), « répit » to « rep » (« repas »), « retraités » to
 * « retrait » (« retrait des dossiers »), « musée » to « mus », « danse » to « dan ». Each gets a stem of its own,
 * shared with its inflections (folded form → stem).
 *
 * Snowball also reads some nouns as verb forms, so their singular loses the ending their plural keeps: « conseiller »
 * becomes « conseil » (the council) while « conseillers » stays whole, « foyer » and « loyer » become « foi » and
 * « loi », « haut débit » and « petit » lose their last letters, « connexions » becomes « conne ». Present
 * participles used as nouns go to their verb: « aidants » to « aid » (every « aide » of every call), « étudiants »
 * to « étudier ». « coopérative » (a legal form) meets « coopération » (between communes). These nouns, common in
 * calls, get one stem for singular and plural. Changing this list changes tokens: bump ANALYSER_VERSION.
 */
const STEM_OVERRIDES = new Map<string, string>([
  ...inflections('aine', ['aine', 'aines', 'ainee', 'ainees']),
  ...inflections('repit', ['repit', 'repits']),
  ...inflections('retraite', ['retraite', 'retraites', 'retraitee', 'retraitees']),
  ...inflections('musee', ['musee', 'musees']),
  ...inflections('danse', ['danse', 'danses']),
  ...inflections('conseiller', ['conseiller', 'conseillers', 'conseillere', 'conseilleres']),
  ...inflections('foyer', ['foyer', 'foyers']),
  ...inflections('loyer', ['loyer', 'loyers']),
  ...inflections('usager', ['usager', 'usagers', 'usagere', 'usageres']),
  ...inflections('potager', ['potager', 'potagers', 'potagere', 'potageres']),
  ...inflections('etranger', ['etranger', 'etrangers', 'etrangere', 'etrangeres']),
  ...inflections('danger', ['danger', 'dangers']),
  ...inflections('forfait', ['forfait', 'forfaits']),
  ...inflections('debit', ['debit', 'debits']),
  ...inflections('credit', ['credit', 'credits']),
  ...inflections('petit', ['petit', 'petits', 'petite', 'petites']),
  ...inflections('connexion', ['connexion', 'connexions']),
  ...inflections('opinion', ['opinion', 'opinions']),
  ...inflections('aidant', ['aidant', 'aidants', 'aidante', 'aidantes']),
  ...inflections('etudiant', ['etudiant', 'etudiants', 'etudiante', 'etudiantes']),
  ...inflections('cooperatif', ['cooperative', 'cooperatives', 'cooperatif', 'cooperatifs']),
  // Nouns Snowball cuts to their verb's stem, which funders' prose uses everywhere: « programme LEADER » is not the
  // coding a member means by « programmation », nor « s'engager à » the « engagement » of young volunteers.
  ...inflections('programmation', ['programmation', 'programmations']),
  ...inflections('engagement', ['engagement', 'engagements']),
  // The verb « alimenter » is funders' word for money flowing in (« un fonds alimenté par les dons », « alimenter la
  // réflexion »); Snowball gives it the stem of « alimentation », the food a social grocery or a health call is about.
  ...inflections('alimenter', [
    ...['alimenter', 'alimente', 'alimentes', 'alimentee', 'alimentees', 'alimentent', 'alimentant'],
    ...['alimentait', 'alimentaient', 'alimentera', 'alimenteront', 'alimenterait'],
  ]),
]);

function inflections(stem: string, folded: string[]): [string, string][] {
  return folded.map((word) => [word, stem]);
}

/** Version of what analyse() gives: stored corpus statistics made by another version are rebuilt. */
export const ANALYSER_VERSION = 7;

/**
 * The analysed form of one lower-cased word (stop words included): Snowball French stem (it wants accents), then folded, then a
 * trailing plural s/x removed because Snowball leaves `emplois`, `lieux`, `jeux` apart from their singular.
 */
export function stemWord(lower: string): string {
  const override = STEM_OVERRIDES.get(fold(lower));
  if (override !== undefined) return override;
  return withoutPlural(fold(frenchStemmer.stem(lower)));
}

/** A folded word or stem without the trailing plural s/x that Snowball leaves (`emplois`, `lieux`, `jeux`). */
export function withoutPlural(folded: string): string {
  return folded.length >= 4 && /[^s][sx]$/.test(folded) ? folded.slice(0, -1) : folded;
}

/** The analysed token of one lower-cased word, or '' for a stop word. */
function analyseWord(lower: string): string {
  const cached = stemCache.get(lower);
  if (cached !== undefined) return cached;
  return remember(lower, isStopWord(fold(lower)) ? '' : stemWord(lower));
}

function remember(lower: string, token: string): string {
  if (stemCache.size >= MAX_STEM_CACHE) stemCache.clear();
  stemCache.set(lower, token);
  return token;
}

// Letters and digits make words; hyphens, apostrophes (' and ’), dots and spaces all separate them, so
// `tiers-lieux`, `tiers lieux` and `tiers‑lieux` give the same two adjacent tokens.
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** Per BMP code unit: 0 not yet classified, 1 part of a word, 2 separator (filled lazily from WORD_CHAR). */
const charClass = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) charClass[c] = (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 2;

function isWordUnit(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  let kind = charClass[code]!;
  if (kind === 0) {
    // Surrogates are classified per code point, never cached: astral letters are rare in funders' prose.
    if (code >= 0xd800 && code <= 0xdfff) return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(code <= 0xdbff ? i : i - 1)!));
    charClass[code] = kind = WORD_CHAR.test(text[i]!) ? 1 : 2;
  }
  return kind === 1;
}

/**
 * « été » is a stop word as the participle (« a été lancé »), the season after an article or a preposition: « Quartiers
 * d'été », « colonies d'été », « université d'été », « cet été », « en été ». Dropped there, « Quartiers d'été » (the
 * State's summer programme in priority neighbourhoods) read as any call on « quartiers ».
 */
const SUMMER = 'ete';
const SEASON_LEADS = new Set(['d', 'l', 'cet', 'en']);
function isSummer(word: string, previous: string): boolean {
  return (word === 'été' || word === 'ete' || word === 'étés') && SEASON_LEADS.has(previous);
}

/**
 * Analysed tokens of a text, in order: stop words removed (positions close up over them, so a phrase
 * `éducation aux médias` also meets `éducation des médias`), every other word stemmed. A hand-written scan:
 * a Unicode regex iterator costs twice as much, and a full run analyses every call.
 */
export function analyse(text: string): string[] {
  return analyseWithWords(text).tokens;
}

/** analyse, with the lower-cased word each token comes from (to show a word, not a stem). */
export function analyseWithWords(text: string, keepWords = false): { tokens: string[]; words: string[] } {
  const tokens: string[] = [];
  const words: string[] = [];
  const lower = text.normalize('NFC').toLowerCase();
  const length = lower.length;
  let start = -1;
  let previous = '';
  for (let i = 0; i <= length; i++) {
    if (i < length && isWordUnit(lower, i)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      const word = lower.slice(start, i);
      const token = isSummer(word, previous) ? SUMMER : analyseWord(word);
      previous = word;
      if (token !== '') {
        tokens.push(token);
        if (keepWords) words.push(word);
      }
      start = -1;
    }
  }
  return { tokens, words };
}
