// A member's personal Atom feed (RFC 4287) of their matched calls, newest match first. Pure: data in, XML out.
// Written by hand because the format is small; everything from a feed passes through escapeXml.
import { attributionOf } from '../calls/attribution.js';
import { euNotice } from '../network/eu-notice.js';
import { callLink, type MemberCall } from './items.js';
import { frenchSpaces } from '../typography.js';
import { frenchAmount, frenchDay, frenchFunder } from './format.js';

export interface AtomOptions {
  /** The feed's own URL (rel="self"); also its id, since only its owner knows it. */
  selfUrl: string;
  /** Host name for entry ids (tag URIs). */
  idHost: string;
  /** Used as the feed's `updated` when it has no entry. */
  now: Date;
  notRelevantUrl?: (callId: number, profileId: number | undefined) => string;
  /** The call's « Je suis intéressé » status page (issue 17). */
  interestedUrl?: (callId: number) => string;
  /** An XSL stylesheet (relative or absolute URL) that browsers apply to show the feed as a page. */
  stylesheetHref?: string;
}

const SUMMARY_MAX = 600;

// XML 1.0 forbids most control characters even when escaped; scraped text sometimes carries them.
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Entry ids are per call, so a reader shows an updated call as the same item. */
export function entryId(callId: number, idHost: string): string {
  return `tag:${idHost},2026:fundwatch/call/${callId}`;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40))}…`;
}

function latest(...isoDates: string[]): string {
  return isoDates.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));
}

/**
 * The entry's body as HTML (escaped once here, and once more by the XML around it); also each call's body on the
 * feed's page for browsers. French spacing, so a guillemet never ends a line.
 */
export function entryHtml(item: MemberCall, options: Pick<AtomOptions, 'notRelevantUrl' | 'interestedUrl'>): string {
  const { call } = item;
  const facts: string[] = [`Financeur : ${frenchFunder(call)}`];
  if (call.nextDeadline) facts.push(`Date limite : ${frenchDay(call.nextDeadline)}`);
  else facts.push('Date limite : non précisée');
  const amount = frenchAmount(call.amount);
  if (amount) facts.push(`Montant : ${amount}`);
  const best = item.profiles[0];
  if (best) {
    const terms = best.terms.length ? ` (${best.terms.join(', ')})` : '';
    facts.push(`Correspond à votre profil « ${best.profileName} »${terms}`);
  }
  const html = [`<ul>${facts.map((fact) => `<li>${escapeXml(frenchSpaces(fact))}</li>`).join('')}</ul>`];
  if (call.summary.trim()) html.push(`<p>${escapeXml(frenchSpaces(shorten(call.summary, SUMMARY_MAX)))}</p>`);
  // EU money is paid late and needs co-funding: said wherever the call is shown (issue 18).
  const notice = euNotice(call);
  if (notice) html.push(`<p><em>${escapeXml(notice)}</em></p>`);
  const attribution = attributionOf(call.sources);
  if (attribution.length > 0) html.push(`<p><small>${escapeXml(attribution.join(' · '))}</small></p>`);
  const link = callLink(call);
  if (link) html.push(`<p><a href="${escapeXml(link)}">Voir l’appel à projets</a></p>`);
  if (options.interestedUrl) html.push(`<p><a href="${escapeXml(options.interestedUrl(call.id))}">Je suis intéressé</a></p>`);
  if (options.notRelevantUrl) {
    html.push(`<p><a href="${escapeXml(options.notRelevantUrl(call.id, best?.profileId))}">Pas pertinent pour moi</a></p>`);
  }
  return html.join('');
}

function entryXml(item: MemberCall, options: AtomOptions): string {
  const { call } = item;
  const link = callLink(call);
  const lines = [
    '  <entry>',
    `    <id>${escapeXml(entryId(call.id, options.idHost))}</id>`,
    `    <title type="text">${escapeXml(frenchSpaces(call.title))}</title>`,
    `    <published>${escapeXml(item.firstMatchedAt)}</published>`,
    `    <updated>${escapeXml(latest(call.updatedAt, item.firstMatchedAt))}</updated>`,
    `    <author><name>${escapeXml(frenchFunder(call))}</name></author>`,
  ];
  if (link) lines.push(`    <link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`);
  for (const profile of item.profiles) lines.push(`    <category term="${escapeXml(profile.profileName)}"/>`);
  if (call.summary.trim()) lines.push(`    <summary type="text">${escapeXml(frenchSpaces(shorten(call.summary, SUMMARY_MAX)))}</summary>`);
  // What the data's licence asks to be shown with it (Licence Ouverte: the source's name), as the entry's rights.
  const attribution = attributionOf(call.sources);
  if (attribution.length > 0) lines.push(`    <rights type="text">${escapeXml(attribution.join(' · '))}</rights>`);
  lines.push(`    <content type="html">${escapeXml(entryHtml(item, options))}</content>`, '  </entry>');
  return lines.join('\n');
}

/** The Atom document; `items` are expected newest match first (as memberCalls returns them). */
export function buildAtomFeed(items: MemberCall[], options: AtomOptions): string {
  const updated = items.length
    ? items.map((item) => latest(item.call.updatedAt, item.firstMatchedAt)).reduce((a, b) => latest(a, b))
    : options.now.toISOString();
  const stylesheet = options.stylesheetHref ? [`<?xml-stylesheet type="text/xsl" href="${escapeXml(options.stylesheetHref)}"?>`] : [];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    ...stylesheet,
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
    `  <id>${escapeXml(options.selfUrl)}</id>`,
    '  <title type="text">Mes appels à projets (fundwatch)</title>',
    '  <subtitle type="text">Les appels à projets ouverts qui correspondent à vos profils, les plus récents en premier.</subtitle>',
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(options.selfUrl)}"/>`,
    '  <author><name>fundwatch</name></author>',
    '  <generator>fundwatch</generator>',
    ...items.map((item) => entryXml(item, options)),
    '</feed>',
    '',
  ].join('\n');
}
