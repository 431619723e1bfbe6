// The network's trade: its members are digital-inclusion associations, and a project whose description says it helps
// people use digital tools is a digital-mediation project, whatever field its keywords name (prisons, school
// software, literacy, AI). Calls for digital inclusion in general (« appel à projets Inclusion numérique »,
// « solidarité numérique ») fund such projects. Pure: a profile's name and description in, a yes or no out.
//
// How members and the network's own vocabulary write it: the thesaurus's narrower terms of « inclusion numérique »
// (synonyms.yaml) are uses taught or helped with: « accompagnement aux usages numériques », « prise en main d'un
// ordinateur », « initiation au numérique », « aide aux démarches en ligne », « éloignés du numérique », « atelier
// numérique », « point numérique », « espace public numérique »; members' descriptions say « aider à se servir du
// téléphone et de l'ordinateur », « utiliser ChatGPT », « se débrouiller avec le numérique », « prendre rendez-vous
// en ligne ». A project that makes digital things (« ateliers de fabrication numérique », « création numérique »),
// repairs or collects them (« collecte des ordinateurs », « reconditionnement informatique »), or fights what
// happens online (« violences en ligne », « arnaques en ligne ») is not a mediation project, and general digital
// inclusion calls are not its calls.

/** A digital tool or the digital world, as a thing people learn to use. */
const DIGITAL = String.raw`(?:l['’]|d['’])?(?:num[ée]rique|ordinateurs?|t[ée]l[ée]phones?(?: portables?)?|smartphones?|tablettes?|internet|informatique|outils? num[ée]riques?|services? en ligne|(?:adresse )?mails?|e-mails?|chatgpt|ia|intelligences? artificielles?|logiciels?)`;

/** Up to three words between the verb and the tool: « utiliser le téléphone », « se connecter et à utiliser internet ». */
const GAP = String.raw`(?:[\p{L}'’-]+ ){0,3}?`;

/** Learning or being helped to use digital tools. */
const USE = new RegExp(
  String.raw`(?<![\p{L}])(?:utiliser|se servir d[eu]s?|se d[ée]brouiller avec|se connecter|usages? d[eu]s?|prendre en main|prise en main d[eu]s?|initi(?:er|ation) (?:à|au|aux)|apprendre (?:à|le|la|les)|difficult[ée]s? avec|[ée]loign[ée]e?s? d[eu]s?) ${GAP}${DIGITAL}(?![\p{L}])`,
  'iu',
);

/** Procedures done online with help: « démarches administratives en ligne », « prendre rendez-vous en ligne ». */
const ONLINE = /(?<![\p{L}])(?:d[ée]marches?|rendez-vous|inscriptions?|demandes?|d[ée]clarations?|scolarit[ée])(?: [\p{L}'’-]+){0,5} en ligne(?![\p{L}])/iu;

/** The trade named by its places and workers. */
const MEDIATION =
  /(?<![\p{L}])(?:ateliers? (?:num[ée]riques?|informatiques?)|point num[ée]rique|espace (?:public )?num[ée]rique|m[ée]diation num[ée]rique|inclusion num[ée]rique|aidants? num[ée]riques?|conseill[eè]re?s? num[ée]riques?|m[ée]diat(?:eur|rice)s? num[ée]riques?)(?![\p{L}])/iu;

/** Whether a profile's own words (its name and description) say it helps people use digital tools. */
export function isDigitalMediation(name: string, description: string): boolean {
  const text = `${name}. ${description}`;
  return USE.test(text) || ONLINE.test(text) || MEDIATION.test(text);
}

/** The concept whose calls a digital-mediation project gets (synonyms.yaml): the network's trade. */
export const TRADE_CONCEPT = 'inclusion numérique';
