import { BSON, Binary, BSONRegExp, BSONSymbol, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { bsonTypeName, canonicalize, cloneValue, compareValues, isNumber, renderValue, toJsNumber, valuesEqual } from './values';

function roundTrip(doc: Record<string, unknown>): Record<string, unknown> {
  return canonicalize(BSON.deserialize(BSON.serialize(doc), { promoteValues: false })) as Record<string, unknown>;
}

describe('canonicalize', () => {
  it('maps int32 to numbers, keeps integral doubles wrapped and non-integral doubles plain', () => {
    const doc = roundTrip({ i: new Int32(5), d: new Double(5), f: 5.5, z: new Double(-0), n: NaN, big: new Double(1e10) });
    expect(doc.i).toBe(5);
    expect(doc.d).toBeInstanceOf(Double);
    expect(doc.f).toBe(5.5);
    expect(doc.z).toBeInstanceOf(Double);
    expect(Object.is((doc.z as Double).value, -0)).toBe(true);
    expect(Number.isNaN(doc.n)).toBe(true);
    expect(doc.big).toBeInstanceOf(Double);
  });

  it('reproduces the original BSON types when serialized again', () => {
    const original = {
      i: new Int32(5),
      d: new Double(5),
      z: new Double(-0),
      nan: new Double(NaN),
      l: Long.fromString('9007199254740993'),
      dec: Decimal128.fromString('1.50'),
      arr: [new Int32(1), [new Double(2), Long.fromNumber(3)], { x: new Double(4.25) }],
    };
    const bytes = BSON.serialize(original);
    const canonical = canonicalize(BSON.deserialize(bytes, { promoteValues: false })) as Record<string, unknown>;
    expect(Buffer.from(BSON.serialize(canonical)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('canonicalizes plain JS numbers the way BSON.serialize would write them', () => {
    expect(canonicalize(7)).toBe(7);
    expect(canonicalize(2 ** 40)).toBeInstanceOf(Double);
    expect(canonicalize(-0)).toBeInstanceOf(Double);
    expect(canonicalize(10n)).toBeInstanceOf(Long);
  });
});

describe('compareValues', () => {
  it('follows the BSON type order', () => {
    const ordered = [
      new MinKey(),
      null,
      1,
      'a',
      { a: 1 },
      [1],
      new Binary(Buffer.from([1])),
      new ObjectId('000000000000000000000001'),
      false,
      true,
      new Date(0),
      new Timestamp({ t: 1, i: 0 }),
      /a/,
      new MaxKey(),
    ];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareValues(ordered[i], ordered[i + 1])).toBeLessThan(0);
      expect(compareValues(ordered[i + 1], ordered[i])).toBeGreaterThan(0);
    }
  });

  it('compares numbers by value across int32, double, long and decimal', () => {
    expect(compareValues(5, new Double(5))).toBe(0);
    expect(compareValues(5, Long.fromNumber(5))).toBe(0);
    expect(compareValues(Decimal128.fromString('5.0'), 5)).toBe(0);
    expect(compareValues(Decimal128.fromString('0.1'), 0.1)).not.toBe(0); // the double 0.1 is not exactly 1/10
    expect(compareValues(Long.fromString('9007199254740993'), new Double(9007199254740992))).toBe(1);
    expect(compareValues(Long.fromString('9007199254740993'), Decimal128.fromString('9007199254740993'))).toBe(0);
    expect(compareValues(4.5, Long.fromNumber(5))).toBe(-1);
    expect(compareValues(NaN, -Infinity)).toBe(-1);
    expect(compareValues(NaN, NaN)).toBe(0);
    expect(compareValues(new Double(-0), 0)).toBe(0);
    expect(compareValues(Decimal128.fromString('-Infinity'), -1e308)).toBe(-1);
  });

  it('compares strings by code point and symbols with strings', () => {
    expect(compareValues('a', 'b')).toBe(-1);
    expect(compareValues('B', 'a')).toBe(-1);
    expect(compareValues('\uffff', '\u{1F600}')).toBe(-1);
    expect(compareValues(new BSONSymbol('x'), 'x')).toBe(0);
  });

  it('compares documents field by field and arrays element by element', () => {
    expect(compareValues({ a: 1 }, { a: 1, b: 1 })).toBe(-1);
    expect(compareValues({ a: 2 }, { b: 1 })).toBe(-1);
    expect(compareValues({ a: 'x' }, { a: 1 })).toBe(1); // type bracket before value
    expect(compareValues([1, 2], [1, 3])).toBe(-1);
    expect(compareValues([2], [1, 5])).toBe(1);
    expect(compareValues({ a: 1, b: 2 }, { b: 2, a: 1 })).not.toBe(0);
  });

  it('orders binData by length, then subtype, then bytes', () => {
    expect(compareValues(new Binary(Buffer.from([9])), new Binary(Buffer.from([1, 1])))).toBe(-1);
    expect(compareValues(new Binary(Buffer.from([9]), 0), new Binary(Buffer.from([1]), 4))).toBe(-1);
  });

  it('treats undefined below null and null equal to null', () => {
    expect(compareValues(undefined, null)).toBe(-1);
    expect(valuesEqual(null, null)).toBe(true);
    expect(valuesEqual(/a/i, new BSONRegExp('a', 'i'))).toBe(true);
  });
});

describe('type helpers', () => {
  it('names types as $type does', () => {
    expect(bsonTypeName(1)).toBe('int');
    expect(bsonTypeName(1.5)).toBe('double');
    expect(bsonTypeName(new Double(1))).toBe('double');
    expect(bsonTypeName(Long.fromNumber(1))).toBe('long');
    expect(bsonTypeName(Decimal128.fromString('1'))).toBe('decimal');
    expect(bsonTypeName(new ObjectId())).toBe('objectId');
    expect(bsonTypeName(undefined)).toBe('missing');
    expect(bsonTypeName([])).toBe('array');
    expect(bsonTypeName({})).toBe('object');
    expect(bsonTypeName(true)).toBe('bool');
  });

  it('recognizes and converts numbers', () => {
    expect(isNumber(new Double(2))).toBe(true);
    expect(isNumber('2')).toBe(false);
    expect(toJsNumber(Long.fromNumber(3))).toBe(3);
    expect(toJsNumber(Decimal128.fromString('2.5'))).toBe(2.5);
  });

  it('renders values as mongod error messages do', () => {
    expect(renderValue('a@b.c')).toBe('"a@b.c"');
    expect(renderValue(12)).toBe('12');
    expect(renderValue(new Double(5))).toBe('5.0');
    expect(renderValue(new ObjectId('64b7f0000000000000000000'))).toBe("ObjectId('64b7f0000000000000000000')");
    expect(renderValue({ a: 1, b: [1, 'x'] })).toBe('{ a: 1, b: [ 1, "x" ] }');
    expect(renderValue(null)).toBe('null');
  });

  it('deep-copies documents but shares immutable BSON values', () => {
    const id = new ObjectId();
    const doc = { a: { b: [1, { c: 2 }] }, id };
    const copy = cloneValue(doc);
    expect(copy).toEqual(doc);
    expect(copy.a).not.toBe(doc.a);
    expect(copy.id).toBe(id);
  });
});
