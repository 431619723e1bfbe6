import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/match/analyse.js';
import { compileProfile, computeStats, analyseCall, scoreAnalysed } from '../../src/match/score.js';
import { exceptionsOf, formatSynonymsIssue, formatSynonymsWarning, parseSynonymsText, relatedOf, synonymsOf } from '../../src/match/synonyms.js';
import { projectRoot } from '../../src/paths.js';
import { call, filler, profile } from './helpers.js';

describe('synonyms.yaml', () => {
  it('the shipped file is valid and links the domain equivalences', () => {
    const { table, issues } = parseSynonymsText(readFileSync(join(projectRoot, 'synonyms.yaml'), 'utf8'), 'synonyms.yaml');
    expect(issues.map(formatSynonymsIssue)).toEqual([]);
    const others = synonymsOf(table, analyse('inclusion numérique')).map((s) => s.text);
    expect(others).toEqual(expect.arrayContaining(['médiation numérique', 'e-inclusion']));
    // « fracture numérique » also names a lack of broadband: related, not equivalent (it never sends a call alone).
    expect(relatedOf(table, analyse('inclusion numérique')).find((r) => r.text === 'fracture numérique')?.relation).toBe('related');
    expect(table.concepts.length).toBeGreaterThanOrEqual(150);
    expect(synonymsOf(table, analyse('Tiers-Lieux')).map((s) => s.text)).toContain('fabrique de territoire');
  });

  it('the shipped file types its relations as funders use the words (a broader word is never an equivalent)', () => {
    const { table } = parseSynonymsText(readFileSync(join(projectRoot, 'synonyms.yaml'), 'utf8'), 'synonyms.yaml');
    const relation = (term: string, form: string) => relatedOf(table, analyse(term)).find((r) => r.tokens.join(' ') === analyse(form).join(' '))?.relation;
    // Kinds of the concept: DRAC calls describe EAC as médiation; administrations' reformed IT is given for réemploi.
    expect(relation('médiation culturelle', 'éducation artistique et culturelle')).toBe('narrower');
    expect(relation('réemploi', 'matériel informatique réformé')).toBe('narrower');
    expect(relation('insertion professionnelle', 'intégration durable sur le marché du travail')).toBe('equivalent');
    // Broader words count little and never send a call alone: food in general, every contrat de ville's « cohésion
    // sociale » pillar, any radio, a town-centre programme that is not only rural.
    expect(relation('alimentation durable', 'alimentation')).toBe('related');
    expect(relation('lien social', 'cohésion sociale')).toBe('related');
    expect(relation('radio associative', 'radio')).toBe('related');
    expect(relation('milieu rural', 'petites villes de demain')).toBe('related');
    // Words of other trades: hiking tourism, digitised archives, thermal insulation.
    const except = (term: string) => exceptionsOf(table, analyse(term)).map((e) => e.join(' '));
    expect(except('itinérance')).toContain(analyse('itinérance douce').join(' '));
    expect(except('numérisation')).toContain(analyse('numérisation des archives').join(' '));
    expect(except('alimentation')).toContain(analyse('alimentation en eau potable').join(' '));
    // « aide » is in most calls: no concept may hand it to a member who wrote « proches aidants » (« aidants » has its own stem).
    expect(relatedOf(table, analyse('proches aidants')).map((r) => r.tokens.join(' '))).not.toContain('aid');
    expect(relatedOf(table, analyse('aidants familiaux')).map((r) => r.tokens.join(' '))).not.toContain('aid');
  });

  it('the shipped file puts no expression whose sense rests on the small words the analysis drops in another concept', () => {
    const { table } = parseSynonymsText(readFileSync(join(projectRoot, 'synonyms.yaml'), 'utf8'), 'synonyms.yaml');
    const related = (term: string) => relatedOf(table, analyse(term)).map((r) => r.text);
    // « numérique accessible à tous » reads « numérique accessible »: the accessibility of sites to disabled people.
    expect(synonymsOf(table, analyse('numérique accessible')).map((s) => s.text)).toContain('RGAA');
    expect([...synonymsOf(table, analyse('numérique accessible')).map((s) => s.text), ...related('numérique accessible')]).not.toContain('médiation numérique');
    // « culture et numérique » reads « culture numérique »: digital literacy, not digital cultural mediation.
    expect(related('culture numérique')).not.toContain('musée numérique');
  });

  it('the shipped file reaches access to rights, France Services and carers as funders word them', () => {
    const { table } = parseSynonymsText(readFileSync(join(projectRoot, 'synonyms.yaml'), 'utf8'), 'synonyms.yaml');
    const relation = (term: string, form: string) => relatedOf(table, analyse(term)).find((r) => r.tokens.join(' ') === analyse(form).join(' '))?.relation;
    // Département de Vaucluse (« accès aux droits prioritaires »), Métropole de Lyon (« ouvrir leurs droits »).
    expect(relation('accès aux droits', 'ouvrir leurs droits')).toBe('equivalent');
    // France Services is where people get help with their paperwork; its mobile form is France Services' own kind.
    expect(relation('démarches administratives', 'France Services')).toBe('narrower');
    expect(relation('France Services', 'services publics itinérants')).toBe('narrower');
    expect(relation('France Services', 'accès aux services publics')).toBe('related');
    // Les Bons Clics and Saône-et-Loire's bus: itinerant digital inclusion.
    expect(relation('médiation numérique itinérante', 'inclusion numérique en itinérance')).toBe('equivalent');
    expect(relation('inclusion numérique', 'bus numérique')).toBe('narrower');
    // A conseiller numérique's trade is a neighbour, never enough alone.
    expect(relation('conseiller numérique', 'médiation numérique')).toBe('related');
    // « aidants » alone (its own stem, not « aide ») is the carers' word members type; it is also the participle of
    // « aider », so a member who wrote « proches aidants » sees it as a neighbour only. The digital helpers keep out.
    expect(relation('aidants', 'proches aidants')).toBe('narrower');
    expect(relation('aidants', 'relayage')).toBe('narrower');
    expect(relation('proches aidants', 'aidants')).toBe('related');
    expect(exceptionsOf(table, analyse('aidants')).map((e) => e.join(' '))).toEqual(expect.arrayContaining([analyse('Aidants Connect').join(' '), analyse('aidants numériques').join(' ')]));
    const carers = call({ title: 'Appel à projets : soutien aux proches aidants', summary: 'Répit et formation des aidants familiaux.' });
    const helpers = call({ title: 'Déployer Aidants Connect', summary: 'Habiliter les aidants numériques des structures de médiation.' });
    const calls = [carers, helpers, ...filler(20)].map(analyseCall);
    const stats = computeStats(calls);
    const compiled = compileProfile(profile({ keywords: ['aidants'] }), table);
    expect(scoreAnalysed(calls[0]!, compiled, stats, '2026-01-01')!.score).toBeGreaterThan(30);
    expect(scoreAnalysed(calls[1]!, compiled, stats, '2026-01-01')?.score ?? 0).toBe(0);
    // « en les aidant à bâtir » (the participle) never sends a call to a member who wrote « proches aidants ».
    const participle = analyseCall(call({ title: 'Revitaliser les centres-bourgs', summary: 'La Banque accompagne les communes en les aidant à bâtir une stratégie.' }));
    const carersOnly = compileProfile(profile({ keywords: ['proches aidants'] }), table);
    expect(scoreAnalysed(participle, carersOnly, stats, '2026-01-01')?.score ?? 0).toBeLessThan(30);
  });

  it('the shipped file reaches screens and parenting, cybersecurity, sustainable IT, third places, employment and French as funders word them', () => {
    const { table } = parseSynonymsText(readFileSync(join(projectRoot, 'synonyms.yaml'), 'utf8'), 'synonyms.yaml');
    const relation = (term: string, form: string) => relatedOf(table, analyse(term)).find((r) => r.tokens.join(' ') === analyse(form).join(' '))?.relation;
    // Ville de Paris and CAF (« accompagner les parents à l'ère du numérique »), ARS Normandie (technoférence).
    expect(relation('parentalité numérique', "parents à l'ère du numérique")).toBe('equivalent');
    expect(relation('écrans', 'exposition des enfants aux écrans')).toBe('narrower');
    expect(relation('exposition aux écrans', 'écrans')).toBe('related');
    // A cinema's screens are another trade (Aides-territoires: « extension en nombre d'écrans »).
    expect(exceptionsOf(table, analyse('écrans')).map((e) => e.join(' '))).toContain(analyse("nombre d'écrans").join(' '));
    // ANSSI and Cybermalveillance's words.
    expect(relation('cybersécurité', 'cybermalveillance')).toBe('equivalent');
    expect(relation('cybersécurité', 'rançongiciels')).toBe('narrower');
    // ADEME and the CPIE: pollution and awareness workshops are kinds of sustainable IT.
    expect(relation('numérique responsable', 'pollution numérique')).toBe('narrower');
    expect(relation('sobriété numérique', "réduire l'impact environnemental du numérique")).toBe('equivalent');
    // A coworking's older names are kinds of third place, one level down like coworking itself.
    expect(relation('tiers-lieu', 'télécentre')).toBe('narrower');
    // FSE+ Bourgogne-Franche-Comté, ministère de la Culture (ACLF).
    expect(relation('insertion professionnelle', 'inclusion socio-professionnelle')).toBe('equivalent');
    expect(relation('compétences numériques', "usage de l'ordinateur")).toBe('narrower');
    expect(relation('FLE', 'formation linguistique')).toBe('equivalent');
    expect(relation('FLE', 'alphabétisation')).toBe('narrower');
  });

  it('the shipped file sends a problem word the policy that fights it, and reconditioning the reuse of computers', () => {
    const { table } = parseSynonymsText(readFileSync(join(projectRoot, 'synonyms.yaml'), 'utf8'), 'synonyms.yaml');
    const relation = (term: string, form: string) => relatedOf(table, analyse(term)).find((r) => r.tokens.join(' ') === analyse(form).join(' '))?.relation;
    // Fondation SFR, Fondation de France, the Finistère and Gironde calls fight illectronisme under the name of
    // « inclusion numérique »: it counts for a member who wrote the problem, less than the problem itself.
    expect(relation('illectronisme', 'inclusion numérique')).toBe('narrower');
    expect(relation('fracture numérique', 'inclusion numérique')).toBe('narrower');
    expect(relation('fracture numérique', "inégalités d'accès et d'usage du numérique")).toBe('equivalent');
    // The other way round stays weak: « fracture numérique » also names a lack of broadband.
    expect(relation('inclusion numérique', 'fracture numérique')).toBe('related');
    // Région Hauts-de-France and Emmaüs Connect describe reconditioning as the reuse of reformed computers.
    expect(relation('reconditionnement', 'réemploi des équipements informatiques')).toBe('narrower');
    expect(relation('reconditionnement', 'seconde vie solidaire')).toBe('narrower');
    // Reuse in general (furniture, building materials) stays a neighbour of reconditioning.
    expect(relation('reconditionnement', 'réemploi')).toBe('related');
    // Social entrepreneurship is a kind of ESS (Avise, French Impact); respite platforms are how carers are helped.
    expect(relation('ESS', 'entrepreneuriat social')).toBe('narrower');
    expect(relation('aidants', "plateforme d'accompagnement et de répit")).toBe('narrower');
    expect(relation('handicap', 'personnes autistes')).toBe('narrower');
    // A kind's own equivalents are kinds too (one level): the DRAC's « projets artistiques et culturels » are EAC.
    expect(relation('médiation culturelle', 'projet artistique et culturel')).toBe('narrower');
    // Second round: « mobilité » alone (cycling works, clean transport) is only a neighbour of solidarity mobility,
    // whose kinds are garages and social driving schools; food for health is a kind of food, not its equivalent.
    expect(relation('mobilité solidaire', 'mobilité')).toBe('related');
    expect(relation('mobilité solidaire', 'garage solidaire')).toBe('narrower');
    expect(relation('mobilité', 'mobilité solidaire')).toBe('narrower');
    expect(relation('alimentation', 'alimentation saine')).toBe('narrower');
    expect(relation('seniors', 'habitants âgés')).toBe('equivalent');
    // Laïcité is one of the values of the Republic, which stay a neighbour of it; engagement's kinds are civic ones.
    expect(relation('laïcité', 'valeurs de la République')).toBe('related');
    expect(relation('valeurs de la République', 'laïcité')).toBe('narrower');
    expect(relation('engagement', 'service civique')).toBe('narrower');
    expect(exceptionsOf(table, analyse('engagement')).map((e) => e.join(' '))).toContain(analyse("contrat d'engagement républicain").join(' '));
    // « autonomie » alone is also older people's loss of autonomy (conférences des financeurs) and young people's
    // (DJEPVA): no longer a neighbour of handicap; the conférences' carers' axis is a neighbour of seniors.
    expect(relation('handicap', 'autonomie')).toBeUndefined();
    expect(relation('seniors', 'proches aidants')).toBe('related');
    // The values of the Republic are one pillar of citizenship in contrats de ville, not its synonym.
    expect(relation('citoyenneté', 'valeurs de la République')).toBe('narrower');
  });

  it("sends each member's keyword the calls funders word without it, and keeps other trades out (phrasings from funders' pages)", () => {
    const { table } = parseSynonymsText(readFileSync(join(projectRoot, 'synonyms.yaml'), 'utf8'), 'synonyms.yaml');
    // [keyword, title, summary, sent?]: each text is a funder's or relay's own phrasing, cut short (sources in the
    // header of synonyms.yaml); none contains the member's keyword.
    const cases: [string, string, string, boolean][] = [
      ['France Services', 'Service public itinérant', "Un lieu d'accueil mobile pour l'accompagnement aux démarches administratives dématérialisées.", true],
      ['démarches administratives', 'Aller vers : en France services', "Projets itinérants pour faciliter l'accès des personnes isolées.", true],
      ['accès aux droits', 'Expérimentation Territoires zéro non-recours', 'Repérer, informer et accompagner les personnes.', true],
      ['inclusion numérique', 'Le bus numérique repart sur les routes', 'Faire découvrir les usages et outils numériques dans les villages.', true],
      ['aidants', "Plateformes d'accompagnement et de répit", 'Soutenir les proches de personnes âgées.', true],
      ['écrans', 'Prévention promotion de la santé : 1000 premiers jours', "Risques d'exposition des enfants aux écrans (technoférence).", true],
      ['parentalité numérique', "Appel à projets : accompagner les parents à l'ère du numérique", 'La Ville et la Caf.', true],
      ['cybersécurité', "AMI renforcement de l'accompagnement local", 'Aider les associations face aux cyberattaques et à la cybermalveillance.', true],
      ['numérique responsable', 'Sensibiliser à la pollution numérique', 'Ateliers Fresque du Numérique pour les associations.', true],
      ['tiers-lieu', "Pôles d'excellence rurale", 'Réseaux de télécentres et centres de télétravail.', true],
      ['insertion professionnelle', 'Actions de formation en amont de la qualification', "L'inclusion socio-professionnelle des personnes les plus fragiles.", true],
      ['FLE', 'Action culturelle et langue française', "Pratiques artistiques pour l'appropriation du français.", true],
      ['reconditionnement', 'Appel à projets de réemploi des équipements informatiques de la Région', 'Cession gratuite du parc informatique réformé.', true],
      ['illectronisme', 'Fondation SFR : appel à projets numérique solidaire', "Projets associatifs en faveur de l'inclusion numérique des publics fragiles.", true],
      ['ESS', "Prix de l'entrepreneuriat social", 'Structures à fort impact.', true],
      // Second round: Fondation de France (« Vieillir dans son quartier »), Carsat, MSA and GIE Impa of
      // Bourgogne-Franche-Comté, Caisse des dépôts (PIA « culture de l'innovation »), Cerema and Fondation Macif
      // (mobilités solidaires), DRDFE of La Réunion, ARS of Mayotte (« Bien manger et bouger »), Ombelliscience.
      ['seniors', 'Vieillir dans son quartier, dans son village', "Lutter contre l'isolement des habitants âgés et favoriser le mieux vivre ensemble.", true],
      ['personnes âgées', "Prévenir et lutter contre l'isolement social des personnes retraitées", 'Actions de terrain des caisses de retraite.', true],
      ['programmation informatique', "Culture de l'innovation et de l'entrepreneuriat", "Des sessions d'éveil à la programmation pour les écoliers et les collégiens.", true],
      ['mobilité solidaire', 'Améliorer les mobilités du quotidien', "Déployer des offres de transport d'utilité sociale pour les personnes fragilisées.", true],
      ['égalité femmes-hommes', 'Appel à projets annuel de la DRDFE', "Autonomie économique des femmes et diffusion de la culture de l'égalité.", true],
      ['nutrition', 'Appel à projets Bien manger et bouger', "Prévention primaire autour de l'alimentation et de l'activité physique : éducation alimentaire.", true],
      ['culture scientifique', 'Sciences, innovations, société : la rencontre des professionnels', 'Rassembler les acteurs du partage des sciences de la région.', true],
      // Prefecture of the Territoire de Belfort (Prix de la laïcité), Établissement public Plaine Centrale (ESS), Ville de
      // Paris (« Citoyenneté, laïcité et valeurs de la République »), Région Bourgogne-Franche-Comté's EEDD call.
      ['laïcité', 'Prix de la République française', "Distinguer des actions de terrain, anniversaire de la loi de séparation des Églises et de l'État.", true],
      ['utilité sociale', "Initiatives d'économie sociale et solidaire", 'Soutenir les initiatives solidaires, socialement utiles, innovantes et durables.', true],
      ['lutte contre les discriminations', 'Citoyenneté et valeurs de la République', "Des actions locales de lutte contre les préjugés, l'homophobie et le racisme.", true],
      ["éducation à l'environnement", 'Appel à projets régional 2021', "Des actions en direction des publics éloignés de la question environnementale.", true],
      // Caf de La Réunion (espaces de rencontre et de médiation familiale), DRAC Hauts-de-France (CLEA résidences-mission).
      ['soutien à la parentalité', 'Appel à projets : deux nouveaux lieux', "Création d'espaces de rencontre parents-enfants et de médiation familiale.", true],
      ['éducation artistique et culturelle', 'Appel à candidatures pour une résidence-mission', "En direction des artistes de tous domaines d'expression artistique.", true],
      // Académie de Nice (AMI « Postes FONJEP Jeunes »): associative employment is a kind of support to associative life.
      ['vie associative', "Appel à manifestation d'intérêt Postes FONJEP Jeunes", "Soutenir l'insertion des jeunes dans l'emploi.", true],
      // DRAC (« Résidences d'artiste en ruralité »: the residency of mediation).
      ['médiation culturelle', "Appel à projets régional résidences d'artiste en ruralité", 'La résidence de médiation propose aux habitants une pratique artistique.', true],
      // Département des Yvelines (« Quartiers d'été »: « priorité aux moins de 25 ans »), Cnaf (accueils de jeunes).
      ['jeunesse', "Quartiers d'été 2021 : appel à projet", 'Des opérations dédiées aux moins de 25 ans habitant dans un quartier prioritaire.', true],
      ['accueil de loisirs', 'Prestation de service des Caf', 'Les Caf financent les accueils de jeunes et les accueils de scoutisme.', true],
      // ARS de Mayotte: health promotion is a kind of prevention.
      ['prévention', 'Bien manger et bouger à Mayotte', "Des actions qui se basent sur l'éducation pour la santé et la promotion de la santé.", true],
      // Other trades' words: a cinema's screens, the participle of « aider », digital helpers, reused building stones.
      ['écrans', 'Modernisation des salles de cinéma', "Extension en nombre d'écrans ou réhabilitation lourde.", false],
      ['proches aidants', 'Revitaliser les centres-bourgs', 'La Banque accompagne les communes en les aidant à bâtir une stratégie.', false],
      ['aidants', 'Déployer Aidants Connect', 'Habiliter les aidants numériques des structures de médiation.', false],
      ['démarches administratives', 'Accompagnement des collectivités', 'Dématérialisation des actes comptables et des marchés publics.', false],
      // Aides-territoires (ISC): cycling and clean transport for communes is not solidarity mobility; a building's
      // « programmation » is not coding.
      ['mobilité solidaire', 'Transports urbains', 'Aide aux transports propres et de mobilité durable.', false],
      ['programmation informatique', 'Études de programmation', 'Aide aux études préalables et à la programmation urbaine et architecturale.', false],
      // Every contrat de ville call lists the values of the Republic among its transversal obligations (Juris éditions on
      // the 2025 national call); every State grant asks for the contrat d'engagement républicain (préfecture de l'Hérault).
      ['laïcité', 'Politique de la ville : appel à projets', "Obligations interministérielles : la promotion des valeurs de la République et l'égalité femmes-hommes.", false],
      ['engagement', 'Appels à projets politique de la ville', "Les porteurs de projets doivent avoir signé un contrat d'engagement républicain.", false],
      // France 2030's industrial robotics (Bpifrance) for educational robotics; Aides-territoires' plant health.
      ['robotique', 'Offre de robots et machines intelligentes', "Développer une offre compétitive d'équipements robotiques et de machines robotiques.", false],
      ['santé', 'Surveillance du territoire', 'Délégation de missions en santé des végétaux.', false],
      // Aides-territoires (ISC): brownfield « recyclage foncier » (EPFLO), a local authorities' bank's « pouvoir d'agir ».
      ['économie circulaire', 'Recycler le foncier et les friches', 'Faciliter la résorption des friches et le recyclage foncier.', false],
      ['citoyenneté', "Financer vos budgets d'investissement", "Incarner une finance responsable, pour renforcer le pouvoir d'agir du monde local.", false],
      // Ministère de la Transition écologique and préfecture d'Indre-et-Loire: the fonds Barnier's natural hazards.
      ['prévention', 'Fonds de prévention des risques naturels majeurs', 'Études et travaux des collectivités couvertes par un plan de prévention des risques.', false],
      // Préfecture de l'Orne (SDAASP): the accessibility of services to the public is territorial, not disability's.
      ['accessibilité', 'Schéma départemental des services', "Renforcer l'offre dans les zones présentant un déficit d'accessibilité des services au public.", false],
    ];
    const calls = [...cases.map(([, title, summary]) => call({ title, summary })), ...filler(30)].map(analyseCall);
    const stats = computeStats(calls);
    const sent = cases.map(([keyword], i) => (scoreAnalysed(calls[i]!, compileProfile(profile({ keywords: [keyword] }), table), stats, '2026-01-01')?.score ?? 0) >= 30);
    expect(sent).toEqual(cases.map(([, , , expected]) => expected));
  });

  it('reports every problem in French with its line and group', () => {
    const text = ['synonymes:', '  - [fablab, fab lab]', '  - [seul]', '  - [tiers-lieux, tiers lieu]', '  - [le, fablab]', 'autre: 1', ''].join('\n');
    const { issues } = parseSynonymsText(text, 'synonyms.yaml');
    const lines = issues.map(formatSynonymsIssue);
    // Every problem in one run: the content of well-formed groups is checked even when the file breaks the schema.
    expect(lines).toEqual([
      'synonyms.yaml:3: groupe 2: un groupe doit contenir au moins deux expressions équivalentes',
      'synonyms.yaml:4: groupe 3: « tiers lieu » revient au même que « tiers-lieux » dans ce groupe (pluriel, accents ou tiret) : gardez-en un',
      'synonyms.yaml:5: groupe 4: « le » ne contient que des mots vides (le, de, à…) : rien à chercher',
      'synonyms.yaml:6: fichier: clé inconnue « autre » : seules « concepts » et « synonymes » sont attendues',
    ]);
    const second = parseSynonymsText(['synonymes:', '  - [tiers-lieux, tiers lieu]', '  - [le, fablab]'].join('\n'), 'f.yaml');
    expect(second.issues.map(formatSynonymsIssue)).toEqual([
      'f.yaml:2: groupe 1: « tiers lieu » revient au même que « tiers-lieux » dans ce groupe (pluriel, accents ou tiret) : gardez-en un',
      'f.yaml:3: groupe 2: « le » ne contient que des mots vides (le, de, à…) : rien à chercher',
    ]);
  });

  it('warns, without refusing the file, about single words the stemmer cuts short or merges with another concept', () => {
    const text = [
      'concepts:',
      '  - {concept: habitat inclusif, equivalents: [logement]}',
      '  - {concept: alternance, equivalents: [contrat en alternance]}',
      '  - {concept: formation en alternance, equivalents: [alternants], voisins: [contrat en alternance]}',
      '  - {concept: logiciels libres, equivalents: [alternatives, open source]}',
      '  - {concept: espace public numérique, equivalents: [EPN]}',
      '  - {concept: mal-logement, voisins: [logement]}',
      '',
    ].join('\n');
    const { table, issues, warnings } = parseSynonymsText(text, 't.yaml', { warnings: true });
    expect(issues).toEqual([]);
    expect(table.concepts).toHaveLength(6);
    expect(warnings.map(formatSynonymsWarning)).toEqual([
      // « logement » → « log », as « loger », « logé » and any word Snowball cuts there: reported once, with every line.
      't.yaml:2: concept « habitat inclusif » : attention : « logement » (aussi ligne 7) devient « log » une fois analysé : un radical si court est celui d’autres mots, qui compteront pour lui ; préférez une expression de plusieurs mots',
      // « alternatives » (free software) meets « alternance » (work-study) as « altern »; « alternants » does not warn:
      // its concept shares « contrat en alternance » with « alternance ». An acronym left whole (« EPN ») is not reported.
      't.yaml:5: concept « logiciels libres » : attention : « alternatives » et « alternance » (concept « alternance », ligne 3) deviennent le même mot une fois analysés (« altern ») : un appel qui emploie l’un comptera pour l’autre ; préférez une expression de plusieurs mots',
    ]);
    // Matching loads the file without them (they cost a third of the parse).
    expect(parseSynonymsText(text, 't.yaml').warnings).toEqual([]);
    // An invalid file reports its errors only.
    expect(parseSynonymsText('concepts:\n  - {concept: le, equivalents: [aidants]}\n', 'u.yaml', { warnings: true }).warnings).toEqual([]);
  });

  it('reports YAML syntax errors in French, each once, on the line to fix', () => {
    const said = (text: string) => parseSynonymsText(text, 'x.yaml').issues.map((i) => `${i.line}: ${i.message}`);
    expect(said('synonymes:\n  - [a, b\n')).toEqual(['2: liste entre crochets [ … ] ou entre accolades { … } jamais refermée']);
    // One tab: one line, not the parser's echoes of it on every following line.
    expect(said('concepts:\n  - concept: a\n\t equivalents: [b]\n  - concept: c\n    equivalents: [d]\n')).toEqual([
      '3: tabulation en début de ligne : YAML n’accepte que des espaces pour indenter',
    ]);
    expect(said('concepts:\n  - concept: "a\n    equivalents: [b]\n')).toEqual(['2: guillemet ouvert et jamais refermé']);
  });

  it('a synonym matches, counts a little less than the term itself, and says via which expression', () => {
    const { table } = parseSynonymsText('synonymes:\n  - [inclusion numérique, médiation numérique]\n', 's.yaml');
    const own = call({ title: 'Soutien à l’inclusion numérique' });
    const viaSynonym = call({ title: 'Soutien à la médiation numérique' });
    const calls = [own, viaSynonym, ...filler(20)].map(analyseCall);
    const stats = computeStats(calls);
    const compiled = compileProfile(profile({ keywords: ['"inclusion numérique"'] }), table);
    const direct = scoreAnalysed(calls[0]!, compiled, stats, '2026-01-01')!;
    const indirect = scoreAnalysed(calls[1]!, compiled, stats, '2026-01-01')!;
    expect(indirect.explanation).toEqual([{ term: 'inclusion numérique', field: 'title', via: 'médiation numérique' }]);
    expect(direct.explanation).toEqual([{ term: 'inclusion numérique', field: 'title' }]);
    expect(indirect.score).toBeLessThan(direct.score);
    expect(indirect.score).toBeGreaterThan(direct.score * 0.6);
  });
});

describe('fundwatch synonyms check', () => {
  it('reports every problem of a concept file as FILE:LINE: message, in French', () => {
    const text = [
      'concepts:',
      '  - concept: de',
      '  - concept: fablab',
      '    equivalents: [fab lab, fablabs]',
      '    bizarre: 1',
      '  - concept: inclusion numérique',
      '    plus_precis: [atelier numérique, ateliers numériques]',
      '  - concept: Fablab',
      '  - concept: jeunesse',
      '    equivalents: [jeunes]',
      '    sauf: [jeunes agriculteurs, agriculteurs bio]',
      '',
    ].join('\n');
    expect(parseSynonymsText(text, 'th.yaml').issues.map(formatSynonymsIssue)).toEqual([
      'th.yaml:2: concept « de » : « de » ne contient que des mots vides (le, de, à…) : rien à chercher',
      'th.yaml:4: concept « fablab » : « fablabs » (équivalents) revient au même que le concept lui-même (pluriel, accents ou tiret) : gardez-en un',
      'th.yaml:5: concept « fablab » : clé inconnue « bizarre » : un concept a « concept », « equivalents », « plus_precis », « voisins », « sauf » et « domaine »',
      'th.yaml:7: concept « inclusion numérique » : « ateliers numériques » (termes plus précis) revient au même que « atelier numérique » (termes plus précis) (pluriel, accents ou tiret) : gardez-en un',
      'th.yaml:8: concept « Fablab » : concept déjà défini ligne 3 : réunissez-les',
      'th.yaml:11: concept « jeunesse » : « agriculteurs bio » (sauf) ne contient aucun terme du concept : une exception est une expression plus longue où l’un de ses termes change de sens (« jeunes agriculteurs » pour « jeunes »)',
    ]);
  });

  it('still loads the older format, alone or beside concepts, as equivalents', () => {
    const { table, issues } = parseSynonymsText('synonymes:\n  - [tiers-lieu, fabrique de territoire]\nconcepts:\n  - concept: fablab\n    plus_precis: [imprimante 3D]\n', 'x.yaml');
    expect(issues).toEqual([]);
    expect(synonymsOf(table, analyse('tiers-lieu')).map((s) => s.text)).toEqual(['fabrique de territoire']);
    expect(relatedOf(table, analyse('fablab'))).toEqual([{ text: 'imprimante 3D', tokens: analyse('imprimante 3D'), relation: 'narrower', of: 'fablab' }]);
  });
});
