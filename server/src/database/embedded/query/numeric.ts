/**
 * Numbers with mongod's result types, shared by the native expression operators: the numeric type of a
 * value, the wider of two, exact integer arithmetic through bigint with int32 → long → double promotion,
 * and conversion to Decimal128.
 */
import { Decimal128, Long } from 'bson';
import { doubleValue } from './expression-support';
import { bsonTypeName, toJsNumber } from './values';

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export type NumericType = 'int' | 'long' | 'double' | 'decimal';
const WIDTH: Record<NumericType, number> = { int: 0, long: 1, double: 2, decimal: 3 };

export function numericType(v: unknown): NumericType {
  return bsonTypeName(v) as NumericType;
}

export function wider(a: NumericType, b: NumericType): NumericType {
  return WIDTH[a] >= WIDTH[b] ? a : b;
}

export function toBig(v: unknown): bigint {
  return bsonTypeName(v) === 'long' ? (v as Long).toBigInt() : BigInt(toJsNumber(v));
}

export function toDecimal(v: unknown): Decimal128 {
  if (bsonTypeName(v) === 'decimal') return v as Decimal128;
  if (bsonTypeName(v) === 'long') return Decimal128.fromString((v as Long).toString());
  const n = toJsNumber(v);
  if (Number.isNaN(n)) return Decimal128.fromString('NaN');
  if (!Number.isFinite(n)) return Decimal128.fromString(n > 0 ? 'Infinity' : '-Infinity');
  return Decimal128.fromStringWithRounding(String(n));
}

/** An integer result of the given type: int32 overflows to long, long to double (as mongod's $add / $sum). */
export function integerResult(n: bigint, type: 'int' | 'long'): unknown {
  if (type === 'int' && n >= BigInt(INT32_MIN) && n <= BigInt(INT32_MAX)) return Number(n);
  if (n >= INT64_MIN && n <= INT64_MAX) return Long.fromBigInt(n);
  return doubleValue(Number(n));
}
