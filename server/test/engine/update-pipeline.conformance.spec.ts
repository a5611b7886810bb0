/**
 * Conformance: updates with an aggregation pipeline keep MongoDB's numeric type rules (manual: "Updates with
 * Aggregation Pipeline", $add, $multiply, $subtract, $divide; BSON types), checked on the stored value with
 * `$type`, through the official driver. Runs against the embedded engine, or MongoDB when MONGODB_TEST_URI is set.
 */
import { type Collection, type Db, Decimal128, Double, Int32, Long, MongoClient } from 'mongodb';

/** The documents of these tests: numeric ids. */
interface Doc {
  _id: number;
  [field: string]: unknown;
}
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

let counter = 0;
async function collection(docs: object[]): Promise<Collection<Doc>> {
  counter += 1;
  const coll = db.collection<Doc>(`pipeline_${counter}`);
  await coll.insertMany(docs as never[]);
  return coll;
}

/** Each document's fields with the BSON type MongoDB stored, by `_id`. */
async function storedTypes(coll: Collection<Doc>, fields: string[]): Promise<Record<string, Record<string, unknown>>> {
  const project = Object.fromEntries(
    fields.flatMap((f) => [
      [f, 1],
      [`${f}Type`, { $type: `$${f}` }],
    ]),
  );
  const docs = await coll.aggregate([{ $sort: { _id: 1 } }, { $project: project }]).toArray();
  return Object.fromEntries(docs.map(({ _id, ...rest }) => [String(_id), rest]));
}

describe('update pipelines keep numeric types', () => {
  it('int32 + int32 literal stays int32; at the int32 limit it becomes a long; int + double is a double', async () => {
    const coll = await collection([
      { _id: 1, n: 1 },
      { _id: 2, n: 2147483647 },
      { _id: 3, n: new Double(1.5) },
      { _id: 4, n: new Double(2) },
      { _id: 5, n: Long.fromNumber(5) },
      { _id: 6, n: Decimal128.fromString('1.5') },
    ]);
    const result = await coll.updateMany({}, [{ $set: { n: { $add: ['$n', 1] } } }]);
    expect(result.modifiedCount).toBe(6);
    expect(await storedTypes(coll, ['n'])).toEqual({
      '1': { n: 2, nType: 'int' },
      '2': { n: 2147483648, nType: 'long' },
      '3': { n: 2.5, nType: 'double' },
      '4': { n: 3, nType: 'double' },
      '5': { n: 6, nType: 'long' },
      '6': { n: Decimal128.fromString('2.5'), nType: 'decimal' },
    });
  });

  it('an explicit Int32 literal, $multiply, $subtract and $divide follow the same rules', async () => {
    const coll = await collection([{ _id: 1, n: 3, price: 10 }]);
    await coll.updateOne({ _id: 1 }, [
      {
        $set: {
          plus: { $add: ['$n', new Int32(4)] },
          times: { $multiply: ['$n', '$price'] },
          timesDouble: { $multiply: ['$n', new Double(2)] },
          big: { $multiply: ['$price', 1000000000] },
          minus: { $subtract: ['$price', '$n'] },
          half: { $divide: ['$price', 2] },
          literalDouble: new Double(5),
        },
      },
    ]);
    expect(await storedTypes(coll, ['plus', 'times', 'timesDouble', 'big', 'minus', 'half', 'literalDouble'])).toEqual({
      '1': {
        plus: 7,
        plusType: 'int',
        times: 30,
        timesType: 'int',
        timesDouble: 6,
        timesDoubleType: 'double',
        big: 10000000000,
        bigType: 'long',
        minus: 7,
        minusType: 'int',
        half: 5,
        halfType: 'double',
        literalDouble: 5,
        literalDoubleType: 'double',
      },
    });
  });

  it('a counter incremented by a pipeline many times stays an int32 (what $inc would do)', async () => {
    const coll = await collection([{ _id: 1, visits: 0 }]);
    for (let i = 0; i < 5; i++) await coll.updateOne({ _id: 1 }, [{ $set: { visits: { $add: ['$visits', 1] } } }]);
    expect(await storedTypes(coll, ['visits'])).toEqual({ '1': { visits: 5, visitsType: 'int' } });
  });

  it('findOneAndUpdate with a pipeline and an upsert keep the types too', async () => {
    const coll = await collection([{ _id: 1, n: Long.fromNumber(10) }]);
    await coll.findOneAndUpdate({ _id: 1 }, [{ $set: { n: { $add: ['$n', 1] }, m: { $add: [{ $ifNull: ['$m', 0] }, 2] } } }]);
    await coll.updateOne({ _id: 2 }, [{ $set: { n: { $add: [{ $ifNull: ['$n', 0] }, 1] } } }], { upsert: true });
    expect(await storedTypes(coll, ['n', 'm'])).toEqual({
      '1': { n: 11, nType: 'long', m: 2, mType: 'int' },
      '2': { n: 1, nType: 'int', mType: 'missing' },
    });
  });

  it('$toLong, $toDouble and $toInt convert with the type asked for', async () => {
    const coll = await collection([{ _id: 1, s: '42', d: new Double(7.9) }]);
    await coll.updateOne({ _id: 1 }, [{ $set: { l: { $toLong: '$s' }, f: { $toDouble: '$s' }, i: { $toInt: '$d' } } }]);
    expect(await storedTypes(coll, ['l', 'f', 'i'])).toEqual({
      '1': { l: 42, lType: 'long', f: 42, fType: 'double', i: 7, iType: 'int' },
    });
  });

  it('$map, $filter, $reduce, $let and $switch keep element types (manual: order line totals)', async () => {
    const coll = await collection([
      {
        _id: 1,
        lines: [
          { qty: 2, price: Long.fromNumber(300) },
          { qty: 1, price: new Double(2.5) },
          { qty: 3, price: 10 },
        ],
      },
    ]);
    await coll.updateOne({ _id: 1 }, [
      {
        $set: {
          totals: { $map: { input: '$lines', as: 'l', in: { $multiply: ['$$l.qty', '$$l.price'] } } },
          units: { $reduce: { input: '$lines', initialValue: 0, in: { $add: ['$$value', '$$this.qty'] } } },
          bulk: { $size: { $filter: { input: '$lines', cond: { $gte: ['$$this.qty', 2] } } } },
          doubled: { $let: { vars: { u: { $arrayElemAt: ['$lines.qty', 0] } }, in: { $multiply: ['$$u', 2] } } },
          size: { $switch: { branches: [{ case: { $gt: [{ $size: '$lines' }, 2] }, then: 'large' }], default: 'small' } },
        },
      },
      { $set: { totalTypes: { $map: { input: '$totals', in: { $type: '$$this' } } } } },
    ]);
    const [doc] = await coll
      .aggregate([
        {
          $project: {
            totalTypes: 1,
            units: 1,
            unitsType: { $type: '$units' },
            bulk: 1,
            doubled: 1,
            doubledType: { $type: '$doubled' },
            size: 1,
          },
        },
      ])
      .toArray();
    expect(doc).toEqual({
      _id: 1,
      totalTypes: ['long', 'double', 'int'],
      units: 6,
      unitsType: 'int',
      bulk: 2,
      doubled: 4,
      doubledType: 'int',
      size: 'large',
    });
  });
});
