/**
 * Array and object expression operators evaluated natively: `$objectToArray`, `$arrayToObject`, `$slice`,
 * `$range`, `$reverseArray`, `$indexOfArray` (equality as MongoDB's comparison, under the collation), `$zip`.
 * Values keep their BSON types; errors carry mongod's codes.
 */
import type { Document } from '../contracts';
import { MongoCommandError } from '../errors';
import { isNullish, type Evaluator, type OperatorCompiler } from './expression-support';
import { bsonTypeName, isNumber, isPlainObject, renderValue, toJsNumber } from './values';

function typeName(v: unknown): string {
  return bsonTypeName(v);
}

/** An integral number in int32 range (as mongod's `representableAsInt32`), else undefined. */
function int32(v: unknown): number | undefined {
  if (!isNumber(v)) return undefined;
  const n = toJsNumber(v);
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

const objectToArray: OperatorCompiler = (operand, c, name) => {
  const [a] = c.args(operand, name, 1);
  return (doc, vars) => {
    const v = a(doc, vars);
    if (isNullish(v)) return null;
    if (!isPlainObject(v)) throw new MongoCommandError(40390, `$objectToArray requires a document input, found: ${typeName(v)}`);
    return Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .map((k) => ({ k, v: v[k] }));
  };
};

function checkKey(key: unknown, code: number, found: string): string {
  if (typeof key !== 'string')
    throw new MongoCommandError(
      code,
      `$arrayToObject requires an ${found} where the key must be of type string. Found key type: ${typeName(key)}`,
    );
  if (key.includes('\0')) throw new MongoCommandError(4940400, 'Key field cannot contain an embedded null byte');
  return key;
}

const arrayToObject: OperatorCompiler = (operand, c, name) => {
  const [a] = c.args(operand, name, 1);
  return (doc, vars) => {
    const v = a(doc, vars);
    if (isNullish(v)) return null;
    if (!Array.isArray(v)) throw new MongoCommandError(40386, `$arrayToObject requires an array input, found: ${typeName(v)}`);
    const out: Document = {};
    if (v.length === 0) return out;
    const pairs = Array.isArray(v[0]);
    if (!pairs && !isPlainObject(v[0]))
      throw new MongoCommandError(40398, `Unrecognised input type format for $arrayToObject: ${typeName(v[0])}`);
    for (const element of v) {
      if (pairs) {
        if (!Array.isArray(element))
          throw new MongoCommandError(
            40391,
            `$arrayToObject requires a consistent input format. Elements must all be arrays or all be objects. Array was detected, now found: ${typeName(element)}`,
          );
        if (element.length !== 2)
          throw new MongoCommandError(
            40397,
            `$arrayToObject requires an array of size 2 arrays,found array of size: ${element.length}`,
          );
        out[checkKey(element[0], 40395, 'array of key-value pairs,')] = element[1];
      } else {
        if (!isPlainObject(element))
          throw new MongoCommandError(
            40391,
            `$arrayToObject requires a consistent input format. Elements must all be arrays or all be objects. Object was detected, now found: ${typeName(element)}`,
          );
        const keys = Object.keys(element);
        if (keys.length !== 2)
          throw new MongoCommandError(
            40392,
            `$arrayToObject requires an object keys of 'k' and 'v'. Found incorrect number of keys:${keys.length}`,
          );
        if (!('k' in element) || !('v' in element))
          throw new MongoCommandError(
            40393,
            `$arrayToObject requires an object with keys 'k' and 'v'. Missing either or both keys from: ${renderValue(element)}`,
          );
        out[checkKey(element.k, 40394, "object with keys 'k' and 'v',")] = element.v;
      }
    }
    return out;
  };
};

const slice: OperatorCompiler = (operand, c, name) => {
  const items = c.args(operand, name, 2, 3);
  return (doc, vars) => {
    const values = items.map((item) => item(doc, vars));
    if (values.some(isNullish)) return null;
    const [array, second, third] = values;
    if (!Array.isArray(array))
      throw new MongoCommandError(28724, `First argument to $slice must be an array, but is of type: ${typeName(array)}`);
    if (!isNumber(second))
      throw new MongoCommandError(
        28725,
        `Second argument to $slice must be a numeric value, but is of type: ${typeName(second)}`,
      );
    const n = int32(second);
    if (n === undefined)
      throw new MongoCommandError(
        28726,
        `Second argument to $slice can't be represented as a 32-bit integer: ${renderValue(second)}`,
      );
    if (values.length === 2) return n >= 0 ? array.slice(0, n) : array.slice(Math.max(0, array.length + n));
    if (!isNumber(third))
      throw new MongoCommandError(28727, `Third argument to $slice must be numeric, but is of type: ${typeName(third)}`);
    const count = int32(third);
    if (count === undefined)
      throw new MongoCommandError(
        28728,
        `Third argument to $slice can't be represented as a 32-bit integer: ${renderValue(third)}`,
      );
    if (count <= 0) throw new MongoCommandError(28729, `Third argument to $slice must be positive: ${renderValue(third)}`);
    const start = n < 0 ? Math.max(0, array.length + n) : Math.min(n, array.length);
    return array.slice(start, start + count);
  };
};

const range: OperatorCompiler = (operand, c, name) => {
  const items = c.args(operand, name, 2, 3);
  return (doc, vars) => {
    const read = (i: number, what: string, typeCode: number, intCode: number, fallback?: number): number => {
      if (i >= items.length) return fallback as number;
      const v = items[i](doc, vars);
      if (!isNumber(v))
        throw new MongoCommandError(typeCode, `$range requires a numeric ${what} value, found value of type: ${typeName(v)}`);
      const n = int32(v);
      if (n === undefined)
        throw new MongoCommandError(
          intCode,
          `$range requires a ${what} value that can be represented as a 32-bit integer, found value: ${renderValue(v)}`,
        );
      return n;
    };
    const start = read(0, 'starting', 34443, 34444);
    const end = read(1, 'ending', 34445, 34446);
    const step = read(2, 'step', 34447, 34448, 1);
    if (step === 0) throw new MongoCommandError(34449, '$range requires a non-zero step value');
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  };
};

const reverseArray: OperatorCompiler = (operand, c, name) => {
  const [a] = c.args(operand, name, 1);
  return (doc, vars) => {
    const v = a(doc, vars);
    if (isNullish(v)) return null;
    if (!Array.isArray(v))
      throw new MongoCommandError(34435, `The argument to $reverseArray must be an array, but was of type: ${typeName(v)}`);
    return [...v].reverse();
  };
};

const indexOfArray: OperatorCompiler = (operand, c, name) => {
  const items = c.args(operand, name, 2, 4);
  return (doc, vars) => {
    const array = items[0](doc, vars);
    if (isNullish(array)) return null;
    if (!Array.isArray(array))
      throw new MongoCommandError(40090, `$indexOfArray requires an array as a first argument, found: ${typeName(array)}`);
    const search = items[1](doc, vars);
    const bound = (i: number, which: string, fallback: number): number => {
      if (items.length <= i) return fallback;
      const v = items[i](doc, vars);
      const n = int32(v);
      if (n === undefined)
        throw new MongoCommandError(
          40096,
          `$indexOfArray requires an integral ${which} index, found a value of type: ${typeName(v)}, with value: ${renderValue(v)}`,
        );
      if (n < 0) throw new MongoCommandError(40097, `$indexOfArray requires a nonnegative ${which} index, found: ${n}`);
      return n;
    };
    const start = bound(2, 'starting', 0);
    const end = Math.min(bound(3, 'ending', array.length), array.length);
    for (let i = start; i < end; i++) if (c.compare(array[i], search) === 0) return i;
    return -1;
  };
};

const zip: OperatorCompiler = (operand, c) => {
  if (!isPlainObject(operand))
    throw new MongoCommandError(34460, `$zip only supports an object as an argument, found ${typeName(operand)}`);
  for (const k of Object.keys(operand))
    if (!['inputs', 'useLongestLength', 'defaults'].includes(k))
      throw new MongoCommandError(34464, `$zip found an unknown argument: ${k}`);
  if (!Array.isArray(operand.inputs))
    throw new MongoCommandError(34461, `inputs must be an array of expressions, found ${typeName(operand.inputs)}`);
  if (operand.inputs.length === 0) throw new MongoCommandError(34465, '$zip requires at least one input array');
  const useLongest = operand.useLongestLength ?? false;
  if (typeof useLongest !== 'boolean')
    throw new MongoCommandError(34463, `useLongestLength must be a bool, found ${typeName(useLongest)}`);
  let defaults: Evaluator[] | undefined;
  if ('defaults' in operand) {
    if (!Array.isArray(operand.defaults))
      throw new MongoCommandError(34462, `defaults must be an array of expressions, found ${typeName(operand.defaults)}`);
    if (!useLongest) throw new MongoCommandError(34466, 'cannot specify defaults unless useLongestLength is true');
    if (operand.defaults.length !== operand.inputs.length)
      throw new MongoCommandError(34467, 'defaults and inputs must have the same length');
    defaults = operand.defaults.map((d) => c.compile(d));
  }
  const inputs = operand.inputs.map((i) => c.compile(i));
  return (doc, vars) => {
    const arrays: unknown[][] = [];
    for (const input of inputs) {
      const v = input(doc, vars);
      if (isNullish(v)) return null;
      if (!Array.isArray(v)) throw new MongoCommandError(34468, `$zip found a non-array expression in input: ${renderValue(v)}`);
      arrays.push(v);
    }
    const fill = defaults
      ? defaults.map((d) => {
          const v = d(doc, vars);
          return v === undefined ? null : v;
        })
      : arrays.map(() => null);
    const lengths = arrays.map((a) => a.length);
    const length = useLongest ? Math.max(...lengths) : Math.min(...lengths);
    const out: unknown[][] = [];
    for (let i = 0; i < length; i++) out.push(arrays.map((a, j) => (i < a.length ? a[i] : fill[j])));
    return out;
  };
};

export const ARRAY_OPERATORS: Record<string, OperatorCompiler> = {
  $objectToArray: objectToArray,
  $arrayToObject: arrayToObject,
  $slice: slice,
  $range: range,
  $reverseArray: reverseArray,
  $indexOfArray: indexOfArray,
  $zip: zip,
};
