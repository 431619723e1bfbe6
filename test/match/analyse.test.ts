import { describe, expect, it } from 'vitest';
import { analyse, fold } from '../../src/match/analyse.js';
import { parseKeyword, parseKeywords } from '../../src/match/query.js';

describe('analyse', () => {
  it('keeps apart words Snowball would cut to an unrelated word funders use all the time', () => {
    expect(analyse('nos aînés')).toEqual(analyse('les aînées'));
    expect(analyse('aînés')).not.toEqual(analyse("Département de l'Ain").slice(-1));
    expect(analyse('répit')).not.toEqual(analyse('repas'));
    expect(analyse('retraités')).toEqual(analyse('retraite'));
    expect(analyse('retraités')).not.toEqual(analyse('retraits'));
    expect(analyse('musées')).not.toEqual(analyse('muses'));
  });

  it('keeps « sans » and « ni », which name the publics of social action by what they lack', () => {
    expect(analyse('personnes sans domicile')).not.toEqual(analyse('personnes à domicile'));
    expect(analyse('jeunes sans diplôme')).not.toEqual(analyse('jeunes diplômés'));
    expect(analyse('sans-abri')).toEqual(analyse('sans abri'));
    expect(analyse('sans-abri')).not.toEqual(analyse('abri'));
    expect(analyse('ni en emploi ni en formation')).not.toEqual(analyse('en emploi et en formation'));
  });

  it('keeps « été » as the season after an article or a preposition, and drops it as the participle', () => {
    expect(analyse("Quartiers d'été")).not.toEqual(analyse('quartiers'));
    expect(analyse("colonies d'été")).toEqual(analyse('colonies cet été'));
    expect(analyse("l'été numérique")).toEqual(analyse('en été, numérique'));
    expect(analyse('les projets ont été retenus')).toEqual(analyse('les projets retenus'));
  });

  it('keeps the verb « alimenter » (money flowing into a fund) apart from « alimentation » (food)', () => {
    expect(analyse('un fonds alimenté par les dons').slice(1, 2)).not.toEqual(analyse('alimentation'));
    expect(analyse('en alimentant la réflexion').slice(0, 1)).not.toEqual(analyse('alimentation'));
    expect(analyse('alimentation')).toEqual(analyse('aliments'));
  });

  it('gives nouns Snowball reads as verbs one stem for singular and plural, apart from the verb or word it meant', () => {
    expect(analyse('un conseiller numérique')).toEqual(analyse('des conseillers numériques'));
    expect(analyse('conseiller')).not.toEqual(analyse('conseil départemental').slice(0, 1));
    expect(analyse('foyer rural')).toEqual(analyse('foyers ruraux'));
    expect(analyse('foyer')).not.toEqual(analyse('foi'));
    expect(analyse('loyer')).not.toEqual(analyse('loi'));
    expect(analyse('haut débit')).toEqual(analyse('hauts débits'));
    expect(analyse('connexion')).toEqual(analyse('connexions'));
    expect(analyse('petite')).toEqual(analyse('petits'));
    expect(analyse('proches aidants')).not.toEqual(analyse('proches aides'));
    expect(analyse('étudiants')).not.toEqual(analyse('étudier'));
    expect(analyse('coopératives')).not.toEqual(analyse('coopération'));
    // Nouns Snowball cuts to their verb: the coding a member means is not every « programme », nor young people's
    // « engagement » every « s'engager à ».
    expect(analyse('programmation')).toEqual(analyse('programmations'));
    expect(analyse('programmation')).not.toEqual(analyse('programme'));
    expect(analyse('programmation')).not.toEqual(analyse('programmes'));
    expect(analyse('engagements')).toEqual(analyse('engagement'));
    expect(analyse('engagement')).not.toEqual(analyse('engager'));
    expect(analyse('engagement')).not.toEqual(analyse('engage'));
  });

  it('folds case and accents, so Éducation and education meet', () => {
    expect(analyse('ÉDUCATION Numérique')).toEqual(analyse('education numerique'));
    expect(fold('Œuvre Tiers-Lieu')).toBe('oeuvre tiers-lieu');
  });

  it('drops French elisions with either apostrophe, and stop words', () => {
    expect(analyse("l'inclusion d’usagers qu'il faut")).toEqual(analyse('inclusion usagers faut'));
    expect(analyse('le de la des et à')).toEqual([]);
  });

  it('brings plurals and close forms together', () => {
    expect(analyse('numériques')).toEqual(analyse('numérique'));
    expect(analyse('associations')).toEqual(analyse('associatif'));
    expect(analyse('emplois lieux jeux')).toEqual(analyse('emploi lieu jeu'));
    expect(analyse('bibliothèques')).toEqual(analyse('bibliothèque'));
  });

  it('gives the same tokens for hyphenated and spaced compounds', () => {
    expect(analyse('tiers-lieux')).toEqual(analyse('tiers lieu'));
    expect(analyse('Tiers‑Lieux')).toEqual(analyse('tiers lieux'));
    expect(analyse('e-inclusion')).toEqual(['e', ...analyse('inclusion')]);
  });

  it('keeps different words apart', () => {
    expect(analyse('médiation')).not.toEqual(analyse('médias'));
    expect(analyse('culture')).not.toEqual(analyse('agriculture'));
  });
});

describe('parseKeyword', () => {
  it('reads words, quoted phrases and weights', () => {
    expect(parseKeyword('fablab')).toEqual([{ text: 'fablab', kind: 'word', tokens: analyse('fablab'), weight: 1 }]);
    expect(parseKeyword('"inclusion numérique"^2')).toEqual([
      { text: 'inclusion numérique', kind: 'phrase', tokens: analyse('inclusion numérique'), weight: 2 },
    ]);
    expect(parseKeyword('illectronisme^0,5')[0]!.weight).toBe(0.5);
  });

  it('treats a hyphenated word as a phrase and unquoted words as all-required', () => {
    expect(parseKeyword('tiers-lieux')[0]!.kind).toBe('phrase');
    expect(parseKeyword('accès droits')[0]!.kind).toBe('all');
    expect(parseKeyword("l'emploi")[0]!.kind).toBe('word');
  });

  it('splits an entry mixing quoted phrases and words', () => {
    const terms = parseKeyword('"tiers lieux"^3 fablab');
    expect(terms.map((t) => [t.text, t.kind, t.weight])).toEqual([
      ['tiers lieux', 'phrase', 3],
      ['fablab', 'word', 1],
    ]);
  });

  it('ignores stop-word-only entries and duplicates', () => {
    expect(parseKeyword('"de la"')).toEqual([]);
    expect(parseKeywords(['Numérique', 'numériques', 'fablab']).map((t) => t.text)).toEqual(['Numérique', 'fablab']);
  });
});
