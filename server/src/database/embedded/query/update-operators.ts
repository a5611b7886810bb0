/**
 * The update operators. Each is parsed once (argument validation throws as mongod does at parse time)
 * into an action applied to one concrete path of a copy-on-write document.
 */
import { Timestamp } from 'bson';
import type { Document } from '../contracts';
import { commandError } from '../errors';
import { addNumbers, bitwise, multiplyNumbers } from './arithmetic';
import { compileFilter } from './filter';
import { isRegexValue } from './regex';
import { compileSort } from './sort';
import type { DocumentWriter } from './update-paths';
import { bsonTypeName, compareValues, isDocument, isNumber, renderValue, toJsNumber } from './values';

export interface OperatorContext {
  now: Date;
  isUpsertInsert: boolean;
  /** The document's `_id` as mongod names the document in error messages. */
  describe(): string;
}

export type Action = (writer: DocumentWriter, parts: string[], ctx: OperatorContext) => void;

function pathOf(parts: string[]): string {
  return parts.join('.');
}

function integral(value: unknown, message: string): number {
  if (!isNumber(value) || !Number.isInteger(toJsNumber(value))) throw commandError('BadValue', message);
  return toJsNumber(value);
}

function arrayAt(writer: DocumentWriter, parts: string[], op: string, ctx: OperatorContext): unknown[] | undefined {
  const current = writer.get(parts);
  if (current === undefined) return undefined;
  if (!Array.isArray(current)) {
    if (op === '$addToSet') {
      throw commandError(
        'BadValue',
        `Cannot apply $addToSet to non-array field. Field named '${parts[parts.length - 1]}' has non-array type ${bsonTypeName(current)}`,
      );
    }
    if (op === '$push') {
      throw commandError(
        'BadValue',
        `The field '${pathOf(parts)}' must be an array but is of type ${bsonTypeName(current)} in document {${ctx.describe()}}`,
      );
    }
    throw commandError('BadValue', `Cannot apply ${op} to a non-array value`);
  }
  return current;
}

function parsePush(arg: unknown): Action {
  if (!isDocument(arg) || !('$each' in arg))
    return (w, parts, ctx) => w.set(parts, [...(arrayAt(w, parts, '$push', ctx) ?? []), arg]);
  for (const key of Object.keys(arg)) {
    if (!['$each', '$slice', '$sort', '$position'].includes(key))
      throw commandError('BadValue', `Unrecognized clause in $push: ${key}`);
  }
  const each = arg.$each;
  if (!Array.isArray(each))
    throw commandError('BadValue', `The argument to $each in $push must be an array but it was of type: ${bsonTypeName(each)}`);
  const slice = arg.$slice === undefined ? undefined : integral(arg.$slice, 'The value for $slice must be an integer value');
  const position =
    arg.$position === undefined ? undefined : integral(arg.$position, 'The value for $position must be an integer value');
  const sort = arg.$sort === undefined ? undefined : pushSort(arg.$sort);
  return (w, parts, ctx) => {
    let items = [...(arrayAt(w, parts, '$push', ctx) ?? [])];
    let at =
      position === undefined
        ? items.length
        : position >= 0
          ? Math.min(position, items.length)
          : Math.max(0, items.length + position);
    for (const value of each) items.splice(at++, 0, value);
    if (sort) items.sort(sort);
    if (slice !== undefined) items = slice >= 0 ? items.slice(0, slice) : items.slice(slice);
    w.set(parts, items);
  };
}

function pushSort(spec: unknown): (a: unknown, b: unknown) => number {
  if (isNumber(spec)) {
    const direction = toJsNumber(spec);
    if (direction !== 1 && direction !== -1) throw commandError('BadValue', 'The $sort element value must be either 1 or -1');
    return (a, b) => compareValues(a, b) * direction;
  }
  if (!isDocument(spec) || Object.keys(spec).length === 0)
    throw commandError(
      'BadValue',
      'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields',
    );
  const byFields = compileSort(spec);
  return (a, b) => byFields((isDocument(a) ? a : {}) as Document, (isDocument(b) ? b : {}) as Document);
}

function parseAddToSet(arg: unknown): Action {
  let values = [arg];
  if (isDocument(arg) && '$each' in arg) {
    if (Object.keys(arg).length > 1) throw commandError('BadValue', 'Found unexpected fields after $each in $addToSet');
    if (!Array.isArray(arg.$each))
      throw commandError(
        'TypeMismatch',
        `The argument to $each in $addToSet must be an array but it was of type ${bsonTypeName(arg.$each)}`,
      );
    values = arg.$each;
  }
  return (w, parts, ctx) => {
    const items = [...(arrayAt(w, parts, '$addToSet', ctx) ?? [])];
    for (const value of values) if (!items.some((x) => compareValues(x, value) === 0)) items.push(value);
    w.set(parts, items);
  };
}

function pullTest(condition: unknown): (element: unknown) => boolean {
  const options = { restricted: true };
  if (isDocument(condition) && Object.keys(condition)[0]?.startsWith('$')) {
    const filter = compileFilter({ element: condition }, options);
    return (e) => filter.matches({ element: e });
  }
  if (isDocument(condition)) {
    const filter = compileFilter(condition, options);
    return (e) => isDocument(e) && filter.matches(e);
  }
  if (isRegexValue(condition)) {
    const filter = compileFilter({ element: condition }, options);
    return (e) => !Array.isArray(e) && filter.matches({ element: e });
  }
  return (e) => compareValues(e, condition) === 0;
}

function currentDate(arg: unknown): (now: Date) => unknown {
  if (typeof arg === 'boolean') return (now) => now;
  if (isDocument(arg) && Object.keys(arg).length === 1 && (arg.$type === 'date' || arg.$type === 'timestamp')) {
    if (arg.$type === 'date') return (now) => now;
    return (now) => new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 });
  }
  throw commandError(
    'BadValue',
    "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
  );
}

function bitOperationsOf(arg: unknown): Array<['and' | 'or' | 'xor', unknown]> {
  if (!isDocument(arg) || Object.keys(arg).length === 0)
    throw commandError('BadValue', 'The $bit modifier is not compatible with a non-object argument');
  return Object.entries(arg).map(([op, operand]) => {
    if (op !== 'and' && op !== 'or' && op !== 'xor') {
      throw commandError(
        'BadValue',
        `The $bit modifier only supports 'and', 'or', and 'xor', not '${op}' which is an unknown operator`,
      );
    }
    if (!['int', 'long'].includes(bsonTypeName(operand)))
      throw commandError('BadValue', 'The $bit modifier field must be an Integer(32/64 bit)');
    return [op, operand];
  });
}

function parseArithmetic(op: '$inc' | '$mul', path: string, arg: unknown): Action {
  if (!isNumber(arg)) {
    const verb = op === '$inc' ? 'increment' : 'multiply';
    throw commandError('TypeMismatch', `Cannot ${verb} with non-numeric argument: {${path}: ${renderValue(arg)}}`);
  }
  return (w, parts, ctx) => {
    const current = w.get(parts);
    if (current !== undefined && !isNumber(current)) {
      throw commandError(
        'TypeMismatch',
        `Cannot apply ${op} to a value of non-numeric type. {${ctx.describe()}} has the field '${parts[parts.length - 1]}' of non-numeric type ${bsonTypeName(current)}`,
      );
    }
    if (op === '$inc') w.set(parts, current === undefined ? arg : addNumbers(current, arg));
    else w.set(parts, multiplyNumbers(current === undefined ? 0 : current, arg));
  };
}

function parseMinMax(op: '$min' | '$max', arg: unknown): Action {
  return (w, parts) => {
    const current = w.get(parts);
    const cmp = current === undefined ? 0 : compareValues(arg, current);
    if (current === undefined || (op === '$min' ? cmp < 0 : cmp > 0)) w.set(parts, arg);
  };
}

function parsePop(path: string, arg: unknown): Action {
  const n = isNumber(arg) ? toJsNumber(arg) : NaN;
  if (n !== 1 && n !== -1) throw commandError('FailedToParse', `Expected a number in: ${path}: ${renderValue(arg)}`);
  return (w, parts) => {
    const current = w.get(parts);
    if (current === undefined) return;
    if (!Array.isArray(current))
      throw commandError(
        'TypeMismatch',
        `Path '${pathOf(parts)}' contains an element of non-array type '${bsonTypeName(current)}'`,
      );
    if (current.length > 0) w.set(parts, n === 1 ? current.slice(0, -1) : current.slice(1));
  };
}

function parsePull(arg: unknown): Action {
  const test = pullTest(arg);
  return (w, parts, ctx) => {
    const current = arrayAt(w, parts, '$pull', ctx);
    if (current && current.some(test))
      w.set(
        parts,
        current.filter((e) => !test(e)),
      );
  };
}

function parsePullAll(arg: unknown): Action {
  if (!Array.isArray(arg))
    throw commandError('BadValue', `$pullAll requires an array argument but was given a ${bsonTypeName(arg)}`);
  return (w, parts, ctx) => {
    const current = arrayAt(w, parts, '$pullAll', ctx);
    const remove = (e: unknown): boolean => arg.some((x) => compareValues(x, e) === 0);
    if (current && current.some(remove))
      w.set(
        parts,
        current.filter((e) => !remove(e)),
      );
  };
}

function parseBit(arg: unknown): Action {
  const ops = bitOperationsOf(arg);
  return (w, parts, ctx) => {
    let current = w.get(parts);
    if (current !== undefined && !['int', 'long'].includes(bsonTypeName(current))) {
      throw commandError(
        'BadValue',
        `Cannot apply $bit to a value of non-integral type.{${ctx.describe()}} has the field ${parts[parts.length - 1]} of non-integer type ${bsonTypeName(current)}`,
      );
    }
    for (const [bitOp, operand] of ops) current = bitwise(current ?? 0, bitOp, operand);
    w.set(parts, current);
  };
}

/** Parses one operator's argument for one field; the returned action applies it. */
export function parseOperator(op: string, path: string, arg: unknown): Action {
  switch (op) {
    case '$set':
      return (w, parts) => w.set(parts, arg);
    case '$setOnInsert':
      return (w, parts, ctx) => {
        if (ctx.isUpsertInsert) w.set(parts, arg);
      };
    case '$unset':
      return (w, parts) => w.unset(parts);
    case '$inc':
    case '$mul':
      return parseArithmetic(op, path, arg);
    case '$min':
    case '$max':
      return parseMinMax(op, arg);
    case '$currentDate': {
      const value = currentDate(arg);
      return (w, parts, ctx) => w.set(parts, value(ctx.now));
    }
    case '$push':
      return parsePush(arg);
    case '$addToSet':
      return parseAddToSet(arg);
    case '$pop':
      return parsePop(path, arg);
    case '$pull':
      return parsePull(arg);
    case '$pullAll':
      return parsePullAll(arg);
    case '$bit':
      return parseBit(arg);
    default:
      throw commandError(
        'FailedToParse',
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
  }
}
