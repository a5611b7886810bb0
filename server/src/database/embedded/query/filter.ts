/**
 * Query filters (`find`, `update`, `delete`, `$match`, partial indexes) compiled into predicates over
 * canonical documents, with mongod's semantics: a predicate on a path holds when any value the path
 * reaches satisfies it (arrays on the way and at the end are traversed), null matches missing, values of
 * different type brackets never compare, and negations ($ne, $nin, $not) negate that whole "any".
 */
import type { Document } from '../contracts';
import type { Collation } from './collation';
import { commandError, javascriptDisabled, MongoCommandError } from '../errors';
import { compileExpression, isTruthy } from './expression';
import { geoIntersectsTest, geoWithinTest, parseNear } from './geo';
import { parseTextQuery } from './text';
import { compileJsonSchema } from './json-schema';
import { splitPath, visitQueryPath } from './paths';
import { compileRegex, isRegexValue, regexSource } from './regex';
import {
  bsonTypeName,
  compareValues as compareBinary,
  isDocument,
  isNaNValue,
  isNumber,
  renderValue,
  toJsNumber,
  typeBracket,
} from './values';

export interface FilterMatch {
  matched: boolean;
  /** Position of the matched element in the first array a matching predicate went through (for `$`). */
  arrayIndex?: number;
}

export interface CompiledFilter {
  matches(doc: Document): boolean;
  match(doc: Document): FilterMatch;
}

export interface FilterOptions {
  /** The clock `$$NOW` reads in `$expr`. */
  now?: Date;
  /** Variables `$expr` can read (`$$name`), e.g. from a `$lookup`'s `let`. */
  variables?: Document;
  /**
   * A filter where mongod never runs JavaScript (`$match` stages, array filters, `$pull` conditions), so
   * `$where` is "not allowed in this context". Query filters (find, count, distinct, update, delete,
   * findAndModify) would run it if the server had a script engine: there `$where` fails as on a mongod
   * started with `security.javascriptEnabled: false`.
   */
  restricted?: boolean;
  /** Strings compare under this collation (undefined: binary, the simple collation). `$regex` ignores it. */
  collation?: Collation;
}

type Position = { arrayIndex?: number };
/** Evaluates a predicate against a document (or an array element for `$elemMatch`). */
type Matcher = (root: unknown, pos: Position) => boolean;
type ValueTest = (value: unknown) => boolean;

interface Compiler {
  options: FilterOptions;
  /** Compiling the document form of an `$elemMatch` (mongod's "user sub-document" level). */
  subDocument?: boolean;
  /** Below `$or`, `$nor`, `$not` or `$elemMatch`, where `$near` may not appear. */
  nested?: boolean;
}

export function compileFilter(filter: Document | undefined | null, options: FilterOptions = {}): CompiledFilter {
  if (filter !== undefined && filter !== null && !isDocument(filter)) {
    throw commandError('TypeMismatch', "BSON field 'filter' is the wrong type, expected type 'object'");
  }
  const matcher = compileDocument(filter ?? {}, { options });
  return {
    matches: (doc) => matcher(doc, {}),
    match: (doc) => {
      const pos: Position = {};
      const matched = matcher(doc, pos);
      return matched && pos.arrayIndex !== undefined ? { matched, arrayIndex: pos.arrayIndex } : { matched };
    },
  };
}

function compileDocument(filter: Document, c: Compiler): Matcher {
  const parts: Matcher[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) parts.push(compileTopLevel(key, value, c));
    else parts.push(compileField(splitPath(key), value, c));
  }
  return allOf(parts);
}

function allOf(parts: Matcher[]): Matcher {
  if (parts.length === 1) return parts[0];
  return (root, pos) => parts.every((m) => m(root, pos));
}

function compileTopLevel(op: string, value: unknown, c: Compiler): Matcher {
  switch (op) {
    case '$and':
    case '$or':
    case '$nor': {
      if (!Array.isArray(value) || value.length === 0) throw commandError('BadValue', `${op} argument must be a non-empty array`);
      const branchCompiler = op === '$and' ? c : { ...c, nested: true };
      const branches = value.map((branch) => {
        if (!isDocument(branch)) throw commandError('BadValue', `${op} argument's entries must be objects`);
        return compileDocument(branch, branchCompiler);
      });
      if (op === '$and') return allOf(branches);
      if (op === '$nor') return (root) => !branches.some((b) => b(root, {}));
      return (root, pos) => {
        for (const branch of branches) {
          const own: Position = {};
          if (branch(root, own)) {
            if (pos.arrayIndex === undefined) pos.arrayIndex = own.arrayIndex;
            return true;
          }
        }
        return false;
      };
    }
    case '$expr': {
      const evaluate = compileExpression(value, {
        now: c.options.now ?? new Date(),
        variables: c.options.variables,
        collation: c.options.collation,
      });
      return (root) => isTruthy(evaluate(root as Document));
    }
    case '$comment':
      return () => true;
    case '$jsonSchema': {
      if (!isDocument(value)) throw commandError('TypeMismatch', '$jsonSchema must be an object');
      const validate = compileJsonSchema(value);
      return (root) => validate(root);
    }
    case '$where':
      if (c.options.restricted) throw commandError('BadValue', '$where is not allowed in this context');
      if (c.subDocument) throw commandError('BadValue', '$where can only be applied to the top-level document');
      throw javascriptDisabled.where();
    case '$text':
      // The text plan finds and checks the documents (storage/text-planning.ts); here the operand is validated.
      if (c.options.restricted) throw commandError('BadValue', '$text is not allowed in this context');
      if (c.nested || c.subDocument) throw commandError('BadValue', '$text is not allowed in a nested context');
      parseTextQuery(value);
      return () => true;
    case '$sampleRate':
      throw commandError('BadValue', `${op} is not supported by the embedded database`);
    default:
      throw commandError(
        'BadValue',
        `unknown top level operator: ${op}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`,
      );
  }
}

function isOperatorDocument(value: unknown): value is Document {
  if (!isDocument(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith('$');
}

function compileField(parts: string[], value: unknown, c: Compiler, expandLeaf = true): Matcher {
  if (isOperatorDocument(value)) return compileOperators(parts, value, c, expandLeaf);
  if (isRegexValue(value)) return anyValue(parts, expandLeaf, regexTest(value));
  return anyValue(parts, expandLeaf, equalityTest(value, c));
}

// ---------------------------------------------------------------- building blocks

/** True when some value the path reaches passes `test`; records that value's array position. */
function anyValue(parts: string[], expandLeaf: boolean, test: ValueTest): Matcher {
  const topLevel = parts.length === 1 ? parts[0] : undefined;
  return (root, pos) => {
    // A top-level field holding no array (the common case): its one value decides, no position to record.
    if (topLevel !== undefined && isDocument(root)) {
      const value = Object.prototype.hasOwnProperty.call(root, topLevel) ? root[topLevel] : undefined;
      if (!Array.isArray(value)) return test(value);
    }
    let index: number | undefined;
    const hit = visitQueryPath(
      root,
      parts,
      (v, i) => {
        if (!test(v)) return false;
        index = i;
        return true;
      },
      expandLeaf,
    );
    if (hit && index !== undefined && pos.arrayIndex === undefined) pos.arrayIndex = index;
    return hit;
  };
}

function not(m: Matcher): Matcher {
  return (root) => !m(root, {});
}

function equalityTest(operand: unknown, c: Compiler): ValueTest {
  if (operand === null) return (v) => v === null || v === undefined;
  if (operand === undefined) throw commandError('BadValue', 'cannot compare to undefined');
  const bracket = typeBracket(operand);
  const collated = c.options.collation?.compare;
  if (collated) return (v) => v !== undefined && typeBracket(v) === bracket && collated(v, operand) === 0;
  return (v) => v !== undefined && typeBracket(v) === bracket && compareBinary(v, operand) === 0;
}

function regexTest(operand: unknown, options?: string): ValueTest {
  const source = typeof operand === 'string' ? { pattern: operand, options: '' } : regexSource(operand);
  if (!source) throw commandError('BadValue', '$regex has to be a string');
  if (options !== undefined && source.options !== '') throw commandError('BadValue', 'options set in both $regex and $options');
  const flags = options ?? source.options;
  const re = compileRegex(source.pattern, flags);
  return (v) => {
    if (typeof v === 'string') return re.test(v);
    const tag = typeof v === 'object' && v !== null ? (v as { _bsontype?: string })._bsontype : undefined;
    if (tag === 'BSONSymbol') return re.test((v as { value: string }).value);
    // A stored regex matches a $regex with the same pattern and options.
    const stored = regexSource(v);
    return stored !== undefined && stored.pattern === source.pattern && sortFlags(stored.options) === sortFlags(flags);
  };
}

function sortFlags(flags: string): string {
  return [...flags].sort().join('');
}

type ComparisonOp = '$lt' | '$lte' | '$gt' | '$gte';

function satisfies(op: ComparisonOp, cmp: number): boolean {
  switch (op) {
    case '$lt':
      return cmp < 0;
    case '$lte':
      return cmp <= 0;
    case '$gt':
      return cmp > 0;
    case '$gte':
      return cmp >= 0;
  }
}

function comparisonTest(op: ComparisonOp, operand: unknown, c: Compiler): ValueTest {
  const compareValues = c.options.collation?.compare ?? compareBinary;
  if (isRegexValue(operand)) throw commandError('BadValue', `Can't have RegEx as arg to predicate over field`);
  const bracket = typeBracket(operand);
  // MinKey and MaxKey compare with every type: no type bracketing.
  if (bracket === -1 || bracket === 127) return (v) => satisfies(op, compareValues(v === undefined ? null : v, operand));
  if (operand === null) return op === '$lte' || op === '$gte' ? (v) => v === null || v === undefined : () => false;
  if (isNaNValue(operand)) return op === '$lte' || op === '$gte' ? (v) => isNaNValue(v) : () => false;
  return (v) => v !== undefined && typeBracket(v) === bracket && !isNaNValue(v) && satisfies(op, compareValues(v, operand));
}

function inTest(operand: unknown, op: string, c: Compiler): ValueTest {
  if (!Array.isArray(operand)) throw commandError('BadValue', `${op} needs an array`);
  const tests = operand.map((item) => {
    if (isOperatorDocument(item)) throw commandError('BadValue', `cannot nest $ under ${op}`);
    return isRegexValue(item) ? regexTest(item) : equalityTest(item, c);
  });
  return (v) => tests.some((t) => t(v));
}

const TYPE_CODES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  12: 'dbPointer',
  13: 'javascript',
  14: 'symbol',
  15: 'javascriptWithScope',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};
const TYPE_NAMES = new Set([...Object.values(TYPE_CODES), 'number']);

function typeTest(operand: unknown): ValueTest {
  const wanted = (Array.isArray(operand) ? operand : [operand]).map((t) => {
    if (typeof t === 'string') {
      if (!TYPE_NAMES.has(t)) throw commandError('BadValue', `Unknown type name alias: ${t}`);
      return t;
    }
    if (isNumber(t)) {
      const name = TYPE_CODES[toJsNumber(t)];
      if (!name) throw commandError('BadValue', `Invalid numerical type code: ${toJsNumber(t)}`);
      return name;
    }
    throw commandError('TypeMismatch', 'type must be represented as a number or a string');
  });
  const names = new Set(wanted);
  const anyNumber = names.has('number');
  return (v) => {
    if (v === undefined) return false;
    const name = bsonTypeName(v);
    return names.has(name) || (anyNumber && isNumber(v));
  };
}

function sizeOperand(operand: unknown): number {
  if (!isNumber(operand)) throw commandError('BadValue', '$size needs a number');
  const n = toJsNumber(operand);
  if (!Number.isInteger(n)) throw commandError('BadValue', '$size must be a whole number');
  if (n < 0) throw commandError('BadValue', '$size may not be negative');
  return n;
}

function modTest(operand: unknown): ValueTest {
  if (!Array.isArray(operand)) throw commandError('BadValue', 'malformed mod, needs to be an array');
  if (operand.length < 2) throw commandError('BadValue', 'malformed mod, not enough elements');
  if (operand.length > 2) throw commandError('BadValue', 'malformed mod, too many elements');
  const [d, r] = operand;
  if (!isNumber(d)) throw commandError('BadValue', 'malformed mod, divisor not a number');
  if (!isNumber(r)) throw commandError('BadValue', 'malformed mod, remainder not a number');
  const divisor = Math.trunc(toJsNumber(d));
  const remainder = Math.trunc(toJsNumber(r));
  if (divisor === 0) throw commandError('BadValue', 'divisor cannot be 0');
  return (v) => {
    if (!isNumber(v)) return false;
    const n = toJsNumber(v);
    return Number.isFinite(n) && Math.trunc(n) % divisor === remainder;
  };
}

/** `$elemMatch` holds when some element of an array the path reaches passes `test`; records that element. */
function elemMatch(parts: string[], test: (element: unknown) => boolean): Matcher {
  return (root, pos) => {
    let index: number | undefined;
    const hit = visitQueryPath(
      root,
      parts,
      (v, outer) => {
        if (!Array.isArray(v)) return false;
        const k = v.findIndex((e) => test(e));
        if (k < 0) return false;
        index = outer ?? k;
        return true;
      },
      false,
    );
    if (hit && index !== undefined && pos.arrayIndex === undefined) pos.arrayIndex = index;
    return hit;
  };
}

const LOGICAL_TOP_LEVEL = new Set(['$and', '$or', '$nor', '$expr', '$where', '$text', '$comment', '$jsonSchema']);

function compileElemMatch(parts: string[], operand: unknown, c: Compiler): Matcher {
  if (!isDocument(operand)) throw commandError('BadValue', '$elemMatch needs an Object');
  const first = Object.keys(operand)[0];
  if (first !== undefined && first.startsWith('$') && !LOGICAL_TOP_LEVEL.has(first)) {
    const onElement = compileOperators([], operand, { ...c, nested: true }, false);
    return elemMatch(parts, (e) => onElement(e, {}));
  }
  const onDocument = compileDocument(operand, { ...c, subDocument: true, nested: true });
  return elemMatch(parts, (e) => (isDocument(e) || Array.isArray(e)) && onDocument(e, {}));
}

function compileAll(parts: string[], operand: unknown, c: Compiler, expandLeaf: boolean): Matcher {
  if (!Array.isArray(operand)) throw commandError('BadValue', '$all needs an array');
  if (operand.length === 0) return () => false;
  const elemMatches = operand.filter((item) => isDocument(item) && Object.keys(item)[0] === '$elemMatch');
  if (elemMatches.length > 0 && elemMatches.length !== operand.length) {
    throw commandError('BadValue', '$all/$elemMatch has to be consistent');
  }
  const matchers = operand.map((item) => {
    if (elemMatches.length > 0) return compileElemMatch(parts, (item as Document).$elemMatch, c);
    if (isOperatorDocument(item)) throw commandError('BadValue', 'no $ expressions in $all');
    return anyValue(parts, expandLeaf, isRegexValue(item) ? regexTest(item) : equalityTest(item, c));
  });
  return allOf(matchers);
}

// ---------------------------------------------------------------- operator documents

function compileOperators(parts: string[], ops: Document, c: Compiler, expandLeaf: boolean): Matcher {
  const matchers: Matcher[] = [];
  for (const [op, operand] of Object.entries(ops)) {
    const m = compileOperator(parts, op, operand, ops, c, expandLeaf);
    if (m) matchers.push(m);
  }
  return allOf(matchers);
}

function compileOperator(
  parts: string[],
  op: string,
  operand: unknown,
  siblings: Document,
  c: Compiler,
  expandLeaf: boolean,
): Matcher | undefined {
  switch (op) {
    case '$eq':
      return anyValue(parts, expandLeaf, equalityTest(operand, c));
    case '$ne':
      if (isRegexValue(operand)) throw commandError('BadValue', "Can't have regex as arg to $ne.");
      return not(anyValue(parts, expandLeaf, equalityTest(operand, c)));
    case '$lt':
    case '$lte':
    case '$gt':
    case '$gte':
      return anyValue(parts, expandLeaf, comparisonTest(op, operand, c));
    case '$in':
      return anyValue(parts, expandLeaf, inTest(operand, op, c));
    case '$nin':
      return not(anyValue(parts, expandLeaf, inTest(operand, op, c)));
    case '$exists': {
      const exists = anyValue(parts, expandLeaf, (v) => v !== undefined);
      return isTruthy(operand) ? exists : not(exists);
    }
    case '$type':
      return anyValue(parts, expandLeaf, typeTest(operand));
    case '$regex': {
      const options = siblings.$options;
      if (options !== undefined && typeof options !== 'string') throw commandError('BadValue', '$options has to be a string');
      return anyValue(parts, expandLeaf, regexTest(operand, options as string | undefined));
    }
    case '$options':
      if (!('$regex' in siblings)) throw commandError('BadValue', '$options needs a $regex');
      return undefined;
    case '$mod':
      return anyValue(parts, expandLeaf, modTest(operand));
    case '$size': {
      const n = sizeOperand(operand);
      return anyValue(parts, false, (v) => Array.isArray(v) && v.length === n);
    }
    case '$all':
      return compileAll(parts, operand, c, expandLeaf);
    case '$elemMatch':
      return compileElemMatch(parts, operand, c);
    case '$not':
      if (isRegexValue(operand)) return not(anyValue(parts, expandLeaf, regexTest(operand)));
      if (!isDocument(operand)) throw commandError('BadValue', '$not needs a regex or a document');
      if (Object.keys(operand).length === 0) throw commandError('BadValue', '$not cannot be empty');
      if (!isOperatorDocument(operand)) throw commandError('BadValue', `unknown operator: ${Object.keys(operand)[0]}`);
      return not(compileOperators(parts, operand, { ...c, nested: true }, expandLeaf));
    case '$comment':
      return undefined;
    case '$geoWithin':
    case '$within':
      return anyValue(parts, false, geoWithinTest(operand).test);
    case '$geoIntersects':
      return anyValue(parts, false, geoIntersectsTest(operand).test);
    case '$near':
    case '$nearSphere':
      if (c.options.restricted) throw nearNotAllowed();
      if (c.nested) throw commandError('BadValue', 'geoNear must be top-level expr');
      parseNear(op, operand, siblings);
      // Distance bounds and order are the geo-near plan's: a $near filter always runs through one.
      return () => true;
    case '$maxDistance':
    case '$minDistance':
      if ('$near' in siblings || '$nearSphere' in siblings) return undefined;
      throw commandError('BadValue', `${op} must be used with $near or $nearSphere`);
    case '$bitsAllSet':
    case '$bitsAllClear':
    case '$bitsAnySet':
    case '$bitsAnyClear':
      return anyValue(parts, expandLeaf, bitsTest(op, operand));
    default:
      throw commandError('BadValue', `unknown operator: ${op}`);
  }
}

/** The bit positions of a bitwise query operand: a non-negative integer mask, a BinData mask, or positions. */
function bitPositions(op: string, operand: unknown): number[] {
  if (Array.isArray(operand)) {
    return operand.map((p) => {
      if (!isNumber(p) || !Number.isInteger(toJsNumber(p)))
        throw commandError('BadValue', `bit positions must be an integer but got: ${renderValue(p)}`);
      const n = toJsNumber(p);
      if (n < 0) throw commandError('BadValue', `bit positions must be >= 0 but got: ${renderValue(p)}`);
      return n;
    });
  }
  if (isNumber(operand)) {
    const n = toJsNumber(operand);
    if (!Number.isInteger(n)) throw commandError('BadValue', `Expected an integer: ${op}: ${renderValue(operand)}`);
    if (n < 0) throw commandError('BadValue', `Expected a positive number in: ${op}: ${renderValue(operand)}`);
    const mask = bsonTypeName(operand) === 'long' ? (operand as { toBigInt(): bigint }).toBigInt() : BigInt(n);
    const positions: number[] = [];
    for (let i = 0; i < 64; i++) if ((mask >> BigInt(i)) & 1n) positions.push(i);
    return positions;
  }
  if (bsonTypeName(operand) === 'binData') {
    const bytes = binaryBytes(operand);
    const positions: number[] = [];
    bytes.forEach((byte, i) => {
      for (let b = 0; b < 8; b++) if (byte & (1 << b)) positions.push(i * 8 + b);
    });
    return positions;
  }
  throw commandError('BadValue', `${op} takes an Array, a number, or a BinData but received: ${op}: ${renderValue(operand)}`);
}

function binaryBytes(v: unknown): Uint8Array {
  const b = v as { buffer: Uint8Array; position: number };
  return b.buffer.subarray(0, b.position);
}

/** `$bitsAllSet` / `$bitsAllClear` / `$bitsAnySet` / `$bitsAnyClear`: integral numbers (two's complement) and BinData. */
function bitsTest(op: string, operand: unknown): (v: unknown) => boolean {
  const positions = bitPositions(op, operand);
  const wantSet = op === '$bitsAllSet' || op === '$bitsAnySet';
  const all = op === '$bitsAllSet' || op === '$bitsAllClear';
  return (v) => {
    let bitAt: (p: number) => boolean;
    if (isNumber(v)) {
      const type = bsonTypeName(v);
      if (type === 'decimal') return false;
      const n = toJsNumber(v);
      if (!Number.isInteger(n) || n < -(2 ** 63) || n >= 2 ** 63) return false;
      const big = type === 'long' ? (v as { toBigInt(): bigint }).toBigInt() : BigInt(n);
      bitAt = (p) => (p >= 64 ? big < 0n : ((BigInt.asUintN(64, big) >> BigInt(p)) & 1n) === 1n);
    } else if (bsonTypeName(v) === 'binData') {
      const bytes = binaryBytes(v);
      bitAt = (p) => (p >> 3 < bytes.length ? (bytes[p >> 3] & (1 << (p & 7))) !== 0 : false);
    } else return false;
    const test = (p: number) => bitAt(p) === wantSet;
    return all ? positions.every(test) : positions.some(test);
  };
}

/** `$near` where mongod cannot sort by distance: aggregation `$match` (hence countDocuments), array filters, … */
export function nearNotAllowed(): Error {
  return new MongoCommandError(
    5626500,
    // mongod's text, verbatim (its missing space before "for" included).
    '$geoNear, $near, and $nearSphere are not allowed in this context, as these operators require sorting geospatial data. If you do not need sort, consider using $geoWithin instead. Check out https://dochub.mongodb.org/core/near-sort-operation and https://dochub.mongodb.org/core/nearSphere-sort-operationfor more details.',
  );
}
