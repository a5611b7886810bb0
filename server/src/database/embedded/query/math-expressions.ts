/**
 * Rounding and transcendental operators evaluated natively with mongod's result types: `$round` / `$trunc`
 * (half to even / toward zero at a decimal place) and `$floor` / `$ceil` keep an int an int, a long a long, a
 * decimal a decimal and a double a double (doubles are rounded through their 15-digit decimal form, as mongod
 * does); `$sqrt $exp $ln $log $log10` give a double (a decimal for a decimal input, computed in double
 * precision here); `$pow` of integers stays integral while it fits.
 */
import { Decimal128, Long } from 'bson';
import { MongoCommandError } from '../errors';
import { doubleValue, isNullish, type OperatorCompiler } from './expression-support';
import { integerResult, numericType, toBig, wider } from './numeric';
import { bsonTypeName, isNaNValue, isNumber, renderValue, toJsNumber } from './values';

type Mode = 'halfEven' | 'trunc' | 'floor' | 'ceil';

function divideRounded(n: bigint, d: bigint, mode: Mode): bigint {
  const q = n / d; // truncates toward zero
  const r = n - q * d;
  if (r === 0n) return q;
  const negative = n < 0n;
  switch (mode) {
    case 'trunc':
      return q;
    case 'floor':
      return negative ? q - 1n : q;
    case 'ceil':
      return negative ? q : q + 1n;
    default: {
      const twice = (r < 0n ? -r : r) * 2n;
      if (twice < d) return q;
      if (twice > d || q % 2n !== 0n) return negative ? q - 1n : q + 1n;
      return q;
    }
  }
}

/** A finite decimal string as coefficient × 10^exponent. */
function parts(text: string): { coefficient: bigint; exponent: number } | undefined {
  const m = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  const coefficient = BigInt(m[2] + fraction);
  return { coefficient: m[1] ? -coefficient : coefficient, exponent: Number(m[4] ?? '0') - fraction.length };
}

/** The decimal text rounded to `place` digits after the point (negative: before it), or undefined when not finite. */
function roundText(text: string, place: number, mode: Mode): string | undefined {
  const p = parts(text);
  if (!p) return undefined;
  if (p.exponent >= -place) return text;
  const coefficient = divideRounded(p.coefficient, 10n ** BigInt(-place - p.exponent), mode);
  const negativeZero = coefficient === 0n && text.startsWith('-');
  return `${negativeZero ? '-' : ''}${coefficient}E${-place}`;
}

function roundNumber(v: unknown, place: number, mode: Mode): unknown {
  switch (numericType(v)) {
    case 'decimal': {
      const text = roundText((v as Decimal128).toString(), place, mode);
      return text === undefined ? v : Decimal128.fromStringWithRounding(text);
    }
    case 'double': {
      const n = toJsNumber(v);
      if (!Number.isFinite(n)) return v;
      const text = roundText(n.toPrecision(15), place, mode);
      return doubleValue(Number(text));
    }
    default: {
      if (place >= 0) return v;
      const type = numericType(v) as 'int' | 'long';
      const scale = 10n ** BigInt(-place);
      return integerResult(divideRounded(toBig(v), scale, mode) * scale, type);
    }
  }
}

function roundOperator(mode: 'halfEven' | 'trunc'): OperatorCompiler {
  return (operand, c, name) => {
    const items = c.args(operand, name, 1, 2);
    return (doc, vars) => {
      const v = items[0](doc, vars);
      let place = 0;
      if (items.length === 2) {
        const p = items[1](doc, vars);
        if (isNullish(p)) return null;
        const n = isNumber(p) ? toJsNumber(p) : NaN;
        if (!Number.isInteger(n) || n < -20 || n >= 100)
          throw new MongoCommandError(
            51083,
            `cannot apply ${name} with precision value ${renderValue(p)} value must be in [-20, 100]`,
          );
        place = n;
      }
      if (isNullish(v)) return null;
      if (!isNumber(v)) throw new MongoCommandError(51081, `${name} only supports numeric types, not ${bsonTypeName(v)}`);
      return roundNumber(v, place, mode);
    };
  };
}

/** One numeric argument (28765 otherwise, as mongod's single-numeric-argument expressions); nullish is null. */
function unary(compute: (v: unknown, name: string) => unknown): OperatorCompiler {
  return (operand, c, name) => {
    const [a] = c.args(operand, name, 1);
    return (doc, vars) => {
      const v = a(doc, vars);
      if (isNullish(v)) return null;
      if (!isNumber(v)) throw new MongoCommandError(28765, `${name} only supports numeric types, not ${bsonTypeName(v)}`);
      return compute(v, name);
    };
  };
}

/** A transcendental result: double, or decimal for a decimal input. */
function real(v: unknown, n: number): unknown {
  if (numericType(v) === 'decimal') {
    if (Number.isNaN(n)) return Decimal128.fromString('NaN');
    if (!Number.isFinite(n)) return Decimal128.fromString(n > 0 ? 'Infinity' : '-Infinity');
    return Decimal128.fromStringWithRounding(String(n));
  }
  return doubleValue(n);
}

function positiveLog(code: number, fn: (x: number) => number): (v: unknown, name: string) => unknown {
  return (v, name) => {
    if (isNaNValue(v)) return v;
    const x = toJsNumber(v);
    if (!(x > 0)) throw new MongoCommandError(code, `${name}'s argument must be a positive number, but is ${renderValue(v)}`);
    return real(v, fn(x));
  };
}

const log: OperatorCompiler = (operand, c, name) => {
  const [a, b] = c.args(operand, name, 2);
  return (doc, vars) => {
    const x = a(doc, vars);
    const base = b(doc, vars);
    if (isNullish(x) || isNullish(base)) return null;
    if (!isNumber(x)) throw new MongoCommandError(28756, `$log's argument must be numeric, not ${bsonTypeName(x)}`);
    if (!isNumber(base)) throw new MongoCommandError(28757, `$log's base must be numeric, not ${bsonTypeName(base)}`);
    const decimal = numericType(x) === 'decimal' || numericType(base) === 'decimal';
    if (isNaNValue(x)) return decimal ? Decimal128.fromString('NaN') : NaN;
    if (isNaNValue(base)) return decimal ? Decimal128.fromString('NaN') : NaN;
    const n = toJsNumber(x);
    const bn = toJsNumber(base);
    if (!(n > 0)) throw new MongoCommandError(28758, `$log's argument must be a positive number, but is ${renderValue(x)}`);
    if (!(bn > 0) || bn === 1)
      throw new MongoCommandError(28759, `$log's base must be a positive number not equal to 1, but is ${renderValue(base)}`);
    return real(decimal ? Decimal128.fromString('0') : 0, Math.log(n) / Math.log(bn));
  };
};

const pow: OperatorCompiler = (operand, c, name) => {
  const [a, b] = c.args(operand, name, 2);
  return (doc, vars) => {
    const base = a(doc, vars);
    const exponent = b(doc, vars);
    if (isNullish(base) || isNullish(exponent)) return null;
    if (!isNumber(base)) throw new MongoCommandError(28762, `$pow's base must be numeric, not ${bsonTypeName(base)}`);
    if (!isNumber(exponent)) throw new MongoCommandError(28763, `$pow's exponent must be numeric, not ${bsonTypeName(exponent)}`);
    const x = toJsNumber(base);
    const y = toJsNumber(exponent);
    if (x === 0 && y < 0) throw new MongoCommandError(28764, '$pow cannot take a base of 0 and a negative exponent');
    const type = wider(numericType(base), numericType(exponent));
    if (type === 'decimal') return real(Decimal128.fromString('0'), Math.pow(x, y));
    if (type === 'double') return doubleValue(Math.pow(x, y));
    const bigBase = toBig(base);
    const bigExponent = toBig(exponent);
    if (bigExponent < 0n) {
      if (bigBase === 1n) return integerResult(1n, type);
      if (bigBase === -1n) return integerResult(bigExponent % 2n === 0n ? 1n : -1n, type);
      return doubleValue(Math.pow(x, y));
    }
    if (bigExponent > 64n && bigBase !== 0n && bigBase !== 1n && bigBase !== -1n) return doubleValue(Math.pow(x, y));
    const result = bigBase ** bigExponent;
    if (type === 'int' && result >= -2147483648n && result <= 2147483647n) return Number(result);
    if (result >= -(2n ** 63n) && result < 2n ** 63n) return Long.fromBigInt(result);
    return doubleValue(Math.pow(x, y));
  };
};

export const MATH_OPERATORS: Record<string, OperatorCompiler> = {
  $round: roundOperator('halfEven'),
  $trunc: roundOperator('trunc'),
  $floor: unary((v) => roundNumber(v, 0, 'floor')),
  $ceil: unary((v) => roundNumber(v, 0, 'ceil')),
  $sqrt: unary((v) => {
    if (isNaNValue(v)) return v;
    const x = toJsNumber(v);
    if (x < 0) throw new MongoCommandError(28714, "$sqrt's argument must be greater than or equal to 0");
    return real(v, Math.sqrt(x));
  }),
  $exp: unary((v) => real(v, Math.exp(toJsNumber(v)))),
  $ln: unary(positiveLog(28766, Math.log)),
  $log10: unary(positiveLog(28761, Math.log10)),
  $log: log,
  $pow: pow,
};
