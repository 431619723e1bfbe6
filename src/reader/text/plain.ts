// HTML (or text that may hold HTML) to clean plain text: markup stripped, entities decoded, whitespace folded.
// Nothing that could act as markup survives, even when a source escaped its HTML twice.
import { compile, type HtmlToTextOptions } from 'html-to-text';

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  preserveNewlines: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'object', format: 'skip' },
    { selector: 'embed', format: 'skip' },
    { selector: 'svg', format: 'skip' },
    { selector: 'form', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'ul', options: { itemPrefix: '- ' } },
  ],
};

// Compiling the options builds html-to-text's selector decision tree: done once, not on every item (it was three
// quarters of ingestion's CPU time when `convert` recompiled them per call).
const toText = compile(OPTIONS);

const LOOKS_LIKE_MARKUP = /<\/?[a-z!?][^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});/i;

/** Plain text of an HTML fragment, paragraphs kept as single blank-line breaks. */
export function htmlToPlainText(html: string): string {
  let text = html;
  // Entity-escaped HTML decodes into new markup: convert again (twice at most) until none is left.
  for (let pass = 0; pass < 3; pass++) {
    text = toText(text);
    if (!LOOKS_LIKE_MARKUP.test(text)) break;
  }
  return foldWhitespace(neutralise(text));
}

/** One-line plain text (titles). */
export function htmlToLine(html: string): string {
  return htmlToPlainText(html).replace(/\s+/g, ' ').trim();
}

/** Last guard: whatever tag-like text is left is dropped, and no `javascript:` pseudo-URL is kept. */
function neutralise(text: string): string {
  return text
    .replace(/<\/?[a-z!?][^>]*>/gi, ' ')
    .replace(/<(?=[a-z!?/])/gi, '‹')
    .replace(/\b(?:java|vb)script\s*:/gi, '');
}

export function foldWhitespace(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u202f\t\f\v ]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
