/**
 * Arithmetic of the update operators ($inc, $mul, $bit) with mongod's result types: int32 op int32 stays
 * int32 unless it overflows (then int64), any long makes a long, any double a double, any decimal a decimal.
 * Results are canonical values (contracts.ts).
 */
import { Decimal128, Double, Long } from 'bson';
import { commandError } from '../errors';
import { bsonTypeName, toJsNumber } from './values';

type NumericType = 'int' | 'long' | 'double' | 'decimal';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function resultType(a: unknown, b: unknown): NumericType {
  const types = [bsonTypeName(a), bsonTypeName(b)];
  for (const t of ['decimal', 'double', 'long'] as const) if (types.includes(t)) return t;
  return 'int';
}

/** A double as its canonical form: wrapped when integral so it stays a double in BSON. */
export function canonicalDouble(n: number): unknown {
  return Number.isInteger(n) || Object.is(n, -0) ? new Double(n) : n;
}

function toBigInt(v: unknown): bigint {
  return bsonTypeName(v) === 'long' ? (v as Long).toBigInt() : BigInt(toJsNumber(v));
}

function fromBigInt(n: bigint, type: 'int' | 'long', op: string): unknown {
  if (type === 'int' && n >= -2147483648n && n <= 2147483647n) return Number(n);
  if (n < INT64_MIN || n > INT64_MAX)
    throw commandError('BadValue', `Failed to apply ${op}: the result overflows a 64-bit integer`);
  return Long.fromBigInt(n);
}

/** A decimal as coefficient × 10^exponent. */
interface DecimalParts {
  coefficient: bigint;
  exponent: number;
}

function decimalParts(v: unknown): DecimalParts | undefined {
  const text =
    bsonTypeName(v) === 'decimal'
      ? (v as Decimal128).toString()
      : bsonTypeName(v) === 'long'
        ? (v as Long).toString()
        : String(toJsNumber(v));
  const m = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined; // NaN or an infinity
  const fraction = m[3] ?? '';
  const coefficient = BigInt(m[2] + fraction);
  return { coefficient: m[1] ? -coefficient : coefficient, exponent: Number(m[4] ?? '0') - fraction.length };
}

function decimalResult(a: unknown, b: unknown, op: 'add' | 'multiply'): Decimal128 {
  const x = decimalParts(a);
  const y = decimalParts(b);
  if (!x || !y) {
    const n = op === 'add' ? toJsNumber(a) + toJsNumber(b) : toJsNumber(a) * toJsNumber(b);
    return Decimal128.fromString(Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity');
  }
  if (op === 'multiply') return Decimal128.fromStringWithRounding(`${x.coefficient * y.coefficient}E${x.exponent + y.exponent}`);
  const exponent = Math.min(x.exponent, y.exponent);
  const sum = x.coefficient * 10n ** BigInt(x.exponent - exponent) + y.coefficient * 10n ** BigInt(y.exponent - exponent);
  return Decimal128.fromStringWithRounding(`${sum}E${exponent}`);
}

export function addNumbers(a: unknown, b: unknown): unknown {
  const type = resultType(a, b);
  if (type === 'decimal') return decimalResult(a, b, 'add');
  if (type === 'double') return canonicalDouble(toJsNumber(a) + toJsNumber(b));
  return fromBigInt(toBigInt(a) + toBigInt(b), type, '$inc');
}

export function multiplyNumbers(a: unknown, b: unknown): unknown {
  const type = resultType(a, b);
  if (type === 'decimal') return decimalResult(a, b, 'multiply');
  if (type === 'double') return canonicalDouble(toJsNumber(a) * toJsNumber(b));
  return fromBigInt(toBigInt(a) * toBigInt(b), type, '$mul');
}

export function bitwise(current: unknown, op: 'and' | 'or' | 'xor', operand: unknown): unknown {
  const type = bsonTypeName(current) === 'long' || bsonTypeName(operand) === 'long' ? 'long' : 'int';
  const x = toBigInt(current);
  const y = toBigInt(operand);
  const r = op === 'and' ? x & y : op === 'or' ? x | y : x ^ y;
  return type === 'long' ? Long.fromBigInt(BigInt.asIntN(64, r)) : Number(BigInt.asIntN(32, r));
}

/** Decimal128 sum, exact then rounded to 34 digits (aggregation `$add` / `$sum`). */
export function decimalAdd(a: Decimal128, b: Decimal128): Decimal128 {
  return decimalResult(a, b, 'add');
}

/** Decimal128 product, exact then rounded to 34 digits (aggregation `$multiply`). */
export function decimalMultiply(a: Decimal128, b: Decimal128): Decimal128 {
  return decimalResult(a, b, 'multiply');
}
