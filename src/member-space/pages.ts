// The French pages behind a "Pas pertinent" link: confirmation, thanks, and "link not found".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Mustache from 'mustache';
import { templatesDir } from '../paths.js';

let template: string | undefined;

function notRelevantTemplate(): string {
  // Read once per process; Mustache caches the parsed template itself.
  template ??= readFileSync(join(templatesDir, 'not-relevant.html'), 'utf8');
  return template;
}

export interface ConfirmPage {
  title: string;
  funder: string;
  deadline: string | null;
  profileName: string | null;
  terms: string | null;
  /** Where the button posts: the link itself. */
  action: string;
}

export function renderConfirmPage(page: ConfirmPage): string {
  return Mustache.render(notRelevantTemplate(), { pageTitle: 'Cet appel ne vous concerne pas ?', confirm: page });
}

export function renderDonePage(title: string): string {
  return Mustache.render(notRelevantTemplate(), { pageTitle: 'C’est noté', done: { title } });
}

export function renderNotFoundPage(): string {
  return Mustache.render(notRelevantTemplate(), { pageTitle: 'Lien introuvable', notFound: true });
}
