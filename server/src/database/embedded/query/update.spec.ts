import { Decimal128, Double, Long, Timestamp } from 'bson';
import type { Document } from '../contracts';
import { applyUpdate, compileUpdate, upsertSeed, validateReplacement, validateStorableDocument } from './update';

const now = new Date('2024-05-01T00:00:00Z');

function update(doc: Document, spec: Document | Document[], extra: Partial<Parameters<typeof applyUpdate>[2]> = {}): Document {
  return applyUpdate(doc, spec, { now, ...extra }).doc;
}

function errorCode(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: number }).code;
  }
  return undefined;
}

describe('applyUpdate: field operators', () => {
  it('sets nested fields, creating documents, without mutating the input', () => {
    const doc = { _id: 1, a: { b: 1 }, keep: { x: 1 } };
    const frozen = JSON.stringify(doc);
    const result = applyUpdate(doc, { $set: { 'a.c': 2, 'd.e': 3 } }, { now });
    expect(result.doc).toEqual({ _id: 1, a: { b: 1, c: 2 }, keep: { x: 1 }, d: { e: 3 } });
    expect(result.modified).toBe(true);
    expect(JSON.stringify(doc)).toBe(frozen);
    expect(result.doc.keep).toBe(doc.keep); // untouched paths are shared, not copied
  });

  it('reports unmodified when the result is identical, but not when only the numeric type changes', () => {
    expect(applyUpdate({ _id: 1, a: 1 }, { $set: { a: 1 } }, { now }).modified).toBe(false);
    expect(applyUpdate({ _id: 1, a: 1 }, { $set: { a: new Double(1) } }, { now }).modified).toBe(true);
    expect(applyUpdate({ _id: 1 }, { $unset: { missing: '' } }, { now }).modified).toBe(false);
  });

  it('applies fields in path order, as mongod 5.0+ does', () => {
    expect(Object.keys(update({ _id: 1 }, { $set: { b: 1, a: 1, 'c.10': 1, 'c.9': 1 } }))).toEqual(['_id', 'a', 'b', 'c']);
  });

  it('$inc and $mul follow mongod numeric type rules', () => {
    expect(update({ _id: 1, n: 1 }, { $inc: { n: 2 } }).n).toBe(3);
    expect(update({ _id: 1, n: 2147483647 }, { $inc: { n: 1 } }).n).toEqual(Long.fromString('2147483648'));
    expect(update({ _id: 1, n: Long.fromNumber(5) }, { $inc: { n: 1 } }).n).toEqual(Long.fromNumber(6));
    expect(update({ _id: 1, n: 1 }, { $inc: { n: 0.5 } }).n).toBe(1.5);
    expect(update({ _id: 1, n: 1.5 }, { $inc: { n: 0.5 } }).n).toEqual(new Double(2));
    expect(update({ _id: 1 }, { $inc: { n: 5 } }).n).toBe(5);
    expect(update({ _id: 1, n: 3 }, { $mul: { n: 4 } }).n).toBe(12);
    expect(update({ _id: 1 }, { $mul: { n: 4 } }).n).toBe(0);
    expect(
      (
        update({ _id: 1, n: Decimal128.fromString('0.1') }, { $inc: { n: Decimal128.fromString('0.2') } }).n as Decimal128
      ).toString(),
    ).toBe('0.3');
  });

  it('$inc rejects non-numeric values and arguments', () => {
    expect(errorCode(() => update({ _id: 1, n: 'x' }, { $inc: { n: 1 } }))).toBe(14);
    expect(errorCode(() => update({ _id: 1, n: 1 }, { $inc: { n: 'x' } }))).toBe(14);
  });

  it('$min, $max, $unset, $rename, $currentDate', () => {
    expect(update({ _id: 1, a: 5 }, { $min: { a: 3 } }).a).toBe(3);
    expect(update({ _id: 1, a: 5 }, { $min: { a: 9 } }).a).toBe(5);
    expect(update({ _id: 1, a: 5 }, { $max: { a: 9 } }).a).toBe(9);
    expect(update({ _id: 1 }, { $max: { a: 9 } }).a).toBe(9);
    expect(update({ _id: 1, a: 1, b: 2 }, { $unset: { a: '' } })).toEqual({ _id: 1, b: 2 });
    expect(update({ _id: 1, a: [1, 2] }, { $unset: { 'a.0': '' } })).toEqual({ _id: 1, a: [null, 2] });
    expect(update({ _id: 1, a: 1, b: 2 }, { $rename: { a: 'c.d' } })).toEqual({ _id: 1, b: 2, c: { d: 1 } });
    expect(update({ _id: 1, a: 1 }, { $currentDate: { at: true } }).at).toEqual(now);
    expect(update({ _id: 1 }, { $currentDate: { ts: { $type: 'timestamp' } } }).ts).toBeInstanceOf(Timestamp);
  });

  it('$setOnInsert applies only to upsert inserts', () => {
    expect(update({ _id: 1 }, { $setOnInsert: { a: 1 } })).toEqual({ _id: 1 });
    expect(update({ _id: 1 }, { $setOnInsert: { a: 1 } }, { isUpsertInsert: true })).toEqual({ _id: 1, a: 1 });
  });

  it('$bit', () => {
    expect(update({ _id: 1, f: 13 }, { $bit: { f: { and: 10 } } }).f).toBe(8);
    expect(update({ _id: 1, f: 3 }, { $bit: { f: { or: 5 } } }).f).toBe(7);
  });
});

describe('applyUpdate: array operators', () => {
  it('$push with and without modifiers', () => {
    expect(update({ _id: 1 }, { $push: { a: 1 } }).a).toEqual([1]);
    expect(update({ _id: 1, a: [1] }, { $push: { a: [2] } }).a).toEqual([1, [2]]);
    expect(update({ _id: 1, a: [1, 2] }, { $push: { a: { $each: [3, 4], $position: 0 } } }).a).toEqual([3, 4, 1, 2]);
    expect(update({ _id: 1, a: [5, 1] }, { $push: { a: { $each: [3], $sort: 1, $slice: 2 } } }).a).toEqual([1, 3]);
    expect(update({ _id: 1, a: [5, 1] }, { $push: { a: { $each: [3], $slice: -2 } } }).a).toEqual([1, 3]);
    expect(update({ _id: 1, a: [1, 2, 3] }, { $push: { a: { $each: [4], $position: -1 } } }).a).toEqual([1, 2, 4, 3]);
    const scores = update(
      { _id: 1, q: [{ s: 5 }, { s: 9 }] },
      { $push: { q: { $each: [{ s: 7 }], $sort: { s: -1 }, $slice: 2 } } },
    );
    expect(scores.q).toEqual([{ s: 9 }, { s: 7 }]);
    expect(errorCode(() => update({ _id: 1, a: 5 }, { $push: { a: 1 } }))).toBe(2);
    expect(errorCode(() => update({ _id: 1 }, { $push: { a: { $each: 1 } } }))).toBe(2);
  });

  it('$addToSet, $pop, $pull, $pullAll', () => {
    expect(update({ _id: 1, a: [1, 2] }, { $addToSet: { a: 2 } }).a).toEqual([1, 2]);
    expect(update({ _id: 1, a: [1, 2] }, { $addToSet: { a: { $each: [2, 3, 3] } } }).a).toEqual([1, 2, 3]);
    expect(update({ _id: 1, a: [1, 2, 3] }, { $pop: { a: 1 } }).a).toEqual([1, 2]);
    expect(update({ _id: 1, a: [1, 2, 3] }, { $pop: { a: -1 } }).a).toEqual([2, 3]);
    expect(update({ _id: 1, a: [1, 5, 7] }, { $pull: { a: { $gte: 5 } } }).a).toEqual([1]);
    expect(update({ _id: 1, a: ['x', 'y', 'x'] }, { $pull: { a: 'x' } }).a).toEqual(['y']);
    const results = [
      { item: 'A', score: 5 },
      { item: 'B', score: 8 },
    ];
    expect(update({ _id: 1, results }, { $pull: { results: { score: 8, item: 'B' } } }).results).toEqual([
      { item: 'A', score: 5 },
    ]);
    expect(update({ _id: 1, a: [0, 5, 5, 1] }, { $pullAll: { a: [0, 5] } }).a).toEqual([1]);
    expect(errorCode(() => update({ _id: 1, a: [] }, { $pop: { a: 2 } }))).toBe(9);
  });

  it('positional $, $[] and $[<id>] with arrayFilters', () => {
    expect(update({ _id: 1, g: [80, 85, 90] }, { $set: { 'g.$': 82 } }, { positionalIndex: 1 }).g).toEqual([80, 82, 90]);
    expect(update({ _id: 1, g: [1, 2] }, { $inc: { 'g.$[]': 10 } }).g).toEqual([11, 12]);
    const doc = {
      _id: 1,
      grades: [
        { v: 95, ok: false },
        { v: 80, ok: false },
      ],
    };
    expect(update(doc, { $set: { 'grades.$[high].ok': true } }, { arrayFilters: [{ 'high.v': { $gte: 90 } }] }).grades).toEqual([
      { v: 95, ok: true },
      { v: 80, ok: false },
    ]);
    expect(update({ _id: 1, a: [1, 5, 9] }, { $set: { 'a.$[x]': 0 } }, { arrayFilters: [{ x: { $gt: 4 } }] }).a).toEqual([
      1, 0, 0,
    ]);
    expect(errorCode(() => update({ _id: 1, a: [1] }, { $set: { 'a.$': 1 } }))).toBe(2);
    expect(errorCode(() => update({ _id: 1, a: [1] }, { $set: { 'a.$[x]': 1 } }))).toBe(2);
    expect(errorCode(() => update({ _id: 1, a: [1] }, { $set: { a: [2] } }, { arrayFilters: [{ x: 1 }] }))).toBe(9);
  });

  it('pads arrays when setting past their end', () => {
    expect(update({ _id: 1, a: [1] }, { $set: { 'a.3': 4 } }).a).toEqual([1, null, null, 4]);
  });
});

describe('applyUpdate: validation', () => {
  it('rejects conflicting paths', () => {
    expect(errorCode(() => update({ _id: 1 }, { $set: { a: 1 }, $inc: { a: 1 } }))).toBe(40);
    expect(errorCode(() => update({ _id: 1 }, { $set: { 'a.b': 1 }, $unset: { a: '' } }))).toBe(40);
  });

  it('protects _id', () => {
    expect(errorCode(() => update({ _id: 1 }, { $set: { _id: 2 } }))).toBe(66);
    expect(errorCode(() => update({ _id: 1 }, { $unset: { _id: '' } }))).toBe(66);
    expect(errorCode(() => update({ _id: 1 }, { _id: 2, a: 1 }))).toBe(66);
    expect(update({ _id: 1 }, { $set: { _id: 1 } })).toEqual({ _id: 1 });
  });

  it('rejects paths through non-documents', () => {
    expect(errorCode(() => update({ _id: 1, a: 5 }, { $set: { 'a.b': 1 } }))).toBe(28);
    expect(errorCode(() => update({ _id: 1, a: [1] }, { $set: { 'a.b': 1 } }))).toBe(28);
    expect(errorCode(() => update({ _id: 1, a: null }, { $set: { 'a.b': 1 } }))).toBe(28);
  });

  it('rejects unknown operators, bad operands and bad field names', () => {
    expect(errorCode(() => update({ _id: 1 }, { $foo: { a: 1 } }))).toBe(9);
    expect(errorCode(() => update({ _id: 1 }, { $set: 5 }))).toBe(9);
    expect(errorCode(() => update({ _id: 1 }, { $set: { a: 1 }, b: 1 }))).toBe(9);
    expect(errorCode(() => update({ _id: 1 }, { $set: { 'a..b': 1 } }))).toBe(56);
    expect(errorCode(() => update({ _id: 1 }, { $rename: { a: 'a' } }))).toBe(2);
    expect(update({ _id: 1 }, { $set: {} })).toEqual({ _id: 1 });
  });
});

describe('applyUpdate: replacement and pipeline', () => {
  it('replaces the document and keeps _id first', () => {
    expect(update({ _id: 1, a: 1 }, { b: 2 })).toEqual({ _id: 1, b: 2 });
    expect(Object.keys(update({ _id: 1, a: 1 }, { b: 2 }))[0]).toBe('_id');
    expect(errorCode(() => validateReplacement({ $set: { a: 1 } }))).toBe(52);
  });

  it('runs pipeline updates with $set/$unset and $$NOW', () => {
    const result = update({ _id: 1, a: 2, b: 3 }, [{ $set: { sum: { $add: ['$a', '$b'] }, at: '$$NOW' } }, { $unset: 'b' }]);
    expect(result).toEqual({ _id: 1, a: 2, sum: 5, at: now });
    expect(errorCode(() => update({ _id: 1 }, [{ $group: { _id: null } }]))).toBe(72);
  });
});

describe('upsertSeed', () => {
  it('takes equality fields, flattening $and and dotted paths', () => {
    expect(
      upsertSeed({ memberId: 'm1', 'profile.tier': 'gold', points: { $gte: 5 }, $and: [{ brand: 'b' }], code: { $eq: 'x' } }),
    ).toEqual({
      memberId: 'm1',
      profile: { tier: 'gold' },
      brand: 'b',
      code: 'x',
    });
    expect(upsertSeed({ name: /^a/, $or: [{ a: 1 }, { b: 2 }] })).toEqual({});
    expect(errorCode(() => upsertSeed({ a: 1, $and: [{ a: 2 }] }))).toBe(54);
    expect(errorCode(() => upsertSeed({ a: { b: 1 }, $and: [{ 'a.c': 2 }] }))).toBe(54);
    expect(upsertSeed({ $or: [{ a: 1 }], b: { $eq: 2 } })).toEqual({ a: 1, b: 2 });
  });

  it('takes only _id for a replacement', () => {
    expect(upsertSeed({ _id: 7, a: 1, $and: [{ a: 2 }] }, { idOnly: true })).toEqual({ _id: 7 });
  });
});

describe('validateStorableDocument', () => {
  it('accepts $-prefixed and dotted field names outside _id, and rejects array, regex or $-holding _id', () => {
    expect(() => validateStorableDocument({ _id: 1, $a: 1, 'b.c': 2, d: { $e: [{ $f: 1 }] } })).not.toThrow();
    expect(errorCode(() => validateStorableDocument({ _id: [1] }))).toBe(53);
    expect(errorCode(() => validateStorableDocument({ _id: /x/ }))).toBe(53);
    expect(errorCode(() => validateStorableDocument({ _id: { a: [{ $b: 1 }] } }))).toBe(52);
  });
});

describe('compileUpdate', () => {
  it('reports parse errors before any document is seen', () => {
    expect(errorCode(() => compileUpdate({ $set: { a: 1 }, b: 1 }))).toBe(9);
    expect(errorCode(() => compileUpdate({ a: 1 }, { multi: true }))).toBe(9);
    expect(errorCode(() => compileUpdate({ $set: { 'a.$[x]': 1 } }))).toBe(2);
    expect(errorCode(() => compileUpdate({ $set: { 'a.$[x]': 1 } }, { arrayFilters: [{ x: 1 }, { y: 1 }] }))).toBe(9);
    expect(errorCode(() => compileUpdate({ $set: { '$[].a': 1 } }))).toBe(2);
    expect(errorCode(() => compileUpdate({ $set: { 'a.b': 1 } }, { arrayFilters: [{ $where: 'true' }] }))).toBe(2);
    expect(compileUpdate({ $set: { '$x.y': 1 } }).kind).toBe('operators');
  });

  it('lets only upserts and pipelines write top-level $-prefixed fields', () => {
    expect(errorCode(() => update({ _id: 1 }, { $set: { $x: 1 } }))).toBe(52);
    expect(errorCode(() => update({ _id: 1 }, { $set: { '$x.y': 1 } }))).toBe(52);
    expect(errorCode(() => update({ _id: 1, $x: 1 }, { $inc: { $x: 1 } }))).toBe(52);
    expect(errorCode(() => update({ _id: 1 }, { a: 1, $x: 1 }))).toBe(52);
    expect(update({ _id: 1, $x: { y: 1 } }, { $set: { '$x.y': 2, a: 1 } })).toEqual({ _id: 1, $x: { y: 2 }, a: 1 });
    expect(update({ _id: 1, $x: 1 }, { $unset: { $x: '' }, $set: { 'b.$c': 1 } })).toEqual({ _id: 1, b: { $c: 1 } });
    expect(update({}, { $set: { $x: 1 } }, { isUpsertInsert: true })).toEqual({ $x: 1 });
    expect(
      update({ _id: 1 }, [{ $replaceWith: { $setField: { field: { $literal: '$x' }, input: '$$ROOT', value: 1 } } }]),
    ).toEqual({
      _id: 1,
      $x: 1,
    });
  });
});
