/**
 * Canonical values (see contracts.ts) and MongoDB's total order over them.
 *
 * The order and the cross-type numeric comparison follow mongod's `canonicalizeBSONType` and
 * `compareElementValues`: values of different type brackets compare by bracket, numbers compare by
 * exact value whatever their BSON type, documents field by field (type bracket, then name, then value).
 */
import { type Decimal128, Double, Long } from 'bson';

type Bson = { _bsontype: string };

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function bsonTypeTag(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null ? (v as Partial<Bson>)._bsontype : undefined;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && (v as Partial<Bson>)._bsontype === undefined;
}

/** A document or a sub-document (not an array, not a BSON scalar). */
export function isDocument(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v);
}

function isInt32Number(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX && !Object.is(n, -0);
}

/** The canonical form of a plain JS number: what `BSON.serialize` would have written for it, made explicit. */
function canonicalNumber(n: number): unknown {
  if (isInt32Number(n)) return n;
  // Integral doubles outside int32 (and -0) need the wrapper or BSON.serialize would write an int32.
  return Number.isInteger(n) || Object.is(n, -0) ? new Double(n) : n;
}

/** The canonical in-memory form (contracts.ts) of a value from `BSON.deserialize(buf, { promoteValues: false })` or plain JS. */
export function canonicalize(value: unknown): unknown {
  if (typeof value === 'number') return canonicalNumber(value);
  if (typeof value === 'bigint') return Long.fromBigInt(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(canonicalize);
  switch (bsonTypeTag(value)) {
    case 'Int32':
      return (value as unknown as { value: number }).value;
    case 'Double': {
      const n = (value as Double).value;
      return Number.isInteger(n) || Object.is(n, -0) ? value : n;
    }
    case undefined:
      break;
    default:
      return value;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = canonicalize(value[key]);
  return out;
}

/** Deep copy of arrays and documents; BSON scalar instances are immutable and shared. */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = cloneValue(value[key]);
    return out as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  return value;
}

// ---------------------------------------------------------------- numbers

export function isNumber(v: unknown): boolean {
  if (typeof v === 'number') return true;
  const tag = bsonTypeTag(v);
  return tag === 'Double' || tag === 'Int32' || tag === 'Long' || tag === 'Decimal128';
}

/** The value as a JS number (Long and Decimal128 may round); NaN for non-numbers. */
export function toJsNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  switch (bsonTypeTag(v)) {
    case 'Double':
    case 'Int32':
      return (v as { value: number }).value;
    case 'Long':
      return (v as Long).toNumber();
    case 'Decimal128':
      return Number((v as Decimal128).toString());
    default:
      return NaN;
  }
}

/** An exact rational num/den (den > 0), or a JS number for NaN and the infinities. */
type ExactNumber = { num: bigint; den: bigint } | number;

function exactFromDouble(x: number): ExactNumber {
  if (!Number.isFinite(x)) return x;
  if (Number.isInteger(x)) return { num: BigInt(x), den: 1n };
  // Doubling a non-integral double is exact and reaches its integral mantissa well before overflow.
  let y = x;
  let shift = 0n;
  while (!Number.isInteger(y)) {
    y *= 2;
    shift += 1n;
  }
  return { num: BigInt(y), den: 1n << shift };
}

const DECIMAL_FORM = /^(-)?(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/;

function exactFromDecimal(d: Decimal128): ExactNumber {
  const text = d.toString();
  if (text === 'NaN' || text === '-NaN') return NaN;
  if (text === 'Infinity') return Infinity;
  if (text === '-Infinity') return -Infinity;
  const m = DECIMAL_FORM.exec(text);
  if (!m) return Number(text);
  const fraction = m[3] ?? '';
  const exponent = Number(m[4] ?? '0') - fraction.length;
  let num = BigInt(m[2] + fraction);
  if (m[1]) num = -num;
  return exponent >= 0 ? { num: num * 10n ** BigInt(exponent), den: 1n } : { num, den: 10n ** BigInt(-exponent) };
}

function toExact(v: unknown): ExactNumber {
  switch (bsonTypeTag(v)) {
    case 'Long':
      return { num: (v as Long).toBigInt(), den: 1n };
    case 'Decimal128':
      return exactFromDecimal(v as Decimal128);
    default:
      return exactFromDouble(toJsNumber(v));
  }
}

function compareJsNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1; // NaN sorts before every other number
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Plain JS number when the value is exactly representable as one (the fast path), else undefined. */
function asExactJsNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const tag = bsonTypeTag(v);
  if (tag === 'Double' || tag === 'Int32') return (v as { value: number }).value;
  if (tag === 'Long') {
    const big = (v as Long).toBigInt();
    return big <= SAFE && big >= -SAFE ? Number(big) : undefined;
  }
  return undefined;
}

export function compareNumbers(a: unknown, b: unknown): number {
  const fa = asExactJsNumber(a);
  const fb = asExactJsNumber(b);
  if (fa !== undefined && fb !== undefined) return compareJsNumbers(fa, fb);
  const ea = toExact(a);
  const eb = toExact(b);
  if (typeof ea === 'number' || typeof eb === 'number') {
    return compareJsNumbers(typeof ea === 'number' ? ea : toJsNumber(a), typeof eb === 'number' ? eb : toJsNumber(b));
  }
  const left = ea.num * eb.den;
  const right = eb.num * ea.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isNaNValue(v: unknown): boolean {
  if (!isNumber(v)) return false;
  if (bsonTypeTag(v) === 'Decimal128') return (v as Decimal128).toString().endsWith('NaN');
  return Number.isNaN(toJsNumber(v));
}

// ---------------------------------------------------------------- type order

/** mongod's canonical type brackets: values of different brackets compare by bracket alone. */
export function typeBracket(v: unknown): number {
  switch (typeof v) {
    case 'undefined':
      return 0;
    case 'number':
    case 'bigint':
      return 10;
    case 'string':
      return 15;
    case 'boolean':
      return 40;
    case 'object':
      break;
    default:
      return 20;
  }
  if (v === null) return 5;
  if (Array.isArray(v)) return 25;
  if (v instanceof Date) return 45;
  if (v instanceof RegExp) return 50;
  switch (bsonTypeTag(v)) {
    case undefined:
    case 'DBRef':
      return 20;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 10;
    case 'BSONSymbol':
      return 15;
    case 'Binary':
      return 30;
    case 'ObjectId':
      return 35;
    case 'Timestamp':
      return 47;
    case 'BSONRegExp':
      return 50;
    case 'Code':
      return (v as { scope?: unknown }).scope ? 65 : 60;
    case 'MinKey':
      return -1;
    case 'MaxKey':
      return 127;
    default:
      return 20;
  }
}

/** String order of mongod: UTF-8 bytes, i.e. code points (UTF-16 code units differ for surrogates). */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : (v as { value: string }).value;
}

function regexParts(v: unknown): { pattern: string; flags: string } {
  if (v instanceof RegExp)
    return {
      pattern: v.source,
      flags: v.flags
        .split('')
        .filter((f) => 'imsux'.includes(f))
        .sort()
        .join(''),
    };
  const r = v as { pattern: string; options: string };
  return { pattern: r.pattern, flags: r.options.split('').sort().join('') };
}

function binaryBytes(v: unknown): Uint8Array {
  const b = v as { buffer: Uint8Array; position: number };
  return b.buffer.subarray(0, b.position);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

function objectEntries(v: unknown): Array<[string, unknown]> {
  if (bsonTypeTag(v) === 'DBRef') return Object.entries((v as { toJSON(): Record<string, unknown> }).toJSON());
  return Object.entries(v as Record<string, unknown>);
}

function compareEntries(a: Array<[string, unknown]>, b: Array<[string, unknown]>, compareNames: boolean): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [ka, va] = a[i];
    const [kb, vb] = b[i];
    const bracket = typeBracket(va) - typeBracket(vb);
    if (bracket !== 0) return bracket < 0 ? -1 : 1;
    if (compareNames) {
      const names = compareStrings(ka, kb);
      if (names !== 0) return names;
    }
    const values = compareValues(va, vb);
    if (values !== 0) return values;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** MongoDB's total order over canonical values: negative, zero or positive. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ta = typeBracket(a);
  const tb = typeBracket(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case 10:
      return compareNumbers(a, b);
    case 15:
      return compareStrings(stringOf(a), stringOf(b));
    case 20:
      return compareEntries(objectEntries(a), objectEntries(b), true);
    case 25:
      return compareEntries(
        (a as unknown[]).map((v, i) => [String(i), v]),
        (b as unknown[]).map((v, i) => [String(i), v]),
        false,
      );
    case 30: {
      const ba = binaryBytes(a);
      const bb = binaryBytes(b);
      if (ba.length !== bb.length) return ba.length < bb.length ? -1 : 1;
      const subtype = (a as { sub_type: number }).sub_type - (b as { sub_type: number }).sub_type;
      return subtype !== 0 ? sign(subtype) : sign(compareBytes(ba, bb));
    }
    case 35:
      return compareStrings((a as { toHexString(): string }).toHexString(), (b as { toHexString(): string }).toHexString());
    case 40:
      return a === b ? 0 : a ? 1 : -1;
    case 45:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case 47: {
      const x = a as { t: number; i: number };
      const y = b as { t: number; i: number };
      return x.t !== y.t ? sign(x.t - y.t) : sign(x.i - y.i);
    }
    case 50: {
      const x = regexParts(a);
      const y = regexParts(b);
      return compareStrings(x.pattern, y.pattern) || compareStrings(x.flags, y.flags);
    }
    case 60:
    case 65:
      return compareStrings((a as { code: string }).code, (b as { code: string }).code);
    default:
      return 0; // null, undefined, MinKey, MaxKey: one value each
  }
}

export type StringComparator = (a: string, b: string) => number;

function compareEntriesCollated(
  a: Array<[string, unknown]>,
  b: Array<[string, unknown]>,
  compareNames: boolean,
  strings: StringComparator,
): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [ka, va] = a[i];
    const [kb, vb] = b[i];
    const bracket = typeBracket(va) - typeBracket(vb);
    if (bracket !== 0) return bracket < 0 ? -1 : 1;
    if (compareNames) {
      const names = compareStrings(ka, kb);
      if (names !== 0) return names;
    }
    const values = compareValuesCollated(va, vb, strings);
    if (values !== 0) return values;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * `compareValues` with strings (and symbols, also inside objects and arrays) compared by `strings`, as
 * under a collation; field names still compare binary, as in mongod. `compareValues` stays the binary path.
 */
export function compareValuesCollated(a: unknown, b: unknown, strings: StringComparator): number {
  if (a === b) return 0;
  const ta = typeBracket(a);
  const tb = typeBracket(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case 15:
      return sign(strings(stringOf(a), stringOf(b)));
    case 20:
      return compareEntriesCollated(objectEntries(a), objectEntries(b), true, strings);
    case 25:
      return compareEntriesCollated(
        (a as unknown[]).map((v, i) => [String(i), v]),
        (b as unknown[]).map((v, i) => [String(i), v]),
        false,
        strings,
      );
    default:
      return compareValues(a, b);
  }
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}

// ---------------------------------------------------------------- type names

/** The `$type` alias of a canonical value; `"missing"` for undefined, as the `$type` expression reports it. */
export function bsonTypeName(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return 'missing';
    case 'number':
      return isInt32Number(v) ? 'int' : 'double';
    case 'bigint':
      return 'long';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      break;
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  switch (bsonTypeTag(v)) {
    case 'Int32':
      return 'int';
    case 'Double':
      return 'double';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'BSONSymbol':
      return 'symbol';
    case 'Binary':
      return 'binData';
    case 'ObjectId':
      return 'objectId';
    case 'Timestamp':
      return 'timestamp';
    case 'BSONRegExp':
      return 'regex';
    case 'Code':
      return (v as { scope?: unknown }).scope ? 'javascriptWithScope' : 'javascript';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    default:
      return 'object';
  }
}

// ---------------------------------------------------------------- rendering

function renderDouble(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Object.is(n, -0)) return '-0.0';
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? `${n}.0` : String(n);
}

/** A value as mongod prints it in error messages (`"a@b.c"`, `12`, `5.0`, `ObjectId('…')`, `{ a: 1 }`). */
export function renderValue(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return isInt32Number(v) ? String(v) : renderDouble(v);
    case 'boolean':
    case 'bigint':
      return String(v);
    default:
      break;
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[ ${v.map(renderValue).join(', ')} ]`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof RegExp) return `/${v.source}/${regexParts(v).flags}`;
  switch (bsonTypeTag(v)) {
    case 'Int32':
      return String((v as { value: number }).value);
    case 'Double':
      return renderDouble((v as Double).value);
    case 'Long':
      return (v as Long).toString();
    case 'Decimal128':
      return `NumberDecimal("${(v as Decimal128).toString()}")`;
    case 'ObjectId':
      return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
    case 'BSONSymbol':
      return JSON.stringify(stringOf(v));
    case 'Binary': {
      const bytes = binaryBytes(v);
      return `BinData(${(v as { sub_type: number }).sub_type}, ${Buffer.from(bytes).toString('hex').toUpperCase()})`;
    }
    case 'Timestamp': {
      const t = v as { t: number; i: number };
      return `Timestamp(${t.t}, ${t.i})`;
    }
    case 'BSONRegExp': {
      const r = regexParts(v);
      return `/${r.pattern}/${r.flags}`;
    }
    case 'MinKey':
      return 'MinKey';
    case 'MaxKey':
      return 'MaxKey';
    case 'Code':
      return (v as { code: string }).code;
    default:
      break;
  }
  const entries = objectEntries(v);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${k}: ${renderValue(x)}`).join(', ')} }`;
}

// ---------------------------------------------------------------- identity

/** True when both values would serialize to the same BSON: same types, same field order, same bits. */
export function identicalValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b) return false;
  if (typeof a === 'number') return Number.isNaN(a) && Number.isNaN(b as number);
  if (typeof a !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => identicalValues(v, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && identicalValues(a[k], b[k]));
  }
  if (bsonTypeName(a) !== bsonTypeName(b)) return false;
  switch (bsonTypeTag(a)) {
    case 'Double':
      return Object.is((a as Double).value, (b as Double).value);
    case 'Decimal128':
      return (a as Decimal128).toString() === (b as Decimal128).toString();
    default:
      return compareValues(a, b) === 0;
  }
}
