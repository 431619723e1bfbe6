// The French pages behind a "Pas pertinent" link: confirmation, thanks, "link not found" and "no longer on the list",
// in the public pages' common layout (src/pages/layout.ts).
import { renderTemplatePage } from '../pages/layout.js';
import { frenchSpaces } from '../typography.js';

const TEMPLATE = 'not-relevant.html';

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
  const view = {
    ...page,
    title: frenchSpaces(page.title),
    funder: frenchSpaces(page.funder),
    profileName: page.profileName === null ? null : frenchSpaces(page.profileName),
  };
  return renderTemplatePage(TEMPLATE, { confirm: view }, { title: 'Cet appel ne vous concerne pas ?' });
}

export function renderDonePage(title: string): string {
  return renderTemplatePage(TEMPLATE, { done: { title: frenchSpaces(title) } }, { title: 'C’est noté' });
}

export function renderNotFoundPage(): string {
  return renderTemplatePage(TEMPLATE, { notFound: true }, { title: 'Lien introuvable', error: true });
}

/** The link of a member who was erased: it cannot be checked any more, but says where the person stands. */
export function renderGonePage(): string {
  return renderTemplatePage(TEMPLATE, { gone: true }, { title: 'Vous n’êtes plus sur la liste' });
}
