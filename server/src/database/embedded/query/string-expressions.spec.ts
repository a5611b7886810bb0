import { BSONRegExp, Decimal128, Double, Long, ObjectId, Timestamp } from 'bson';
import type { Document } from '../contracts';
import { parseCollation } from './collation';
import { compileNative } from './native-expression';

const now = new Date('2024-05-01T00:00:00Z');

/** Evaluates natively; reaching mingo (the fallback) fails the test. */
function evaluate(expr: unknown, doc: Document = {}, collation?: ReturnType<typeof parseCollation>): unknown {
  return compileNative(expr, {
    now,
    collation,
    fallback: (sub) => {
      throw new Error(`fell back to mingo for ${JSON.stringify(sub)}`);
    },
  })(doc);
}

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

describe('string operators', () => {
  it('measures and cuts strings in code points and UTF-8 bytes (manual examples)', () => {
    expect(evaluate({ $strLenBytes: 'cafétéria' })).toBe(11);
    expect(evaluate({ $strLenCP: 'cafétéria' })).toBe(9);
    expect(evaluate({ $strLenBytes: '寿司' })).toBe(6);
    expect(evaluate({ $substrCP: ['abcde', 1, 2] })).toBe('bc');
    expect(evaluate({ $substrCP: ['寿司sushi', 0, 3] })).toBe('寿司s');
    expect(evaluate({ $substrBytes: ['寿司sushi', 0, 3] })).toBe('寿');
    expect(evaluate({ $substrBytes: ['abc', -1, 2] })).toBe('');
    expect(evaluate({ $substrBytes: ['abcdef', 2, -1] })).toBe('cdef');
    expect(evaluate({ $substrBytes: [null, 0, 2] })).toBe('');
    expect(code(() => evaluate({ $substrBytes: ['寿司sushi', 0, 2] }))).toBe(28657);
    expect(code(() => evaluate({ $substrBytes: ['寿司sushi', 1, 2] }))).toBe(28656);
    expect(code(() => evaluate({ $strLenCP: null }))).toBe(34471);
    expect(code(() => evaluate({ $strLenBytes: 5 }))).toBe(34473);
    expect(code(() => evaluate({ $substrCP: ['abc', -1, 1] }))).toBe(34455);
    expect(code(() => evaluate({ $substrCP: ['abc', 0, 'x'] }))).toBe(34452);
  });

  it('finds substrings by code point and byte', () => {
    expect(evaluate({ $indexOfCP: ['cafétéria', 'é'] })).toBe(3);
    expect(evaluate({ $indexOfBytes: ['cafétéria', 't'] })).toBe(5);
    expect(evaluate({ $indexOfCP: ['cafétéria', 't'] })).toBe(4);
    expect(evaluate({ $indexOfCP: ['abcabc', 'b', 2] })).toBe(4);
    expect(evaluate({ $indexOfCP: ['abcabc', 'b', 2, 4] })).toBe(-1);
    expect(evaluate({ $indexOfBytes: [null, 'a'] })).toBeNull();
    expect(code(() => evaluate({ $indexOfCP: [5, 'a'] }))).toBe(40091);
    expect(code(() => evaluate({ $indexOfCP: ['a', 5] }))).toBe(40092);
    expect(code(() => evaluate({ $indexOfCP: ['a', 'a', 1.5] }))).toBe(40096);
    expect(code(() => evaluate({ $indexOfCP: ['a', 'a', -1] }))).toBe(40097);
  });

  it('changes ASCII case only, coercing numbers and null as mongod', () => {
    expect(evaluate({ $toUpper: 'café' })).toBe('CAFé');
    expect(evaluate({ $toLower: 'ÉCOLE Abc' })).toBe('École abc');
    expect(evaluate({ $toLower: null })).toBe('');
    expect(evaluate({ $toUpper: Long.fromString('9007199254740993') })).toBe('9007199254740993');
    expect(evaluate({ $strcasecmp: ['abc', 'ABC'] })).toBe(0);
    expect(evaluate({ $strcasecmp: ['abd', 'ABC'] })).toBe(1);
    expect(evaluate({ $strcasecmp: [null, 'a'] })).toBe(-1);
    expect(code(() => evaluate({ $toLower: [[1]] }))).toBe(16007);
  });

  it('splits, trims and replaces (manual examples)', () => {
    expect(evaluate({ $split: ['June-15-2013', '-'] })).toEqual(['June', '15', '2013']);
    expect(evaluate({ $split: [null, '-'] })).toBeNull();
    expect(code(() => evaluate({ $split: ['a', ''] }))).toBe(40087);
    expect(code(() => evaluate({ $split: [1, '-'] }))).toBe(40085);
    expect(evaluate({ $trim: { input: '  \n good  bread  \t ' } })).toBe('good  bread');
    expect(evaluate({ $ltrim: { input: '  x  ' } })).toBe('x  ');
    expect(evaluate({ $rtrim: { input: 'xxhixx', chars: 'x' } })).toBe('xxhi');
    expect(evaluate({ $trim: { input: '\u3000全角\u3000' } })).toBe('全角');
    expect(evaluate({ $trim: { input: null } })).toBeNull();
    expect(code(() => evaluate({ $trim: { input: 5 } }))).toBe(50699);
    expect(code(() => evaluate({ $trim: { chars: 'a' } }))).toBe(50695);
    expect(
      evaluate({ $replaceAll: { input: 'blue paint with blue paintbrush', find: 'blue paint', replacement: 'red paint' } }),
    ).toBe('red paint with red paintbrush');
    expect(evaluate({ $replaceOne: { input: 'a-a-a', find: '-', replacement: '+' } })).toBe('a+a-a');
    expect(evaluate({ $replaceOne: { input: null, find: '-', replacement: '+' } })).toBeNull();
    expect(code(() => evaluate({ $replaceAll: { input: 'a', find: 1, replacement: 'b' } }))).toBe(51745);
  });

  it('matches regular expressions with code-point indexes and null for unmatched groups', () => {
    expect(evaluate({ $regexMatch: { input: 'Single LINE description.', regex: /line/i } })).toBe(true);
    expect(evaluate({ $regexFind: { input: 'Single LINE description.', regex: 'line', options: 'i' } })).toEqual({
      match: 'LINE',
      idx: 7,
      captures: [],
    });
    expect(evaluate({ $regexFind: { input: '寿司 sushi', regex: new BSONRegExp('(su)(x)?', '') } })).toEqual({
      match: 'su',
      idx: 3,
      captures: ['su', null],
    });
    expect(evaluate({ $regexFindAll: { input: 'a1b22c', regex: '\\d+' } })).toEqual([
      { match: '1', idx: 1, captures: [] },
      { match: '22', idx: 3, captures: [] },
    ]);
    expect(evaluate({ $regexFindAll: { input: 'ab', regex: 'x*' } })).toHaveLength(3);
    expect(evaluate({ $regexFind: { input: null, regex: 'a' } })).toBeNull();
    expect(evaluate({ $regexFindAll: { input: null, regex: 'a' } })).toEqual([]);
    expect(evaluate({ $regexMatch: { input: null, regex: 'a' } })).toBe(false);
    expect(code(() => evaluate({ $regexMatch: { input: 5, regex: 'a' } }))).toBe(51104);
    expect(code(() => evaluate({ $regexMatch: { input: 'a', regex: 5 } }))).toBe(51105);
    expect(code(() => evaluate({ $regexMatch: { input: 'a', regex: /a/i, options: 'm' } }))).toBe(51107);
    expect(code(() => evaluate({ $regexMatch: { input: 'a', regex: 'a', options: 'q' } }))).toBe(51108);
    expect(code(() => evaluate({ $regexMatch: { input: 'a', regex: '(' } }))).toBe(51111);
  });
});

describe('conversions', () => {
  it('$toString renders each type as mongod', () => {
    expect(evaluate({ $toString: Long.fromString('9223372036854775807') })).toBe('9223372036854775807');
    expect(evaluate({ $toString: Decimal128.fromString('1.90') })).toBe('1.90');
    expect(evaluate({ $toString: 1.9 })).toBe('1.9');
    expect(evaluate({ $toString: new Double(5) })).toBe('5');
    expect(evaluate({ $toString: false })).toBe('false');
    expect(evaluate({ $toString: new Date('1970-01-01T00:00:00.123Z') })).toBe('1970-01-01T00:00:00.123Z');
    expect(evaluate({ $toString: ObjectId.createFromHexString('0123456789abcdef01234567') })).toBe('0123456789abcdef01234567');
    expect(evaluate({ $toString: new Timestamp({ t: 1, i: 2 }) })).toBe('Timestamp(1, 2)');
    expect(evaluate({ $toString: null })).toBeNull();
    expect(code(() => evaluate({ $toString: { $literal: { a: 1 } } }))).toBe(241);
  });

  it('$toBool is false only for false and zero; $toObjectId parses 24 hex digits', () => {
    expect(
      [0, 1.9, '', 'false', new Double(0), Long.fromNumber(0), Decimal128.fromString('0')].map((v) =>
        evaluate({ $toBool: { $literal: v } }),
      ),
    ).toEqual([false, true, true, true, false, false, false]);
    expect(evaluate({ $toBool: { $literal: [] } })).toBe(true);
    expect(evaluate({ $toObjectId: '0123456789abcdef01234567' })).toEqual(
      ObjectId.createFromHexString('0123456789abcdef01234567'),
    );
    expect(code(() => evaluate({ $toObjectId: 'xyz' }))).toBe(241);
    expect(code(() => evaluate({ $toObjectId: 1.9 }))).toBe(241);
  });

  it('$convert honours onError (conversion failures only) and onNull, targets by name or number', () => {
    expect(evaluate({ $convert: { input: '1.9', to: 'decimal' } })).toEqual(Decimal128.fromString('1.9'));
    expect(evaluate({ $convert: { input: Decimal128.fromString('1.9'), to: 'int' } })).toBe(1);
    expect(evaluate({ $convert: { input: Long.fromString('9007199254740993'), to: 'decimal' } })).toEqual(
      Decimal128.fromString('9007199254740993'),
    );
    expect(evaluate({ $convert: { input: 1, to: 18 } })).toEqual(Long.fromNumber(1));
    expect(evaluate({ $convert: { input: 'x', to: 'int', onError: 'ERROR' } })).toBe('ERROR');
    expect(evaluate({ $convert: { input: 1.9, to: 'minKey', onError: 'ERROR' } })).toBe('ERROR');
    expect(evaluate({ $convert: { input: '$none', to: 'int', onNull: 'NULL' } })).toBe('NULL');
    expect(evaluate({ $convert: { input: '$none', to: null, onNull: 'NULL' } })).toBe('NULL');
    expect(evaluate({ $convert: { input: 1, to: null } })).toBeNull();
    expect(code(() => evaluate({ $convert: { input: 1, to: 'int', onError: 0, extra: 1 } }))).toBe(50809);
    expect(code(() => evaluate({ $convert: { input: 1, to: 'nothing', onError: 0 } }))).toBe(2);
    expect(code(() => evaluate({ $convert: { input: { $divide: [1, 0] }, to: 'string', onError: 'E' } }))).toBe(2);
  });
});

describe('array operators', () => {
  it('$objectToArray / $arrayToObject (manual examples)', () => {
    expect(
      evaluate({ $objectToArray: { $literal: { item: 'foo', qty: 25, big: Long.fromString('9007199254740993') } } }),
    ).toEqual([
      { k: 'item', v: 'foo' },
      { k: 'qty', v: 25 },
      { k: 'big', v: Long.fromString('9007199254740993') },
    ]);
    expect(
      evaluate({
        $arrayToObject: {
          $literal: [
            ['item', 'abc123'],
            ['qty', 25],
          ],
        },
      }),
    ).toEqual({ item: 'abc123', qty: 25 });
    expect(
      evaluate({
        $arrayToObject: {
          $literal: [
            { k: 'a', v: 1 },
            { k: 'a', v: 2 },
          ],
        },
      }),
    ).toEqual({ a: 2 });
    expect(evaluate({ $arrayToObject: [[]] })).toEqual({});
    expect(evaluate({ $objectToArray: null })).toBeNull();
    expect(code(() => evaluate({ $objectToArray: 5 }))).toBe(40390);
    expect(code(() => evaluate({ $arrayToObject: { $literal: [['a']] } }))).toBe(40397);
    expect(code(() => evaluate({ $arrayToObject: { $literal: [[1, 2]] } }))).toBe(40395);
    expect(code(() => evaluate({ $arrayToObject: { $literal: [{ k: 'a', v: 1 }, ['b', 2]] } }))).toBe(40391);
  });

  it('$slice, $range, $reverseArray, $indexOfArray, $zip', () => {
    expect(evaluate({ $slice: [[1, 2, 3], 1, 1] })).toEqual([2]);
    expect(evaluate({ $slice: [[1, 2, 3], -2] })).toEqual([2, 3]);
    expect(evaluate({ $slice: [[1, 2, 3], -5, 2] })).toEqual([1, 2]);
    expect(evaluate({ $slice: [[1, 2, 3], 15, 2] })).toEqual([]);
    expect(evaluate({ $slice: ['$x', 1] })).toBeNull();
    expect(code(() => evaluate({ $slice: [[1], 0, 0] }))).toBe(28729);
    expect(code(() => evaluate({ $slice: ['a', 1] }))).toBe(28724);
    expect(evaluate({ $range: [0, 10, 2] })).toEqual([0, 2, 4, 6, 8]);
    expect(evaluate({ $range: [10, 0, -2] })).toEqual([10, 8, 6, 4, 2]);
    expect(evaluate({ $range: [0, 10, -2] })).toEqual([]);
    expect(code(() => evaluate({ $range: [0, 10, 0] }))).toBe(34449);
    expect(code(() => evaluate({ $range: [0.5, 10] }))).toBe(34444);
    expect(evaluate({ $reverseArray: [[1, 2, 3]] })).toEqual([3, 2, 1]);
    expect(evaluate({ $reverseArray: null })).toBeNull();
    expect(evaluate({ $indexOfArray: [['a', 'abc', 1, Long.fromNumber(2)], 2] })).toBe(3);
    expect(evaluate({ $indexOfArray: [[1, 2, 1], 1, 1] })).toBe(2);
    expect(evaluate({ $indexOfArray: [['A', 'b'], 'a'] }, {}, parseCollation({ locale: 'en', strength: 2 }))).toBe(0);
    expect(evaluate({ $indexOfArray: [null, 1] })).toBeNull();
    expect(code(() => evaluate({ $indexOfArray: ['a', 1] }))).toBe(40090);
    expect(
      evaluate({
        $zip: {
          inputs: [
            [1, 2, 3],
            ['a', 'b'],
          ],
        },
      }),
    ).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(evaluate({ $zip: { inputs: [[1, 2, 3], ['a']], useLongestLength: true, defaults: [0, 'z'] } })).toEqual([
      [1, 'a'],
      [2, 'z'],
      [3, 'z'],
    ]);
    expect(evaluate({ $zip: { inputs: [[1], '$x'] } })).toBeNull();
    expect(code(() => evaluate({ $zip: { inputs: [[1]], defaults: [0] } }))).toBe(34466);
  });
});

describe('math operators keep mongod result types', () => {
  it('$round rounds half to even at a place; $trunc toward zero', () => {
    expect(evaluate({ $round: [19.25, 1] })).toBe(19.2);
    expect(evaluate({ $round: [28.73, 0] })).toEqual(new Double(29));
    expect(evaluate({ $round: [34.32, -1] })).toEqual(new Double(30));
    expect(evaluate({ $round: [2.5] })).toEqual(new Double(2));
    expect(evaluate({ $round: [1250, -2] })).toBe(1200);
    expect(evaluate({ $round: [1350, -2] })).toBe(1400);
    expect(evaluate({ $round: [Long.fromString('9007199254740993'), -1] })).toEqual(Long.fromString('9007199254740990'));
    expect(evaluate({ $round: [Decimal128.fromString('1.2345'), 3] })).toEqual(Decimal128.fromString('1.234'));
    expect(evaluate({ $round: [Decimal128.fromString('1.2355'), 3] })).toEqual(Decimal128.fromString('1.236'));
    expect(evaluate({ $trunc: [19.25, 1] })).toBe(19.2);
    expect(evaluate({ $trunc: [-19.99] })).toEqual(new Double(-19));
    expect(evaluate({ $trunc: [Decimal128.fromString('-1.99'), 1] })).toEqual(Decimal128.fromString('-1.9'));
    expect(evaluate({ $round: [NaN, 1] })).toBeNaN();
    expect(evaluate({ $round: [null, 1] })).toBeNull();
    expect(code(() => evaluate({ $round: ['a', 1] }))).toBe(51081);
    expect(code(() => evaluate({ $round: [1, 101] }))).toBe(51083);
  });

  it('$floor / $ceil keep ints, longs and decimals', () => {
    expect(evaluate({ $floor: 5 })).toBe(5);
    expect(evaluate({ $floor: Long.fromString('9007199254740993') })).toEqual(Long.fromString('9007199254740993'));
    expect(evaluate({ $floor: -2.5 })).toEqual(new Double(-3));
    expect(evaluate({ $ceil: -2.5 })).toEqual(new Double(-2));
    expect(evaluate({ $ceil: Decimal128.fromString('1.01') })).toEqual(Decimal128.fromString('2'));
    expect(evaluate({ $floor: null })).toBeNull();
    expect(code(() => evaluate({ $floor: 'a' }))).toBe(28765);
  });

  it('$sqrt $exp $ln $log $log10 $pow', () => {
    expect(evaluate({ $sqrt: 25 })).toEqual(new Double(5));
    expect(evaluate({ $sqrt: Decimal128.fromString('2.25') })).toEqual(Decimal128.fromString('1.5'));
    expect(code(() => evaluate({ $sqrt: -1 }))).toBe(28714);
    expect(evaluate({ $exp: 0 })).toEqual(new Double(1));
    expect(evaluate({ $ln: 1 })).toEqual(new Double(0));
    expect(code(() => evaluate({ $ln: 0 }))).toBe(28766);
    expect(evaluate({ $log: [100, 10] })).toEqual(new Double(2));
    expect(code(() => evaluate({ $log: [100, 1] }))).toBe(28759);
    expect(evaluate({ $log10: 1000 })).toEqual(new Double(3));
    expect(code(() => evaluate({ $log10: -1 }))).toBe(28761);
    expect(evaluate({ $pow: [2, 10] })).toBe(1024);
    expect(evaluate({ $pow: [2, 31] })).toEqual(Long.fromNumber(2147483648));
    expect(evaluate({ $pow: [2, 64] })).toEqual(new Double(18446744073709552000));
    expect(evaluate({ $pow: [2, -1] })).toBe(0.5);
    expect(evaluate({ $pow: [-1, -3] })).toBe(-1);
    expect(evaluate({ $pow: [new Double(2), 2] })).toEqual(new Double(4));
    expect(evaluate({ $pow: [null, 2] })).toBeNull();
    expect(code(() => evaluate({ $pow: [0, -1] }))).toBe(28764);
  });
});
