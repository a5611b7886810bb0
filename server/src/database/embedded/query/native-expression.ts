/**
 * Aggregation expressions evaluated natively on canonical values, with mongod's semantics where mingo's
 * plain-JS evaluation differs: BSON types survive (int32 + int32 = int32, overflowing to long; long overflowing
 * to double; any double makes a double, any decimal a decimal), comparisons follow MongoDB's total order across
 * types (and the collation), `$eq` does not traverse arrays, and set operators equate values as mongod does
 * (1, 1.0 and NumberLong(1) are one value; `{ a: 1, b: 2 }` and `{ b: 2, a: 1 }` are two).
 *
 * Operators not listed in OPERATORS are handed, with their whole sub-expression, to the fallback (mingo).
 */
import { Decimal128, Long, ObjectId } from 'bson';
import type { Document } from '../contracts';
import { commandError, MongoCommandError } from '../errors';
import { decimalAdd, decimalMultiply } from './arithmetic';
import { ARRAY_OPERATORS } from './array-expressions';
import type { Collation } from './collation';
import { coerceToDate, DATE_OPERATORS, dateToIsoString, parseDateString } from './date-expressions';
import {
  argumentList,
  arity,
  ConversionFailure,
  doubleValue,
  isNullish,
  namedArguments,
  type Evaluator,
  type ExpressionCompiler,
  type OperatorCompiler,
} from './expression-support';
import {
  INT32_MAX,
  INT32_MIN,
  INT64_MAX,
  INT64_MIN,
  integerResult,
  numericType,
  toBig,
  toDecimal,
  wider,
  type NumericType,
} from './numeric';
import { MATH_OPERATORS } from './math-expressions';
import { STRING_OPERATORS } from './string-expressions';
import { utcZone } from './time-zones';
import { bsonTypeName, compareValues, isDocument, isNaNValue, isNumber, isPlainObject, renderValue, toJsNumber } from './values';

export { ConversionFailure, doubleValue, NamedCommandError, type Evaluator, type Variables } from './expression-support';

export interface NativeContext {
  now: Date;
  variables?: Document;
  collation?: Collation;
  /** Compiles an operator expression the native evaluator does not implement. */
  fallback(expr: unknown): Evaluator;
}

// ---------------------------------------------------------------- numbers with mongod's result types

export function addTyped(a: unknown, b: unknown): unknown {
  const type = wider(numericType(a), numericType(b));
  if (type === 'decimal') return decimalAdd(toDecimal(a), toDecimal(b));
  if (type === 'double') return doubleValue(toJsNumber(a) + toJsNumber(b));
  return integerResult(toBig(a) + toBig(b), type);
}

function negate(v: unknown): unknown {
  switch (numericType(v)) {
    case 'decimal': {
      const text = (v as Decimal128).toString();
      return Decimal128.fromString(text.startsWith('-') ? text.slice(1) : `-${text}`);
    }
    case 'double':
      return doubleValue(-toJsNumber(v));
    case 'long':
      return integerResult(-toBig(v), 'long');
    default:
      return integerResult(-toBig(v), 'int');
  }
}

function multiplyTyped(a: unknown, b: unknown): unknown {
  const type = wider(numericType(a), numericType(b));
  if (type === 'decimal') return decimalMultiply(toDecimal(a), toDecimal(b));
  if (type === 'double') return doubleValue(toJsNumber(a) * toJsNumber(b));
  return integerResult(toBig(a) * toBig(b), type);
}

const ZERO_INT: unknown = 0;

/** mongod's `$sum`: numbers only (everything else ignored), the widest type met, integers promoted on overflow. */
export function sumOf(values: Iterable<unknown>): unknown {
  let total: unknown = ZERO_INT;
  for (const v of values) if (isNumber(v)) total = addTyped(total, v);
  return total;
}

/** mongod's `$avg`: the mean of the numbers (double, or decimal when one is), null when there are none. */
export function avgOf(values: Iterable<unknown>): unknown {
  let count = 0;
  let decimal = false;
  let total: unknown = ZERO_INT;
  for (const v of values) {
    if (!isNumber(v)) continue;
    count += 1;
    if (numericType(v) === 'decimal') decimal = true;
    total = addTyped(total, numericType(v) === 'long' || numericType(v) === 'int' ? doubleValue(toJsNumber(v)) : v);
  }
  if (count === 0) return null;
  if (decimal) return Decimal128.fromStringWithRounding(String(Number(toDecimal(total).toString()) / count));
  return doubleValue(toJsNumber(total) / count);
}

// ---------------------------------------------------------------- helpers

function typeName(v: unknown): string {
  return bsonTypeName(v);
}

/** A field path (`$a.b`) as aggregation reads it: through arrays of documents, collecting the values found. */
function walkPath(value: unknown, parts: string[], i: number): unknown {
  if (i === parts.length) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const element of value) {
      if (!isDocument(element) && !Array.isArray(element)) continue;
      const found = walkPath(element, parts, i);
      if (found !== undefined) out.push(found);
    }
    return out;
  }
  if (isPlainObject(value)) return walkPath(value[parts[i]], parts, i + 1);
  return undefined;
}

// ---------------------------------------------------------------- the compiler

class Compiler implements ExpressionCompiler {
  readonly compare: (a: unknown, b: unknown) => number;
  /** Names bound by the enclosing `$let` / `$map` / `$filter` / `$reduce` bodies being compiled. */
  private readonly scopes: string[][] = [];

  scoped(name: string): boolean {
    return this.scopes.some((scope) => scope.includes(name));
  }

  /** Compiles `expr` with `names` in scope. */
  within(names: string[], expr: unknown): Evaluator {
    this.scopes.push(names);
    try {
      return this.compile(expr);
    } finally {
      this.scopes.pop();
    }
  }

  constructor(readonly context: NativeContext) {
    this.compare = context.collation?.compare ?? compareValues;
  }

  compile(expr: unknown): Evaluator {
    if (typeof expr === 'string' && expr.startsWith('$')) return this.path(expr);
    if (Array.isArray(expr)) {
      const items = expr.map((e) => this.compile(e));
      return (doc, vars) =>
        items.map((item) => {
          const v = item(doc, vars);
          return v === undefined ? null : v;
        });
    }
    if (isPlainObject(expr)) {
      const keys = Object.keys(expr);
      if (keys.length > 0 && keys[0].startsWith('$')) {
        const operator = OPERATORS[keys[0]];
        if (keys.length !== 1 || !operator) return this.context.fallback(expr);
        return operator(expr[keys[0]], this, keys[0]);
      }
      if (keys.some((k) => k.startsWith('$') || k.includes('.'))) return this.context.fallback(expr);
      const fields = keys.map((k) => [k, this.compile(expr[k])] as const);
      return (doc, vars) => {
        const out: Document = {};
        for (const [k, evaluate] of fields) {
          const v = evaluate(doc, vars);
          if (v !== undefined) out[k] = v;
        }
        return out;
      };
    }
    return () => expr;
  }

  private path(expr: string): Evaluator {
    if (expr.startsWith('$$')) {
      const [name, ...rest] = expr.slice(2).split('.');
      let base: Evaluator;
      if (name === 'ROOT' || name === 'CURRENT') base = (doc) => doc;
      else if (name === 'NOW') base = () => this.context.now;
      else if (name === 'REMOVE') base = () => undefined;
      else if (this.scoped(name)) base = (_doc, vars) => vars?.[name];
      else if (this.context.variables && name in this.context.variables) {
        const value = this.context.variables[name];
        base = () => value;
      } else return this.context.fallback(expr);
      if (rest.length === 0) return base;
      return (doc, vars) => walkPath(base(doc, vars), rest, 0);
    }
    const parts = expr.slice(1).split('.');
    if (parts.some((p) => p === '')) return this.context.fallback(expr);
    return (doc) => walkPath(doc, parts, 0);
  }

  args(operand: unknown, name: string, min: number, max = min): Evaluator[] {
    const list = argumentList(operand);
    arity(name, list, min, max);
    return list.map((a) => this.compile(a));
  }
}

function comparison(test: (c: number) => boolean): OperatorCompiler {
  return (operand, c, name) => {
    const [a, b] = c.args(operand, name, 2);
    return (doc, vars) => test(c.compare(a(doc, vars), b(doc, vars)));
  };
}

function truthy(v: unknown): boolean {
  if (v === false || v === null || v === undefined) return false;
  if (bsonTypeName(v) === 'undefined') return false;
  return !(isNumber(v) && !isNaNValue(v) && toJsNumber(v) === 0);
}

/** Distinct values of an array under the comparator (first occurrence kept). */
function distinct(values: unknown[], compare: (a: unknown, b: unknown) => number): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => compare(o, v) === 0)) out.push(v);
  return out;
}

function setOperands(name: string, values: unknown[], code: number): unknown[][] | null {
  if (values.some(isNullish)) return null;
  for (const v of values) {
    if (!Array.isArray(v))
      throw new MongoCommandError(code, `All operands of ${name} must be arrays. One argument is of type: ${typeName(v)}`);
  }
  return values as unknown[][];
}

function dateMillis(v: unknown): number {
  return (v as Date).getTime();
}

const OPERATORS: Record<string, OperatorCompiler> = {
  $literal: (operand) => () => operand,
  $eq: comparison((x) => x === 0),
  $ne: comparison((x) => x !== 0),
  $gt: comparison((x) => x > 0),
  $gte: comparison((x) => x >= 0),
  $lt: comparison((x) => x < 0),
  $lte: comparison((x) => x <= 0),
  $cmp: (operand, c, name) => {
    const [a, b] = c.args(operand, name, 2);
    return (doc, vars) => Math.sign(c.compare(a(doc, vars), b(doc, vars)));
  },
  $and: (operand, c) => {
    const items = argumentList(operand).map((a) => c.compile(a));
    return (doc, vars) => items.every((item) => truthy(item(doc, vars)));
  },
  $or: (operand, c) => {
    const items = argumentList(operand).map((a) => c.compile(a));
    return (doc, vars) => items.some((item) => truthy(item(doc, vars)));
  },
  $not: (operand, c, name) => {
    const [a] = c.args(operand, name, 1);
    return (doc, vars) => !truthy(a(doc, vars));
  },
  $cond: (operand, c, name) => {
    let parts: unknown[];
    if (isPlainObject(operand)) {
      for (const k of Object.keys(operand))
        if (!['if', 'then', 'else'].includes(k)) throw new MongoCommandError(17083, `Unrecognized parameter to $cond: ${k}`);
      for (const k of ['if', 'then', 'else'])
        if (!(k in operand))
          throw new MongoCommandError(17080 + ['if', 'then', 'else'].indexOf(k), `Missing '${k}' parameter to $cond`);
      parts = [operand.if, operand.then, operand.else];
    } else parts = argumentList(operand);
    const [test, then, otherwise] = c.args(parts, name, 3);
    return (doc, vars) => (truthy(test(doc, vars)) ? then(doc, vars) : otherwise(doc, vars));
  },
  $ifNull: (operand, c, name) => {
    const items = c.args(operand, name, 2, Infinity);
    return (doc, vars) => {
      for (let i = 0; i < items.length - 1; i++) {
        const v = items[i](doc, vars);
        if (!isNullish(v)) return v;
      }
      return items[items.length - 1](doc, vars);
    };
  },
  $add: (operand, c) => {
    const items = argumentList(operand).map((a) => c.compile(a));
    return (doc, vars) => {
      let total: unknown = ZERO_INT;
      let date: Date | undefined;
      for (const item of items) {
        const v = item(doc, vars);
        if (isNullish(v)) return null;
        if (v instanceof Date) {
          if (date) throw new MongoCommandError(16612, 'only one date allowed in an $add expression');
          date = v;
        } else if (isNumber(v)) total = addTyped(total, v);
        else throw new MongoCommandError(16554, `$add only supports numeric or date types, not ${typeName(v)}`);
      }
      if (date) return new Date(date.getTime() + Math.round(toJsNumber(total)));
      return total;
    };
  },
  $subtract: (operand, c, name) => {
    const [a, b] = c.args(operand, name, 2);
    return (doc, vars) => {
      const x = a(doc, vars);
      const y = b(doc, vars);
      if (isNullish(x) || isNullish(y)) return null;
      if (x instanceof Date && y instanceof Date) return Long.fromNumber(dateMillis(x) - dateMillis(y));
      if (x instanceof Date && isNumber(y)) return new Date(dateMillis(x) - Math.round(toJsNumber(y)));
      if (isNumber(x) && isNumber(y)) return addTyped(x, negate(y));
      throw new MongoCommandError(16556, `cant $subtract a ${typeName(y)} from a ${typeName(x)}`);
    };
  },
  $multiply: (operand, c) => {
    const items = argumentList(operand).map((a) => c.compile(a));
    return (doc, vars) => {
      let product: unknown = 1;
      for (const item of items) {
        const v = item(doc, vars);
        if (isNullish(v)) return null;
        if (!isNumber(v)) throw new MongoCommandError(16555, `$multiply only supports numeric types, not ${typeName(v)}`);
        product = multiplyTyped(product, v);
      }
      return product;
    };
  },
  $divide: (operand, c, name) => {
    const [a, b] = c.args(operand, name, 2);
    return (doc, vars) => {
      const x = a(doc, vars);
      const y = b(doc, vars);
      if (isNullish(x) || isNullish(y)) return null;
      if (!isNumber(x) || !isNumber(y))
        throw new MongoCommandError(16609, `$divide only supports numeric types, not ${typeName(x)} and ${typeName(y)}`);
      if (toJsNumber(y) === 0 && !isNaNValue(y)) throw commandError('BadValue', "can't $divide by zero");
      if (numericType(x) === 'decimal' || numericType(y) === 'decimal')
        return Decimal128.fromStringWithRounding(String(Number(toDecimal(x).toString()) / Number(toDecimal(y).toString())));
      return doubleValue(toJsNumber(x) / toJsNumber(y));
    };
  },
  $mod: (operand, c, name) => {
    const [a, b] = c.args(operand, name, 2);
    return (doc, vars) => {
      const x = a(doc, vars);
      const y = b(doc, vars);
      if (isNullish(x) || isNullish(y)) return null;
      if (!isNumber(x) || !isNumber(y))
        throw new MongoCommandError(16611, `$mod only supports numeric types, not ${typeName(x)} and ${typeName(y)}`);
      const type = wider(numericType(x), numericType(y));
      if (toJsNumber(y) === 0 && (type === 'int' || type === 'long')) throw new MongoCommandError(16610, "can't $mod by zero");
      if (type === 'decimal') return Decimal128.fromStringWithRounding(String(toJsNumber(x) % toJsNumber(y)));
      if (type === 'double') return doubleValue(toJsNumber(x) % toJsNumber(y));
      return integerResult(toBig(x) % toBig(y), type);
    };
  },
  $abs: (operand, c, name) => {
    const [a] = c.args(operand, name, 1);
    return (doc, vars) => {
      const x = a(doc, vars);
      if (isNullish(x)) return null;
      if (!isNumber(x)) throw new MongoCommandError(28765, `$abs only supports numeric types, not ${typeName(x)}`);
      const negative = numericType(x) === 'decimal' ? (x as Decimal128).toString().startsWith('-') : toJsNumber(x) < 0;
      return negative ? negate(x) : x;
    };
  },
  $sum: (operand, c) => listAccumulator(operand, c, sumOf),
  $avg: (operand, c) => listAccumulator(operand, c, avgOf),
  $max: (operand, c) => listAccumulator(operand, c, (values) => extreme(values, c.compare, 1)),
  $min: (operand, c) => listAccumulator(operand, c, (values) => extreme(values, c.compare, -1)),
  $in: (operand, c, name) => {
    const [a, b] = c.args(operand, name, 2);
    return (doc, vars) => {
      const x = a(doc, vars);
      const list = b(doc, vars);
      if (!Array.isArray(list))
        throw new MongoCommandError(40081, `$in requires an array as a second argument, found: ${typeName(list)}`);
      return list.some((v) => c.compare(v, x) === 0);
    };
  },
  $size: (operand, c, name) => {
    const [a] = c.args(operand, name, 1);
    return (doc, vars) => {
      const x = a(doc, vars);
      if (!Array.isArray(x))
        throw new MongoCommandError(17124, `The argument to $size must be an array. Type of the argument is: ${typeName(x)}`);
      return x.length;
    };
  },
  $isArray: (operand, c, name) => {
    const [a] = c.args(operand, name, 1);
    return (doc, vars) => Array.isArray(a(doc, vars));
  },
  $type: (operand, c, name) => {
    const [a] = c.args(operand, name, 1);
    return (doc, vars) => typeName(a(doc, vars));
  },
  $concat: (operand, c) => {
    const items = argumentList(operand).map((a) => c.compile(a));
    return (doc, vars) => {
      let out = '';
      for (const item of items) {
        const v = item(doc, vars);
        if (isNullish(v)) return null;
        if (typeof v !== 'string') throw new MongoCommandError(16702, `$concat only supports strings, not ${typeName(v)}`);
        out += v;
      }
      return out;
    };
  },
  $arrayElemAt: (operand, c, name) => {
    const [a, b] = c.args(operand, name, 2);
    return (doc, vars) => {
      const array = a(doc, vars);
      const index = b(doc, vars);
      if (isNullish(array) || isNullish(index)) return null;
      if (!Array.isArray(array))
        throw new MongoCommandError(28689, `$arrayElemAt's first argument must be an array, but is ${typeName(array)}`);
      if (!isNumber(index))
        throw new MongoCommandError(28690, `$arrayElemAt's second argument must be a numeric value, but is ${typeName(index)}`);
      const i = toJsNumber(index);
      if (!Number.isInteger(i) || i < INT32_MIN || i > INT32_MAX)
        throw new MongoCommandError(
          28691,
          `$arrayElemAt's second argument must be representable as a 32-bit integer: ${renderValue(index)}`,
        );
      return i < 0 ? array[array.length + i] : array[i];
    };
  },
  $first: (operand, c, name) => endOf(operand, c, name, (array) => array[0]),
  $last: (operand, c, name) => endOf(operand, c, name, (array) => array[array.length - 1]),
  $setUnion: (operand, c, name) => {
    const items = argumentList(operand).map((a) => c.compile(a));
    return (doc, vars) => {
      const sets = setOperands(
        name,
        items.map((item) => item(doc, vars)),
        17043,
      );
      return sets === null ? null : distinct(sets.flat(), c.compare);
    };
  },
  $setIntersection: (operand, c, name) => {
    const items = argumentList(operand).map((a) => c.compile(a));
    return (doc, vars) => {
      const sets = setOperands(
        name,
        items.map((item) => item(doc, vars)),
        17047,
      );
      if (sets === null) return null;
      if (sets.length === 0) return [];
      return distinct(sets[0], c.compare).filter((v) => sets.every((s) => s.some((x) => c.compare(x, v) === 0)));
    };
  },
  $setDifference: (operand, c, name) => {
    const [a, b] = c.args(operand, name, 2);
    return (doc, vars) => {
      const sets = setOperands(name, [a(doc, vars), b(doc, vars)], 17048);
      if (sets === null) return null;
      return distinct(sets[0], c.compare).filter((v) => !sets[1].some((x) => c.compare(x, v) === 0));
    };
  },
  $setEquals: (operand, c, name) => {
    const items = c.args(operand, name, 2, Infinity);
    return (doc, vars) => {
      const values = items.map((item) => item(doc, vars));
      for (const v of values) {
        if (!Array.isArray(v))
          throw new MongoCommandError(
            17044,
            `All operands of $setEquals must be arrays. One argument is of type: ${typeName(v)}`,
          );
      }
      const sets = (values as unknown[][]).map((s) => distinct(s, c.compare));
      const contains = (s: unknown[], v: unknown) => s.some((x) => c.compare(x, v) === 0);
      return sets.every((s) => s.length === sets[0].length && s.every((v) => contains(sets[0], v)));
    };
  },
  $setIsSubset: (operand, c, name) => {
    const [a, b] = c.args(operand, name, 2);
    return (doc, vars) => {
      const x = a(doc, vars);
      const y = b(doc, vars);
      if (!Array.isArray(x))
        throw new MongoCommandError(
          17046,
          `both operands of $setIsSubset must be arrays. First argument is of type: ${typeName(x)}`,
        );
      if (!Array.isArray(y))
        throw new MongoCommandError(
          17042,
          `both operands of $setIsSubset must be arrays. Second argument is of type: ${typeName(y)}`,
        );
      return x.every((v) => y.some((w) => c.compare(w, v) === 0));
    };
  },
  $let: (operand, c) => {
    if (!isPlainObject(operand) || !isPlainObject(operand.vars) || !('in' in operand))
      throw new MongoCommandError(16990, "$let only supports an object with 'vars' and 'in' as its argument");
    const bound = Object.entries(operand.vars).map(([k, v]) => [k, c.compile(v)] as const);
    const body = c.within(
      bound.map(([k]) => k),
      operand.in,
    );
    return (doc, vars) => {
      const inner: Record<string, unknown> = { ...vars };
      for (const [k, evaluate] of bound) inner[k] = evaluate(doc, vars);
      return body(doc, inner);
    };
  },
  $map: (operand, c) => {
    if (!isPlainObject(operand)) throw new MongoCommandError(16878, '$map only supports an object as its argument');
    const as = typeof operand.as === 'string' ? operand.as : 'this';
    const input = c.compile(operand.input);
    const body = c.within([as], operand.in);
    return (doc, vars) => {
      const array = input(doc, vars);
      if (isNullish(array)) return null;
      if (!Array.isArray(array)) throw new MongoCommandError(16883, `input to $map must be an array not ${typeName(array)}`);
      return array.map((element) => {
        const v = body(doc, { ...vars, [as]: element });
        return v === undefined ? null : v;
      });
    };
  },
  $filter: (operand, c) => {
    if (!isPlainObject(operand)) throw new MongoCommandError(28646, '$filter only supports an object as its argument');
    const as = typeof operand.as === 'string' ? operand.as : 'this';
    const input = c.compile(operand.input);
    const cond = c.within([as], operand.cond);
    const limit = operand.limit === undefined ? undefined : c.compile(operand.limit);
    return (doc, vars) => {
      const array = input(doc, vars);
      if (isNullish(array)) return null;
      if (!Array.isArray(array)) throw new MongoCommandError(28651, `input to $filter must be an array not ${typeName(array)}`);
      const max = limit ? limit(doc, vars) : undefined;
      const out: unknown[] = [];
      for (const element of array) {
        if (max !== undefined && max !== null && out.length >= toJsNumber(max)) break;
        if (truthy(cond(doc, { ...vars, [as]: element }))) out.push(element);
      }
      return out;
    };
  },
  $reduce: (operand, c) => {
    if (!isPlainObject(operand)) throw new MongoCommandError(40075, '$reduce only supports an object as its argument');
    const input = c.compile(operand.input);
    const initial = c.compile(operand.initialValue);
    const body = c.within(['this', 'value'], operand.in);
    return (doc, vars) => {
      const array = input(doc, vars);
      if (isNullish(array)) return null;
      if (!Array.isArray(array))
        throw new MongoCommandError(40080, `$reduce requires that 'input' be an array, found: ${renderValue(array)}`);
      let value = initial(doc, vars);
      for (const element of array) value = body(doc, { ...vars, this: element, value });
      return value;
    };
  },
  $switch: (operand, c) => {
    if (!isPlainObject(operand)) throw new MongoCommandError(40060, '$switch requires an object as an argument');
    if (!Array.isArray(operand.branches)) throw new MongoCommandError(40061, "$switch expected an array for 'branches'");
    const branches = operand.branches.map((branch) => {
      if (!isPlainObject(branch) || !('case' in branch))
        throw new MongoCommandError(40064, "$switch requires each branch have a 'case' expression");
      if (!('then' in branch)) throw new MongoCommandError(40065, "$switch requires each branch have a 'then' expression");
      return { test: c.compile(branch.case), then: c.compile(branch.then) };
    });
    const fallback = 'default' in operand ? c.compile(operand.default) : undefined;
    return (doc, vars) => {
      for (const branch of branches) if (truthy(branch.test(doc, vars))) return branch.then(doc, vars);
      if (!fallback)
        throw new MongoCommandError(
          40066,
          '$switch could not find a matching branch for an input, and no default was specified.',
        );
      return fallback(doc, vars);
    };
  },
  $concatArrays: (operand, c) => {
    const items = argumentList(operand).map((a) => c.compile(a));
    return (doc, vars) => {
      const out: unknown[] = [];
      for (const item of items) {
        const v = item(doc, vars);
        if (isNullish(v)) return null;
        if (!Array.isArray(v)) throw new MongoCommandError(28664, `$concatArrays only supports arrays, not ${typeName(v)}`);
        out.push(...v);
      }
      return out;
    };
  },
  $mergeObjects: (operand, c) => {
    const items = argumentList(operand).map((a) => c.compile(a));
    return (doc, vars) => {
      const out: Document = {};
      for (const item of items) {
        const v = item(doc, vars);
        if (isNullish(v)) continue;
        if (!isPlainObject(v))
          throw new MongoCommandError(
            40400,
            `$mergeObjects requires object inputs, but input ${renderValue(v)} is of type ${typeName(v)}`,
          );
        for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = x;
      }
      return out;
    };
  },
  $toInt: (operand, c, name) => conversion(operand, c, name, 'int'),
  $toLong: (operand, c, name) => conversion(operand, c, name, 'long'),
  $toDouble: (operand, c, name) => conversion(operand, c, name, 'double'),
  $toDecimal: (operand, c, name) => conversion(operand, c, name, 'decimal'),
};

/** `$sum` / `$avg` / `$max` / `$min` as expressions: one array operand means its elements, else the operands. */
function listAccumulator(operand: unknown, c: ExpressionCompiler, reduce: (values: unknown[]) => unknown): Evaluator {
  const list = argumentList(operand);
  const items = list.map((a) => c.compile(a));
  if (items.length === 1) {
    return (doc, vars) => {
      const v = items[0](doc, vars);
      return reduce(Array.isArray(v) ? v : [v]);
    };
  }
  return (doc, vars) => reduce(items.map((item) => item(doc, vars)));
}

/** `$max` (direction 1) / `$min` (-1) in MongoDB's order, ignoring null and missing; null when nothing is left. */
export function extreme(values: Iterable<unknown>, compare: (a: unknown, b: unknown) => number, direction: 1 | -1): unknown {
  let best: unknown;
  for (const v of values) {
    if (isNullish(v)) continue;
    if (best === undefined || compare(v, best) * direction > 0) best = v;
  }
  return best === undefined ? null : best;
}

function endOf(operand: unknown, c: ExpressionCompiler, name: string, pick: (array: unknown[]) => unknown): Evaluator {
  const [a] = c.args(operand, name, 1);
  return (doc, vars) => {
    const x = a(doc, vars);
    if (x === undefined) return undefined;
    if (x === null) return null;
    if (!Array.isArray(x)) throw new MongoCommandError(28689, `${name}'s argument must be an array, but is ${typeName(x)}`);
    return pick(x);
  };
}

/** mongod's numeric conversions ($toInt, $toLong, $toDouble, $toDecimal, $convert to a number); nullish is null. */
export function convertToNumber(v: unknown, to: NumericType): unknown {
  const target = to;
  const fail = (value: unknown): never => {
    throw new ConversionFailure(`Unsupported conversion from ${typeName(value)} to ${target} in $convert with no onError value`);
  };
  const fromNumber = (n: number, source: unknown): unknown => {
    switch (to) {
      case 'double':
        return doubleValue(n);
      case 'decimal':
        return toDecimal(source);
      default: {
        if (!Number.isFinite(n))
          throw new ConversionFailure(
            `Attempt to convert ${Number.isNaN(n) ? 'NaN' : 'infinity'} value to integer type in $convert with no onError value`,
          );
        const t = Math.trunc(n);
        if ((to === 'int' && (t < INT32_MIN || t > INT32_MAX)) || (to === 'long' && Math.abs(t) >= 9.223372036854776e18))
          throw new ConversionFailure(
            `Conversion would overflow target type in $convert with no onError value: ${renderValue(source)}`,
          );
        return to === 'int' ? t : Long.fromNumber(t);
      }
    }
  };
  if (isNullish(v)) return null;
  if (typeof v === 'boolean') return fromNumber(v ? 1 : 0, v ? 1 : 0);
  if (v instanceof Date) {
    if (to === 'int') fail(v);
    return to === 'long' ? Long.fromNumber(v.getTime()) : fromNumber(v.getTime(), v.getTime());
  }
  if (isNumber(v)) {
    const type = numericType(v);
    if (type === to) return v;
    if (type === 'long' && to === 'decimal') return toDecimal(v);
    if (type === 'long' && to === 'int') {
      const big = toBig(v);
      if (big < BigInt(INT32_MIN) || big > BigInt(INT32_MAX))
        throw new ConversionFailure(`Conversion would overflow target type in $convert with no onError value: ${renderValue(v)}`);
      return Number(big);
    }
    if (type === 'int' && to === 'long') return Long.fromNumber(v as number);
    if (type === 'decimal' && (to === 'int' || to === 'long')) {
      const text = (v as Decimal128).toString();
      if (/^-?\d+(\.\d*)?$/.test(text)) {
        const big = BigInt(text.split('.')[0]);
        const [min, max] = to === 'int' ? [BigInt(INT32_MIN), BigInt(INT32_MAX)] : [INT64_MIN, INT64_MAX];
        if (big < min || big > max)
          throw new ConversionFailure(
            `Conversion would overflow target type in $convert with no onError value: ${renderValue(v)}`,
          );
        return to === 'int' ? Number(big) : Long.fromBigInt(big);
      }
    }
    return fromNumber(toJsNumber(v), v);
  }
  if (typeof v === 'string') {
    const text = v.trim();
    if (to === 'decimal') {
      try {
        return Decimal128.fromString(v);
      } catch {
        return fail(v);
      }
    }
    if (to === 'int' || to === 'long') {
      if (!/^[+-]?\d+$/.test(v))
        throw new ConversionFailure(
          `Failed to parse number '${v}' in $convert with no onError value: Bad digit "${v}" while parsing ${v}`,
        );
      const big = BigInt(v);
      if (to === 'int') {
        if (big < BigInt(INT32_MIN) || big > BigInt(INT32_MAX))
          throw new ConversionFailure(`Failed to parse number '${v}' in $convert with no onError value: Overflow`);
        return Number(big);
      }
      if (big < INT64_MIN || big > INT64_MAX)
        throw new ConversionFailure(`Failed to parse number '${v}' in $convert with no onError value: Overflow`);
      return Long.fromBigInt(big);
    }
    const n = Number(text);
    if (text === '' || text !== v || (Number.isNaN(n) && !/^[+-]?nan$/i.test(text)))
      throw new ConversionFailure(
        `Failed to parse number '${v}' in $convert with no onError value: Did not consume whole string.`,
      );
    return doubleValue(n);
  }
  return fail(v);
}

function conversion(operand: unknown, c: ExpressionCompiler, name: string, to: NumericType): Evaluator {
  const [a] = c.args(operand, name, 1);
  return (doc, vars) => convertToNumber(a(doc, vars), to);
}

// ---------------------------------------------------------------- $convert and the $to… shorthands

const CONVERT_TARGETS: Record<string, string> = {
  double: 'double',
  string: 'string',
  objectId: 'objectId',
  bool: 'bool',
  date: 'date',
  int: 'int',
  long: 'long',
  decimal: 'decimal',
  1: 'double',
  2: 'string',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  16: 'int',
  18: 'long',
  19: 'decimal',
};
const OTHER_TYPE_NAMES: Record<string, string> = {
  minKey: 'minKey',
  missing: 'missing',
  object: 'object',
  array: 'array',
  binData: 'binData',
  undefined: 'undefined',
  null: 'null',
  regex: 'regex',
  dbPointer: 'dbPointer',
  javascript: 'javascript',
  symbol: 'symbol',
  javascriptWithScope: 'javascriptWithScope',
  timestamp: 'timestamp',
  maxKey: 'maxKey',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  10: 'null',
  11: 'regex',
  12: 'dbPointer',
  13: 'javascript',
  14: 'symbol',
  15: 'javascriptWithScope',
  17: 'timestamp',
  [-1]: 'minKey',
  127: 'maxKey',
};

function unsupported(v: unknown, target: string): never {
  throw new ConversionFailure(`Unsupported conversion from ${typeName(v)} to ${target} in $convert with no onError value`);
}

/** `$toString` / `$convert` to string. */
export function convertToString(v: unknown): unknown {
  if (isNullish(v)) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return dateToIsoString(v.getTime());
  switch (typeName(v)) {
    case 'int':
    case 'double':
      return String(toJsNumber(v));
    case 'long':
    case 'decimal':
      return (v as Long | Decimal128).toString();
    case 'objectId':
      return (v as ObjectId).toHexString();
    case 'symbol':
      return (v as { value: string }).value;
    case 'regex': {
      const r = v as { pattern?: string; options?: string; source?: string; flags?: string };
      return v instanceof RegExp ? `/${v.source}/${v.flags}` : `/${r.pattern}/${r.options}`;
    }
    case 'timestamp': {
      const t = v as { high: number; low: number };
      return `Timestamp(${t.high >>> 0}, ${t.low >>> 0})`;
    }
    default:
      return unsupported(v, 'string');
  }
}

/** `$toBool` / `$convert` to bool: false for false and zero, true for everything else. */
export function convertToBool(v: unknown): unknown {
  if (isNullish(v)) return null;
  if (typeof v === 'boolean') return v;
  if (isNumber(v)) return isNaNValue(v) || toJsNumber(v) !== 0;
  return true;
}

/** `$toDate` / `$convert` to date. */
export function convertToDate(v: unknown): unknown {
  if (isNullish(v)) return null;
  if (v instanceof Date) return v;
  switch (typeName(v)) {
    case 'long':
      return new Date(Number((v as Long).toBigInt()));
    case 'double':
    case 'decimal': {
      const n = toJsNumber(v);
      if (!Number.isFinite(n))
        throw new ConversionFailure(
          `Attempt to convert ${Number.isNaN(n) ? 'NaN' : 'infinity'} value to Date in $convert with no onError value`,
        );
      if (Math.abs(n) >= 9.223372036854776e18)
        throw new ConversionFailure(`Conversion would overflow target type in $convert with no onError value: ${renderValue(v)}`);
      return new Date(Math.trunc(n));
    }
    case 'string':
      return new Date(parseDateString(v as string, utcZone()));
    case 'objectId':
    case 'timestamp':
      return new Date(coerceToDate(v));
    default:
      return unsupported(v, 'date');
  }
}

/** `$toObjectId` / `$convert` to objectId. */
export function convertToObjectId(v: unknown): unknown {
  if (isNullish(v)) return null;
  if (typeName(v) === 'objectId') return v;
  if (typeof v !== 'string') return unsupported(v, 'objectId');
  if (v.length !== 24)
    throw new ConversionFailure(
      `Failed to parse objectId '${v}' in $convert with no onError value: Invalid string length for parsing to OID, expected 24 but found ${v.length}`,
    );
  if (!/^[0-9a-fA-F]{24}$/.test(v))
    throw new ConversionFailure(
      `Failed to parse objectId '${v}' in $convert with no onError value: Invalid character found in hex string: ${v}`,
    );
  return ObjectId.createFromHexString(v.toLowerCase());
}

function convertTo(v: unknown, target: string): unknown {
  switch (target) {
    case 'string':
      return convertToString(v);
    case 'bool':
      return convertToBool(v);
    case 'date':
      return convertToDate(v);
    case 'objectId':
      return convertToObjectId(v);
    case 'int':
    case 'long':
    case 'double':
    case 'decimal':
      return convertToNumber(v, target);
    default:
      return unsupported(v, target);
  }
}

function shorthand(convert: (v: unknown) => unknown): OperatorCompiler {
  return (operand, c, name) => {
    const [a] = c.args(operand, name, 1);
    return (doc, vars) => convert(a(doc, vars));
  };
}

const convertOperator: OperatorCompiler = (operand, c) => {
  const a = namedArguments(operand, c, {
    required: ['input', 'to'],
    optional: ['onError', 'onNull'],
    notObject: () =>
      new MongoCommandError(50808, `$convert expects an object of named arguments but found: ${typeName(operand)}`),
    unknown: (k) => new MongoCommandError(50809, `$convert found an unknown argument: ${k}`),
    missing: (k) => new MongoCommandError(k === 'input' ? 50810 : 50811, `Missing '${k}' parameter to $convert`),
  });
  return (doc, vars) => {
    const input = a.input!(doc, vars);
    if (isNullish(input)) return a.onNull ? a.onNull(doc, vars) : null;
    const to = a.to!(doc, vars);
    if (isNullish(to)) return null;
    let target: string | undefined;
    if (typeof to === 'string') target = CONVERT_TARGETS[to] ?? OTHER_TYPE_NAMES[to];
    else if (isNumber(to)) {
      const n = toJsNumber(to);
      if (!Number.isInteger(n)) throw commandError('BadValue', `In $convert, numeric 'to' argument is not an integer`);
      target = CONVERT_TARGETS[n] ?? OTHER_TYPE_NAMES[n];
    } else throw commandError('BadValue', `$convert's 'to' argument must be a string or number, but is ${typeName(to)}`);
    if (!target) throw commandError('BadValue', `Unknown type name: ${renderValue(to)}`);
    try {
      return convertTo(input, target);
    } catch (error) {
      if (error instanceof ConversionFailure && a.onError) return a.onError(doc, vars);
      throw error;
    }
  };
};

const CONVERSIONS: Record<string, OperatorCompiler> = {
  $convert: convertOperator,
  $toString: shorthand(convertToString),
  $toBool: shorthand(convertToBool),
  $toDate: shorthand(convertToDate),
  $toObjectId: shorthand(convertToObjectId),
};
Object.assign(OPERATORS, CONVERSIONS, DATE_OPERATORS, STRING_OPERATORS, ARRAY_OPERATORS, MATH_OPERATORS);

/** Compiles an expression natively; operators it does not know go to `context.fallback`. */
export function compileNative(expr: unknown, context: NativeContext): Evaluator {
  return new Compiler(context).compile(expr);
}

/** Whether every operator in the expression is evaluated natively (no fallback needed). */
export function isNativeOperator(name: string): boolean {
  return name in OPERATORS;
}
