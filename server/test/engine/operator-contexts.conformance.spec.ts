/**
 * Conformance: query and update operators in every context where mongod 7.0 accepts them (update, delete,
 * findAndModify, count, distinct and `$match` filters, array filters, replacements, upserts), field names
 * with `$` and `.` as MongoDB 5+ stores them, and the refusal of server-side JavaScript (`$where`,
 * `$function`, `$accumulator`) as a mongod started with `security.javascriptEnabled: false` answers.
 * Runs against the embedded engine, or a real MongoDB when MONGODB_TEST_URI is set.
 */
import { type Collection, type Db, type Document, MongoClient, MongoServerError, type ObjectId } from 'mongodb';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  database = await startTestDatabase();
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
});

afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
  await database?.stop();
});

async function failure(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse');
}

/** Documents whose `_id` is whatever the test chose (numbers, strings), not the driver's default ObjectId. */
interface Doc extends Document {
  _id: number | string | ObjectId;
}

/** A collection emptied and filled with `docs`. */
async function fresh(name: string, docs: Document[]): Promise<Collection<Doc>> {
  const coll = db.collection<Doc>(name);
  await coll.deleteMany({});
  if (docs.length > 0) await coll.insertMany(docs as Doc[]);
  return coll;
}

async function ids(coll: Collection<Doc>, filter: Document = {}): Promise<unknown[]> {
  return (await coll.find(filter, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
}

// The manual's inventory, plus one document missing most fields.
const INVENTORY: Document[] = [
  {
    _id: 1,
    item: 'journal',
    qty: 25,
    tags: ['blank', 'red'],
    size: { h: 14, w: 21, uom: 'cm' },
    instock: [
      { warehouse: 'A', qty: 5 },
      { warehouse: 'C', qty: 15 },
    ],
  },
  {
    _id: 2,
    item: 'notebook',
    qty: 50,
    tags: ['red', 'blank'],
    size: { h: 8.5, w: 11, uom: 'in' },
    instock: [{ warehouse: 'C', qty: 5 }],
  },
  {
    _id: 3,
    item: 'paper',
    qty: 100,
    tags: ['red', 'blank', 'plain'],
    size: { h: 8.5, w: 11, uom: 'in' },
    instock: [
      { warehouse: 'A', qty: 60 },
      { warehouse: 'B', qty: 15 },
    ],
  },
  {
    _id: 4,
    item: 'planner',
    qty: 75,
    tags: ['blank', 'red'],
    size: { h: 22.85, w: 30, uom: 'cm' },
    instock: [
      { warehouse: 'A', qty: 40 },
      { warehouse: 'B', qty: 5 },
    ],
  },
  {
    _id: 5,
    item: 'postcard',
    qty: 45,
    tags: ['blue'],
    size: { h: 10, w: 15.25, uom: 'cm' },
    instock: [
      { warehouse: 'B', qty: 15 },
      { warehouse: 'C', qty: 35 },
    ],
  },
  { _id: 6, item: 'Sketch Pad' },
];

const FILTERS: Array<[string, Document, number[]]> = [
  ['$or of a range and a regex', { $or: [{ qty: { $lt: 30 } }, { item: /^p/ }] }, [1, 3, 4, 5]],
  [
    '$and of an $or and a $nor',
    {
      $and: [{ $or: [{ 'size.uom': 'in' }, { qty: { $gte: 75 } }] }, { $nor: [{ tags: 'plain' }, { item: 'notebook' }] }],
    },
    [4],
  ],
  [
    '$nor of an $and and an $exists',
    { $nor: [{ $and: [{ tags: 'red' }, { qty: { $lt: 60 } }] }, { tags: { $exists: false } }] },
    [3, 4, 5],
  ],
  ['$not of an operator (missing fields match)', { qty: { $not: { $gt: 45 } } }, [1, 5, 6]],
  ['$not of a regex', { item: { $not: /^p/ } }, [1, 2, 6]],
  ['$elemMatch on documents', { instock: { $elemMatch: { warehouse: 'A', qty: { $gte: 40 } } } }, [3, 4]],
  ['dotted paths into an array (any element each)', { 'instock.warehouse': 'A', 'instock.qty': 15 }, [1, 3]],
  ['a numeric path component', { 'instock.0.warehouse': 'A' }, [1, 3, 4]],
  ['$expr comparing two fields', { $expr: { $gt: ['$qty', { $multiply: ['$size.h', 4] }] } }, [2, 3, 5]],
  ['$in with regexes', { item: { $in: [/^n/, /pad$/i, 'planner'] } }, [2, 4, 6]],
  ['$nin with a regex', { item: { $nin: [/^p/, 'journal'] } }, [2, 6]],
  ['$exists false', { qty: { $exists: false } }, [6]],
  ['$type through a dotted path', { 'size.h': { $type: 'double' } }, [2, 3, 4]],
  ['$size', { tags: { $size: 2 } }, [1, 2, 4]],
  ['$all', { tags: { $all: ['red', 'blank'] } }, [1, 2, 3, 4]],
  [
    '$all of $elemMatch',
    { instock: { $all: [{ $elemMatch: { warehouse: 'B' } }, { $elemMatch: { qty: { $gt: 30 } } }] } },
    [3, 4, 5],
  ],
  [
    '$or of an $elemMatch and an $in',
    { $or: [{ instock: { $elemMatch: { warehouse: 'C', qty: { $gt: 10 } } } }, { 'size.w': { $in: [30] } }] },
    [1, 4, 5],
  ],
];

describe('filters in every command that takes one', () => {
  it.each(FILTERS)('%s', async (_name, filter, expected) => {
    const coll = await fresh('inventory', INVENTORY);
    expect(await ids(coll, filter)).toEqual(expected);
    expect(await coll.countDocuments(filter)).toBe(expected.length);
    expect(await db.command({ count: 'inventory', query: filter })).toMatchObject({ n: expected.length });
    expect(await coll.distinct('_id', filter)).toEqual(expected);
    const matched = await coll.aggregate([{ $match: filter }, { $sort: { _id: 1 } }]).toArray();
    expect(matched.map((d) => d._id)).toEqual(expected);
    const later = await coll.aggregate([{ $sort: { _id: -1 } }, { $match: filter }, { $project: { _id: 1 } }]).toArray();
    expect(later.map((d) => d._id)).toEqual([...expected].reverse());

    // The first match in _id order, for the single-document writes.
    const first = expected[0];
    expect((await coll.findOneAndUpdate(filter, { $set: { one: true } }, { sort: { _id: 1 } }))?._id).toBe(first);
    expect(await ids(coll, { one: true })).toEqual([first]);
    const updatedOne = await coll.updateOne(filter, { $set: { two: true } });
    expect(updatedOne).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const updated = await coll.updateMany(filter, { $set: { many: true } });
    expect(updated).toMatchObject({ matchedCount: expected.length, modifiedCount: expected.length });
    expect(await ids(coll, { many: true })).toEqual(expected);

    const replaced = await coll.findOneAndReplace(filter, { replaced: true }, { sort: { _id: -1 }, returnDocument: 'after' });
    expect(replaced).toEqual({ _id: expected[expected.length - 1], replaced: true });
    // The replaced document no longer matches most filters: the rest of the checks start again.
    await fresh('inventory', INVENTORY);
    expect((await coll.findOneAndDelete(filter, { sort: { _id: 1 } }))?._id).toBe(first);
    await fresh('inventory', INVENTORY);
    expect((await coll.deleteOne(filter)).deletedCount).toBe(1);
    await fresh('inventory', INVENTORY);
    expect((await coll.deleteMany(filter)).deletedCount).toBe(expected.length);
    expect(await ids(coll)).toEqual(INVENTORY.map((d) => d._id as number).filter((id) => !expected.includes(id)));
  });

  it('positions `$` on the element an $elemMatch or a dotted path inside $and matched', async () => {
    const coll = await fresh('inventory', INVENTORY);
    await coll.updateOne({ instock: { $elemMatch: { warehouse: 'A', qty: { $gte: 40 } } } }, { $inc: { 'instock.$.qty': 1 } });
    await coll.updateOne({ $and: [{ item: 'planner' }, { 'instock.warehouse': 'B' }] }, { $set: { 'instock.$.qty': 0 } });
    const docs = await coll.find({ _id: { $in: [3, 4] } }, { sort: { _id: 1 } }).toArray();
    expect(docs.map((d) => d.instock)).toEqual([
      [
        { warehouse: 'A', qty: 61 },
        { warehouse: 'B', qty: 15 },
      ],
      [
        { warehouse: 'A', qty: 40 },
        { warehouse: 'B', qty: 0 },
      ],
    ]);
  });
});

describe('array filters', () => {
  const STUDENTS2 = [
    {
      _id: 1,
      grades: [
        { grade: 80, mean: 75, std: 6 },
        { grade: 85, mean: 90, std: 4 },
        { grade: 85, mean: 85, std: 6 },
      ],
    },
    {
      _id: 2,
      grades: [
        { grade: 90, mean: 75, std: 6 },
        { grade: 87, mean: 90, std: 3 },
        { grade: 85, mean: 85, std: 4 },
      ],
    },
  ];

  it('updates the elements a condition on a scalar element selects', async () => {
    const coll = await fresh('students', [
      { _id: 1, grades: [95, 92, 90] },
      { _id: 2, grades: [98, 100, 102] },
      { _id: 3, grades: [95, 110, 100] },
    ]);
    const result = await coll.updateMany(
      {},
      { $set: { 'grades.$[element]': 100 } },
      { arrayFilters: [{ element: { $gte: 100 } }] },
    );
    expect(result).toMatchObject({ matchedCount: 3, modifiedCount: 2 });
    expect((await coll.find({}, { sort: { _id: 1 } }).toArray()).map((d) => d.grades)).toEqual([
      [95, 92, 90],
      [98, 100, 100],
      [95, 100, 100],
    ]);
  });

  it('selects embedded documents by one or several conditions on their fields', async () => {
    const coll = await fresh('students2', STUDENTS2);
    await coll.updateMany({}, { $set: { 'grades.$[elem].mean': 100 } }, { arrayFilters: [{ 'elem.grade': { $gte: 85 } }] });
    await coll.updateMany(
      {},
      { $inc: { 'grades.$[elem].std': -1 } },
      { arrayFilters: [{ 'elem.grade': { $gte: 80 }, 'elem.std': { $gt: 5 } }] },
    );
    expect((await coll.find({}, { sort: { _id: 1 } }).toArray()).map((d) => d.grades)).toEqual([
      [
        { grade: 80, mean: 75, std: 5 },
        { grade: 85, mean: 100, std: 4 },
        { grade: 85, mean: 100, std: 5 },
      ],
      [
        { grade: 90, mean: 100, std: 5 },
        { grade: 87, mean: 100, std: 3 },
        { grade: 85, mean: 100, std: 4 },
      ],
    ]);
  });

  it('accepts $or, $and, $nor, $in, $elemMatch and $exists inside an array filter', async () => {
    const coll = await fresh('items', [
      {
        _id: 1,
        items: [
          { a: 1, b: 0, tags: ['x'] },
          { a: 0, b: 2, tags: ['y', 'z'] },
          { a: 0, b: 0 },
        ],
      },
    ]);
    await coll.updateOne(
      { _id: 1 },
      { $set: { 'items.$[x].or': true } },
      { arrayFilters: [{ $or: [{ 'x.a': 1 }, { 'x.b': 2 }] }] },
    );
    await coll.updateOne(
      { _id: 1 },
      { $set: { 'items.$[x].and': true } },
      { arrayFilters: [{ $and: [{ 'x.a': 0 }, { 'x.b': { $ne: 2 } }] }] },
    );
    await coll.updateOne(
      { _id: 1 },
      { $set: { 'items.$[x].nor': true } },
      { arrayFilters: [{ $nor: [{ 'x.a': 1 }, { 'x.b': 0 }] }] },
    );
    await coll.updateOne({ _id: 1 }, { $set: { 'items.$[x].in': true } }, { arrayFilters: [{ 'x.tags': { $in: ['z', 'w'] } }] });
    await coll.updateOne(
      { _id: 1 },
      { $set: { 'items.$[x].untagged': true } },
      { arrayFilters: [{ 'x.tags': { $exists: false } }] },
    );
    await coll.updateOne(
      { _id: 1 },
      { $set: { 'items.$[x].matched': true } },
      { arrayFilters: [{ 'x.tags': { $elemMatch: { $eq: 'x' } } }] },
    );
    expect((await coll.findOne({ _id: 1 }))?.items).toEqual([
      { a: 1, b: 0, tags: ['x'], or: true, matched: true },
      { a: 0, b: 2, tags: ['y', 'z'], or: true, nor: true, in: true },
      { a: 0, b: 0, and: true, untagged: true },
    ]);
  });

  it('applies $[] and $[<id>] nested in one path, twice', async () => {
    const coll = await fresh('students3', [
      {
        _id: 1,
        grades: [
          { type: 'quiz', questions: [10, 8, 5] },
          { type: 'quiz', questions: [8, 9, 6] },
          { type: 'hw', questions: [5, 4, 3] },
          { type: 'exam', questions: [25, 10, 23, 0] },
        ],
      },
    ]);
    await coll.updateMany({}, { $inc: { 'grades.$[].questions.$[score]': 2 } }, { arrayFilters: [{ score: { $gte: 8 } }] });
    await coll.updateMany(
      {},
      { $inc: { 'grades.$[t].questions.$[score]': 100 } },
      { arrayFilters: [{ 't.type': 'quiz' }, { score: { $lt: 8 } }] },
    );
    await coll.updateOne({ _id: 1 }, { $set: { 'grades.$[].checked': true } });
    expect((await coll.findOne({ _id: 1 }))?.grades).toEqual([
      { type: 'quiz', questions: [12, 10, 105], checked: true },
      { type: 'quiz', questions: [10, 11, 106], checked: true },
      { type: 'hw', questions: [5, 4, 3], checked: true },
      { type: 'exam', questions: [27, 12, 25, 0], checked: true },
    ]);
  });

  it('applies array filters in findOneAndUpdate', async () => {
    const coll = await fresh('students2', STUDENTS2);
    const after = await coll.findOneAndUpdate(
      { $or: [{ _id: 2 }, { 'grades.grade': 1000 }] },
      { $set: { 'grades.$[low].mean': 0 } },
      { arrayFilters: [{ $or: [{ 'low.std': { $lt: 4 } }, { 'low.grade': { $gte: 90 } }] }], returnDocument: 'after' },
    );
    expect(after?.grades).toEqual([
      { grade: 90, mean: 0, std: 6 },
      { grade: 87, mean: 0, std: 3 },
      { grade: 85, mean: 85, std: 4 },
    ]);
  });

  it('refuses an array filter the update does not use, even when nothing matches', async () => {
    const coll = await fresh('students', [{ _id: 1, grades: [1, 2] }]);
    for (const filter of [{ _id: 1 }, { _id: 'none' }]) {
      const error = await failure(
        coll.updateOne(filter, { $set: { 'grades.$[x]': 0 } }, { arrayFilters: [{ x: 1 }, { y: { $gt: 2 } }] }),
      );
      expect(error.code).toBe(9);
      expect(error.message).toContain("The array filter for identifier 'y' was not used in the update");
    }
    const fam = await failure(coll.findOneAndUpdate({ _id: 'none' }, { $set: { grades: [] } }, { arrayFilters: [{ x: 1 }] }));
    expect(fam.code).toBe(9);
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, grades: [1, 2] });
  });

  it('refuses an identifier with no array filter (BadValue), even when nothing matches', async () => {
    const coll = await fresh('students', [{ _id: 1, grades: [1, 2] }]);
    for (const filter of [{ _id: 1 }, { _id: 'none' }]) {
      const error = await failure(coll.updateMany(filter, { $set: { 'grades.$[y]': 0 } }, { arrayFilters: [] }));
      expect(error.code).toBe(2);
      expect(error.message).toContain("No array filter found for identifier 'y' in path 'grades.$[y]'");
    }
  });
});

describe('replacements', () => {
  it('keeps the original _id, first in the document, when the replacement has none', async () => {
    const coll = await fresh('replace', [
      { _id: 1, a: 1, b: 1 },
      { _id: 2, a: 2, b: 2 },
    ]);
    expect(await coll.replaceOne({ a: 1 }, { c: 3 })).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, c: 3 });
    const after = await coll.findOneAndReplace({ $and: [{ a: 2 }, { b: { $gt: 1 } }] }, { d: 4 }, { returnDocument: 'after' });
    expect(after).toEqual({ _id: 2, d: 4 });
    expect(Object.keys(after ?? {})).toEqual(['_id', 'd']);
    const before = await coll.findOneAndReplace({ _id: 2 }, { e: 5, _id: 2 });
    expect(before).toEqual({ _id: 2, d: 4 });
    // A replacement that names _id keeps its own field order (mongod appends the replacement's fields).
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, e: 5 });
  });

  it('refuses a replacement with another _id (ImmutableField)', async () => {
    const coll = await fresh('replace', [{ _id: 1, a: 1 }]);
    const replace = await failure(coll.replaceOne({ _id: 1 }, { _id: 2, a: 2 }));
    expect(replace.code).toBe(66);
    expect(replace.message).toContain("the (immutable) field '_id' was found to have been altered to _id: 2");
    const fam = await failure(coll.findOneAndReplace({ a: 1 }, { _id: 3, a: 3 }));
    expect(fam.code).toBe(66);
    expect(await coll.find().toArray()).toEqual([{ _id: 1, a: 1 }]);
  });

  it('refuses update operators inside a replacement and plain fields inside an operator update', async () => {
    const coll = await fresh('replace', [{ _id: 1, a: 1 }]);
    // The driver sends these: it only looks at the first field.
    const operatorInReplacement = await failure(coll.replaceOne({ _id: 1 }, { a: 2, $set: { b: 1 } }));
    expect(operatorInReplacement.code).toBe(52);
    expect(operatorInReplacement.message).toContain("The dollar ($) prefixed field '$set' in '$set'");
    const famReplacement = await failure(coll.findOneAndReplace({ _id: 1 }, { a: 2, $inc: { b: 1 } }));
    expect(famReplacement.code).toBe(52);
    const plainInUpdate = await failure(coll.updateOne({ _id: 1 }, { $set: { a: 2 }, b: 3 } as Document));
    expect(plainInUpdate.code).toBe(9);
    expect(plainInUpdate.message).toContain('Unknown modifier: b');
    const famUpdate = await failure(coll.findOneAndUpdate({ _id: 1 }, { $set: { a: 2 }, b: 3 } as Document));
    expect(famUpdate.code).toBe(9);
    // Nothing matched: the update is still parsed and refused.
    const unmatched = await failure(coll.updateOne({ _id: 'none' }, { $set: { a: 2 }, b: 3 } as Document));
    expect(unmatched.code).toBe(9);
    expect(await coll.find().toArray()).toEqual([{ _id: 1, a: 1 }]);
  });

  it('refuses a replacement where only an update is allowed', async () => {
    const coll = await fresh('replace', [{ _id: 1, a: 1 }]);
    // The driver refuses these itself...
    await expect(coll.updateOne({ _id: 1 }, { a: 2 })).rejects.toThrow('Update document requires atomic operators');
    await expect(coll.findOneAndUpdate({ _id: 1 }, { a: 2 })).rejects.toThrow('Update document requires atomic operators');
    // ...and the server refuses what reaches it: a multi-document replacement.
    const reply = await db.command({ update: 'replace', updates: [{ q: {}, u: { a: 2 }, multi: true }] });
    expect(reply.ok).toBe(1);
    expect(reply.writeErrors).toEqual([
      expect.objectContaining({ index: 0, code: 9, errmsg: 'multi update is not supported for replacement-style update' }),
    ]);
    // A single replacement through the update command is a replacement.
    const single = await db.command({ update: 'replace', updates: [{ q: { _id: 1 }, u: { a: 3 } }] });
    expect(single).toMatchObject({ n: 1, nModified: 1 });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, a: 3 });
  });
});

describe('upserts', () => {
  it('builds the new document from the equalities inside $and, never from $or', async () => {
    const coll = await fresh('upserts', []);
    const and = await coll.updateOne({ $and: [{ a: 1 }, { b: 2 }] }, { $set: { c: 3 } }, { upsert: true });
    expect(and.upsertedCount).toBe(1);
    expect(await coll.findOne({ _id: and.upsertedId ?? undefined }, { projection: { _id: 0 } })).toEqual({ a: 1, b: 2, c: 3 });

    const or = await coll.updateOne({ $or: [{ a: 10 }, { b: 20 }] }, { $set: { c: 30 } }, { upsert: true });
    expect(await coll.findOne({ _id: or.upsertedId ?? undefined }, { projection: { _id: 0 } })).toEqual({ c: 30 });

    // A single-branch $or is that branch; nested $and, dotted paths and $eq are equalities; ranges,
    // $in, $elemMatch, $exists and $expr are not.
    const nested = await coll.updateOne(
      {
        $and: [
          { $or: [{ k: 'one' }] },
          { $and: [{ 'x.y': 1 }, { z: { $eq: 2 } }] },
          { w: { $gt: 1 } },
          { v: { $in: [1, 2] } },
          { u: { $elemMatch: { $gt: 1 } } },
          { t: { $exists: true } },
          { $expr: { $eq: ['$s', 1] } },
        ],
      },
      { $set: { done: true } },
      { upsert: true },
    );
    expect(await coll.findOne({ _id: nested.upsertedId ?? undefined }, { projection: { _id: 0 } })).toEqual({
      k: 'one',
      x: { y: 1 },
      z: 2,
      done: true,
    });

    const fam = await coll.findOneAndUpdate(
      { $and: [{ _id: 'fixed' }, { n: 1 }] },
      { $inc: { n: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(fam).toEqual({ _id: 'fixed', n: 2 });
  });

  it('refuses a path the $and sets twice', async () => {
    const coll = await fresh('upserts', []);
    const twice = await failure(coll.updateOne({ $and: [{ a: 1 }, { a: 2 }] }, { $set: { b: 1 } }, { upsert: true }));
    expect(twice.code).toBe(54);
    expect(twice.message).toContain("cannot infer query fields to set, path 'a' is matched twice");
    const both = await failure(coll.updateOne({ $and: [{ a: { b: 1 } }, { 'a.c': 2 }] }, { $set: { d: 1 } }, { upsert: true }));
    expect(both.code).toBe(54);
    expect(await coll.countDocuments()).toBe(0);
  });

  it('takes only the _id of the query into a replacement upsert', async () => {
    const coll = await fresh('upserts', []);
    const withId = await coll.replaceOne({ $and: [{ a: 1 }, { _id: 7 }] }, { b: 2 }, { upsert: true });
    expect(withId.upsertedId).toBe(7);
    expect(await coll.findOne({ _id: 7 })).toEqual({ _id: 7, b: 2 });
    const withoutId = await coll.replaceOne({ a: 5 }, { b: 5 }, { upsert: true });
    expect(withoutId.upsertedCount).toBe(1);
    const stored = await coll.findOne({ _id: withoutId.upsertedId ?? undefined });
    expect(stored).toEqual({ _id: withoutId.upsertedId, b: 5 });
    const fam = await coll.findOneAndReplace({ $or: [{ c: 1 }] }, { d: 1 }, { upsert: true, returnDocument: 'after' });
    expect(fam).toEqual({ _id: expect.anything(), d: 1 });
  });
});

describe('field names with $ and . (MongoDB 5+)', () => {
  const RECORD = {
    _id: 1,
    part: 'AB305',
    $bin: 200,
    quantity: 100,
    pricing: { sale: true, $discount: 60 },
    'price.usd': 5,
    nested: { 'a.b': 1, $inc: true },
  };

  it('stores and returns $-prefixed and dotted field names, top-level and embedded', async () => {
    const coll = await fresh('dollars', []);
    await coll.insertOne(RECORD);
    await coll.insertMany([{ _id: 2, $id: 'h1961-01', location: { $db: 'novels', $ref: '2007042768', $inc: true } }]);
    expect(await coll.findOne({ _id: 1 })).toEqual(RECORD);
    expect(await coll.findOne({ _id: 2 })).toEqual({
      _id: 2,
      $id: 'h1961-01',
      location: { $db: 'novels', $ref: '2007042768', $inc: true },
    });
    // Dotted names are not paths: a query on 'price.usd' looks for price: { usd }.
    expect(await coll.countDocuments({ 'price.usd': 5 })).toBe(0);
    expect(await coll.countDocuments({ 'pricing.$discount': 60 })).toBe(1);
  });

  it("refuses $-prefixed fields inside _id with mongod's error", async () => {
    const coll = await fresh('dollars', []);
    for (const _id of [{ $a: 1 }, { a: { $b: 1 } }]) {
      const error = await failure(coll.insertOne({ _id, x: 1 } as Document as Doc));
      expect(error.code).toBe(52);
      expect(error.message).toMatch(/^_id fields may not contain '\$'-prefixed fields: \$[ab] is not valid for storage\.$/);
    }
    expect(await coll.countDocuments()).toBe(0);
  });

  it('reads them through $getField and $literal, in queries and in aggregation', async () => {
    const coll = await fresh('dollars', [RECORD]);
    const unknown = await failure(coll.find({ $bin: 200 }).toArray());
    expect(unknown.code).toBe(2);
    expect(unknown.message).toBe(
      "unknown top level operator: $bin. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.",
    );
    const bin = { $expr: { $eq: [{ $getField: { $literal: '$bin' } }, 200] } };
    expect(await coll.countDocuments(bin)).toBe(1);
    const modified = await coll.findOneAndUpdate(bin, { $inc: { quantity: 10 } }, { returnDocument: 'after' });
    expect(modified).toMatchObject({ $bin: 200, quantity: 110 });
    const projected = await coll
      .aggregate([
        {
          $project: {
            _id: 0,
            bin: { $getField: { $literal: '$bin' } },
            usd: { $getField: 'price.usd' },
            discount: { $getField: { field: { $literal: '$discount' }, input: '$pricing' } },
            literal: { $literal: '$bin' },
          },
        },
      ])
      .toArray();
    expect(projected).toEqual([{ bin: 200, usd: 5, discount: 60, literal: '$bin' }]);
    const set = await coll
      .aggregate([
        { $replaceWith: { $setField: { field: 'price.usd', input: '$$ROOT', value: 6 } } },
        { $replaceWith: { $setField: { field: { $literal: '$bin' }, input: '$$ROOT', value: '$$REMOVE' } } },
        {
          $project: {
            _id: 0,
            part: 1,
            usd: { $getField: 'price.usd' },
            hasBin: { $gt: [{ $getField: { $literal: '$bin' } }, null] },
          },
        },
      ])
      .toArray();
    expect(set).toEqual([{ part: 'AB305', usd: 6, hasBin: false }]);
  });

  it('updates embedded $-prefixed fields by path, top-level ones only through a pipeline', async () => {
    const coll = await fresh('dollars', [
      { _id: 'E123', address: { $number: 123, $street: 'Elm Road' }, $rooms: { br: 2, bath: 1 } },
    ]);
    await coll.updateOne({ _id: 'E123' }, { $set: { 'address.$street': 'Elm Ave' } });
    expect(await coll.findOne({ _id: 'E123' })).toEqual({
      _id: 'E123',
      address: { $number: 123, $street: 'Elm Ave' },
      $rooms: { br: 2, bath: 1 },
    });
    const operator = await failure(coll.updateOne({ _id: 'E123' }, { $set: { $rooms: { br: 3 } } }));
    expect(operator.code).toBe(52);
    expect(operator.message).toContain("The dollar ($) prefixed field '$rooms' in '$rooms'");
    const replacement = await failure(coll.replaceOne({ _id: 'E123' }, { address: {}, $rooms: { br: 3 } }));
    expect(replacement.code).toBe(52);
    await coll.updateOne({ _id: 'E123' }, [
      { $replaceWith: { $setField: { field: { $literal: '$rooms' }, input: '$$ROOT', value: { br: 3 } } } },
      { $replaceWith: { $setField: { field: { $literal: '$term' }, input: '$$ROOT', value: 'Spring' } } },
    ]);
    expect(await coll.findOne({ _id: 'E123' })).toEqual({
      _id: 'E123',
      address: { $number: 123, $street: 'Elm Ave' },
      $rooms: { br: 3 },
      $term: 'Spring',
    });
    // A replacement may hold $-prefixed fields below the top level.
    await coll.replaceOne({ _id: 'E123' }, { address: { $street: 'Oak Lane' } });
    expect(await coll.findOne({ _id: 'E123' })).toEqual({ _id: 'E123', address: { $street: 'Oak Lane' } });
  });

  it('lets an upsert insert a top-level $-prefixed field that an update of an existing document may not set', async () => {
    const coll = await fresh('expenses', []);
    const update = { $set: { phone: 25.17, $hotel: 320.1 } };
    const inserted = await coll.updateOne({ date: '2021-07-07' }, update, { upsert: true });
    expect(inserted.upsertedCount).toBe(1);
    expect(await coll.findOne({ date: '2021-07-07' }, { projection: { _id: 0 } })).toEqual({
      date: '2021-07-07',
      phone: 25.17,
      $hotel: 320.1,
    });
    const again = await failure(coll.updateOne({ date: '2021-07-07' }, { $set: { phone: 1, $hotel: 1 } }, { upsert: true }));
    expect(again.code).toBe(52);
  });
});

describe('server-side JavaScript is disabled', () => {
  const WHERE = { $where: 'this.a == 1' };
  const NO_ENGINE = { code: 6108304, message: 'no globalScriptEngine in $where parsing' };
  const NOT_ALLOWED = { code: 2, message: '$where is not allowed in this context' };

  it('refuses $where in query filters as mongod does without a script engine, even on an empty collection', async () => {
    for (const name of ['scripted', 'no_such_collection']) {
      const coll = name === 'scripted' ? await fresh(name, [{ _id: 1, a: 1 }]) : db.collection<Doc>(name);
      const find = await failure(coll.find(WHERE).toArray());
      expect(find).toMatchObject({ ...NO_ENGINE, codeName: 'Location6108304' });
      expect(await failure(coll.find({ $or: [{ b: 1 }, WHERE] }).toArray())).toMatchObject(NO_ENGINE);
      expect(await failure(db.command({ count: name, query: WHERE }))).toMatchObject(NO_ENGINE);
      expect(await failure(coll.distinct('a', WHERE))).toMatchObject(NO_ENGINE);
      expect(await failure(coll.updateMany(WHERE, { $set: { b: 1 } }))).toMatchObject(NO_ENGINE);
      expect(await failure(coll.deleteMany(WHERE))).toMatchObject(NO_ENGINE);
      expect(await failure(coll.findOneAndUpdate(WHERE, { $set: { b: 1 } }))).toMatchObject(NO_ENGINE);
      expect(await failure(coll.findOneAndReplace(WHERE, { b: 1 }))).toMatchObject(NO_ENGINE);
      expect(await failure(coll.findOneAndDelete(WHERE))).toMatchObject(NO_ENGINE);
    }
    expect(await db.collection('scripted').find().toArray()).toEqual([{ _id: 1, a: 1 }]);
  });

  it('refuses $where where mongod never allows it: $match stages, array filters, below the top level', async () => {
    const coll = await fresh('scripted', [{ _id: 1, a: 1, list: [{ b: 1 }] }]);
    expect(await failure(coll.aggregate([{ $match: WHERE }]).toArray())).toMatchObject(NOT_ALLOWED);
    expect(await failure(coll.aggregate([{ $sort: { a: 1 } }, { $match: { $and: [WHERE] } }]).toArray())).toMatchObject(
      NOT_ALLOWED,
    );
    // countDocuments is an aggregation.
    expect(await failure(coll.countDocuments(WHERE))).toMatchObject(NOT_ALLOWED);
    expect(
      await failure(
        coll.updateOne({ _id: 1 }, { $set: { 'list.$[x].c': 1 } }, { arrayFilters: [{ $or: [{ 'x.b': 1 }, WHERE] }] }),
      ),
    ).toMatchObject(NOT_ALLOWED);
    expect(await failure(coll.find({ list: { $elemMatch: WHERE } }).toArray())).toMatchObject({
      code: 2,
      message: '$where can only be applied to the top-level document',
    });
  });

  it('refuses $function and $accumulator when they run', async () => {
    const coll = await fresh('scripted', [{ _id: 1, a: 1 }]);
    const fn = { $function: { body: 'function (a) { return a + 1; }', args: ['$a'], lang: 'js' } };
    const expected = {
      code: 31264,
      codeName: 'Location31264',
      message: 'Cannot run server-side javascript without the javascript engine enabled',
    };
    expect(await failure(coll.aggregate([{ $addFields: { b: fn } }]).toArray())).toMatchObject(expected);
    expect(await failure(coll.find({ $expr: { $eq: [fn, 2] } }).toArray())).toMatchObject(expected);
    const accumulator = {
      $accumulator: {
        init: 'function () { return 0; }',
        accumulate: 'function (s, a) { return s + a; }',
        accumulateArgs: ['$a'],
        merge: 'function (x, y) { return x + y; }',
        lang: 'js',
      },
    };
    expect(await failure(coll.aggregate([{ $group: { _id: null, total: accumulator } }]).toArray())).toMatchObject(expected);
  });
});
