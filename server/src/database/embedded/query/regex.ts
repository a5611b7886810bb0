/**
 * `$regex` patterns and options turned into JS RegExps. mongod uses PCRE: the options i, m, s map to JS
 * flags, x (extended) is applied here by stripping whitespace and comments, and a leading inline flag
 * group such as `(?i)` becomes flags. Patterns JS cannot compile are rejected as mongod rejects invalid ones.
 */
import { commandError } from '../errors';

/** Removes unescaped whitespace and `#` comments outside character classes (PCRE's extended mode). */
function stripExtended(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

export function compileRegex(pattern: string, options: string): RegExp {
  let source = pattern;
  let flags = options;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    flags += inline[1];
    source = source.slice(inline[0].length);
  }
  for (const f of flags) {
    if (!'imsxu'.includes(f)) throw commandError('BadValue', `invalid flag in regex options: ${f}`);
  }
  if (flags.includes('x')) source = stripExtended(source);
  const jsFlags = [...new Set(flags.replace(/[xu]/g, ''))].join('');
  try {
    return new RegExp(source, jsFlags);
  } catch (error) {
    throw commandError('BadValue', `Regular expression is invalid: ${(error as Error).message}`);
  }
}

/** A stored regex value's pattern and options (JS RegExp or BSONRegExp). */
export function regexSource(value: unknown): { pattern: string; options: string } | undefined {
  if (value instanceof RegExp) return { pattern: value.source, options: value.flags.replace(/[gyd]/g, '') };
  if (typeof value === 'object' && value !== null && (value as { _bsontype?: string })._bsontype === 'BSONRegExp') {
    const r = value as { pattern: string; options: string };
    return { pattern: r.pattern, options: r.options };
  }
  return undefined;
}

export function isRegexValue(value: unknown): boolean {
  return regexSource(value) !== undefined;
}
