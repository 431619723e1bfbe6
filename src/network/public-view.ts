// The public watch (issue 18) as words and XML: the /veille page's view (filled into templates/veille.html) and the
// /veille.atom feed. Pure: data in, text out. Text stays text in the view (mustache escapes it); the feed escapes
// everything through escapeXml.
import { attributionOf } from '../calls/attribution.js';
import { REGIONS, type Region } from '../calls/regions.js';
import { FUNDER_TYPES } from '../calls/types.js';
import { daysBetween, formatAmount, formatDaysLeft, formatLongDate, FUNDER_LABELS, funderLabel } from '../digest/format.js';
import { plainSummary } from '../digest/view.js';
import { entryId, escapeXml } from '../member-space/atom.js';
import { frenchSpaces } from '../typography.js';
import { euNotice } from './eu-notice.js';
import type { WatchCall, WatchFilters, WatchPage } from './public-watch.js';

export interface WatchCallView {
  title: string;
  url: string | null;
  funder: string;
  deadline: string;
  daysLeft: string | null;
  urgent: boolean;
  amount: string | null;
  summary: string | null;
  pinned: boolean;
  note: string | null;
  euNotice: string | null;
  /** « Source : A, B » with the public sources only. */
  sources: string | null;
  attribution: string | null;
}

export interface Option {
  value: string;
  label: string;
  selected: boolean;
}

export interface WatchView {
  embed: boolean;
  q: string;
  categories: Option[];
  regions: Option[];
  count: string;
  calls: WatchCallView[];
  hasCalls: boolean;
  previousUrl: string | null;
  nextUrl: string | null;
  pageLabel: string | null;
  feedUrl: string;
  /** Links open outside the frame when embedded. */
  linkTarget: string | null;
}

export interface WatchRequest {
  filters: WatchFilters;
  /** The category as asked (a funder type or a category), kept for the form and the links. */
  category: string | null;
  page: number;
  pageSize: number;
  embed: boolean;
  today: string;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function callView(item: WatchCall, today: string): WatchCallView {
  const { call } = item;
  const names = [...new Set(call.sources.map((s) => oneLine(s.name)).filter((n) => n !== ''))];
  const attribution = attributionOf(call.sources).map(oneLine);
  const days = item.deadline === null ? null : daysBetween(today, item.deadline);
  return {
    title: frenchSpaces(oneLine(call.title)) || 'Appel sans titre',
    url: item.url,
    funder: funderLabel(call.funder, call.funderName),
    deadline: item.deadline ? formatLongDate(item.deadline) : 'non précisée',
    daysLeft: days === null ? null : formatDaysLeft(days),
    urgent: days !== null && days <= 7,
    amount: formatAmount(call.amount),
    summary: plainSummary(call.summary),
    pinned: item.note !== null,
    note: item.note === null ? null : frenchSpaces(oneLine(item.note)),
    euNotice: euNotice(call),
    sources: names.length > 0 ? names.join(', ') : null,
    attribution: attribution.length > 0 ? attribution.join(' · ') : null,
  };
}

/** The query string of a /veille address with these filters (page 1 and no embed left out). */
export function watchQuery(request: Pick<WatchRequest, 'filters' | 'category' | 'embed'>, page: number): string {
  const params = new URLSearchParams();
  if (request.filters.q) params.set('q', request.filters.q);
  if (request.category) params.set('category', request.category);
  if (request.filters.region) params.set('region', request.filters.region.slug);
  if (page > 1) params.set('page', String(page));
  if (request.embed) params.set('embed', '1');
  const text = params.toString();
  return text ? `?${text}` : '';
}

function countLabel(total: number): string {
  if (total === 0) return 'Aucun appel ouvert ne correspond.';
  return total === 1 ? '1 appel ouvert.' : `${total.toLocaleString('fr-FR')} appels ouverts.`;
}

export function watchView(page: WatchPage, request: WatchRequest): WatchView {
  const pages = Math.max(1, Math.ceil(page.total / request.pageSize));
  const category = request.category?.toLowerCase() ?? '';
  const categories: Option[] = [
    { value: '', label: 'Tous les financeurs', selected: category === '' },
    ...FUNDER_TYPES.map((type) => ({ value: type, label: FUNDER_LABELS[type], selected: category === type })),
  ];
  // A category that is not a funder type (feeds.yaml's own) stays selectable, so the form says what is filtered.
  if (category !== '' && !(FUNDER_TYPES as readonly string[]).includes(category)) categories.push({ value: request.category!, label: request.category!, selected: true });
  const region = request.filters.region?.slug ?? '';
  const regions: Option[] = [
    { value: '', label: 'Toutes les régions', selected: region === '' },
    ...REGIONS.map((r: Region) => ({ value: r.slug, label: r.slug === 'france' ? 'France (appels nationaux)' : r.name, selected: r.slug === region })),
  ];
  // Past the last page (a link kept from when there were more calls): say so and point back to the last one.
  const pastTheEnd = page.items.length === 0 && request.page > 1 && page.total > 0;
  return {
    embed: request.embed,
    q: request.filters.q ?? '',
    categories,
    regions,
    count: pastTheEnd ? `Cette page est vide : ${countLabel(page.total).replace(/\.$/, '')} en ${pages} page${pages > 1 ? 's' : ''}.` : countLabel(page.total),
    calls: page.items.map((item) => callView(item, request.today)),
    hasCalls: page.items.length > 0,
    previousUrl: request.page > 1 ? `/veille${watchQuery(request, Math.min(request.page - 1, pages))}` : null,
    nextUrl: request.page < pages ? `/veille${watchQuery(request, request.page + 1)}` : null,
    pageLabel: pages > 1 || pastTheEnd ? (pastTheEnd ? `Page ${request.page}` : `Page ${request.page} sur ${pages}`) : null,
    feedUrl: `/veille.atom${watchQuery({ ...request, embed: false }, 1)}`,
    linkTarget: request.embed ? '_blank' : null,
  };
}

export interface WatchFeedOptions {
  /** The feed's own URL (rel="self" and id). */
  selfUrl: string;
  /** The /veille page it mirrors. */
  pageUrl: string;
  idHost: string;
  now: Date;
  today: string;
}

function entryHtml(view: WatchCallView): string {
  const facts = [`Financeur : ${view.funder}`, `Date limite : ${view.deadline}`];
  if (view.amount) facts.push(`Montant : ${view.amount}`);
  const html = [`<ul>${facts.map((f) => `<li>${escapeXml(f)}</li>`).join('')}</ul>`];
  if (view.note) html.push(`<p><strong>Le mot du réseau :</strong> ${escapeXml(view.note)}</p>`);
  if (view.summary) html.push(`<p>${escapeXml(view.summary)}</p>`);
  if (view.euNotice) html.push(`<p><em>${escapeXml(view.euNotice)}</em></p>`);
  if (view.sources) html.push(`<p><small>Source : ${escapeXml(view.sources)}${view.attribution ? ` · ${escapeXml(view.attribution)}` : ''}</small></p>`);
  if (view.url) html.push(`<p><a href="${escapeXml(view.url)}">Voir l’appel à projets</a></p>`);
  return html.join('');
}

function entryXml(item: WatchCall, options: WatchFeedOptions): string {
  const view = callView(item, options.today);
  const lines = [
    '  <entry>',
    `    <id>${escapeXml(entryId(item.call.id, options.idHost))}</id>`,
    `    <title type="text">${escapeXml(view.pinned ? `Sélection du réseau : ${view.title}` : view.title)}</title>`,
    `    <updated>${escapeXml(item.call.updatedAt)}</updated>`,
    `    <published>${escapeXml(item.call.firstSeenAt)}</published>`,
    `    <author><name>${escapeXml(view.funder)}</name></author>`,
  ];
  if (view.url) lines.push(`    <link rel="alternate" type="text/html" href="${escapeXml(view.url)}"/>`);
  if (view.summary) lines.push(`    <summary type="text">${escapeXml(view.summary)}</summary>`);
  if (view.attribution) lines.push(`    <rights type="text">${escapeXml(view.attribution)}</rights>`);
  lines.push(`    <content type="html">${escapeXml(entryHtml(view))}</content>`, '  </entry>');
  return lines.join('\n');
}

/** The Atom document of the public watch: the same calls as the page, in the same order. */
export function buildWatchFeed(page: WatchPage, options: WatchFeedOptions): string {
  const updated = page.items.length > 0 ? page.items.map((i) => i.call.updatedAt).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)) : options.now.toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
    `  <id>${escapeXml(options.selfUrl)}</id>`,
    '  <title type="text">Veille financements du réseau</title>',
    '  <subtitle type="text">Les appels à projets ouverts relevés par le réseau : sélection du réseau d’abord, puis ceux qui ferment le plus tôt.</subtitle>',
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(options.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(options.pageUrl)}"/>`,
    '  <author><name>Veille financements du réseau</name></author>',
    '  <generator>fundwatch</generator>',
    ...page.items.map((item) => entryXml(item, options)),
    '</feed>',
    '',
  ].join('\n');
}
