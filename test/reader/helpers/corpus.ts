// The feedparser test corpus (test/fixtures/feedparser): each file with the metadata its leading comment gives
// (`Header:`, `Expect:`), read whatever the file's encoding, for serving over HTTP as its comment says.
import iconv from 'iconv-lite';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fixturesDir } from './fixtures.js';

export interface CorpusFile {
  /** Path under test/fixtures/feedparser, with forward slashes. */
  path: string;
  bytes: Buffer;
  /** Response headers named by the file's `Header:` lines (lower-cased names). */
  headers: Record<string, string>;
  /** feedparser's expectation, a Python expression (`not bozo and encoding == 'utf-8'`); '' when none. */
  expect: string;
  bozo: boolean;
}

export const corpusDir = join(fixturesDir, 'feedparser');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.xml') ? [path] : [];
  });
}

// The comment is in the file's own encoding: try the encodings the corpus uses until one shows its fields.
const COMMENT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'utf-32le', 'utf-32be'];

function commentOf(bytes: Buffer): string {
  for (const encoding of COMMENT_ENCODINGS) {
    const text = iconv.decode(bytes.subarray(0, 4096), encoding);
    if (/^(Description|Expect):/m.test(text)) return text;
  }
  return '';
}

export function loadCorpus(): CorpusFile[] {
  return walk(corpusDir)
    .sort()
    .map((file) => {
      const bytes = readFileSync(file);
      const comment = commentOf(bytes);
      const headers: Record<string, string> = {};
      for (const match of comment.matchAll(/^Header:\s*([^:\r\n]+):\s*(.*?)\s*$/gm)) headers[match[1]!.trim().toLowerCase()] = match[2]!;
      const expect = /^Expect:\s*(.*?)\s*$/m.exec(comment)?.[1] ?? '';
      return { path: relative(corpusDir, file).split('\\').join('/'), bytes, headers, expect, bozo: !/^not bozo\b/.test(expect) && /\bbozo\b/.test(expect) };
    });
}

/** A Python string literal of an Expect line (`'don\u2019t'`) as the string it denotes. */
export function pythonString(literal: string): string {
  const body = literal.slice(literal.indexOf(literal.at(-1)!) + 1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|n|t|r|\\|'|")/g, (_, esc: string) => {
    if ('uUx'.includes(esc[0]!)) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' }[esc] ?? esc;
  });
}
