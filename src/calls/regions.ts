// The regions a call can be filtered by: France's 18 regions, and `france` for national calls, each with the slug
// feeds.yaml uses and the name profiles use. Either spelling is accepted, whatever its case and accents.
import { fold } from '../match/analyse.js';

export interface Region {
  slug: string;
  name: string;
}

export const REGIONS: readonly Region[] = [
  { slug: 'auvergne-rhone-alpes', name: 'Auvergne-Rhône-Alpes' },
  { slug: 'bourgogne-franche-comte', name: 'Bourgogne-Franche-Comté' },
  { slug: 'bretagne', name: 'Bretagne' },
  { slug: 'centre-val-de-loire', name: 'Centre-Val de Loire' },
  { slug: 'corse', name: 'Corse' },
  { slug: 'grand-est', name: 'Grand Est' },
  { slug: 'hauts-de-france', name: 'Hauts-de-France' },
  { slug: 'ile-de-france', name: 'Île-de-France' },
  { slug: 'normandie', name: 'Normandie' },
  { slug: 'nouvelle-aquitaine', name: 'Nouvelle-Aquitaine' },
  { slug: 'occitanie', name: 'Occitanie' },
  { slug: 'pays-de-la-loire', name: 'Pays de la Loire' },
  { slug: 'provence-alpes-cote-d-azur', name: 'Provence-Alpes-Côte d’Azur' },
  { slug: 'guadeloupe', name: 'Guadeloupe' },
  { slug: 'martinique', name: 'Martinique' },
  { slug: 'guyane', name: 'Guyane' },
  { slug: 'la-reunion', name: 'La Réunion' },
  { slug: 'mayotte', name: 'Mayotte' },
  { slug: 'france', name: 'France' },
];

/** Accents, case, apostrophes, hyphens and spacing ignored: `Provence-Alpes-Côte d'Azur` is `provence-alpes-cote-d-azur`. */
function key(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, ' ').trim();
}

const BY_KEY = new Map<string, Region>();
for (const region of REGIONS) {
  BY_KEY.set(key(region.slug), region);
  BY_KEY.set(key(region.name), region);
}
// Written without its article as often as with it.
BY_KEY.set('reunion', REGIONS.find((r) => r.slug === 'la-reunion')!);

/** The region a filter value names, or null. */
export function findRegion(value: string): Region | null {
  return BY_KEY.get(key(value)) ?? null;
}

/**
 * How a call's stored regions may spell this region (feeds.yaml slugs, API names). SQLite's NOCASE folds ASCII
 * letters only, so the name also comes in lower and upper case: `île-de-france` and `ÎLE-DE-FRANCE` are found too.
 */
export function regionSpellings(region: Region): string[] {
  const names = [region.name, region.name.replace(/’/g, "'")].flatMap((name) => [name, name.toLowerCase(), name.toUpperCase()]);
  return [...new Set([region.slug, ...names, fold(region.name), key(region.name)])];
}
