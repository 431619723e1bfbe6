// General funds (« Ouverts à toute association »): real phrasings, each from the public page named beside it
// (read through the `search` tool's pages corpus), that must fire and that must not.
import { describe, expect, it } from 'vitest';
import { isOpenToAnyAssociation } from '../../src/match/general.js';

interface Case {
  source: string;
  title: string;
  summary?: string;
  body?: string;
}

const FIRES: Case[] = [
  {
    source: '2m-consulting.fr/actualites/il-est-temps-de-repondre-aux-appels-a-projets-fonctionnement-innovation-du-fdva/5396.html',
    title: 'Appels à projets « Fonctionnement-innovation » du FDVA',
    summary: 'Selon les départements, les associations doivent répondre aux appels à projets du FDVA visant à financer leur fonctionnement ou leurs projets innovants.',
  },
  {
    source: 'provence-savoies.com/?p=4234',
    title: 'Fonds pour le développement de la vie associative : appels à projets départementaux',
    summary:
      'Depuis 2018, le Fonds pour le développement de la vie associative (FDVA) finance, en plus de la formation des bénévoles, le fonctionnement des associations et leurs projets innovants.',
  },
  {
    source: 'associations.aubervilliers.fr/2018/07/16/fonds-de-developpement-de-la-vie-associative-fonctionnement-et-innovation/',
    title: 'Fonds de développement de la vie associative – Fonctionnement et innovation',
    summary: 'Le FDVA « Fonctionnement et Innovation » est ouvert à toutes les associations, tous secteurs confondus, sans condition d’agrément.',
  },
  {
    source: 'sport28.fr/index.php/administration/subventions-associatives/fdva',
    title: 'FDVA Financement',
    summary:
      'L’appel à projets FDVA « Fonctionnement et projets innovants » vise à soutenir les associations et leurs projets qui présentent une utilité sociale.',
  },
  {
    source: 'espace-ace.fr/article/k4_21182773',
    title: 'FDVA : appels à projets « Fonctionnement-innovation » pour 2024',
    summary:
      'Les associations peuvent répondre aux appels à projets départementaux lancés par le Fonds pour le développement de la vie associative afin de financer leur fonctionnement ou leurs projets innovants.',
  },
  {
    source: 'ma-source.info/appel-a-candidatures-fdva-2-fonctionnement-global-et-nouveaux-services/',
    title: 'Appel à candidatures // FDVA 2 « Fonctionnement global et nouveaux services »',
    summary:
      'L’Etat met en œuvre une politique destinée à soutenir le fonctionnement des associations de tous les secteurs, dans le cadre du Fonds pour le Développement de la Vie Associative (FDVA).',
  },
  {
    source: 'evenos.fr/Information-FDVA-aux-associations',
    title: 'Solliciter le Fonds pour le Développement de la Vie Associative (FDVA)',
    summary:
      'Initialement destiné à la formation des bénévoles, le FDVA permet, depuis le décret n°2018-640 du 8 juin 2018, de concourir à de nouveaux axes : le fonctionnement global de l’activité d’une association ; la mise en œuvre de projets.',
  },
  {
    source: 'factuel.info/blog/la-prefete-de-la-haute-saone-a-reuni-le-college-departemental-du-fonds-pour-le-developpement-de-la-vie-associative',
    title: 'FDVA 2021 en Haute-Saône',
    summary:
      'Les associations de tous secteurs qui ont leur siège social dans le département de la Haute-Saône peuvent prétendre au FDVA « fonctionnement – nouveaux projets ».',
  },
  {
    source: 'associationmodeemploi.fr/article/fdva-la-campagne-2022-a-demarre.74392',
    title: 'FDVA : la campagne 2022 a démarré',
    summary:
      'Le FDVA soutient la consolidation du fonctionnement des associations ainsi que le portage de projets innovants (FDVA 2). Il s’adresse aux petites et moyennes associations, tous secteurs confondus.',
  },
  {
    source: 'kit-a-agir.fr/listing/fonds-pour-le-developpement-de-la-vie-associative-fdva-2',
    title: 'Fonds pour le développement de la vie associative (FDVA 2)',
    summary: 'Le FDVA 2 « Fonctionnement et Innovation » est ouvert à toutes les associations, tous secteurs confondus, sans condition d’agrément.',
  },
  {
    source: 'francebleu.fr/infos/economie-social/nouvelle-eco-la-fondation-agir-en-champagne-bourgogne-du-credit-agricole-aide-le-milieu-associatif-1615804267',
    title: 'La fondation Agir en Champagne-Bourgogne du Crédit Agricole aide le milieu associatif',
    summary: 'Elle donne un coup de pouce financier à des associations qui s’engagent dans des projets de proximité, des projets locaux.',
  },
  {
    source: 'francebleu.fr/…/nouvelle-eco-la-fondation-agir-en-champagne-bourgogne-du-credit-agricole-aide-le-milieu-associatif (interview)',
    title: 'Fondation Agir en Champagne-Bourgogne : appel à projets',
    summary:
      'Toutes les associations, qu’elles soient clientes ou non, peuvent venir nous rencontrer en agence. Tous les domaines sont ouverts : le patrimoine, le sport, la culture, le tourisme, le handicap, le social.',
  },
  {
    source: 'sport28.fr/index.php/administration/subventions-associatives/fdva (« Axe 1 »)',
    title: 'Axe 1 : soutien au fonctionnement des petites associations',
  },
  {
    source: 'francebleu.fr/…/nouvelle-eco-la-fondation-agir-en-champagne-bourgogne-du-credit-agricole-aide-le-milieu-associatif (its four départements)',
    title: 'Fondation Agir en Champagne-Bourgogne',
    summary: 'La fondation du Crédit Agricole aide le milieu associatif de l’Yonne, de l’Aube, de la Côte-d’Or et de la Haute-Marne.',
  },
];

const DOES_NOT_FIRE: (Case & { why: string })[] = [
  {
    why: 'thematic (digital inclusion), associations and councils eligible',
    source: 'netpublic-archive.societenumerique.gouv.fr/appel-a-projets-einclusion-region-ile-de-france',
    title: 'Appel à projets e-inclusion Région Île-de-France',
    summary:
      'L’objectif est d’aider au financement d’initiatives innovantes qui placent les nouvelles technologies au coeur d’un projet à dimension sociale. Les associations, les collectivités locales et les EPCI peuvent candidater.',
  },
  {
    why: 'thematic (digital inclusion), associations or councils',
    source: 'universfreebox.com/article/499710/la-fondation-free-lance-un-nouvel-appel-a-projets-pour-aider-les-eloignes-du-numerique',
    title: 'La Fondation Free lance un nouvel appel à projets pour aider les “éloignés du numérique”',
    summary: 'Si votre association ou votre collectivité a un projet pouvant correspondre à cet intitulé, vous avez jusqu’au 28 octobre à minuit pour déposer votre dossier.',
  },
  {
    why: 'thematic (biodiversity), a bank foundation naming associations as eligible',
    source: 'projets.cepac.caisse-epargne.fr',
    title: 'Pour la biodiversité, chaque projet compte !',
    summary:
      'Les Caisses d’Epargne lancent en 2025 un appel à projets pour soutenir les initiatives locales en faveur de la biodiversité. Associations, fondations et autres structures d’intérêt général éligibles au mécénat sont invitées à répondre à cet appel à projets.',
  },
  {
    why: 'thematic (sport), associations and sports clubs eligible',
    source: 'lesclubs-sportifs-engages.francetravail.fr/financement/appel-a-projet-fnce',
    title: 'Appel à projets annuel des Caisses d’Epargne',
    summary:
      'Les structures éligibles seront les associations, structures d’intérêt général ou clubs sportifs, tous éligibles au mécénat, qui soutiennent l’inclusion des jeunes par le sport.',
  },
  {
    why: 'thematic: four fields listed, and « tissu associatif » said of the bank, not of the call',
    source: 'celc.projets-caisse-epargne.fr/fr/',
    title: 'La Fondation d’entreprise de la Caisse d’Epargne Loire-Centre',
    summary:
      'Ses administrateurs participent activement à la démarche solidaire d’accompagnement du tissu associatif local. La Fondation soutient les projets locaux d’intérêt général dans les quatre domaines suivants : perte d’autonomie, intégration socio-professionnelle, environnement.',
  },
  {
    why: 'thematic priorities of a bank foundation',
    source: 'blogca-toulouse31.fr/nouvel-appel-a-projets-de-la-fondation-dentreprise-ca-toulouse-31/',
    title: 'Nouvel appel à projets de la Fondation d’entreprise CA Toulouse 31',
    summary:
      'La vocation de la Fondation est de soutenir toutes actions relevant de l’animation du territoire de la Haute-Garonne. En 2023, le Crédit Agricole Toulouse 31 se mobilise autour de 4 priorités.',
  },
  {
    why: 'news of results',
    source: 'ac-montpellier.fr/fdva-2-fonctionnement-global-et-nouveaux-services-les-resultats-122195',
    title: 'FDVA 2 « Fonctionnement global et nouveaux projets » : les résultats',
    summary: 'Retrouvez les résultats de la campagne de subvention 2024. En 2024, 3882 associations ont déposé 4449 demandes de subvention.',
  },
  {
    why: 'news of results (winners of a bank foundation)',
    source: 'lagazettefrance.fr/article/37-projets-se-partagent-une-dotation-de-300-000-e2-82-ac',
    title: '37 projets se partagent une dotation de 300 000 €',
    summary: 'Succès pour le premier appel à projets de la fondation « Agir et Réussir ensemble », avec 37 lauréats pour 122 projets présentés. La fondation soutient le milieu associatif.',
  },
  {
    why: 'FDVA volunteers’ training strand only (see src/match/general.ts)',
    source: 'rncap.org/2021/01/30/fdva-formation-lancement-de-la-campagne-2021/',
    title: 'FDVA formation : lancement de la campagne 2021',
    summary:
      'Depuis 2018, le FDVA se décline en deux modalités : un soutien aux associations souhaitant développer la formation de leurs bénévoles, un soutien au fonctionnement et aux projets innovants des associations. Le présent appel à projets répond à la première modalité.',
  },
  {
    why: 'FDVA volunteers’ training strand only; its text speaks of « fonctionnement de l’association »',
    source: 'archive2024.lestetesdelart.fr/besoin-de-former-vos-benevoles-candidatez-a-lappel-a-projets-fdva',
    title: 'Besoin de former vos bénévoles ? Candidatez à l’appel à projets du FDVA !',
    summary:
      'L’appel à projets « Formation des bénévoles » du Fonds pour le Développement de la Vie Associative (FDVA) est ouvert. Il finance une formation technique liée à l’activité ou au fonctionnement de l’association.',
  },
  {
    why: 'local councils only (audience.ts councilsOnly)',
    source: 'mita-academy.com/Germany/?p=46 (« Numérique inclusif et responsable »)',
    title: 'Appel à projets Numérique inclusif et responsable',
    summary:
      'Fournir aux collectivités territoriales françaises souhaitant candidater, tous domaines confondus, des éléments de cadrage pour leurs projets.',
  },
  {
    why: 'thematic (digital inclusion), associations in particular',
    source: 'fondationdefrance.org/fr/appel-projets-2021-linclusion-numerique-pour-tous-au-coeur-des-territoires',
    title: 'Appel à projets 2021 : l’inclusion numérique pour tous au cœur des territoires !',
    summary: 'Cet appel à projets s’adresse à des organismes d’intérêt général, à but non lucratif, en particulier les associations.',
  },
  {
    why: 'thematic (priority neighbourhoods): « soutiennent les associations qui agissent en faveur des QPV »',
    source: 'group.bnpparibas/actualite/le-projet-banlieues-peut-soutenir-votre-association-candidatez-du-30-janvier-au-8-mars-2024',
    title: 'Le Projet Banlieues peut soutenir votre association',
    summary:
      'La Fondation BNP Paribas soutient les associations qui agissent en faveur des Quartiers Prioritaires de la Ville à travers un accompagnement personnalisé et un soutien financier.',
  },
  {
    why: 'a field named after the generic phrase (sport)',
    source: 'sport28.fr/index.php/administration/subventions-associatives/fdva (« petites associations », here of a sports body)',
    title: 'Comité départemental : aide aux clubs',
    summary: 'Soutien au fonctionnement des associations sportives affiliées, pour l’achat de matériel et la formation des éducateurs.',
  },
  {
    why: 'size, not field: « quelle que soit leur envergure territoriale »',
    source: 'ma-source.info/appel-a-candidatures-fdva-2-fonctionnement-global-et-nouveaux-services/',
    title: 'Appel à projets jeunesse du Département',
    summary: 'Les associations sont invitées à déposer leurs demandes dans le département où se situe leur structure, quelle que soit leur envergure territoriale.',
  },
  {
    why: 'a field after the generic phrase (adapted from « toute initiative d’intérêt général en faveur de la jeunesse »)',
    source: 'echosciences-hauts-de-france.fr/annonces/des-infos-et-ressources-pour-financer-vos-projets-decembre (Harmonie Mutuelle)',
    title: 'Fondation Harmonie Mutuelle : actions de soutien à destination de la jeunesse',
    summary: 'La fondation soutient les projets associatifs d’intérêt général en faveur de la jeunesse, dans les domaines sociaux, environnementaux, santé, sport.',
  },
  {
    why: 'a « qui … » clause naming what the associations must do (adapted from « soutiennent les associations qui agissent en faveur des QPV »)',
    source: 'group.bnpparibas/actualite/le-projet-banlieues-peut-soutenir-votre-association-candidatez-du-30-janvier-au-8-mars-2024',
    title: 'Le Projet Banlieues',
    summary: 'La Fondation soutient le milieu associatif qui agit en faveur des Quartiers Prioritaires de la Ville.',
  },
  {
    why: '« tous les domaines » said of the call’s own subject (adapted from « dans tous les aspects de leur vie quotidienne »)',
    source: 'essor-paysdelaloire.org/projets-2.html (Département de Loire-Atlantique, aidants)',
    title: 'Appel à projets inclusion numérique',
    summary: 'Le numérique touche tous les domaines de la vie quotidienne. Les associations et les collectivités peuvent candidater pour des ateliers.',
  },
  {
    why: 'a field after the generic phrase: « du sport » is no place',
    source: 'sport28.fr/index.php/administration/subventions-associatives/fdva (adapted: a sports body’s own aid)',
    title: 'Comité départemental olympique',
    summary: 'Soutien au fonctionnement des associations du sport et de la culture affiliées au comité.',
  },
];

describe('isOpenToAnyAssociation', () => {
  it.each(FIRES)('fires: $title ($source)', (c) => {
    expect(isOpenToAnyAssociation({ title: c.title, summary: c.summary ?? '', body: c.body ?? '' })).toBe(true);
  });

  it.each(DOES_NOT_FIRE)('does not fire ($why): $title ($source)', (c) => {
    expect(isOpenToAnyAssociation({ title: c.title, summary: c.summary ?? '', body: c.body ?? '' })).toBe(false);
  });

  it('reads the body only when the summary is short, and only its start', () => {
    const fdva = 'Le FDVA finance le fonctionnement global des associations et leurs projets innovants.';
    expect(isOpenToAnyAssociation({ title: 'Vie associative 2027', summary: '', body: fdva })).toBe(true);
    // Far into a thematic call's body, the FDVA named as another source of money says nothing of this call.
    const thematic = 'Appel à projets pour les ateliers numériques des associations. '.repeat(10);
    expect(isOpenToAnyAssociation({ title: 'Inclusion numérique', summary: thematic, body: fdva })).toBe(false);
  });
});
