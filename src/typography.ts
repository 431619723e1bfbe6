// French typography for what members and staff read: a non-breaking space inside « » and before : ; ! ?, so that a
// guillemet or a colon never starts or ends a line on a narrow screen. One function, applied to templates' static
// text once when they are loaded and to the values worth it (titles, funders) when a view is built.

export const NBSP = '\u00a0';

// Cheap test first: most titles and summaries need nothing, and the digest makes one face per call.
const NEEDS_WORK = /[ \t][:;!?»]|«(?![\u00a0\n])|[^\s\u00a0]»/;
const SPACES_BEFORE = /[ \t]+(?=[:;!?»])/g;
const AFTER_OPENING = /«[ \t]*(?![\u00a0\n])/g;
const BEFORE_CLOSING = /([^\s\u00a0])»/g;

/**
 * Ordinary spaces before : ; ! ? » become one non-breaking space, and « » get one inside when they have an ordinary
 * space or none. A colon with no space before it is left alone (`https://`, `8:00`, English text), and so is a line
 * break after « (a template's layout, not a sentence).
 */
export function frenchSpaces(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(SPACES_BEFORE, NBSP).replace(AFTER_OPENING, `«${NBSP}`).replace(BEFORE_CLOSING, `$1${NBSP}»`);
}
