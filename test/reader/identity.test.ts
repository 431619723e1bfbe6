import { describe, expect, it } from 'vitest';
import { itemKeys, titleKey } from '../../src/reader/identity/keys.js';
import { canonicalUrl, resolveHttpUrl } from '../../src/reader/identity/url.js';

describe('canonicalUrl', () => {
  it('lower-cases scheme and host, drops fragments, default ports and tracking parameters', () => {
    expect(canonicalUrl('HTTPS://Www.MaRegionSud.FR:443/aides/appel?id=12&utm_source=newsletter&utm_medium=email&fbclid=abc#haut')).toBe(
      'https://www.maregionsud.fr/aides/appel?id=12',
    );
    expect(canonicalUrl('http://example.org/a?gclid=1&xtor=RSS-3')).toBe('http://example.org/a');
  });

  it('keeps meaningful parameters in their order', () => {
    expect(canonicalUrl('https://example.org/aides/?page=2&categorie=numerique')).toBe('https://example.org/aides/?page=2&categorie=numerique');
  });

  it('resolves relative links and refuses non-web schemes', () => {
    expect(canonicalUrl('../appel-2027.html', 'https://example.org/aides/liste/')).toBe('https://example.org/aides/appel-2027.html');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(resolveHttpUrl('mailto:contact@example.org')).toBeNull();
    expect(canonicalUrl('')).toBeNull();
  });
});

describe('titleKey', () => {
  it('folds case, accents and punctuation', () => {
    expect(titleKey('Appel à projets – « Inclusion NUMÉRIQUE » 2027 !')).toBe('appel a projets inclusion numerique 2027');
    expect(titleKey('Œuvres sociales')).toBe('oeuvres sociales');
    expect(titleKey('Tiers-lieux & fabriques')).toBe(titleKey('Tiers-lieux et fabriques'));
  });
});

describe('itemKeys', () => {
  it('uses GUIDs when they are unique', () => {
    expect(itemKeys([
      { guid: 'a', url: 'https://x.org/1', title: 'Un' },
      { guid: 'b', url: 'https://x.org/2', title: 'Deux' },
    ])).toEqual(['guid:a', 'guid:b']);
  });

  it('falls back to the canonical URL when a feed repeats or omits GUIDs', () => {
    expect(itemKeys([
      { guid: 'same', url: 'https://x.org/1?utm_source=rss', title: 'Un' },
      { guid: 'same', url: 'https://x.org/2', title: 'Deux' },
      { guid: null, url: 'https://x.org/3', title: 'Trois' },
      { guid: null, url: null, title: 'Quatre !' },
    ])).toEqual(['url:https://x.org/1', 'url:https://x.org/2', 'url:https://x.org/3', 'title:quatre']);
  });

  it('keeps keys unique even when URLs repeat', () => {
    const keys = itemKeys([
      { guid: null, url: 'https://x.org/liste', title: 'Un' },
      { guid: null, url: 'https://x.org/liste', title: 'Deux' },
    ]);
    expect(new Set(keys).size).toBe(2);
  });
});
