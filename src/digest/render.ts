// The HTML part: templates/digest.mjml compiled by mjml once per process (strict validation, so a broken
// template fails at start and in tests), then filled per member by mustache closures (fill.ts: mustache.js's rules,
// compiled once), which escape every value. Never use triple mustaches here: everything in the view may come from
// a feed (fill.ts refuses them at start).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mjml2html from 'mjml';
import { frenchSpaces } from '../typography.js';
import { templatesDir } from '../paths.js';
import { compileFill } from './fill.js';
import { CALL_FACE_FIELDS, callFaceOf, type CallView, type DigestView } from './view.js';

export const DIGEST_TEMPLATE = join(templatesDir, 'digest.mjml');
export const CALL_PARTIAL = join(templatesDir, 'digest-call.html');

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** MJML to HTML, refusing any validation error; `name` says which template in error messages. */
export async function compileMjml(source: string, name: string): Promise<string> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    // mjml 5 returns a promise.
    result = await mjml2html(source, { validationLevel: 'strict', filePath: templatesDir, keepComments: false });
  } catch (error) {
    throw new TemplateError(`${name}: invalid MJML: ${error instanceof Error ? error.message.trim() : String(error)}`);
  }
  if (result.errors.length > 0) {
    throw new TemplateError(`${name}: invalid MJML: ${result.errors.map((e) => e.formattedMessage).join('; ')}`);
  }
  return result.html;
}

function dropIndentation(html: string): string {
  return html.replace(/\n[ \t]+/g, '\n').replace(/\n{2,}/g, '\n');
}

// mustache.js's escapes (Mustache.escape's entity map), so the bytes stay the same; test/digest/fill.test.ts renders
// every one of these characters both ways.
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '/': '&#x2F;',
  '`': '&#x60;',
  '=': '&#x3D;',
};
const TO_ESCAPE = /[&<>"'`=/]/g;

// Most values (dates, days left, names) hold nothing to escape and come back as they are. The rest (explanations
// quoting a phrase, every link) are escaped piece by piece: mustache's replace ran a callback per character, and
// escaping was a sixth of a digest's fill.
function escapeHtml(value: unknown): string {
  const text = String(value);
  TO_ESCAPE.lastIndex = 0;
  let match = TO_ESCAPE.exec(text);
  if (match === null) return text;
  let out = '';
  let last = 0;
  do {
    out += text.slice(last, match.index) + ENTITIES[match[0]]!;
    last = match.index + 1;
  } while ((match = TO_ESCAPE.exec(text)) !== null);
  return out + text.slice(last);
}

interface CompiledDigest {
  html: string;
  partials: { call: string };
  /** The HTML filled for one member, as Mustache.render(html, view, partials) would. */
  fill: (view: DigestView) => string;
}

let compiled: Promise<CompiledDigest> | undefined;

async function compileDigest(): Promise<CompiledDigest> {
  // Indentation is a third of mjml's output, and Gmail clips messages over 102 KB: drop it (HTML whitespace
  // collapses anyway, so a newline renders exactly like the run of spaces it replaces).
  // French spacing in the templates' own text, once: a « » or a colon never alone at a line's end on a phone.
  const html = dropIndentation(await compileMjml(frenchSpaces(readFileSync(DIGEST_TEMPLATE, 'utf8')), DIGEST_TEMPLATE));
  const call = dropIndentation(frenchSpaces(readFileSync(CALL_PARTIAL, 'utf8')));
  // Compiled now, so a mustache syntax error (or an unescaped tag) shows at start, not at the first member.
  const partials = { call };
  let fill: CompiledDigest['fill'];
  try {
    fill = compileFill(html, {
      partials,
      escape: escapeHtml,
      // A call's title, link, funder, amount and summary read the same for every member: made into HTML once.
      cached: {
        name: 'call',
        fields: new Set(CALL_FACE_FIELDS),
        keyOf: (view) => (view !== null && typeof view === 'object' ? callFaceOf(view as CallView) : undefined),
      },
    });
  } catch (error) {
    throw new TemplateError(`${DIGEST_TEMPLATE}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { html, partials, fill };
}

/** The compiled digest template, compiled on first use and kept for the life of the process. */
export function digestTemplate(): Promise<CompiledDigest> {
  compiled ??= compileDigest().catch((error: unknown) => {
    compiled = undefined; // let a fixed template be picked up on the next call
    throw error;
  });
  return compiled;
}

/** The digest's HTML for one member. */
export async function renderDigestHtml(view: DigestView): Promise<string> {
  return (await digestTemplate()).fill(view);
}
