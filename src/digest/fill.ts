// Mustache templates compiled once into closures, for the digest's per-member fill. mustache.js re-reads its
// parse cache on every render and every partial (keyed by the whole template text, ~30 KB for the digest) and
// allocates a context per section: that was half the render time of a run. The closures follow mustache.js 4.2's
// rendering exactly (same tokens from Mustache.parse, same lookup rules, same escaping), so the output is the
// same byte for byte; test/digest/fill.test.ts holds them to it.
import Mustache from 'mustache';

export class FillError extends Error {
  override name = 'FillError';
}

/** One level of the context stack, as mustache.js's Context (without its per-level lookup cache). */
interface Frame {
  view: unknown;
  parent: Frame | null;
}

type Part = (frame: Frame) => string;

// mustache.js's tokens: [type, value, start, end, children | indentation, closeIndex | tagIndex, lineHasNonSpace].
type Token = [string, string, number, number, ...unknown[]];

function hasProperty(value: unknown, name: string): boolean {
  return value !== null && typeof value === 'object' && name in value;
}

function primitiveHasOwnProperty(value: unknown, name: string): boolean {
  return value != null && typeof value !== 'object' && Object.prototype.hasOwnProperty.call(value, name);
}

/** mustache.js's Context.lookup of `name`: the first level of the stack that has it (dotted names walk objects). */
function compileLookup(name: string): (frame: Frame) => unknown {
  const names = name.indexOf('.') > 0 ? name.split('.') : null;
  const find = (frame: Frame): unknown => {
    if (name === '.') return frame.view;
    for (let level: Frame | null = frame; level; level = level.parent) {
      const { view } = level;
      if (names) {
        let found = view;
        let hit = false;
        let index = 0;
        while (found != null && index < names.length) {
          if (index === names.length - 1) hit = hasProperty(found, names[index]!) || primitiveHasOwnProperty(found, names[index]!);
          found = (found as Record<string, unknown>)[names[index++]!];
        }
        if (hit) return found;
      } else if (view !== null && typeof view === 'object') {
        // hasProperty, the other way round: a value found needs no `in` (one look-up by name, not two); only an
        // undefined one may be a property holding undefined, which ends the search as in mustache.js.
        const value = (view as Record<string, unknown>)[name];
        if (value !== undefined || name in view) return value;
      }
    }
    return undefined;
  };
  // mustache.js calls a function value with the innermost view as `this`; the digest's views hold none.
  return (frame) => {
    const value = find(frame);
    return typeof value === 'function' ? (value as (this: unknown) => unknown).call(frame.view) : value;
  };
}

function sequence(parts: Part[]): Part {
  if (parts.length === 1) return parts[0]!;
  return (frame) => {
    let out = '';
    for (const part of parts) out += part(frame);
    return out;
  };
}

/**
 * A partial whose parts that read only `fields` are rendered once per key and reused: `keyOf` maps the partial's
 * view to an object standing for the values of those fields, and must return it only while the view's fields are
 * the very same values as when it was first returned for that object (else undefined: the partial renders as usual).
 * The check is the caller's, written field by field: a loop reading `view[field]` here was a tenth of a digest's fill.
 */
export interface CachedPartial {
  name: string;
  fields: ReadonlySet<string>;
  keyOf: (view: unknown) => object | undefined;
}

interface CompileOptions {
  partials: Record<string, string>;
  escape: (value: unknown) => string;
  cached?: CachedPartial;
}

/** Whether rendering `token` reads no name outside `fields` (so, in the partial's own view, nothing else). */
function readsOnly(token: Token, fields: ReadonlySet<string>): boolean {
  const [type, name] = token;
  if (type === 'text' || type === '!' || type === '=') return true;
  if (type === 'name') return fields.has(name);
  if (type === '#' || type === '^') return fields.has(name) && (token[4] as Token[]).every((child) => readsOnly(child, fields));
  return false;
}

// The partial's top-level tokens in runs: those reading only the cached fields, rendered once per key, and the rest.
function compileCachedPartial(tokens: Token[], options: CompileOptions, partialStack: string[], cached: CachedPartial): Part {
  const runs: { reused: boolean; tokens: Token[] }[] = [];
  for (const token of tokens) {
    const last = runs.at(-1);
    // Plain text goes with whatever run it follows.
    const reused = token[0] === 'text' && last ? last.reused : readsOnly(token, cached.fields);
    if (last && last.reused === reused) last.tokens.push(token);
    else runs.push({ reused, tokens: [token] });
  }
  const compiled = runs.map(({ reused, tokens: run }) => ({ reused, render: compileTokens(run, options, partialStack) }));
  const plain = sequence(compiled.map((c) => c.render));
  // Weak: an entry lives as long as the object standing for its values (a call loaded for this run).
  const rendered = new WeakMap<object, string[]>();
  return (frame) => {
    const key = cached.keyOf(frame.view);
    if (key === undefined) return plain(frame);
    let parts = rendered.get(key);
    if (!parts) rendered.set(key, (parts = []));
    let out = '';
    for (let i = 0; i < compiled.length; i++) {
      const { reused, render } = compiled[i]!;
      out += reused ? (parts[i] ??= render(frame)) : render(frame);
    }
    return out;
  };
}

function compileTokens(tokens: Token[], options: CompileOptions, partialStack: string[]): Part {
  const parts: Part[] = [];
  for (const token of tokens) {
    const [type, name] = token;
    switch (type) {
      case 'text':
        parts.push(() => name);
        break;
      case 'name': {
        const { escape } = options;
        const lookup = compileLookup(name);
        parts.push((frame) => {
          const value = lookup(frame);
          return value == null ? '' : escape(value);
        });
        break;
      }
      case '#': {
        const inner = compileTokens(token[4] as Token[], options, partialStack);
        const lookup = compileLookup(name);
        parts.push((frame) => {
          const value = lookup(frame);
          if (!value) return '';
          if (Array.isArray(value)) {
            let out = '';
            for (const item of value) out += inner({ view: item, parent: frame });
            return out;
          }
          if (typeof value === 'object' || typeof value === 'string' || typeof value === 'number') return inner({ view: value, parent: frame });
          if (typeof value === 'function') throw new FillError(`{{#${name}}}: lambdas are not supported`);
          return inner(frame);
        });
        break;
      }
      case '^': {
        const inner = compileTokens(token[4] as Token[], options, partialStack);
        const lookup = compileLookup(name);
        parts.push((frame) => {
          const value = lookup(frame);
          return !value || (Array.isArray(value) && value.length === 0) ? inner(frame) : '';
        });
        break;
      }
      case '>': {
        const source = options.partials[name];
        if (source === undefined) throw new FillError(`{{> ${name}}}: no such partial`);
        // mustache.js re-indents a partial standing alone on an indented line; the digest's templates have no indentation.
        if (token[5] === 0 && token[4]) throw new FillError(`{{> ${name}}}: indented standalone partials are not supported`);
        if (partialStack.includes(name)) throw new FillError(`{{> ${name}}}: recursive partials are not supported`);
        const partialTokens = Mustache.parse(source) as unknown as Token[];
        const { cached } = options;
        parts.push(
          cached?.name === name
            ? compileCachedPartial(partialTokens, options, [...partialStack, name], cached)
            : compileTokens(partialTokens, options, [...partialStack, name]),
        );
        break;
      }
      case '&':
        // Everything in a digest's view may come from a feed: it is always escaped.
        throw new FillError(`{{{${name}}}} / {{& ${name}}}: unescaped values are refused`);
      case '!':
      case '=':
        break;
      default:
        throw new FillError(`unknown mustache tag "${type}"`);
    }
  }
  return parts.length === 0 ? () => '' : sequence(parts);
}

/** `template` compiled once; the function renders it for a view as Mustache.render(template, view, partials) would. */
export function compileFill(template: string, options: CompileOptions): (view: unknown) => string {
  const render = compileTokens(Mustache.parse(template) as unknown as Token[], options, []);
  return (view) => render({ view, parent: null });
}
