/**
 * Hashed index keys. mongod hashes a value's BSON (MD5, 64 bits, numbers first made one type so that
 * 1, 1.0 and NumberLong(1) hash alike); here the hash is of a canonical rendering with the same property,
 * so values `compareValues` equates share a key. The key is a double (not mongod's NumberLong).
 */
import { createHash } from 'node:crypto';
import { isDocument, isNumber, toJsNumber } from '../query/values';

function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (isNumber(value)) {
    const n = toJsNumber(value);
    return Object.is(n, -0) ? 'n0' : `n${n}`;
  }
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (Array.isArray(value)) return `a[${value.map(canonical).join(',')}]`;
  if (isDocument(value)) {
    return `o{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  if (value instanceof Date) return `d${value.getTime()}`;
  if (typeof value === 'boolean') return `b${value}`;
  const typed = value as { _bsontype?: string; toHexString?: () => string };
  if (typed._bsontype === 'ObjectId' && typed.toHexString) return `i${typed.toHexString()}`;
  return `x${typed._bsontype ?? typeof value}:${String(value)}`;
}

/** The key a hashed index stores for `value` (a 48-bit integer as a double). */
export function hashedValue(value: unknown): number {
  const digest = createHash('md5').update(canonical(value)).digest();
  return digest.readIntBE(0, 6);
}
