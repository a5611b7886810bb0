/**
 * The string expression operators, evaluated natively with mongod's semantics: strings are measured in
 * UTF-8 bytes (`…Bytes`) or Unicode code points (`…CP`), `$toLower` / `$toUpper` / `$strcasecmp` map ASCII
 * letters only (as mongod does), operators that coerce their input to a string do so as mongod
 * (null → "", numbers, dates, timestamps), and the regex operators return code-point indexes.
 */
import { type Long } from 'bson';
import { MongoCommandError } from '../errors';
import { dateToIsoString } from './date-expressions';
import { isNullish, namedArguments, type OperatorCompiler } from './expression-support';
import { compileRegex, regexSource } from './regex';
import { bsonTypeName, isNumber, renderValue, toJsNumber } from './values';

function typeName(v: unknown): string {
  return bsonTypeName(v);
}

/** mongod's Value::coerceToString (16007 for what it cannot render). */
export function coerceToString(v: unknown): string {
  if (isNullish(v)) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return dateToIsoString(v.getTime());
  switch (typeName(v)) {
    case 'int':
    case 'double':
      return String(toJsNumber(v));
    case 'long':
    case 'decimal':
      return (v as Long).toString();
    case 'symbol':
      return (v as { value: string }).value;
    case 'timestamp': {
      const t = v as { high: number; low: number };
      return `Timestamp(${t.high >>> 0}, ${t.low >>> 0})`;
    }
    default:
      throw new MongoCommandError(16007, `can't convert from BSON type ${typeName(v)} to String`);
  }
}

function codePoints(s: string): string[] {
  return Array.from(s);
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

function caseMapping(map: (s: string) => string): OperatorCompiler {
  return (operand, c, name) => {
    const [a] = c.args(operand, name, 1);
    return (doc, vars) => map(coerceToString(a(doc, vars)));
  };
}

/** A number usable as an index (integral, in int32 range when `int32`), else undefined. */
function integral(v: unknown): number | undefined {
  if (!isNumber(v)) return undefined;
  const n = typeName(v) === 'long' ? Number((v as Long).toBigInt()) : toJsNumber(v);
  return Number.isInteger(n) ? n : undefined;
}

const substrBytes: OperatorCompiler = (operand, c, name) => {
  const [s, start, length] = c.args(operand, name, 3);
  return (doc, vars) => {
    const text = coerceToString(s(doc, vars));
    const lower = start(doc, vars);
    const count = length(doc, vars);
    if (!isNumber(lower))
      throw new MongoCommandError(16034, `${name}: starting index must be a numeric type (is BSON type ${typeName(lower)})`);
    if (!isNumber(count))
      throw new MongoCommandError(16035, `${name}: length must be a numeric type (is BSON type ${typeName(count)})`);
    const bytes = Buffer.from(text, 'utf8');
    const from = Math.trunc(toJsNumber(lower));
    if (from < 0 || from >= bytes.length) return '';
    const n = Math.trunc(toJsNumber(count));
    const to = n < 0 ? bytes.length : Math.min(bytes.length, from + n);
    const continuation = (i: number) => i < bytes.length && (bytes[i] & 0xc0) === 0x80;
    if (continuation(from))
      throw new MongoCommandError(28656, `${name}:  Invalid range, starting index is a UTF-8 continuation byte.`);
    if (continuation(to))
      throw new MongoCommandError(28657, `${name}:  Invalid range, ending index is in the middle of a UTF-8 character.`);
    return bytes.subarray(from, to).toString('utf8');
  };
};

const substrCP: OperatorCompiler = (operand, c, name) => {
  const [s, start, length] = c.args(operand, name, 3);
  return (doc, vars) => {
    const text = coerceToString(s(doc, vars));
    const lower = start(doc, vars);
    const count = length(doc, vars);
    if (!isNumber(lower))
      throw new MongoCommandError(34450, `$substrCP: starting index must be a numeric type (is BSON type ${typeName(lower)})`);
    const from = integral(lower);
    if (from === undefined || from < -2147483648 || from > 2147483647)
      throw new MongoCommandError(
        34451,
        `$substrCP: starting index cannot be represented as a 32-bit integral value: ${renderValue(lower)}`,
      );
    if (!isNumber(count))
      throw new MongoCommandError(34452, `$substrCP: length must be a numeric type (is BSON type ${typeName(count)})`);
    const n = integral(count);
    if (n === undefined || n < -2147483648 || n > 2147483647)
      throw new MongoCommandError(
        34453,
        `$substrCP: length cannot be represented as a 32-bit integral value: ${renderValue(count)}`,
      );
    if (n < 0) throw new MongoCommandError(34454, '$substrCP: length must be a nonnegative integer.');
    if (from < 0) throw new MongoCommandError(34455, '$substrCP: the starting index must be nonnegative integer.');
    return codePoints(text)
      .slice(from, from + n)
      .join('');
  };
};

function stringLength(code: number, measure: (s: string) => number): OperatorCompiler {
  return (operand, c, name) => {
    const [a] = c.args(operand, name, 1);
    return (doc, vars) => {
      const v = a(doc, vars);
      if (typeof v !== 'string') throw new MongoCommandError(code, `${name} requires a string argument, found: ${typeName(v)}`);
      return measure(v);
    };
  };
}

function indexOf(unit: 'bytes' | 'cp'): OperatorCompiler {
  return (operand, c, name) => {
    const items = c.args(operand, name, 2, 4);
    return (doc, vars) => {
      const s = items[0](doc, vars);
      if (isNullish(s)) return null;
      if (typeof s !== 'string')
        throw new MongoCommandError(40091, `${name} requires a string as the first argument, found: ${typeName(s)}`);
      const token = items[1](doc, vars);
      if (typeof token !== 'string')
        throw new MongoCommandError(40092, `${name} requires a string as the second argument, found: ${typeName(token)}`);
      const units: string[] | Buffer = unit === 'cp' ? codePoints(s) : Buffer.from(s, 'utf8');
      const bound = (i: number, which: string): number | undefined => {
        if (items.length <= i) return undefined;
        const v = items[i](doc, vars);
        const n = integral(v);
        if (n === undefined)
          throw new MongoCommandError(
            40096,
            `${name} requires an integral ${which} index, found a value of type: ${typeName(v)}, with value: ${renderValue(v)}`,
          );
        if (n < 0) throw new MongoCommandError(40097, `${name} requires a nonnegative ${which} index, found: ${n}`);
        return n;
      };
      const start = bound(2, 'starting') ?? 0;
      const end = Math.min(bound(3, 'ending') ?? units.length, units.length);
      if (start > units.length || start > end) return -1;
      if (unit === 'bytes') {
        const bytes = units as Buffer;
        const needle = Buffer.from(token, 'utf8');
        const at = bytes.subarray(0, end).indexOf(needle, start);
        return at < 0 || at + needle.length > end ? -1 : at;
      }
      const cps = units as string[];
      const needle = codePoints(token);
      for (let i = start; i + needle.length <= end; i++) {
        let ok = true;
        for (let j = 0; j < needle.length && ok; j++) ok = cps[i + j] === needle[j];
        if (ok) return i;
      }
      return -1;
    };
  };
}

const split: OperatorCompiler = (operand, c, name) => {
  const [a, b] = c.args(operand, name, 2);
  return (doc, vars) => {
    const s = a(doc, vars);
    const d = b(doc, vars);
    if (isNullish(s) || isNullish(d)) return null;
    if (typeof s !== 'string')
      throw new MongoCommandError(
        40085,
        `$split requires an expression that evaluates to a string as a first argument, found: ${typeName(s)}`,
      );
    if (typeof d !== 'string')
      throw new MongoCommandError(
        40086,
        `$split requires an expression that evaluates to a string as a second argument, found: ${typeName(d)}`,
      );
    if (d === '') throw new MongoCommandError(40087, '$split requires a non-empty separator');
    return s.split(d);
  };
};

/** mongod's default `$trim` characters: the null byte and Unicode's whitespace. */
const DEFAULT_TRIM = new Set(
  ['\0', ' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'].concat(
    Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
  ),
);

function trim(left: boolean, right: boolean): OperatorCompiler {
  return (operand, c, name) => {
    const a = namedArguments(operand, c, {
      required: ['input'],
      optional: ['chars'],
      notObject: () => new MongoCommandError(50696, `${name} only supports an object as an argument, found ${typeName(operand)}`),
      unknown: (k) => new MongoCommandError(50694, `unrecognized option to ${name}: "${k}"`),
      missing: () => new MongoCommandError(50695, `${name} requires an 'input' field`),
    });
    return (doc, vars) => {
      const input = a.input!(doc, vars);
      if (isNullish(input)) return null;
      if (typeof input !== 'string')
        throw new MongoCommandError(
          50699,
          `${name} requires its input to be a string, got ${renderValue(input)} (of type ${typeName(input)}) instead.`,
        );
      let set = DEFAULT_TRIM;
      if (a.chars) {
        const chars = a.chars(doc, vars);
        if (isNullish(chars)) return null;
        if (typeof chars !== 'string')
          throw new MongoCommandError(
            50700,
            `${name} requires 'chars' to be a string, got ${renderValue(chars)} (of type ${typeName(chars)}) instead.`,
          );
        set = new Set(codePoints(chars));
      }
      const cps = codePoints(input);
      let from = 0;
      let to = cps.length;
      if (left) while (from < to && set.has(cps[from])) from++;
      if (right) while (to > from && set.has(cps[to - 1])) to--;
      return cps.slice(from, to).join('');
    };
  };
}

function replace(all: boolean): OperatorCompiler {
  return (operand, c, name) => {
    const codes = { input: 51746, find: 51745, replacement: 51744 };
    const a = namedArguments(operand, c, {
      required: ['input', 'find', 'replacement'],
      optional: [],
      notObject: () => new MongoCommandError(51751, `${name} requires an object as an argument, found: ${typeName(operand)}`),
      unknown: (k) => new MongoCommandError(51750, `${name} found an unknown argument: ${k}`),
      missing: (k) =>
        new MongoCommandError(k === 'input' ? 51749 : k === 'find' ? 51748 : 51747, `${name} requires '${k}' to be specified`),
    });
    return (doc, vars) => {
      const values: Record<string, unknown> = {};
      let nullish = false;
      for (const key of ['input', 'find', 'replacement'] as const) {
        const v = a[key]!(doc, vars);
        if (isNullish(v)) nullish = true;
        else if (typeof v !== 'string')
          throw new MongoCommandError(codes[key], `${name} requires that '${key}' be a string, found: ${renderValue(v)}`);
        values[key] = v;
      }
      if (nullish) return null;
      const input = values.input as string;
      const find = values.find as string;
      const replacement = values.replacement as string;
      if (all) return input.split(find).join(replacement);
      const at = input.indexOf(find);
      return at < 0 ? input : input.slice(0, at) + replacement + input.slice(at + find.length);
    };
  };
}

const strcasecmp: OperatorCompiler = (operand, c, name) => {
  const [a, b] = c.args(operand, name, 2);
  return (doc, vars) => {
    const x = Buffer.from(asciiUpper(coerceToString(a(doc, vars))), 'utf8');
    const y = Buffer.from(asciiUpper(coerceToString(b(doc, vars))), 'utf8');
    return Math.sign(Buffer.compare(x, y));
  };
};

type RegexMode = 'match' | 'find' | 'findAll';

function regexOperator(mode: RegexMode): OperatorCompiler {
  return (operand, c, name) => {
    const a = namedArguments(operand, c, {
      required: ['input', 'regex'],
      optional: ['options'],
      notObject: () =>
        new MongoCommandError(51103, `${name} expects an object of named arguments but found: ${typeName(operand)}`),
      unknown: (k) => new MongoCommandError(31024, `${name} found an unknown argument: ${k}`),
      missing: (k) => new MongoCommandError(k === 'input' ? 31022 : 31023, `${name} requires '${k}' parameter`),
    });
    const empty = mode === 'match' ? false : mode === 'find' ? null : [];
    return (doc, vars) => {
      const input = a.input!(doc, vars);
      const regex = a.regex!(doc, vars);
      const optionsValue = a.options ? a.options(doc, vars) : undefined;
      let pattern: string;
      let flags = '';
      if (isNullish(regex)) return mode === 'findAll' ? [] : empty;
      const source = regexSource(regex);
      if (source) {
        pattern = source.pattern;
        flags = source.options;
      } else if (typeof regex === 'string') pattern = regex;
      else throw new MongoCommandError(51105, `${name} needs 'regex' to be of type string or regex`);
      if (!isNullish(optionsValue)) {
        if (typeof optionsValue !== 'string') throw new MongoCommandError(51106, `${name} needs 'options' to be of type string`);
        if (flags !== '' && optionsValue !== '')
          throw new MongoCommandError(51107, `${name} found regex option(s) specified in both 'regex' and 'option' fields`);
        flags = optionsValue;
      }
      for (const f of flags)
        if (!'imsx'.includes(f)) throw new MongoCommandError(51108, `${name} invalid flag in regex options: ${f}`);
      if (pattern.includes('\0'))
        throw new MongoCommandError(51109, `${name}: regular expression cannot contain an embedded null byte`);
      if (isNullish(input)) return mode === 'findAll' ? [] : empty;
      if (typeof input !== 'string') throw new MongoCommandError(51104, `${name} needs 'input' to be of type string`);
      let compiled: RegExp;
      try {
        compiled = compileRegex(pattern, flags);
      } catch (error) {
        throw new MongoCommandError(51111, `Invalid Regex in ${name}: ${(error as Error).message}`);
      }
      const global = new RegExp(compiled.source, `${compiled.flags}g`);
      if (mode === 'match') return global.test(input);
      const matches: unknown[] = [];
      let at = 0;
      while (at <= input.length) {
        global.lastIndex = at;
        const m = global.exec(input);
        if (!m) break;
        matches.push({
          match: m[0],
          idx: codePoints(input.slice(0, m.index)).length,
          captures: m.slice(1).map((g) => (g === undefined ? null : g)),
        });
        if (mode === 'find') break;
        if (m[0].length > 0) at = m.index + m[0].length;
        else {
          const cp = input.codePointAt(m.index);
          at = m.index + (cp !== undefined && cp > 0xffff ? 2 : 1);
        }
      }
      if (mode === 'find') return matches[0] ?? null;
      return matches;
    };
  };
}

export const STRING_OPERATORS: Record<string, OperatorCompiler> = {
  $toLower: caseMapping(asciiLower),
  $toUpper: caseMapping(asciiUpper),
  $substr: substrBytes,
  $substrBytes: substrBytes,
  $substrCP: substrCP,
  $strLenBytes: stringLength(34473, (s) => Buffer.byteLength(s, 'utf8')),
  $strLenCP: stringLength(34471, (s) => codePoints(s).length),
  $indexOfBytes: indexOf('bytes'),
  $indexOfCP: indexOf('cp'),
  $split: split,
  $trim: trim(true, true),
  $ltrim: trim(true, false),
  $rtrim: trim(false, true),
  $replaceOne: replace(false),
  $replaceAll: replace(true),
  $strcasecmp: strcasecmp,
  $regexMatch: regexOperator('match'),
  $regexFind: regexOperator('find'),
  $regexFindAll: regexOperator('findAll'),
};
