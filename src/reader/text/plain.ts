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

// What html-to-text folds into one space (its default whitespaceCharacters).
const HTML_WHITESPACE = /[ \t\r\n\f\u200b]+/g;

const LOOKS_LIKE_MARKUP = /<\/?[a-z!?][^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});/i;

/** Plain text of an HTML fragment, paragraphs kept as single blank-line breaks. */
export function htmlToPlainText(html: string): string {
  // Text without markup or entities (most titles, empty bodies) only needs html-to-text's whitespace folding.
  if (!/[<&]/.test(html)) return foldWhitespace(neutralise(fixEncodingSlips(html.replace(HTML_WHITESPACE, ' ').trim())));
  let text = html;
  // Entity-escaped HTML decodes into new markup: convert again (twice at most) until none is left.
  for (let pass = 0; pass < 3; pass++) {
    text = toText(text);
    if (!LOOKS_LIKE_MARKUP.test(text)) break;
  }
  return foldWhitespace(neutralise(fixEncodingSlips(text)));
}

/** One-line plain text (titles). */
export function htmlToLine(html: string): string {
  return htmlToPlainText(html).replace(/\s+/g, ' ').trim();
}

// Windows-1252's characters at 0x80-0x9F, which pages write as C1 controls (`&#146;`, or latin-1 bytes labelled
// UTF-8 then re-encoded); HTML's own rule for such character references.
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const BYTE_OF = new Map<string, number>([...WINDOWS_1252_C1].map((c, i) => [c, 0x80 + i]));
for (let byte = 0x80; byte <= 0xff; byte++) if (!BYTE_OF.has(String.fromCharCode(byte))) BYTE_OF.set(String.fromCharCode(byte), byte);
const CONTINUATION = `[\u0080-\u00bf${WINDOWS_1252_C1.replace(/[\u0080-\u00bf]/g, '')}]`;
// A UTF-8 lead byte read as latin-1/windows-1252, then as many continuation bytes as it announces: "Ã©" for "é".
// Two-byte sequences only from the leads of Latin-1 and Œ/œ (Â, Ã, Å): with another capital ("ÉTÉ»") the
// pair is more likely real text than a slip.
const MOJIBAKE = new RegExp(`[\u00c2\u00c3\u00c5]${CONTINUATION}|[\u00e0-\u00ef]${CONTINUATION}{2}|[\u00f0-\u00f4]${CONTINUATION}{3}`, 'g');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Text encoded twice (UTF-8 read as windows-1252 and encoded again: "rÃ©gion", "lâ€™appel") decoded back,
 * sequence by sequence and only where the bytes are valid UTF-8; then stray C1 controls read as windows-1252.
 */
export function fixEncodingSlips(text: string): string {
  const once = text.replace(MOJIBAKE, (run) => {
    try {
      return utf8.decode(Uint8Array.from([...run].map((c) => BYTE_OF.get(c) ?? 0)));
    } catch {
      return run;
    }
  });
  return once.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
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
