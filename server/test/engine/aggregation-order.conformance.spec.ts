/**
 * Conformance: ordering and equality in aggregation as MongoDB defines them (manual: "Comparison/Sort Order",
 * $sort, $group, $sortByCount, $bucket, $addToSet, $setUnion, comparison expression operators), through the
 * official driver. Runs against the embedded engine, or a real MongoDB when MONGODB_TEST_URI is set.
 */
import {
  type Collection,
  type Db,
  Decimal128,
  Double,
  Long,
  MaxKey,
  MinKey,
  MongoClient,
  MongoServerError,
  ObjectId,
  Timestamp,
  BSONRegExp,
  Binary,
} from 'mongodb';
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
async function collection(docs: object[]): Promise<Collection> {
  counter += 1;
  const coll = db.collection(`order_${counter}`);
  if (docs.length > 0) await coll.insertMany(docs as never[]);
  return coll;
}

async function failure(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse');
}

function ids(docs: Array<{ _id?: unknown }>): unknown[] {
  return docs.map((d) => d._id);
}

/** One value of every BSON type bracket, in MongoDB's comparison order (manual: Comparison/Sort Order). */
const ONE_OF_EACH = [
  { _id: 1, v: new MinKey() },
  { _id: 2, v: null },
  { _id: 3, v: 5 },
  { _id: 4, v: 'apple' },
  { _id: 5, v: { a: 1 } },
  { _id: 6, v: [] as unknown[] },
  { _id: 7, v: new Binary(Buffer.from('x')) },
  { _id: 8, v: new ObjectId('000000000000000000000001') },
  { _id: 9, v: false },
  { _id: 10, v: new Date(0) },
  { _id: 11, v: new Timestamp({ t: 1, i: 1 }) },
  { _id: 12, v: new BSONRegExp('a', '') },
  { _id: 13, v: new MaxKey() },
];

describe('$sort across BSON types', () => {
  it('orders MinKey < null < numbers < strings < objects < binData < ObjectId < bool < Date < Timestamp < regex < MaxKey', async () => {
    // Without the empty array (it sorts below null, see below), shuffled on insert.
    const docs = ONE_OF_EACH.filter((d) => d._id !== 6);
    const coll = await collection([...docs].reverse());
    const asc = await coll.aggregate([{ $sort: { v: 1 } }]).toArray();
    expect(ids(asc)).toEqual(docs.map((d) => d._id));
    const desc = await coll.aggregate([{ $sort: { v: -1 } }]).toArray();
    expect(ids(desc)).toEqual(docs.map((d) => d._id).reverse());
    // find's sort agrees with $sort.
    expect(ids(await coll.find().sort({ v: 1 }).toArray())).toEqual(docs.map((d) => d._id));
  });

  it('numbers of every type interleave by value; strings compare by code point', async () => {
    const coll = await collection([
      { _id: 1, v: Long.fromNumber(3) },
      { _id: 2, v: new Double(2.5) },
      { _id: 3, v: Decimal128.fromString('2.75') },
      { _id: 4, v: -1 },
      { _id: 5, v: 'Z' },
      { _id: 6, v: 'a' },
      { _id: 7, v: 'B' },
    ]);
    const sorted = await coll.aggregate([{ $sort: { v: 1 } }]).toArray();
    expect(ids(sorted)).toEqual([4, 2, 3, 1, 7, 5, 6]);
  });

  it('null and missing sort together, before numbers; an empty array sorts before both', async () => {
    const coll = await collection([{ _id: 1, v: 0 }, { _id: 2 }, { _id: 3, v: null }, { _id: 4, v: [] }]);
    const sorted = await coll.aggregate([{ $sort: { v: 1, _id: 1 } }]).toArray();
    expect(ids(sorted)).toEqual([4, 2, 3, 1]);
    const desc = await coll.aggregate([{ $sort: { v: -1, _id: 1 } }]).toArray();
    expect(ids(desc)).toEqual([1, 2, 3, 4]);
  });

  it('an array sorts by its smallest element ascending and by its largest descending (manual $sort example)', async () => {
    const coll = await collection([
      { _id: 'A', grades: [8, 1, 9] },
      { _id: 'B', grades: [5, 6] },
      { _id: 'C', grades: [3, 7] },
    ]);
    expect(ids(await coll.aggregate([{ $sort: { grades: 1 } }]).toArray())).toEqual(['A', 'C', 'B']);
    expect(ids(await coll.aggregate([{ $sort: { grades: -1 } }]).toArray())).toEqual(['A', 'C', 'B']);
    await coll.insertOne({ _id: 'D', grades: [2, 'x'] } as never);
    // Mixed types: the smallest element is the number 2, the largest the string 'x'.
    expect(ids(await coll.aggregate([{ $sort: { grades: 1 } }]).toArray())).toEqual(['A', 'D', 'C', 'B']);
    expect(ids(await coll.aggregate([{ $sort: { grades: -1 } }]).toArray())).toEqual(['D', 'A', 'C', 'B']);
  });

  it('a $sort after $group orders the group keys by MongoDB comparison', async () => {
    const coll = await collection(ONE_OF_EACH.map((d) => ({ ...d, _id: d._id + 100, k: d.v })));
    const groups = await coll.aggregate([{ $group: { _id: '$k', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray();
    expect(groups.map((g) => g.n)).toEqual(ONE_OF_EACH.map(() => 1));
    // $sort reads an array key as a sort key: the empty array sorts below null (after MinKey).
    expect(groups.map((g) => g._id)).toEqual([
      new MinKey(),
      [],
      null,
      5,
      'apple',
      { a: 1 },
      expect.any(Binary),
      new ObjectId('000000000000000000000001'),
      false,
      new Date(0),
      new Timestamp({ t: 1, i: 1 }),
      /a/,
      new MaxKey(),
    ]);
  });
});

describe('$group keys', () => {
  it('1, 1.0, NumberLong(1) and NumberDecimal("1.0") are one group; null and missing are one group (_id null)', async () => {
    const coll = await collection([
      { _id: 1, k: 1 },
      { _id: 2, k: new Double(1) },
      { _id: 3, k: Long.fromNumber(1) },
      { _id: 4, k: Decimal128.fromString('1.0') },
      { _id: 5, k: null },
      { _id: 6 },
      { _id: 7, k: '1' },
    ]);
    const groups = await coll.aggregate([{ $group: { _id: '$k', ids: { $push: '$_id' } } }, { $sort: { _id: 1 } }]).toArray();
    expect(groups.map((g) => [g._id, g.ids])).toEqual([
      [null, [5, 6]],
      [1, [1, 2, 3, 4]],
      ['1', [7]],
    ]);
  });

  it('documents with the same fields in another order are different keys; arrays are keys whole', async () => {
    const coll = await collection([
      { _id: 1, k: { a: 1, b: 2 } },
      { _id: 2, k: { b: 2, a: 1 } },
      { _id: 3, k: { a: 1, b: 2 } },
      { _id: 4, k: [1, 2] },
      { _id: 5, k: [2, 1] },
    ]);
    const groups = await coll.aggregate([{ $group: { _id: '$k', n: { $sum: 1 } } }]).toArray();
    expect(groups).toHaveLength(4);
    // Field order is kept in the key (toEqual ignores it).
    const documents = groups.filter((g) => !Array.isArray(g._id)).map((g) => [Object.keys(g._id).join(), g.n]);
    expect(documents).toEqual(
      expect.arrayContaining([
        ['a,b', 2],
        ['b,a', 1],
      ]),
    );
    expect(groups.filter((g) => Array.isArray(g._id)).map((g) => g._id)).toEqual(
      expect.arrayContaining([
        [1, 2],
        [2, 1],
      ]),
    );
    // An array key sorts by its smallest element (1 here): before the documents.
    const sorted = await coll.aggregate([{ $group: { _id: '$k' } }, { $sort: { _id: 1 } }]).toArray();
    expect(sorted.map((g) => Array.isArray(g._id))).toEqual([true, true, false, false]);
    expect(Object.keys(sorted[2]._id)).toEqual(['a', 'b']);
  });

  it('a compound key leaves a missing field out, so { x: missing } and { x: null } are two groups', async () => {
    const coll = await collection([{ _id: 1 }, { _id: 2, x: null }, { _id: 3, x: 1 }]);
    const groups = await coll.aggregate([{ $group: { _id: { x: '$x' }, n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray();
    expect(groups).toEqual([
      { _id: {}, n: 1 },
      { _id: { x: null }, n: 1 },
      { _id: { x: 1 }, n: 1 },
    ]);
  });

  it('$min and $max accumulate in MongoDB order across types and ignore null and missing', async () => {
    const coll = await collection([
      { _id: 1, v: 10 },
      { _id: 2, v: 'abc' },
      { _id: 3, v: null },
      { _id: 4 },
      { _id: 5, v: new Date(0) },
      { _id: 6, v: true },
    ]);
    const [all] = await coll.aggregate([{ $group: { _id: null, min: { $min: '$v' }, max: { $max: '$v' } } }]).toArray();
    expect(all).toEqual({ _id: null, min: 10, max: new Date(0) });
    const [empty] = await coll
      .aggregate([{ $match: { _id: { $in: [3, 4] } } }, { $group: { _id: null, min: { $min: '$v' }, max: { $max: '$v' } } }])
      .toArray();
    expect(empty).toEqual({ _id: null, min: null, max: null });
  });

  it('$first / $last give null for a missing field; $push skips it', async () => {
    const coll = await collection([{ _id: 1 }, { _id: 2, v: 2 }, { _id: 3 }]);
    const [out] = await coll
      .aggregate([
        { $sort: { _id: 1 } },
        { $group: { _id: null, first: { $first: '$v' }, last: { $last: '$v' }, all: { $push: '$v' } } },
      ])
      .toArray();
    expect(out).toEqual({ _id: null, first: null, last: null, all: [2] });
  });
});

describe('accumulators and arithmetic keep BSON numeric types', () => {
  it('$sum of int32 stays int32, overflows to long; any double gives a double; a decimal a decimal; $avg is a double', async () => {
    const coll = await collection([
      { _id: 1, g: 'int', v: 2147483000 },
      { _id: 2, g: 'int', v: 1000 },
      { _id: 3, g: 'small', v: 1 },
      { _id: 4, g: 'small', v: 2 },
      { _id: 5, g: 'double', v: new Double(2.5) },
      { _id: 6, g: 'double', v: new Double(2.5) },
      { _id: 7, g: 'decimal', v: Decimal128.fromString('0.1') },
      { _id: 8, g: 'decimal', v: 1 },
    ]);
    const groups = await coll
      .aggregate([
        { $group: { _id: '$g', total: { $sum: '$v' }, mean: { $avg: '$v' } } },
        { $project: { total: 1, type: { $type: '$total' }, meanType: { $type: '$mean' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(groups).toEqual([
      { _id: 'decimal', total: Decimal128.fromString('1.1'), type: 'decimal', meanType: 'decimal' },
      { _id: 'double', total: 5, type: 'double', meanType: 'double' },
      { _id: 'int', total: 2147484000, type: 'long', meanType: 'double' },
      { _id: 'small', total: 3, type: 'int', meanType: 'double' },
    ]);
  });
});

describe('$sortByCount', () => {
  it('groups by the expression and sorts by count, highest first (manual example)', async () => {
    const coll = await collection([
      { _id: 1, tags: ['painting', 'satire', 'Expressionism', 'caricature'] },
      { _id: 2, tags: ['woodcut', 'Expressionism'] },
      { _id: 3, tags: ['oil', 'Surrealism', 'painting'] },
      { _id: 4, tags: ['Expressionism', 'painting', 'oil'] },
      { _id: 5, tags: ['abstract', 'painting'] },
      { _id: 6, tags: ['Surrealism', 'painting', 'satire'] },
    ]);
    const out = await coll.aggregate([{ $unwind: '$tags' }, { $sortByCount: '$tags' }]).toArray();
    expect(out.slice(0, 2)).toEqual([
      { _id: 'painting', count: 5 },
      { _id: 'Expressionism', count: 3 },
    ]);
    const twos = out.filter((d) => d.count === 2).map((d) => d._id);
    expect(twos.sort()).toEqual(['Surrealism', 'oil', 'satire']);
    const counts = out.map((d) => d.count as number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('equal numbers of different types count as one value', async () => {
    const coll = await collection([{ v: 1 }, { v: new Double(1) }, { v: Long.fromNumber(1) }, { v: '1' }]);
    const out = await coll.aggregate([{ $sortByCount: '$v' }]).toArray();
    expect(out.map((d) => d.count)).toEqual([3, 1]);
  });
});

describe('$bucket', () => {
  const artists = [
    { _id: 1, last_name: 'Bernard', year_born: 1845 },
    { _id: 2, last_name: 'Rippl-Ronai', year_born: 1861 },
    { _id: 3, last_name: 'Ostroumova', year_born: 1871 },
    { _id: 4, last_name: 'Van Gogh', year_born: 1853 },
    { _id: 5, last_name: 'Maurer', year_born: 1868 },
    { _id: 6, last_name: 'Munch', year_born: 1863 },
    { _id: 7, last_name: 'Redon', year_born: 1840 },
    { _id: 8, last_name: 'Diriks', year_born: 1852 },
  ];

  it('buckets by boundaries, outputs only non-empty buckets, sorted by _id (manual example)', async () => {
    const coll = await collection(artists);
    const out = await coll
      .aggregate([
        {
          $bucket: {
            groupBy: '$year_born',
            boundaries: [1840, 1850, 1860, 1870, 1880, 1890],
            default: 'Other',
            output: { count: { $sum: 1 }, artists: { $push: '$last_name' } },
          },
        },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 1840, count: 2, artists: ['Bernard', 'Redon'] },
      { _id: 1850, count: 2, artists: ['Van Gogh', 'Diriks'] },
      { _id: 1860, count: 3, artists: ['Rippl-Ronai', 'Maurer', 'Munch'] },
      { _id: 1870, count: 1, artists: ['Ostroumova'] },
    ]);
  });

  it('values of another type, null and missing fall outside every bucket into default', async () => {
    const coll = await collection([
      ...artists,
      { _id: 9, last_name: 'Unknown', year_born: 'c. 1850' },
      { _id: 10, last_name: 'Nobody', year_born: null },
      { _id: 11, last_name: 'Anonymous' },
      { _id: 12, last_name: 'Long', year_born: Long.fromNumber(1845) },
      { _id: 13, last_name: 'Double', year_born: new Double(1869.5) },
    ]);
    const out = await coll
      .aggregate([
        { $bucket: { groupBy: '$year_born', boundaries: [1840, new Double(1860), Long.fromNumber(1880)], default: 'Other' } },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 1840, count: 5 },
      { _id: 1860, count: 5 },
      { _id: 'Other', count: 3 },
    ]);
  });

  it('a value outside every bucket without default is 40066; mixed or unsorted boundaries are refused', async () => {
    const coll = await collection([...artists, { _id: 9, year_born: 1900 }]);
    const noDefault = await failure(coll.aggregate([{ $bucket: { groupBy: '$year_born', boundaries: [1800, 1890] } }]).toArray());
    expect(noDefault.code).toBe(40066);
    const mixed = await failure(
      coll.aggregate([{ $bucket: { groupBy: '$year_born', boundaries: [1800, 'x'], default: 0 } }]).toArray(),
    );
    expect(mixed.code).toBe(40193);
    const unsorted = await failure(
      coll.aggregate([{ $bucket: { groupBy: '$year_born', boundaries: [1900, 1800], default: 0 } }]).toArray(),
    );
    expect(unsorted.code).toBe(40194);
    const inside = await failure(
      coll.aggregate([{ $bucket: { groupBy: '$year_born', boundaries: [1800, 1900], default: 1850 } }]).toArray(),
    );
    expect(inside.code).toBe(40199);
    const one = await failure(coll.aggregate([{ $bucket: { groupBy: '$year_born', boundaries: [1800] } }]).toArray());
    expect(one.code).toBe(40192);
  });
});

describe('set equality: $addToSet and $setUnion', () => {
  it('$addToSet keeps one of 1 / 1.0 / NumberLong(1) and both field orders of a document', async () => {
    const coll = await collection([
      { _id: 1, v: 1 },
      { _id: 2, v: new Double(1) },
      { _id: 3, v: Long.fromNumber(1) },
      { _id: 4, v: { a: 1, b: 2 } },
      { _id: 5, v: { b: 2, a: 1 } },
      { _id: 6, v: { a: 1, b: 2 } },
      { _id: 7 },
    ]);
    const [out] = await coll.aggregate([{ $sort: { _id: 1 } }, { $group: { _id: null, set: { $addToSet: '$v' } } }]).toArray();
    expect(out.set).toHaveLength(3);
    expect(out.set.filter((v: unknown) => v === 1)).toHaveLength(1);
    const documents = out.set.filter((v: unknown) => typeof v === 'object').map((v: object) => Object.keys(v));
    expect(documents).toEqual(
      expect.arrayContaining([
        ['a', 'b'],
        ['b', 'a'],
      ]),
    );
  });

  it('$setUnion, $setIntersection and $setEquals equate numbers across types, not documents in another field order', async () => {
    const coll = await collection([{ _id: 1, x: [1, { a: 1, b: 2 }], y: [new Double(1), Long.fromNumber(1), { b: 2, a: 1 }] }]);
    const [out] = await coll
      .aggregate([
        {
          $project: {
            union: { $size: { $setUnion: ['$x', '$y'] } },
            both: { $setIntersection: ['$x', '$y'] },
            same: {
              $setEquals: [
                [1, 2],
                [new Double(2), Long.fromNumber(1), 1],
              ],
            },
            nullUnion: { $setUnion: ['$x', '$missing'] },
          },
        },
      ])
      .toArray();
    expect(out).toEqual({ _id: 1, union: 3, both: [1], same: true, nullUnion: null });
  });
});

describe('comparison expressions use MongoDB order', () => {
  it('$lt / $gt / $cmp compare across types by type bracket; $eq does not look inside arrays', async () => {
    const coll = await collection([{ _id: 1, n: 5, s: 'a', arr: [5, 6], nul: null }]);
    const [out] = await coll
      .aggregate([
        {
          $project: {
            numberBelowString: { $lt: ['$n', '$s'] },
            stringAboveObject: { $gt: ['$s', { x: 1 }] },
            nullBelowNumber: { $lt: ['$nul', 0] },
            missingBelowNull: { $lt: ['$missing', null] },
            missingEqualsNull: { $eq: ['$missing', null] },
            arrayEqualsElement: { $eq: ['$arr', 5] },
            cmpArray: { $cmp: ['$arr', '$n'] },
            inArray: { $in: [new Double(5), '$arr'] },
            intEqualsLong: { $eq: ['$n', Long.fromNumber(5)] },
          },
        },
      ])
      .toArray();
    expect(out).toEqual({
      _id: 1,
      numberBelowString: true,
      stringAboveObject: false,
      nullBelowNumber: true,
      missingBelowNull: true,
      missingEqualsNull: false,
      arrayEqualsElement: false,
      cmpArray: 1,
      inArray: true,
      intEqualsLong: true,
    });
  });

  it('$match with $expr compares across types the same way', async () => {
    const coll = await collection([{ _id: 1, v: 5 }, { _id: 2, v: 'a' }, { _id: 3, v: null }, { _id: 4 }]);
    const out = await coll.find({ $expr: { $gt: ['$v', 100] } }).toArray();
    expect(ids(out)).toEqual([2]);
    const lower = await coll
      .find({ $expr: { $lt: ['$v', 100] } })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(lower)).toEqual([1, 3, 4]);
  });
});

describe('$facet and $unionWith sub-pipelines', () => {
  it('$facet runs $sortByCount and $bucket per facet over the same input (manual example)', async () => {
    const coll = await collection([
      {
        _id: 1,
        title: 'The Pillars of Society',
        price: Decimal128.fromString('199.99'),
        tags: ['painting', 'satire', 'Expressionism', 'caricature'],
      },
      { _id: 2, title: 'Melancholy III', price: Decimal128.fromString('280.00'), tags: ['woodcut', 'Expressionism'] },
      { _id: 3, title: 'Dancer', price: Decimal128.fromString('76.04'), tags: ['oil', 'Surrealism', 'painting'] },
      { _id: 4, title: 'The Great Wave off Kanagawa', price: Decimal128.fromString('167.30'), tags: ['woodblock', 'ukiyo-e'] },
      {
        _id: 5,
        title: 'The Persistence of Memory',
        price: Decimal128.fromString('483.00'),
        tags: ['Surrealism', 'painting', 'oil'],
      },
      { _id: 6, title: 'Composition VII', price: Decimal128.fromString('385.00'), tags: ['oil', 'painting', 'abstract'] },
      { _id: 7, title: 'The Scream', tags: ['Expressionism', 'painting', 'oil'] },
      { _id: 8, title: 'Blue Flower', price: Decimal128.fromString('118.42'), tags: ['abstract', 'painting'] },
    ]);
    const [out] = await coll
      .aggregate([
        {
          $facet: {
            categorizedByTags: [{ $unwind: '$tags' }, { $sortByCount: '$tags' }],
            categorizedByPrice: [
              { $match: { price: { $exists: 1 } } },
              {
                $bucket: {
                  groupBy: '$price',
                  boundaries: [0, 150, 200, 300, 400],
                  default: 'Other',
                  output: { count: { $sum: 1 }, titles: { $push: '$title' } },
                },
              },
            ],
          },
        },
      ])
      .toArray();
    expect(out.categorizedByTags.slice(0, 2)).toEqual([
      { _id: 'painting', count: 6 },
      { _id: 'oil', count: 4 },
    ]);
    expect(out.categorizedByPrice).toEqual([
      { _id: 0, count: 2, titles: ['Dancer', 'Blue Flower'] },
      { _id: 150, count: 2, titles: ['The Pillars of Society', 'The Great Wave off Kanagawa'] },
      { _id: 200, count: 1, titles: ['Melancholy III'] },
      { _id: 300, count: 1, titles: ['Composition VII'] },
      { _id: 'Other', count: 1, titles: ['The Persistence of Memory'] },
    ]);
  });

  it('$facet sub-pipelines sort across types as $sort does, and refuse $facet inside $facet (40600)', async () => {
    const coll = await collection([
      { _id: 1, v: 'b' },
      { _id: 2, v: 3 },
      { _id: 3, v: null },
      { _id: 4, v: Long.fromNumber(2) },
    ]);
    const [out] = await coll.aggregate([{ $facet: { sorted: [{ $sort: { v: 1 } }, { $project: { _id: 1 } }] } }]).toArray();
    expect(ids(out.sorted)).toEqual([3, 4, 2, 1]);
    const nested = await failure(coll.aggregate([{ $facet: { a: [{ $facet: { b: [] } }] } }]).toArray());
    expect(nested.code).toBe(40600);
  });

  it('a projection of { _id: 1 } alone keeps only _id, in find and in $project', async () => {
    const coll = await collection([{ _id: 1, a: 1, b: 2 }]);
    expect(await coll.find({}, { projection: { _id: 1 } }).toArray()).toEqual([{ _id: 1 }]);
    expect(await coll.aggregate([{ $project: { _id: 1 } }]).toArray()).toEqual([{ _id: 1 }]);
    expect(await coll.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ a: 1, b: 2 }]);
    expect(await coll.find({}, { projection: { _id: 1, b: 0 } }).toArray()).toEqual([{ _id: 1, a: 1 }]);
  });

  it('$unionWith appends the other collection through its pipeline, keeping types', async () => {
    const a = await collection([{ _id: 1, n: Long.fromNumber(1) }]);
    const b = await collection([
      { _id: 2, n: new Double(2) },
      { _id: 3, n: 3 },
    ]);
    const out = await a
      .aggregate([
        { $unionWith: { coll: b.collectionName, pipeline: [{ $match: { n: { $gte: 2 } } }] } },
        { $project: { type: { $type: '$n' } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { _id: 1, type: 'long' },
      { _id: 2, type: 'double' },
      { _id: 3, type: 'int' },
    ]);
  });
});
