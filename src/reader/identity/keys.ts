// Identity of items and calls: a key per item within its source, a normalised title across sources. Pure.
import { canonicalUrl } from './url.js';

/**
 * Lower-case, accents folded, punctuation and repeated spaces gone: "Appel à projets – Inclusion numérique" →
 * "appel a projets inclusion numerique". "&" reads as "et", since relaying sites rewrite one into the other.
 */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/&/g, ' et ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface ItemIdentityInput {
  guid: string | null;
  url: string | null;
  title: string;
}

/**
 * The key of each item within one fetch of a source: its GUID, unless the feed omits it or repeats it
 * (then the canonical URL, then the title). Keys are unique within the list returned.
 */
export function itemKeys(items: ItemIdentityInput[]): string[] {
  const guidCounts = new Map<string, number>();
  for (const item of items) {
    const guid = item.guid?.trim();
    if (guid) guidCounts.set(guid, (guidCounts.get(guid) ?? 0) + 1);
  }
  const used = new Set<string>();
  return items.map((item) => {
    const guid = item.guid?.trim();
    const url = canonicalUrl(item.url);
    const candidates = [
      guid && guidCounts.get(guid) === 1 ? `guid:${guid}` : null,
      url ? `url:${url}` : null,
      `title:${titleKey(item.title)}`,
    ].filter((key): key is string => key !== null);
    let key = candidates.find((candidate) => !used.has(candidate)) ?? candidates[candidates.length - 1]!;
    for (let n = 2; used.has(key); n++) key = `${candidates[candidates.length - 1]}#${n}`;
    used.add(key);
    return key;
  });
}
