// The regions a call can be filtered by: France's 18 regions, and `france` for national calls, each with the slug
// feeds.yaml uses and the name profiles use. Either spelling is accepted, whatever its case and accents.
import { fold } from '../match/analyse.js';
import { DEPARTMENTS, type Department } from './departments.js';

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
  const text = key(value);
  const nickname = NICKNAMES[text];
  return BY_KEY.get(text) ?? (nickname ? (REGIONS.find((r) => r.slug === nickname) ?? null) : null);
}

/**
 * How a call's stored regions may spell this region (feeds.yaml slugs, API names). SQLite's NOCASE folds ASCII
 * letters only, so the name also comes in lower and upper case: `île-de-france` and `ÎLE-DE-FRANCE` are found too.
 */
export function regionSpellings(region: Region): string[] {
  return [...new Set([...nameSpellings(region.slug, region.name), ...regionExtras(region.slug)])];
}

function nameSpellings(slug: string, name: string): string[] {
  const names = [name, name.replace(/’/g, "'")].flatMap((n) => [n, n.toLowerCase(), n.toUpperCase()]);
  return [slug, ...names, fold(name), key(name)];
}

/**
 * The names funders use for a region (« Région Sud », PACA) and its departments by name and code: a call a
 * departmental council publishes for Vaucluse concerns Provence-Alpes-Côte d'Azur, as the matcher's filter says.
 */
function regionExtras(slug: string): string[] {
  const departments = DEPARTMENTS.filter((d) => d.region === slug).flatMap(departmentSpellings);
  return [...nicknameSpellings(slug), ...departments];
}

function nicknameSpellings(slug: string): string[] {
  const nicknames = Object.entries(NICKNAMES)
    .filter(([, of]) => of === slug)
    .flatMap(([nickname]) => [nickname, nickname.toUpperCase(), nickname.replace(/\b\p{L}/gu, (c) => c.toUpperCase())]);
  if (slug === 'provence-alpes-cote-d-azur') nicknames.push('Région Sud', 'région sud', 'RÉGION SUD');
  return nicknames;
}

function departmentSpellings(department: Department): string[] {
  return [department.code, ...nameSpellings(key(department.name).replace(/ /g, '-'), department.name)];
}

/**
 * How a call's stored regions may spell what a filter names: a region (with its departments, as regionSpellings),
 * or a department with its region's own names, since a call for the whole region concerns the department too (as
 * the matcher's filter says). Null when the value names neither.
 */
export function filterSpellings(value: string): string[] | null {
  const region = findRegion(value);
  if (region) return regionSpellings(region);
  const area = areaOf(value);
  if (area?.kind !== 'department') return null;
  const department = DEPARTMENTS.find((d) => d.code.toLowerCase() === area.department)!;
  const own = REGIONS.find((r) => r.slug === area.region)!;
  return [...new Set([...departmentSpellings(department), ...nameSpellings(own.slug, own.name), ...nicknameSpellings(own.slug)])];
}

/** What a call's or a profile's region value names: a region, or a department and the region it is in. */
export type Area = { kind: 'region'; region: string } | { kind: 'department'; region: string; department: string };

// Names funders use beside the official ones (Région Sud is PACA's own name since 2017).
const NICKNAMES: Record<string, string> = {
  paca: 'provence-alpes-cote-d-azur',
  'region sud': 'provence-alpes-cote-d-azur',
  'sud provence alpes cote d azur': 'provence-alpes-cote-d-azur',
  idf: 'ile-de-france',
  aura: 'auvergne-rhone-alpes',
  bfc: 'bourgogne-franche-comte',
  centre: 'centre-val-de-loire',
  cvl: 'centre-val-de-loire',
  // The regions before 2016, which funders' older pages and members still write.
  alsace: 'grand-est',
  lorraine: 'grand-est',
  'champagne ardenne': 'grand-est',
  aquitaine: 'nouvelle-aquitaine',
  limousin: 'nouvelle-aquitaine',
  'poitou charentes': 'nouvelle-aquitaine',
  'midi pyrenees': 'occitanie',
  'languedoc roussillon': 'occitanie',
  'rhone alpes': 'auvergne-rhone-alpes',
  auvergne: 'auvergne-rhone-alpes',
  bourgogne: 'bourgogne-franche-comte',
  'franche comte': 'bourgogne-franche-comte',
  'nord pas de calais': 'hauts-de-france',
  picardie: 'hauts-de-france',
  'basse normandie': 'normandie',
  'haute normandie': 'normandie',
};

/** Region values meaning "the whole country or wider" (as `key` writes them): such a call suits every region. */
export const WIDE_SCOPES: ReadonlySet<string> = new Set(['france', 'national', 'nationale', 'france entiere', 'toute la france', 'europe', 'ue', 'eu', 'union europeenne', 'international']);

/**
 * Why a region value, as staff or a member wrote it, names no place the filters know (a typo: « Brtagne »), in
 * French; null when it is a region (current or former name), a department (name or number) or a national scope.
 */
export function regionProblem(value: string): string | null {
  if (WIDE_SCOPES.has(key(value)) || areaOf(value) !== null) return null;
  return `« ${value} » n’est ni une région, ni un département, ni « France » (exemples : Bretagne, Auvergne-Rhône-Alpes, Vaucluse, 84)`;
}

const AREAS = new Map<string, Area>();
for (const region of REGIONS) {
  AREAS.set(key(region.slug), { kind: 'region', region: region.slug });
  AREAS.set(key(region.name), { kind: 'region', region: region.slug });
}
AREAS.set('reunion', { kind: 'region', region: 'la-reunion' });
for (const [nickname, slug] of Object.entries(NICKNAMES)) AREAS.set(nickname, { kind: 'region', region: slug });
for (const department of DEPARTMENTS) {
  const area: Area = { kind: 'department', region: department.region, department: department.code.toLowerCase() };
  AREAS.set(key(department.name), area);
  AREAS.set(department.code.toLowerCase(), area);
}

/**
 * The area a region value names, however a funder writes it: `Vaucluse`, `Département du Vaucluse (84)`, `84`,
 * `Région Sud`, `PACA`, `Provence-Alpes-Côte d'Azur`; null for anything else (a town, an intercommunality).
 */
export function areaOf(value: string): Area | null {
  const text = key(value);
  const exact = AREAS.get(text);
  if (exact) return exact;
  const bare = text
    .replace(/^(region|departement|dept|conseil departemental|conseil regional)( (de la|de l|du|des|de|d))? /, '')
    .replace(/ (\d{2,3}|2a|2b)$/, '');
  // A code counts only written alone (`84`) or after a name (`Vaucluse (84)`), not as « Région 13 ».
  return /^(\d+|2a|2b)$/.test(bare) ? null : (AREAS.get(bare) ?? null);
}

/**
 * Whether two region lists can describe the same call: a list left empty or national fits anything, a region fits
 * its departments; two different departments (the Var's FDVA and the Vaucluse's) or two regions cannot.
 */
export function placesOverlap(a: readonly string[], b: readonly string[]): boolean {
  const wide = (list: readonly string[]) => list.length === 0 || list.some((r) => WIDE_SCOPES.has(key(r)));
  if (wide(a) || wide(b)) return true;
  return a.some((x) => b.some((y) => sameOrWithin(x, y)));
}

function sameOrWithin(x: string, y: string): boolean {
  const ax = areaOf(x);
  const ay = areaOf(y);
  if (!ax && !ay) return key(x) === key(y);
  // A town or an intercommunality beside a region or a department: nothing says they differ.
  if (!ax || !ay) return true;
  if (ax.kind === 'department' && ay.kind === 'department') return ax.department === ay.department;
  return ax.region === ay.region;
}
