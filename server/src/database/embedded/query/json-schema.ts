/**
 * A minimal `$jsonSchema` (as used in validators and queries): the keywords below, with mongod's
 * reading of them (`bsonType` names as `$type` uses, `type` with JSON type names, keywords that only
 * apply to values of their type). Unknown keywords are rejected as mongod rejects them.
 */
import type { Document } from '../contracts';
import { commandError } from '../errors';
import { compileRegex } from './regex';
import { bsonTypeName, compareValues, isDocument, isNumber, toJsNumber } from './values';

type Validator = (value: unknown) => boolean;

const IGNORED = new Set(['title', 'description', '$comment']);

const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
  object: isDocument,
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  number: isNumber,
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
};

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function compileSchema(schema: Document): Validator {
  const checks: Validator[] = [];
  for (const [keyword, arg] of Object.entries(schema)) {
    if (IGNORED.has(keyword)) continue;
    checks.push(compileKeyword(keyword, arg, schema));
  }
  return (v) => checks.every((check) => check(v));
}

function subSchema(arg: unknown, keyword: string): Validator {
  if (!isDocument(arg)) throw commandError('TypeMismatch', `$jsonSchema keyword '${keyword}' must be an object`);
  return compileSchema(arg);
}

function numberArg(arg: unknown, keyword: string): number {
  if (!isNumber(arg)) throw commandError('TypeMismatch', `$jsonSchema keyword '${keyword}' must be a number`);
  return toJsNumber(arg);
}

function compileKeyword(keyword: string, arg: unknown, schema: Document): Validator {
  switch (keyword) {
    case 'bsonType': {
      const names = asList(arg).map(String);
      return (v) => names.some((n) => (n === 'number' ? isNumber(v) : bsonTypeName(v) === n));
    }
    case 'type': {
      const tests = asList(arg).map((t) => {
        const test = JSON_TYPES[String(t)];
        if (!test) throw commandError('BadValue', `Unknown type name alias: ${String(t)}`);
        return test;
      });
      return (v) => tests.some((t) => t(v));
    }
    case 'required': {
      const names = asList(arg).map(String);
      return (v) => !isDocument(v) || names.every((n) => v[n] !== undefined);
    }
    case 'properties': {
      if (!isDocument(arg)) throw commandError('TypeMismatch', "$jsonSchema keyword 'properties' must be an object");
      const props = Object.entries(arg).map(([name, s]) => [name, subSchema(s, name)] as const);
      return (v) => !isDocument(v) || props.every(([name, check]) => v[name] === undefined || check(v[name]));
    }
    case 'additionalProperties': {
      if (arg === true) return () => true;
      const declared = new Set(isDocument(schema.properties) ? Object.keys(schema.properties) : []);
      const check: Validator = arg === false ? () => false : subSchema(arg, keyword);
      return (v) => !isDocument(v) || Object.entries(v).every(([k, x]) => declared.has(k) || check(x));
    }
    case 'enum': {
      if (!Array.isArray(arg)) throw commandError('TypeMismatch', "$jsonSchema keyword 'enum' must be an array");
      return (v) => arg.some((e) => compareValues(e, v) === 0);
    }
    case 'minimum':
    case 'maximum': {
      const bound = numberArg(arg, keyword);
      return (v) => !isNumber(v) || (keyword === 'minimum' ? toJsNumber(v) >= bound : toJsNumber(v) <= bound);
    }
    case 'minLength':
    case 'maxLength': {
      const bound = numberArg(arg, keyword);
      return (v) => typeof v !== 'string' || (keyword === 'minLength' ? [...v].length >= bound : [...v].length <= bound);
    }
    case 'pattern': {
      const re = compileRegex(String(arg), '');
      return (v) => typeof v !== 'string' || re.test(v);
    }
    case 'items': {
      const check = subSchema(arg, keyword);
      return (v) => !Array.isArray(v) || v.every(check);
    }
    case 'minItems':
    case 'maxItems': {
      const bound = numberArg(arg, keyword);
      return (v) => !Array.isArray(v) || (keyword === 'minItems' ? v.length >= bound : v.length <= bound);
    }
    case 'anyOf':
    case 'allOf':
    case 'oneOf': {
      if (!Array.isArray(arg) || arg.length === 0)
        throw commandError('BadValue', `$jsonSchema keyword '${keyword}' must be a non-empty array`);
      const checks = arg.map((s) => subSchema(s, keyword));
      if (keyword === 'anyOf') return (v) => checks.some((c) => c(v));
      if (keyword === 'allOf') return (v) => checks.every((c) => c(v));
      return (v) => checks.filter((c) => c(v)).length === 1;
    }
    case 'not': {
      const check = subSchema(arg, keyword);
      return (v) => !check(v);
    }
    default:
      throw commandError('FailedToParse', `Unknown $jsonSchema keyword: ${keyword}`);
  }
}

export function compileJsonSchema(schema: Document): (doc: unknown) => boolean {
  return compileSchema(schema);
}
