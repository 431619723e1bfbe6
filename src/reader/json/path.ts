// Paths into JSON values as staff write them in feeds.yaml: `a.b[0]`, `["Nom de l’aide"]` for keys with spaces,
// quotes or typographic apostrophes (kept exactly, trailing spaces included), and URL templates `https://x/{slug}`.
// Pure.

export type Segment = string | number;

export class PathSyntaxError extends Error {
  override name = 'PathSyntaxError';
}

/** The segments of a path; '' is the value itself. Throws PathSyntaxError with a French reason. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new PathSyntaxError(`chemin « ${path} » invalide : ${why}`);
  };
  while (i < path.length) {
    const char = path[i]!;
    if (char === '.') {
      if (i === 0 || i === path.length - 1 || path[i + 1] === '.' || path[i + 1] === '[') fail('point mal placé');
      i += 1;
      continue;
    }
    if (char === '[') {
      const quote = path[i + 1];
      if (quote === '"' || quote === "'") {
        const end = path.indexOf(`${quote}]`, i + 2);
        if (end < 0) fail(`clé entre crochets non fermée (attendu ${quote}])`);
        segments.push(path.slice(i + 2, end));
        i = end + 2;
      } else {
        const end = path.indexOf(']', i + 1);
        if (end < 0) fail('crochet non fermé');
        const index = path.slice(i + 1, end).trim();
        if (!/^\d+$/.test(index)) fail(`[${index}] n'est pas un indice (un nombre, ou une clé entre guillemets : ["clé"])`);
        segments.push(Number(index));
        i = end + 1;
      }
      if (i < path.length && path[i] !== '.' && path[i] !== '[') fail('un point ou un crochet est attendu après ]');
      continue;
    }
    let end = i;
    while (end < path.length && path[end] !== '.' && path[end] !== '[') {
      if (path[end] === ']' || path[end] === '"') fail(`caractère « ${path[end]} » inattendu (écrivez la clé entre crochets : ["clé"])`);
      end += 1;
    }
    segments.push(path.slice(i, end));
    i = end;
  }
  return segments;
}

/** The value at `segments`, or undefined. An index into a non-array, or a key into a non-object, is undefined. */
export function valueAt(value: unknown, segments: readonly Segment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || current === undefined) return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (typeof current !== 'object' || Array.isArray(current)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** Reads the value at a path; built once per path so reading an item is a few property loads. */
export type Getter = (value: unknown) => unknown;

/**
 * `valueAt` specialised for one path, as a function of its own with the keys written in. A shared closure such as
 * `(value) => value[key]` shares its inline caches across every path of every source, so each property load goes
 * through V8's megamorphic lookup; a function per path keeps one cache per load, monomorphic on an API's items (a tenth of
 * the mapping's time on the bench's 5,000 items). The keys are written as JSON string literals, which
 * are JavaScript string literals, so no key from feeds.yaml can become code; indexes are integers.
 */
export function compileGetter(segments: readonly Segment[]): Getter {
  if (segments.length === 0) return (value) => value;
  const path = [...segments];
  const generic: Getter = (value) => valueAt(value, path);
  const steps = stepsOf(segments, 'undefined');
  if (steps === null) return generic;
  // A step after a missing key meets undefined, which its test turns into undefined, as valueAt does.
  return compiled(`return function getter(v) { ${steps} return v; };`, []) ?? generic;
}

/** The loads of a path as code on `v`, each returning `missing` when the value met has no such key or index. */
function stepsOf(segments: readonly Segment[], missing: string): string | null {
  const steps: string[] = [];
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Number.isSafeInteger(segment) || segment < 0) return null;
      steps.push(`if (!Array.isArray(v)) return ${missing}; v = v[${segment}];`);
    } else {
      steps.push(`if (v === null || typeof v !== 'object' || Array.isArray(v)) return ${missing}; v = v[${JSON.stringify(segment)}];`);
    }
  }
  return steps.join(' ');
}

/** A function made from code built here (keys as JSON literals), given `args`; null where Node refuses code generation. */
function compiled<T>(body: string, args: unknown[]): T | null {
  try {
    return new Function(...args.map((_, i) => `a${i}`), body)(...args) as T;
  } catch {
    // Node run with --disallow-code-generation-from-strings: the callers fall back to the same reads, only slower.
    return null;
  }
}

/**
 * `textOf(getter(value))` as one function per path, for fields read by a single path: the trimmed text of a string,
 * null for an empty one, and `other` for a value that is not a string (undefined when the path finds nothing). One
 * function per field rather than a shared closure calling the getter, so that each field's call site in the mapping
 * sees one function and V8 inlines it there: about a third of the mapping's time on the bench's 5,000 items.
 */
export function compileTextGetter(segments: readonly Segment[], other: (value: unknown) => string | null): (value: unknown) => string | null {
  const getter = compileGetter(segments);
  const generic = (value: unknown): string | null => {
    const found = getter(value);
    if (typeof found === 'string') {
      const text = found.trim();
      return text === '' ? null : text;
    }
    return other(found);
  };
  const steps = stepsOf(segments, 'a0(undefined)');
  if (steps === null) return generic;
  const body = `return function text(v) { ${steps} if (typeof v === 'string') { const t = v.trim(); return t === '' ? null : t; } return a0(v); };`;
  return compiled<(value: unknown) => string | null>(body, [other]) ?? generic;
}

/**
 * `getter(value)` as one function per path, with what it finds returned only when not empty (undefined otherwise),
 * `isEmpty` deciding for values that are not strings; a string is empty when only spaces. See compileTextGetter.
 */
export function compileValueGetter(segments: readonly Segment[], isEmpty: (value: unknown) => boolean): Getter {
  const getter = compileGetter(segments);
  const generic: Getter = (value) => {
    const found = getter(value);
    return isEmpty(found) ? undefined : found;
  };
  const steps = stepsOf(segments, 'undefined');
  if (steps === null) return generic;
  const body = `return function value(v) { ${steps} if (typeof v === 'string') return v.trim() === '' ? undefined : v; return a0(v) ? undefined : v; };`;
  return compiled<Getter>(body, [isEmpty]) ?? generic;
}

/** A URL template: literal text with `{path}` placeholders. */
export interface Template {
  parts: (string | Segment[])[];
}

export function isTemplate(text: string): boolean {
  return /\{[^}]*\}/.test(text);
}

export function parseTemplate(text: string): Template {
  const parts: (string | Segment[])[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{([^}]*)\}/g)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    const inner = match[1]!.trim();
    if (inner === '') throw new PathSyntaxError(`modèle « ${text} » invalide : {} vide`);
    parts.push(parsePath(inner));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return { parts };
}

/** The template filled from `item`; null when a placeholder is empty (a link to `/aides/` is no link). */
export function renderTemplate(template: Template, item: unknown, encode: boolean): string | null {
  let out = '';
  for (const part of template.parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const text = scalarText(valueAt(item, part));
    if (text === null) return null;
    out += encode && !isUrlOrPath(text) ? encodeURIComponent(text) : text;
  }
  return out;
}

/** Text `encodeURIComponent` returns unchanged: most ids and numbers skip that call (a runtime call that copies). */
const URI_SAFE = /^[A-Za-z0-9\-_.!~*'()]*$/;

function encodePart(text: string): string {
  return isUrlOrPath(text) || URI_SAFE.test(text) ? text : encodeURIComponent(text);
}

/** A value that is already a URL or an absolute path goes into a template as is. */
function isUrlOrPath(text: string): boolean {
  return text.charCodeAt(0) === 47 /* / */ || text.startsWith('http:/') || text.startsWith('https:/');
}

/** `renderTemplate` specialised for one template: its placeholders' paths compiled once. */
export function compileTemplate(template: Template, encode: boolean): (item: unknown) => string | null {
  const parts = template.parts.map((part) => (typeof part === 'string' ? part : compileGetter(part)));
  return (item) => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const text = scalarText(part(item));
      if (text === null) return null;
      out += encode ? encodePart(text) : text;
    }
    return out;
  };
}

/** A scalar as text: strings trimmed, numbers and booleans written out, the first usable element of an array. */
export function scalarText(value: unknown): string | null {
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : text;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    for (const element of value) {
      const text = scalarText(element);
      if (text !== null) return text;
    }
  }
  return null;
}
