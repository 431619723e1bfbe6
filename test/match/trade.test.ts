// The network's trade (src/match/trade.ts): which project descriptions say they help people use digital tools.
import { describe, expect, it } from 'vitest';
import { isDigitalMediation } from '../../src/match/trade.js';

describe('a digital-mediation project, as members describe it', () => {
  // Phrasings of members' descriptions and of the thesaurus's narrower terms of « inclusion numérique ».
  it.each([
    ['L’IA pour tous', 'Des ateliers pour comprendre et utiliser ChatGPT et les autres IA, avec les habitants.'],
    ['Savoirs de base', 'Des adultes apprennent en même temps à utiliser le téléphone et l’ordinateur (mails, formulaires).'],
    ['Français', 'On apprend aussi à se servir du téléphone et de l’ordinateur pour l’école des enfants.'],
    ['Commerçants', 'On aide les artisans à se débrouiller avec le numérique (URSSAF, facturation).'],
    ['Hameaux', 'Des bénévoles aident les habitants à se connecter et à utiliser internet.'],
    ['Réseau', 'On forme les agents d’accueil à repérer les personnes en difficulté avec le numérique.'],
    ['Parents', 'On accompagne les parents qui n’arrivent pas à suivre la scolarité de leurs enfants en ligne (Pronote, ENT).'],
    ['Santé', 'Beaucoup renoncent aux soins parce qu’ils ne savent pas prendre rendez-vous en ligne.'],
    ['France services', 'Nous accompagnons les habitants dans leurs démarches administratives en ligne.'],
    ['Ateliers numériques en détention', 'Chaque semaine à la maison d’arrêt avec le SPIP.'],
    ['GEM', 'Un atelier informatique et photo, un petit journal fait par les adhérents.'],
    ['Résidence', 'Un point numérique dans le local commun pour les locataires.'],
    ['Bus', 'Un bus pour les publics éloignés du numérique dans les villages.'],
    ['Seniors', 'Initiation à l’informatique pour les retraités du quartier.'],
  ])('%s: %s', (name, description) => {
    expect(isDigitalMediation(name, description)).toBe(true);
  });
});

describe('projects that make, mend or fight digital things, or only name it', () => {
  it.each([
    ['Tiers-lieu', 'Un fablab et un café associatif : ateliers de fabrication numérique, repair café.'],
    ['Jeunesse', 'Éducation populaire : projets citoyens, ateliers de création numérique (vidéo, jeux vidéo, code).'],
    ['Réemploi', 'Atelier qui collecte des ordinateurs donnés, les reconditionne et les redistribue à prix solidaire.'],
    ['Recyclerie', 'On veut créer un atelier de reconditionnement informatique.'],
    ['Sobriété', 'Sensibilisation à l’impact environnemental du numérique : allonger la durée de vie des équipements.'],
    ['Prévention', 'Interventions sur les usages des réseaux sociaux, la prévention du cyberharcèlement et des violences en ligne.'],
    ['Cyber', 'Nous formons les bénévoles à protéger leurs données (mots de passe, arnaques en ligne).'],
    ['Vie associative', 'Formation des bénévoles, mutualisation d’outils numériques.'],
    ['Culture', 'Ateliers de lecture et d’écriture, médiation culturelle numérique.'],
    ['Radio', 'Ateliers radio et éducation aux médias et à l’information avec des collégiens.'],
  ])('%s: %s', (name, description) => {
    expect(isDigitalMediation(name, description)).toBe(false);
  });
});
