// Canonical URLs: one spelling per page, so that the same call met twice is recognised. Pure.

const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'igshid', 'mc_cid', 'mc_eid',
  'xtor', 'at_medium', 'at_campaign', 'at_platform', 'at_creation', 'at_send_date', '_hsenc', '_hsmi',
  'mkt_tok', 'ref_src', 'ncid', 'pk_campaign', 'pk_kwd', 'pk_source', 'pk_medium',
]);

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || lower.startsWith('mtm_') || TRACKING_PARAMS.has(lower);
}

/** An absolute http(s) URL for `href` relative to `base`; null for anything else (javascript:, mailto:, junk). */
export function resolveHttpUrl(href: string | null | undefined, base?: string): string | null {
  if (!href) return null;
  const trimmed = href.trim();
  if (trimmed === '') return null;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * Scheme and host lower-cased (the URL parser does it), default port, fragment and tracking parameters dropped,
 * the remaining parameters kept in their order. null when `href` is not an http(s) URL.
 */
export function canonicalUrl(href: string | null | undefined, base?: string): string | null {
  const resolved = resolveHttpUrl(href, base);
  if (resolved === null) return null;
  const url = new URL(resolved);
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) {
    if (isTrackingParam(name)) url.searchParams.delete(name);
  }
  return url.toString().replace(/\?$/, '');
}
