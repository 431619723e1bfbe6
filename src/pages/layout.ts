// One look for every public HTML page (unsubscribe, « Pas pertinent », the member's page, the home page...): each page
// has its own mustache template in templates/ for its content, set inside templates/layout.html by renderPage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { templatesDir } from '../paths.js';
import { frenchSpaces } from '../typography.js';

const templates = new Map<string, string>();

/**
 * A template of templates/, read once per process with French spacing applied to its static text (the values filled
 * in are the caller's to space: frenchSpaces on titles and names, never on what a form sends back).
 */
export function pageTemplate(name: string): string {
  let template = templates.get(name);
  if (template === undefined) {
    template = frenchSpaces(readFileSync(join(templatesDir, name), 'utf8'));
    Mustache.parse(template);
    templates.set(name, template);
  }
  return template;
}

export interface PageOptions {
  /** The page's title (in the tab and, usually, its h1), plain text. */
  title: string;
  /** The page's content, HTML (rendered from the page's own template). */
  body: string;
  /** Shown as an error (red title). */
  error?: boolean;
  /** Width of the content column in px (default 560, a phone's reading width; forms with tables may want more). */
  width?: number;
  /** Without the page's chrome (footer, margins), for a page shown in another site's frame. */
  embed?: boolean;
  /** Search engines may index it (the public watch); other pages are private links and say noindex. */
  indexable?: boolean;
  /** The page's own CSS, after the shared one. */
  style?: string;
  /** Extra elements for the document's head (HTML, e.g. a feed's `<link rel="alternate">`). */
  head?: string;
}

/** The whole HTML document of a public page. */
export function renderPage(options: PageOptions): string {
  return Mustache.render(pageTemplate('layout.html'), {
    title: frenchSpaces(options.title),
    body: options.body,
    error: options.error === true,
    width: options.width ?? 560,
    embed: options.embed === true,
    indexable: options.indexable === true,
    style: options.style ?? null,
    head: options.head ?? '',
  });
}

/** Renders templates/NAME with `view` and sets it in the layout. */
export function renderTemplatePage(name: string, view: object, options: Omit<PageOptions, 'body'>): string {
  return renderPage({ ...options, body: Mustache.render(pageTemplate(name), view) });
}
