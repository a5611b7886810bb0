import { BSONRegExp, Decimal128, Double, Long, ObjectId } from 'bson';
import type { Document } from '../contracts';
import { compileFilter } from './filter';

function matches(filter: Document, doc: Document): boolean {
  return compileFilter(filter).matches(doc);
}

function code(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

describe('compileFilter: equality', () => {
  it('matches scalars across numeric types', () => {
    expect(matches({ a: 5 }, { a: new Double(5) })).toBe(true);
    expect(matches({ a: Long.fromNumber(5) }, { a: 5 })).toBe(true);
    expect(matches({ a: Decimal128.fromString('5.0') }, { a: 5 })).toBe(true);
    expect(matches({ a: 5 }, { a: '5' })).toBe(false);
  });

  it('matches arrays by element or whole', () => {
    expect(matches({ tags: 'x' }, { tags: ['y', 'x'] })).toBe(true);
    expect(matches({ tags: ['y', 'x'] }, { tags: ['y', 'x'] })).toBe(true);
    expect(matches({ tags: ['x', 'y'] }, { tags: ['y', 'x'] })).toBe(false);
    expect(matches({ tags: ['x'] }, { tags: [['x'], 'z'] })).toBe(true);
  });

  it('matches embedded documents exactly (field order matters) and through dotted paths', () => {
    expect(matches({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 2 } })).toBe(true);
    expect(matches({ a: { b: 1, c: 2 } }, { a: { c: 2, b: 1 } })).toBe(false);
    expect(matches({ 'a.b': 1 }, { a: [{ b: 2 }, { b: 1 }] })).toBe(true);
    expect(matches({ 'a.1': 'y' }, { a: ['x', 'y'] })).toBe(true);
  });

  it('lets null match null and missing fields but not empty arrays', () => {
    expect(matches({ a: null }, {})).toBe(true);
    expect(matches({ a: null }, { a: null })).toBe(true);
    expect(matches({ a: null }, { a: 0 })).toBe(false);
    expect(matches({ a: null }, { a: [] })).toBe(false);
    expect(matches({ a: null }, { a: [1, null] })).toBe(true);
    expect(matches({ 'a.b': null }, { a: [{ b: 1 }, { c: 1 }] })).toBe(true);
    expect(matches({ a: { $ne: null } }, {})).toBe(false);
    expect(matches({ a: { $ne: null } }, { a: 1 })).toBe(true);
  });

  it('compares ObjectIds by value', () => {
    const id = new ObjectId();
    expect(matches({ _id: id }, { _id: new ObjectId(id.toHexString()) })).toBe(true);
  });
});

describe('compileFilter: comparison', () => {
  it('brackets by type', () => {
    expect(matches({ a: { $gt: 1 } }, { a: 'z' })).toBe(false);
    expect(matches({ a: { $gt: 'a' } }, { a: 'b' })).toBe(true);
    expect(matches({ a: { $lt: 10 } }, { a: null })).toBe(false);
    expect(matches({ a: { $gte: new Date(0) } }, { a: new Date(5) })).toBe(true);
  });

  it('guards balances as findOneAndUpdate with $gte does', () => {
    expect(matches({ _id: 1, balance: { $gte: 30 } }, { _id: 1, balance: 30 })).toBe(true);
    expect(matches({ _id: 1, balance: { $gte: 30 } }, { _id: 1, balance: 29.5 })).toBe(false);
  });

  it('matches arrays when any element satisfies each bound (not necessarily the same one)', () => {
    expect(matches({ a: { $gt: 5, $lt: 8 } }, { a: [1, 10] })).toBe(true);
    expect(matches({ a: { $elemMatch: { $gt: 5, $lt: 8 } } }, { a: [1, 10] })).toBe(false);
    expect(matches({ a: { $elemMatch: { $gt: 5, $lt: 8 } } }, { a: [1, 6] })).toBe(true);
  });

  it('handles null, NaN, MinKey operands like mongod', () => {
    expect(matches({ a: { $gte: null } }, {})).toBe(true);
    expect(matches({ a: { $gt: null } }, { a: null })).toBe(false);
    expect(matches({ a: { $lt: 5 } }, { a: NaN })).toBe(false);
    expect(matches({ a: { $gte: NaN } }, { a: NaN })).toBe(true);
  });

  it('supports $in and $nin with regexes and null', () => {
    expect(matches({ a: { $in: [1, 2] } }, { a: 2 })).toBe(true);
    expect(matches({ a: { $in: [/^x/] } }, { a: 'xy' })).toBe(true);
    expect(matches({ a: { $in: [null] } }, {})).toBe(true);
    expect(matches({ a: { $nin: [1, 2] } }, { a: [3, 2] })).toBe(false);
    expect(matches({ a: { $nin: [1, 2] } }, {})).toBe(true);
    expect(code(() => compileFilter({ a: { $in: 1 } }))).toBe(2);
  });
});

describe('compileFilter: element, evaluation and array operators', () => {
  it('$exists', () => {
    expect(matches({ a: { $exists: true } }, { a: null })).toBe(true);
    expect(matches({ a: { $exists: false } }, {})).toBe(true);
    expect(matches({ 'a.b': { $exists: true } }, { a: [{ c: 1 }, { b: 2 }] })).toBe(true);
  });

  it('$type by name, number and "number"', () => {
    expect(matches({ a: { $type: 'string' } }, { a: 'x' })).toBe(true);
    expect(matches({ a: { $type: 2 } }, { a: 'x' })).toBe(true);
    expect(matches({ a: { $type: 'number' } }, { a: Long.fromNumber(1) })).toBe(true);
    expect(matches({ a: { $type: 'double' } }, { a: new Double(1) })).toBe(true);
    expect(matches({ a: { $type: 'int' } }, { a: new Double(1) })).toBe(false);
    expect(matches({ a: { $type: 'array' } }, { a: [] })).toBe(true);
    expect(matches({ a: { $type: ['null', 'bool'] } }, { a: false })).toBe(true);
    expect(matches({ a: { $type: 'null' } }, {})).toBe(false);
    expect(code(() => compileFilter({ a: { $type: 'nope' } }))).toBe(2);
  });

  it('$regex with options, including extended mode and stored regexes', () => {
    expect(matches({ a: /^ab/i }, { a: 'ABc' })).toBe(true);
    expect(matches({ a: { $regex: '^ab', $options: 'i' } }, { a: 'ABc' })).toBe(true);
    expect(matches({ a: { $regex: 'a b # comment\n c', $options: 'x' } }, { a: 'abc' })).toBe(true);
    expect(matches({ a: { $regex: '^b', $options: 'm' } }, { a: 'a\nb' })).toBe(true);
    expect(matches({ a: { $regex: 'a.b', $options: 's' } }, { a: 'a\nb' })).toBe(true);
    expect(matches({ a: { $regex: '(?i)abc' } }, { a: 'ABC' })).toBe(true);
    expect(matches({ a: /x/ }, { a: ['y', 'xx'] })).toBe(true);
    expect(matches({ a: /x/ }, { a: 5 })).toBe(false);
    expect(matches({ a: new BSONRegExp('x', 'i') }, { a: 'X' })).toBe(true);
    expect(matches({ a: { $not: /^a/ } }, { a: 'b' })).toBe(true);
    expect(code(() => compileFilter({ a: { $options: 'i' } }))).toBe(2);
    expect(code(() => compileFilter({ a: { $regex: '(' } }))).toBe(2);
  });

  it('$mod', () => {
    expect(matches({ a: { $mod: [4, 0] } }, { a: 8 })).toBe(true);
    expect(matches({ a: { $mod: [4, 1] } }, { a: 9.9 })).toBe(true);
    expect(code(() => compileFilter({ a: { $mod: [0, 1] } }))).toBe(2);
    expect(code(() => compileFilter({ a: { $mod: [4] } }))).toBe(2);
  });

  it('$size, $all and $elemMatch on documents', () => {
    expect(matches({ a: { $size: 2 } }, { a: [1, 2] })).toBe(true);
    expect(matches({ a: { $size: 1 } }, { a: [[1, 2]] })).toBe(true);
    expect(matches({ a: { $size: 0 } }, {})).toBe(false);
    expect(matches({ a: { $all: [1, 2] } }, { a: [2, 3, 1] })).toBe(true);
    expect(matches({ a: { $all: [1, 4] } }, { a: [2, 3, 1] })).toBe(false);
    expect(matches({ a: { $all: [] } }, { a: [] })).toBe(false);
    expect(matches({ a: { $all: [5] } }, { a: 5 })).toBe(true);
    const doc = {
      results: [
        { product: 'abc', score: 10 },
        { product: 'xyz', score: 5 },
      ],
    };
    expect(matches({ results: { $elemMatch: { product: 'xyz', score: { $gte: 8 } } } }, doc)).toBe(false);
    expect(matches({ results: { $elemMatch: { product: 'abc', score: { $gte: 8 } } } }, doc)).toBe(true);
    expect(matches({ results: { $all: [{ $elemMatch: { score: 5 } }, { $elemMatch: { score: 10 } }] } }, doc)).toBe(true);
  });

  it('$not negates the whole operator document', () => {
    expect(matches({ a: { $not: { $gt: 5 } } }, { a: 3 })).toBe(true);
    expect(matches({ a: { $not: { $gt: 5 } } }, {})).toBe(true);
    expect(matches({ a: { $not: { $gt: 5 } } }, { a: [1, 9] })).toBe(false);
    expect(code(() => compileFilter({ a: { $not: 5 } }))).toBe(2);
  });
});

describe('compileFilter: logical operators and $expr', () => {
  it('$and, $or, $nor', () => {
    expect(matches({ $or: [{ a: 1 }, { b: 1 }] }, { b: 1 })).toBe(true);
    expect(matches({ $and: [{ a: 1 }, { b: 1 }] }, { b: 1 })).toBe(false);
    expect(matches({ $nor: [{ a: 1 }, { b: 1 }] }, { c: 1 })).toBe(true);
    expect(code(() => compileFilter({ $or: [] }))).toBe(2);
    expect(code(() => compileFilter({ $or: [1] }))).toBe(2);
  });

  it('$expr compares fields of the same document', () => {
    expect(matches({ $expr: { $gt: ['$spent', '$budget'] } }, { spent: 12, budget: 10 })).toBe(true);
    expect(matches({ $expr: { $gt: ['$spent', '$budget'] } }, { spent: 2, budget: 10 })).toBe(false);
    expect(matches({ $expr: { $lt: ['$at', '$$NOW'] } }, { at: new Date(0) })).toBe(true);
    const now = new Date('2024-01-01T00:00:00Z');
    expect(compileFilter({ $expr: { $eq: ['$at', '$$NOW'] } }, { now }).matches({ at: now })).toBe(true);
  });

  it('rejects unknown operators with BadValue', () => {
    expect(code(() => compileFilter({ a: { $foo: 1 } }))).toBe(2);
    expect(code(() => compileFilter({ $foo: 1 }))).toBe(2);
    expect(code(() => compileFilter({ a: { $gt: 1, b: 1 } }))).toBe(2);
    expect(code(() => compileFilter({ a: { $where: 'true' } }))).toBe(2);
  });

  it('refuses $where as mongod without a script engine, or where mongod never allows it', () => {
    expect(code(() => compileFilter({ $where: 'true' }))).toBe(6108304);
    expect(code(() => compileFilter({ $or: [{ a: 1 }, { $where: 'true' }] }))).toBe(6108304);
    const message = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (error) {
        return (error as Error).message;
      }
      return undefined;
    };
    expect(message(() => compileFilter({ $where: 'true' }, { restricted: true }))).toBe('$where is not allowed in this context');
    expect(message(() => compileFilter({ a: { $elemMatch: { $where: 'true' } } }))).toBe(
      '$where can only be applied to the top-level document',
    );
  });

  it('ignores $comment and supports a minimal $jsonSchema', () => {
    expect(matches({ $comment: 'why', a: 1 }, { a: 1 })).toBe(true);
    const schema = {
      $jsonSchema: { bsonType: 'object', required: ['name'], properties: { name: { bsonType: 'string', minLength: 2 } } },
    };
    expect(matches(schema, { name: 'Al' })).toBe(true);
    expect(matches(schema, { name: 'A' })).toBe(false);
    expect(matches(schema, {})).toBe(false);
    expect(code(() => compileFilter({ $jsonSchema: { foo: 1 } }))).toBe(9);
  });
});

describe('compileFilter: positional match', () => {
  it('reports the matching element of the first array traversed', () => {
    expect(compileFilter({ grades: 85 }).match({ grades: [80, 85, 90] })).toEqual({ matched: true, arrayIndex: 1 });
    expect(compileFilter({ 'items.sku': 'b' }).match({ items: [{ sku: 'a' }, { sku: 'b' }] })).toEqual({
      matched: true,
      arrayIndex: 1,
    });
    expect(compileFilter({ items: { $elemMatch: { qty: { $gt: 5 } } } }).match({ items: [{ qty: 1 }, { qty: 9 }] })).toEqual({
      matched: true,
      arrayIndex: 1,
    });
    expect(compileFilter({ 'a.b': 6 }).match({ a: [{ b: [1] }, { b: [5, 6] }] })).toEqual({ matched: true, arrayIndex: 1 });
    expect(compileFilter({ _id: 1, 'a.x': { $gte: 2 } }).match({ _id: 1, a: [{ x: 1 }, { x: 3 }] })).toEqual({
      matched: true,
      arrayIndex: 1,
    });
  });

  it('reports no position when no array was traversed or nothing matched', () => {
    expect(compileFilter({ a: 1 }).match({ a: 1 })).toEqual({ matched: true });
    expect(compileFilter({ a: 5 }).match({ a: [1] })).toEqual({ matched: false });
    expect(compileFilter({ a: [1] }).match({ a: [1] })).toEqual({ matched: true });
  });
});
