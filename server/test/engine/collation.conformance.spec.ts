/**
 * Conformance: collations (locale, strength 1–3, caseFirst, numericOrdering) as mongod 7.0 applies them
 * through the driver: find filters and sort, count, distinct, aggregate ($match, $sort, $group), update,
 * delete and findAndModify filters, unique indexes built with a collation, the collection's default
 * collation, and the refusal of an invalid collation with mongod's codes. Chinese member names sort by
 * pinyin under `{ locale: 'zh' }` as ICU (mongod's and Node's) orders them.
 * Runs against the embedded engine, or a real MongoDB when MONGODB_TEST_URI is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CollationOptions, type Collection, type Db, type Document, MongoClient, MongoServerError } from 'mongodb';
import { describeEmbeddedOnly, startTestDatabase, type TestDatabase } from '../support/test-database';

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

interface Doc extends Document {
  _id: number;
}

async function fresh(name: string, docs: Document[]): Promise<Collection<Doc>> {
  await db
    .collection(name)
    .drop()
    .catch(() => undefined);
  const coll = db.collection<Doc>(name);
  if (docs.length > 0) await coll.insertMany(docs as Doc[]);
  return coll;
}

const ZH = { locale: 'zh' };
const MEMBERS = [
  { _id: 1, name: '张三' },
  { _id: 2, name: '李四' },
  { _id: 3, name: '王五' },
  { _id: 4, name: '赵六' },
  { _id: 5, name: '陈七' },
];

// The manual's collation examples: café / cafe / Cafe / CAFE.
const CAFES = [
  { _id: 1, category: 'café' },
  { _id: 2, category: 'cafe' },
  { _id: 3, category: 'cafE' },
  { _id: 4, category: 'Cafe' },
];

describe('sort and compare under { locale: "zh" }', () => {
  it('sorts Chinese names by pinyin (陈 chen < 李 li < 王 wang < 张 zhang < 赵 zhao); binary order differs', async () => {
    const coll = await fresh('members_zh', MEMBERS);
    const names = (await coll.find({}, { sort: { name: 1 }, collation: ZH }).toArray()).map((d) => d.name);
    expect(names).toEqual(['陈七', '李四', '王五', '张三', '赵六']);
    const desc = (await coll.find({}, { sort: { name: -1 }, collation: ZH }).toArray()).map((d) => d.name);
    expect(desc).toEqual(['赵六', '张三', '王五', '李四', '陈七']);
    // Without a collation strings compare by code point: 张 U+5F20 < 李 U+674E < 王 U+738B < 赵 U+8D75 < 陈 U+9648.
    const binary = (await coll.find({}, { sort: { name: 1 } }).toArray()).map((d) => d.name);
    expect(binary).toEqual(['张三', '李四', '王五', '赵六', '陈七']);
  });

  it('range predicates compare by pinyin: names before 王 (wang)', async () => {
    const coll = await fresh('members_zh', MEMBERS);
    const before = await coll.find({ name: { $lt: '王' } }, { sort: { name: 1 }, collation: ZH }).toArray();
    expect(before.map((d) => d.name)).toEqual(['陈七', '李四']);
    expect(await coll.countDocuments({ name: { $gte: '王' } }, { collation: ZH })).toBe(3);
    expect(await coll.countDocuments({ name: { $gte: '王' } })).toBe(3); // 王五 赵六 陈七 by code point
    const binary = await coll.find({ name: { $gte: '王' } }, { sort: { _id: 1 } }).toArray();
    expect(binary.map((d) => d._id)).toEqual([3, 4, 5]);
  });

  it('aggregate $sort and $match follow the collation', async () => {
    const coll = await fresh('members_zh', MEMBERS);
    const out = await coll
      .aggregate([{ $match: { name: { $gt: '李' } } }, { $sort: { name: 1 } }, { $project: { _id: 0, name: 1 } }], {
        collation: ZH,
      })
      .toArray();
    expect(out.map((d) => d.name)).toEqual(['李四', '王五', '张三', '赵六']);
    // A $sort after a stage the planner cannot push down still sorts under the collation.
    const late = await coll.aggregate([{ $project: { name: 1 } }, { $sort: { name: 1 } }], { collation: ZH }).toArray();
    expect(late.map((d) => d._id)).toEqual([5, 2, 3, 1, 4]);
  });
});

describe('strength', () => {
  it('strength 1 ignores case and accents, strength 2 case only, strength 3 (default) neither', async () => {
    const coll = await fresh('cafes', CAFES);
    const ids = async (collation: CollationOptions) =>
      (await coll.find({ category: 'cafe' }, { collation, sort: { _id: 1 } }).toArray()).map((d) => d._id);
    expect(await ids({ locale: 'fr', strength: 1 })).toEqual([1, 2, 3, 4]);
    expect(await ids({ locale: 'fr', strength: 2 })).toEqual([2, 3, 4]);
    expect(await ids({ locale: 'fr', strength: 3 })).toEqual([2]);
    expect(await ids({ locale: 'fr' })).toEqual([2]);
    expect(await ids({ locale: 'simple' })).toEqual([2]);
  });

  it('$in, $ne and $nin compare under the collation', async () => {
    const coll = await fresh('cafes', CAFES);
    const collation = { locale: 'en', strength: 2 };
    expect(await coll.countDocuments({ category: { $in: ['CAFE'] } }, { collation })).toBe(3);
    expect(await coll.countDocuments({ category: { $ne: 'CAFE' } }, { collation })).toBe(1);
    expect(await coll.countDocuments({ category: { $nin: ['CAFÉ'] } }, { collation })).toBe(3);
  });

  it('update, delete and findOneAndUpdate filters match under the statement collation', async () => {
    const coll = await fresh('cafes', CAFES);
    const collation = { locale: 'en', strength: 2 };
    const updated = await coll.updateMany({ category: 'CAFE' }, { $set: { hit: true } }, { collation });
    expect(updated.matchedCount).toBe(3);
    const found = await coll.findOneAndUpdate(
      { category: 'CAFÉ' },
      { $set: { accent: true } },
      { collation, returnDocument: 'after' },
    );
    expect(found).toMatchObject({ _id: 1, accent: true });
    const deleted = await coll.deleteMany({ category: 'CAFE' }, { collation: { locale: 'en', strength: 1 } });
    expect(deleted.deletedCount).toBe(4);
  });

  it('caseFirst upper sorts upper case first at strength 3', async () => {
    const coll = await fresh('cases', [
      { _id: 1, v: 'a' },
      { _id: 2, v: 'A' },
      { _id: 3, v: 'b' },
      { _id: 4, v: 'B' },
    ]);
    const sorted = async (collation: CollationOptions) =>
      (await coll.find({}, { sort: { v: 1 }, collation }).toArray()).map((d) => d.v);
    expect(await sorted({ locale: 'en' })).toEqual(['a', 'A', 'b', 'B']);
    expect(await sorted({ locale: 'en', caseFirst: 'upper' })).toEqual(['A', 'a', 'B', 'b']);
    expect(await sorted({ locale: 'simple' })).toEqual(['A', 'B', 'a', 'b']);
  });
});

describe('numericOrdering', () => {
  it("sorts 'M2' before 'M10' and compares digits as numbers", async () => {
    const coll = await fresh('cards', [
      { _id: 1, card: 'M10' },
      { _id: 2, card: 'M2' },
      { _id: 3, card: 'M1' },
      { _id: 4, card: 'M100' },
    ]);
    const collation = { locale: 'en', numericOrdering: true };
    const sorted = (await coll.find({}, { sort: { card: 1 }, collation }).toArray()).map((d) => d.card);
    expect(sorted).toEqual(['M1', 'M2', 'M10', 'M100']);
    const binary = (await coll.find({}, { sort: { card: 1 } }).toArray()).map((d) => d.card);
    expect(binary).toEqual(['M1', 'M10', 'M100', 'M2']);
    expect(await coll.countDocuments({ card: { $gt: 'M9' } }, { collation })).toBe(2);
  });
});

describe('distinct and $group', () => {
  it('distinct collapses the values the collation equates', async () => {
    const coll = await fresh('cafes', CAFES);
    const values = await coll.distinct('category', {}, { collation: { locale: 'en', strength: 2 } });
    expect(values).toHaveLength(2); // café, and one of cafe / cafE / Cafe
    expect(values).toContain('café');
    expect(await coll.distinct('category', {}, { collation: { locale: 'en', strength: 1 } })).toHaveLength(1);
    expect(await coll.distinct('category')).toHaveLength(4);
  });

  it('$group keys the collation equates form one group', async () => {
    const coll = await fresh('cafes', CAFES);
    const groups = await coll
      .aggregate([{ $group: { _id: '$category', n: { $sum: 1 } } }, { $sort: { n: -1 } }], {
        collation: { locale: 'en', strength: 2 },
      })
      .toArray();
    expect(groups.map((g) => g.n)).toEqual([3, 1]);
    expect(groups[1]._id).toBe('café');
    const binary = await coll.aggregate([{ $group: { _id: '$category', n: { $sum: 1 } } }]).toArray();
    expect(binary).toHaveLength(4);
  });
});

describe('Chinese member names under { locale: "zh" } in aggregation', () => {
  const NAMES = [...MEMBERS, { _id: 6, name: 'Alice' }, { _id: 7, name: '阿里' }, { _id: 8, name: 'zhang' }];

  it('Han names sort by pinyin and before Latin names, as ICU orders zh', async () => {
    const coll = await fresh('zh_mixed', NAMES);
    const sorted = await coll.find({}, { collation: ZH }).sort({ name: 1 }).toArray();
    expect(sorted.map((d) => d.name)).toEqual(['阿里', '陈七', '李四', '王五', '张三', '赵六', 'Alice', 'zhang']);
  });

  it('$min, $max, $addToSet and $push + $sort in $group compare names by pinyin', async () => {
    const coll = await fresh('zh_group', MEMBERS);
    const [out] = await coll
      .aggregate([{ $group: { _id: null, first: { $min: '$name' }, last: { $max: '$name' } } }], { collation: ZH })
      .toArray();
    expect(out).toEqual({ _id: null, first: '陈七', last: '赵六' });
    // Without the collation the order is binary (code points): 张 U+5F20 first, 陈 U+9648 last.
    const [binary] = await coll
      .aggregate([{ $group: { _id: null, first: { $min: '$name' }, last: { $max: '$name' } } }])
      .toArray();
    expect(binary).toEqual({ _id: null, first: '张三', last: '陈七' });
  });

  it('$expr comparisons and $in follow the collation', async () => {
    const coll = await fresh('zh_expr', MEMBERS);
    const before = await coll
      .find({ $expr: { $lt: ['$name', '王'] } }, { collation: ZH })
      .sort({ name: 1 })
      .collation(ZH)
      .toArray();
    expect(before.map((d) => d.name)).toEqual(['陈七', '李四']);
    const cafes = await fresh('cafes', CAFES);
    const matched = await cafes
      .aggregate([{ $match: { $expr: { $in: ['$category', ['CAFE']] } } }, { $sort: { _id: 1 } }], {
        collation: { locale: 'en', strength: 2 },
      })
      .toArray();
    expect(matched.map((d) => d._id)).toEqual([2, 3, 4]);
  });

  it('$bucket boundaries ascend by pinyin under zh (binary order would refuse them) and bucket by pinyin', async () => {
    const coll = await fresh('zh_bucket', MEMBERS);
    const buckets = await coll
      .aggregate(
        [{ $bucket: { groupBy: '$name', boundaries: ['阿', '李', '张', '座'], output: { names: { $push: '$name' } } } }],
        { collation: ZH },
      )
      .toArray();
    expect(buckets.map((b) => [b._id, [...b.names].sort()])).toEqual([
      ['阿', ['陈七']],
      ['李', ['李四', '王五'].sort()],
      ['张', ['张三', '赵六'].sort()],
    ]);
    const binary = await failure(
      coll.aggregate([{ $bucket: { groupBy: '$name', boundaries: ['阿', '李', '张', '座'], default: 'x' } }]).toArray(),
    );
    expect(binary.code).toBe(40194);
  });

  it('$sortByCount and $addToSet equate what the collation equates', async () => {
    const coll = await fresh('cafes', CAFES);
    const counted = await coll.aggregate([{ $sortByCount: '$category' }], { collation: { locale: 'en', strength: 2 } }).toArray();
    expect(counted.map((c) => c.count)).toEqual([3, 1]);
    const [set] = await coll
      .aggregate([{ $group: { _id: null, s: { $addToSet: '$category' } } }], { collation: { locale: 'en', strength: 1 } })
      .toArray();
    expect(set.s).toHaveLength(1);
  });

  it('$lookup matches localField and foreignField under the collation', async () => {
    await fresh('zh_orders', [
      { _id: 1, member: 'ALICE' },
      { _id: 2, member: 'bob' },
    ]);
    const members = await fresh('zh_members', [
      { _id: 1, name: 'alice' },
      { _id: 2, name: 'Bob' },
    ]);
    const joined = await members
      .aggregate(
        [{ $lookup: { from: 'zh_orders', localField: 'name', foreignField: 'member', as: 'orders' } }, { $sort: { _id: 1 } }],
        { collation: { locale: 'en', strength: 2 } },
      )
      .toArray();
    expect(joined.map((m) => m.orders.length)).toEqual([1, 1]);
    const binary = await members
      .aggregate([{ $lookup: { from: 'zh_orders', localField: 'name', foreignField: 'member', as: 'orders' } }])
      .toArray();
    expect(binary.map((m) => m.orders.length)).toEqual([0, 0]);
  });

  it('numericOrdering sorts 会员2 before 会员10', async () => {
    const coll = await fresh('zh_numeric', [
      { _id: 1, name: '会员10' },
      { _id: 2, name: '会员2' },
      { _id: 3, name: '会员1' },
    ]);
    const plain = await coll.find({}, { collation: ZH }).sort({ name: 1 }).toArray();
    expect(plain.map((d) => d.name)).toEqual(['会员1', '会员10', '会员2']);
    const numeric = await coll
      .find({}, { collation: { locale: 'zh', numericOrdering: true } })
      .sort({ name: 1 })
      .toArray();
    expect(numeric.map((d) => d.name)).toEqual(['会员1', '会员2', '会员10']);
  });

  it('strength 1 with caseLevel ignores accents but not case', async () => {
    const coll = await fresh('cafes', CAFES);
    const found = await coll
      .find({ category: 'cafe' }, { collation: { locale: 'en', strength: 1, caseLevel: true } })
      .sort({ _id: 1 })
      .toArray();
    expect(found.map((d) => d._id)).toEqual([1, 2]);
  });
});

describe('indexes with a collation', () => {
  it('a unique index with strength 2 refuses a case variant (E11000) and accepts an accent variant', async () => {
    const coll = await fresh('nicknames', [{ _id: 1, nick: 'Alice' }]);
    await coll.createIndex({ nick: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
    const duplicate = await failure(coll.insertOne({ _id: 2, nick: 'alice' }));
    expect(duplicate.code).toBe(11000);
    expect(duplicate.message).toContain('E11000 duplicate key error');
    await coll.insertOne({ _id: 3, nick: 'Alicé' });
    // An update into a case variant of another document's key is refused too.
    expect((await failure(coll.updateOne({ _id: 3 }, { $set: { nick: 'ALICE' } }))).code).toBe(11000);
    // Changing the case of its own key is no conflict.
    await coll.updateOne({ _id: 1 }, { $set: { nick: 'ALICE' } });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('building a unique collated index over case variants fails with E11000', async () => {
    const coll = await fresh('nicknames2', [
      { _id: 1, nick: 'Bob' },
      { _id: 2, nick: 'BOB' },
    ]);
    expect((await failure(coll.createIndex({ nick: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } }))).code).toBe(
      11000,
    );
    await coll.createIndex({ nick: 1 }, { unique: true }); // binary: no duplicate
  });

  it('listIndexes reports the full collation; a query with the same collation uses the index', async () => {
    const coll = await fresh('members_idx', MEMBERS);
    await coll.createIndex({ name: 1 }, { name: 'name_zh', collation: ZH });
    const spec = (await coll.listIndexes().toArray()).find((i) => i.name === 'name_zh');
    expect(spec?.collation).toMatchObject({ locale: 'zh', strength: 3, caseLevel: false, numericOrdering: false });
    const explain = await coll.find({ name: '王五' }, { collation: ZH }).explain();
    expect(JSON.stringify(explain.queryPlanner.winningPlan)).toContain('name_zh');
    expect((await coll.find({ name: '王五' }, { collation: ZH }).toArray()).map((d) => d._id)).toEqual([3]);
    const sorted = await coll.find({}, { sort: { name: 1 }, collation: ZH }).toArray();
    expect(sorted.map((d) => d.name)).toEqual(['陈七', '李四', '王五', '张三', '赵六']);
  });

  it('the same key may be indexed under two collations; each query uses the index of its own collation', async () => {
    const coll = await fresh('members_two', MEMBERS);
    await coll.createIndex({ name: 1 }, { name: 'name_binary' });
    await coll.createIndex({ name: 1 }, { name: 'name_zh', collation: ZH });
    // The same key and collation again under another name is refused as in mongod.
    expect((await failure(coll.createIndex({ name: 1 }, { name: 'name_zh2', collation: ZH }))).code).toBe(85);
    const planOf = async (collation?: CollationOptions) =>
      JSON.stringify((await coll.find({ name: '李四' }, collation ? { collation } : {}).explain()).queryPlanner.winningPlan);
    expect(await planOf(ZH)).toContain('name_zh');
    expect(await planOf()).toContain('name_binary');
    const sorted = await coll.find({}, { sort: { name: 1 }, collation: ZH }).toArray();
    expect(sorted.map((d) => d.name)).toEqual(['陈七', '李四', '王五', '张三', '赵六']);
  });

  it('a query whose collation differs from the index collation still answers right (the index is not used)', async () => {
    const coll = await fresh('cafes_idx', CAFES);
    await coll.createIndex({ category: 1 }, { collation: { locale: 'en', strength: 2 } });
    // Binary query: exact match only, although the index equates case variants.
    expect((await coll.find({ category: 'cafe' }).toArray()).map((d) => d._id)).toEqual([2]);
    // Strength 1 query: accents ignored too.
    expect(await coll.countDocuments({ category: 'CAFE' }, { collation: { locale: 'en', strength: 1 } })).toBe(4);
    // Binary sort, although the index orders under its collation.
    const binary = (await coll.find({}, { sort: { category: 1 } }).toArray()).map((d) => d.category);
    expect(binary).toEqual(['Cafe', 'cafE', 'cafe', 'café']);
    // The same collation as the index's.
    expect(await coll.countDocuments({ category: 'CAFE' }, { collation: { locale: 'en', strength: 2 } })).toBe(3);
    // A range under the index's collation gives the right documents (the binary-derived bounds are not trusted).
    expect(await coll.countDocuments({ category: { $gte: 'CAFE' } }, { collation: { locale: 'en', strength: 2 } })).toBe(4);
  });
});

describe('collection default collation', () => {
  it('queries, sorts and new indexes inherit it; an explicit simple collation overrides it', async () => {
    await db
      .collection('members_default')
      .drop()
      .catch(() => undefined);
    await db.createCollection('members_default', { collation: { locale: 'zh', strength: 2 } });
    const coll = db.collection<Doc>('members_default');
    await coll.insertMany([...MEMBERS, { _id: 6, name: 'Zoe' }]);
    const info = (await db.listCollections({ name: 'members_default' }).toArray())[0] as Document;
    expect(info.options.collation).toMatchObject({ locale: 'zh', strength: 2 });
    const names = (await coll.find({ name: { $ne: 'zoe' } }, { sort: { name: 1 } }).toArray()).map((d) => d.name);
    expect(names).toEqual(['陈七', '李四', '王五', '张三', '赵六']);
    expect(await coll.countDocuments({ name: 'ZOE' })).toBe(1);
    expect(await coll.countDocuments({ name: 'ZOE' }, { collation: { locale: 'simple' } })).toBe(0);
    await coll.createIndex({ name: 1 }, { unique: true });
    const spec = (await coll.listIndexes().toArray()).find((i) => i.name === 'name_1');
    expect(spec?.collation).toMatchObject({ locale: 'zh', strength: 2 });
    expect((await failure(coll.insertOne({ _id: 7, name: 'zoe' }))).code).toBe(11000);
  });
});

describe('invalid collations are refused as mongod refuses them', () => {
  it('unknown locale: BadValue 2 "Field \'locale\' is invalid in: …"', async () => {
    const coll = await fresh('cafes', CAFES);
    const error = await failure(coll.find({}, { collation: { locale: 'xx' } }).toArray());
    expect(error.code).toBe(2);
    expect(error.message).toContain("Field 'locale' is invalid in:");
    expect((await failure(coll.createIndex({ category: 1 }, { collation: { locale: 'xx' } }))).code).toBe(2);
    expect((await failure(coll.countDocuments({}, { collation: { locale: 'xx' } }))).code).toBe(2);
    expect((await failure(coll.updateOne({}, { $set: { a: 1 } }, { collation: { locale: 'xx' } }))).code).toBe(2);
  });

  it('strength out of range: FailedToParse 9; missing locale 40414; unknown field 40415', async () => {
    const coll = await fresh('cafes', CAFES);
    const strength = await failure(coll.find({}, { collation: { locale: 'en', strength: 8 } }).toArray());
    expect(strength.code).toBe(9);
    expect(strength.message).toContain("Field 'strength' must be an integer 1 through 5. Got: 8");
    expect((await failure(coll.find({}, { collation: { strength: 2 } as Document as { locale: string } }).toArray())).code).toBe(
      40414,
    );
    expect(
      (await failure(coll.find({}, { collation: { locale: 'en', colour: 'red' } as Document as { locale: string } }).toArray()))
        .code,
    ).toBe(40415);
  });
});

describeEmbeddedOnly('collations survive a restart on the same dbpath', () => {
  it('the collection default collation and a unique collated index are recovered', async () => {
    const dbpath = mkdtempSync(join(tmpdir(), 'collation-'));
    const { startEmbeddedMongo } = await import('../../src/database/embedded');
    try {
      for (const round of [0, 1, 2]) {
        // Each restart recovers the catalog (collection options, index specs) and rebuilds the collated index.
        const engine = await startEmbeddedMongo({ dbpath });
        const local = await MongoClient.connect(engine.uri);
        try {
          const coll = local.db('collation_restart').collection<Doc>('members');
          if (round === 0) {
            await local.db('collation_restart').createCollection('members', { collation: { locale: 'zh', strength: 2 } });
            await coll.createIndex({ nick: 1 }, { unique: true, collation: { locale: 'en', strength: 2 } });
            await coll.insertMany([...MEMBERS.map((m) => ({ ...m, nick: `n${m._id}` })), { _id: 6, name: 'Zoe', nick: 'Zed' }]);
          }
          expect((await failure(coll.insertOne({ _id: 10 + round, name: 'x', nick: 'ZED' }))).code).toBe(11000);
          expect(await coll.countDocuments({ name: 'ZOE' })).toBe(1);
          const names = (await coll.find({ _id: { $lte: 5 } }, { sort: { name: 1 } }).toArray()).map((d) => d.name);
          expect(names).toEqual(['陈七', '李四', '王五', '张三', '赵六']);
        } finally {
          await local.close();
          await engine.stop();
        }
      }
    } finally {
      rmSync(dbpath, { recursive: true, force: true });
    }
  });
});
