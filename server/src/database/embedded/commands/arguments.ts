/** Reading command arguments with mongod's type errors. */
import { Long } from 'bson';
import type { Document } from '../contracts';
import { commandError, ErrorCode, MongoCommandError } from '../errors';
import { isDocument, isNumber, toJsNumber } from '../query/values';

/** Fields any command may carry that the data commands themselves ignore. */
const GENERIC_FIELDS = new Set([
  '$db',
  'lsid',
  'txnNumber',
  'autocommit',
  'startTransaction',
  '$clusterTime',
  '$readPreference',
  'readConcern',
  'writeConcern',
  'comment',
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
  'stmtId',
  'stmtIds',
  'bypassDocumentValidation',
  '$audit',
  'mayBypassWriteBlocking',
  'let',
]);

/** mongod refuses fields a command does not know: "BSON field 'find.foo' is an unknown field." (40415). */
export function rejectUnknownFields(command: Document, name: string, known: readonly string[]): void {
  const allowed = new Set(known);
  for (const field of Object.keys(command).slice(1)) {
    if (!allowed.has(field) && !GENERIC_FIELDS.has(field)) {
      throw new MongoCommandError(40415, `BSON field '${name}.${field}' is an unknown field.`);
    }
  }
}

export function collectionName(command: Document, name: string): string {
  const value = command[name];
  if (typeof value !== 'string') {
    throw new MongoCommandError(
      ErrorCode.InvalidNamespace,
      `collection name has invalid type ${value === undefined ? 'missing' : typeof value}`,
    );
  }
  if (value.length === 0 || value.includes('\0') || value.startsWith('system.') || value.includes('$')) {
    throw new MongoCommandError(ErrorCode.InvalidNamespace, `Invalid collection name: ${value}`);
  }
  return value;
}

export function optionalDocument(command: Document, field: string, name: string): Document | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isDocument(value)) throw typeMismatch(name, field, 'object', value);
  return value;
}

export function optionalInteger(command: Document, field: string, name: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (!isNumber(value)) throw typeMismatch(name, field, 'number', value);
  const n = toJsNumber(value);
  if (!Number.isFinite(n)) throw commandError('BadValue', `${field} must be a finite number`);
  return Math.trunc(n);
}

export function optionalBoolean(command: Document, field: string, name: string): boolean | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (isNumber(value)) return toJsNumber(value) !== 0;
  throw typeMismatch(name, field, 'bool', value);
}

export function documentArray(command: Document, field: string, name: string): Document[] {
  const value = command[field];
  if (!Array.isArray(value)) throw typeMismatch(name, field, 'array', value);
  for (const item of value) if (!isDocument(item)) throw typeMismatch(name, `${field}.0`, 'object', item);
  return value as Document[];
}

export function typeMismatch(name: string, field: string, expected: string, value: unknown): MongoCommandError {
  const actual = value === undefined ? 'missing' : Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  return new MongoCommandError(
    ErrorCode.TypeMismatch,
    `BSON field '${name}.${field}' is the wrong type '${actual}', expected type '${expected}'`,
  );
}

/** A cursor id as mongod sends it: always an int64. */
export function cursorIdValue(id: bigint): Long {
  return Long.fromBigInt(id);
}

export function toBigInt(value: unknown, field: string, name: string): bigint {
  if (value instanceof Long) return value.toBigInt();
  if (typeof value === 'bigint') return value;
  if (isNumber(value)) return BigInt(Math.trunc(toJsNumber(value)));
  throw typeMismatch(name, field, 'long', value);
}
