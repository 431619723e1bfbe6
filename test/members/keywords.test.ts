import { describe, expect, test } from 'vitest';
import { parseKeyword } from '../../src/match/query.js';
import { termProblem } from '../../src/members/keywords.js';

const keyword = (t: string) => termProblem(t, { allowWeight: true });
const exclusion = (t: string) => termProblem(t, { allowWeight: false });

describe('profile term syntax', () => {
  test('accepts what the matcher understands', () => {
    for (const t of ['fablab', 'tiers-lieux', '"tiers lieux"', '"tiers-lieux"^2', 'inclusion numérique', 'inclusion numérique^1,5', '"tiers lieux"^2 fablab', 'fablab^0.5', 'numérique^10']) {
      expect(keyword(t), t).toBeNull();
      expect(parseKeyword(t).length, t).toBeGreaterThan(0);
    }
    expect(exclusion('"formation professionnelle"')).toBeNull();
  });

  test('refuses with a French reason', () => {
    expect(keyword('')).toBe('terme vide');
    expect(keyword('"tiers lieux')).toMatch(/guillemets non fermés/);
    expect(keyword('a"b')).toMatch(/guillemets/);
    expect(keyword('""')).toMatch(/expression vide/);
    expect(keyword('fablab^')).toMatch(/poids/);
    expect(keyword('fablab^-2')).toMatch(/poids/);
    expect(keyword('fablab^11')).toMatch(/de 0,1 à 10/);
    expect(keyword('fablab^0')).toMatch(/poids/);
    expect(keyword('x^1^2')).toMatch(/un seul \^/);
    expect(keyword('^2')).toMatch(/un seul \^/);
    expect(keyword('inclusion^2 numérique')).toMatch(/un seul \^/);
    expect(keyword('"a b"^x')).toMatch(/poids/);
    expect(keyword('de la')).toMatch(/mots vides/);
    expect(keyword('x'.repeat(201))).toMatch(/trop long/);
    expect(exclusion('chasse^2')).toMatch(/exclusion/);
    expect(exclusion('"chasse"^2')).toMatch(/exclusion/);
  });
});
