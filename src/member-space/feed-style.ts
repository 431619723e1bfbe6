// The XSL stylesheet that shows a member's Atom feed as a French page where the XML itself is displayed. Built once per process from
// templates/feed.xsl and the public pages' layout, so the feed's page keeps the look of the others.
import Mustache from 'mustache';
import { pageTemplate, renderPage } from '../pages/layout.js';

/** Where the feed points its xml-stylesheet instruction: beside the feed, so it stays same-origin behind any prefix. */
export const FEED_STYLESHEET_HREF = 'feed.xsl';

let stylesheet: string | undefined;

/** The layout's CSS, as XML text (it holds neither < nor & today; escaped in case it ever does). */
function layoutStyle(): string {
  const css = /<style>([\s\S]*?)<\/style>/.exec(renderPage({ title: '', body: '' }))?.[1] ?? '';
  return css.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

export function feedStylesheet(): string {
  stylesheet ??= Mustache.render(pageTemplate('feed.xsl'), { style: layoutStyle() });
  return stylesheet;
}
