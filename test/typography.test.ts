import { describe, expect, it } from 'vitest';
import { frenchSpaces, NBSP } from '../src/typography.js';

const show = (text: string) => text.replaceAll(NBSP, '~');

describe('frenchSpaces', () => {
  it.each([
    ['Date limite : 12 mars', 'Date limite~: 12 mars'],
    ['Pas pertinent ? Dites-le !', 'Pas pertinent~? Dites-le~!'],
    ['montant ; taux', 'montant~; taux'],
    ['« Pas pertinent »', '«~Pas pertinent~»'],
    ['«Pas pertinent»', '«~Pas pertinent~»'],
    ['«  deux espaces  »', '«~deux espaces~»'],
    ['déjà «\u00a0bien\u00a0» : fait', 'déjà «~bien~»~: fait'],
  ])('%s', (input, expected) => {
    expect(show(frenchSpaces(input))).toBe(expected);
  });

  it.each(['https://example.org/a?b=1', 'le 8:00', 'Deadline: March 3', 'a{color:red}', '<!doctype html>', 'rien à faire'])(
    'leaves %s alone',
    (input) => {
      expect(frenchSpaces(input)).toBe(input);
    },
  );

  it('leaves a line break after an opening guillemet, and is idempotent', () => {
    expect(frenchSpaces('«\n  {{title}}')).toBe('«\n  {{title}}');
    const once = frenchSpaces('Appel « Tiers-lieux » : dépôt ; vite !');
    expect(frenchSpaces(once)).toBe(once);
  });
});
