import fc from 'fast-check';
import { Binary, Decimal128, Double, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { compareIds } from './key-order';
import { encodeKey } from './key-encoding';

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** _id values of every kind the engine orders (not arrays: an _id cannot be one). */
const scalar = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.double({ noNaN: false }),
  fc.integer().map((n) => new Double(n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => Long.fromBigInt(n)),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(b)),
  fc.uint8Array({ maxLength: 8 }).map((b) => new Binary(b)),
  fc.record({ t: fc.nat(2 ** 32 - 1), i: fc.nat(2 ** 32 - 1) }).map(({ t, i }) => new Timestamp({ t, i })),
  fc.constant(new MinKey()),
  fc.constant(new MaxKey()),
);
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('object'), tie('array')),
  object: fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 3 }),
  array: fc.array(tie('value'), { maxLength: 3 }),
})).value;

describe('encodeKey (LMDB document keys)', () => {
  it('orders bytes as compareIds orders values, and equal values get equal bytes', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sign(Buffer.compare(encodeKey(a), encodeKey(b)))).toBe(sign(compareIds(a, b)));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives numbers of equal value one key whatever their type', () => {
    const one = encodeKey(1);
    for (const same of [new Double(1), Long.fromNumber(1), Decimal128.fromString('1.0')]) expect(encodeKey(same)).toEqual(one);
    expect(encodeKey(-0)).toEqual(encodeKey(0));
    expect(Buffer.compare(encodeKey(Long.fromString('9007199254740993')), encodeKey(2 ** 53))).toBe(1);
    expect(Buffer.compare(encodeKey(NaN), encodeKey(-Infinity))).toBe(-1);
  });

  it('orders strings by code point, a NUL inside included', () => {
    const keys = ['', 'a', 'a\u0000', 'a\u0000b', 'ab', '\uffff', '😀'];
    const sorted = [...keys].sort((x, y) => Buffer.compare(encodeKey(x), encodeKey(y)));
    expect(sorted).toEqual(keys);
  });

  it('cuts keys too long for LMDB, keeping them distinct', () => {
    const a = encodeKey('x'.repeat(5000) + 'a');
    const b = encodeKey('x'.repeat(5000) + 'b');
    expect(a.length).toBeLessThanOrEqual(1900);
    expect(a.equals(b)).toBe(false);
  });
});
