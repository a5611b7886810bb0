/**
 * Conformance: the date, string, conversion, array and math expression operators as the MongoDB manual
 * documents them ($dateToString, $dateTrunc, $dateAdd, $dateDiff, $dateFromParts, $dateFromString, $year …,
 * $substrCP, $regexFindAll, $convert, $round, $slice, $objectToArray, …), through the official driver: results,
 * BSON types (longs beyond 2^53 and decimals kept exactly), null handling and error codes. Dates are checked
 * in the brand's time zone (Asia/Shanghai) and at UTC offsets. Runs against the embedded engine, or a real
 * MongoDB when MONGODB_TEST_URI is set.
 */
import { type Collection, type Db, Decimal128, Double, Int32, Long, MongoClient, MongoServerError } from 'mongodb';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let client: MongoClient;
let db: Db;
let orders: Collection<{ _id: number; [field: string]: unknown }>;

const BIG = Long.fromString('9007199254740993'); // 2^53 + 1: not representable as a double

beforeAll(async () => {
  database = await startTestDatabase();
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
  orders = db.collection('orders');
  await orders.insertMany([
    // 2024-01-31 23:30 in Shanghai, still January 31 in UTC (15:30).
    {
      _id: 1,
      at: new Date('2024-01-31T15:30:00Z'),
      amount: new Int32(1250),
      points: BIG,
      price: Decimal128.fromString('19.995'),
    },
    // 2024-02-01 00:30 in Shanghai (UTC: January 31, 16:30).
    {
      _id: 2,
      at: new Date('2024-01-31T16:30:00Z'),
      amount: new Int32(1350),
      points: Long.fromNumber(3),
      price: Decimal128.fromString('0.125'),
    },
    {
      _id: 3,
      at: new Date('2024-02-29T04:00:00Z'),
      amount: new Int32(99),
      points: Long.fromNumber(1),
      price: Decimal128.fromString('2.5'),
    },
    { _id: 4, amount: null },
  ]);
});

afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
  await database?.stop();
});

async function project(expression: object, filter: object = {}): Promise<unknown[]> {
  const docs = await orders
    .aggregate([{ $match: filter }, { $sort: { _id: 1 } }, { $project: { _id: 0, out: expression } }], {
      promoteLongs: false,
      promoteValues: false,
    })
    .toArray();
  return docs.map((d) => d.out);
}

async function one(expression: object): Promise<unknown> {
  const [out] = await project(expression, { _id: 1 });
  return out;
}

async function failure(expression: object): Promise<MongoServerError> {
  try {
    await orders.aggregate([{ $match: { _id: 1 } }, { $project: { _id: 0, out: expression } }]).toArray();
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse');
}

describe('dates in the brand time zone', () => {
  it('groups a day report by the Shanghai calendar day ($dateToString with timezone)', async () => {
    const days = await orders
      .aggregate([
        { $match: { at: { $exists: true } } },
        { $group: { _id: { $dateToString: { date: '$at', format: '%Y-%m-%d', timezone: 'Asia/Shanghai' } }, n: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(days).toEqual([
      { _id: '2024-01-31', n: 1 },
      { _id: '2024-02-01', n: 1 },
      { _id: '2024-02-29', n: 1 },
    ]);
  });

  it('reads date parts in Shanghai and at offsets, as int32; null for a missing date', async () => {
    expect(await project({ $month: { date: '$at', timezone: 'Asia/Shanghai' } })).toEqual([
      new Int32(1),
      new Int32(2),
      new Int32(2),
      null,
    ]);
    expect(await project({ $dayOfMonth: { date: '$at', timezone: '+08:00' } })).toEqual([
      new Int32(31),
      new Int32(1),
      new Int32(29),
      null,
    ]);
    expect(await project({ $hour: { date: '$at', timezone: '-0530' } }, { _id: 1 })).toEqual([new Int32(10)]);
    expect(await project({ $isoDayOfWeek: { date: '$at', timezone: 'Asia/Shanghai' } }, { _id: 2 })).toEqual([new Int32(4)]);
    expect(
      await project({ $dateToString: { date: '$at', format: '%Y-%m-%d %H:%M %z %Z', timezone: 'Asia/Shanghai' } }, { _id: 2 }),
    ).toEqual(['2024-02-01 00:30 +0800 480']);
    expect(await project({ $dateToString: { date: '$at', onNull: 'no date' } }, { _id: 4 })).toEqual(['no date']);
  });

  it('truncates, adds and diffs in the zone ($dateTrunc, $dateAdd, $dateDiff)', async () => {
    expect(
      await project({ $dateTrunc: { date: '$at', unit: 'month', timezone: 'Asia/Shanghai' } }, { _id: { $lte: 3 } }),
    ).toEqual([new Date('2023-12-31T16:00:00Z'), new Date('2024-01-31T16:00:00Z'), new Date('2024-01-31T16:00:00Z')]);
    expect(
      await project({ $dateTrunc: { date: '$at', unit: 'week', timezone: 'Asia/Shanghai', startOfWeek: 'monday' } }, { _id: 2 }),
    ).toEqual([new Date('2024-01-28T16:00:00Z')]);
    // Month-end arithmetic in Shanghai: February 1 + 1 month = March 1; January 31 + 1 month = February 29.
    expect(
      await project(
        { $dateAdd: { startDate: '$at', unit: 'month', amount: 1, timezone: 'Asia/Shanghai' } },
        { _id: { $lte: 2 } },
      ),
    ).toEqual([new Date('2024-02-29T15:30:00Z'), new Date('2024-02-29T16:30:00Z')]);
    expect(
      await project(
        { $dateDiff: { startDate: new Date('2024-01-31T15:00:00Z'), endDate: '$at', unit: 'day', timezone: 'Asia/Shanghai' } },
        { _id: { $lte: 2 } },
      ),
    ).toEqual([Long.fromNumber(0), Long.fromNumber(1)]);
    expect(await project({ $dateSubtract: { startDate: '$at', unit: 'hour', amount: 36 } }, { _id: 3 })).toEqual([
      new Date('2024-02-27T16:00:00Z'),
    ]);
  });

  it('the manual $dateTrunc example: 2-week bins from Monday in Los Angeles', async () => {
    expect(
      await one({
        $dateTrunc: {
          date: new Date('2020-05-18T14:10:30Z'),
          unit: 'week',
          binSize: 2,
          timezone: 'America/Los_Angeles',
          startOfWeek: 'Monday',
        },
      }),
    ).toEqual(new Date('2020-05-11T07:00:00Z'));
  });

  it('builds and parses dates in the zone ($dateFromParts, $dateFromString, $dateToParts)', async () => {
    expect(await one({ $dateFromParts: { year: 2024, month: 2, day: 1, timezone: 'Asia/Shanghai' } })).toEqual(
      new Date('2024-01-31T16:00:00Z'),
    );
    expect(await one({ $dateFromParts: { year: 2024, month: 13, day: 0 } })).toEqual(new Date('2024-12-31T00:00:00Z'));
    expect(await one({ $dateFromString: { dateString: '2024-02-01 08:00:00', timezone: 'Asia/Shanghai' } })).toEqual(
      new Date('2024-02-01T00:00:00Z'),
    );
    expect(await one({ $dateFromString: { dateString: '01/02/2024', format: '%d/%m/%Y', timezone: '+08' } })).toEqual(
      new Date('2024-01-31T16:00:00Z'),
    );
    expect(await one({ $dateFromString: { dateString: 'not a date', onError: 'bad' } })).toBe('bad');
    expect(await one({ $dateToParts: { date: '$at', timezone: 'Asia/Shanghai' } })).toEqual({
      year: new Int32(2024),
      month: new Int32(1),
      day: new Int32(31),
      hour: new Int32(23),
      minute: new Int32(30),
      second: new Int32(0),
      millisecond: new Int32(0),
    });
  });

  it('refuses with mongod codes', async () => {
    expect((await failure({ $year: { date: '$at', timezone: 'Asia/Nowhere' } })).code).toBe(40485);
    expect((await failure({ $year: { date: '$at', timezone: 8 } })).code).toBe(40517);
    expect((await failure({ $year: '$amount' })).code).toBe(16006);
    expect((await failure({ $dateToString: { date: '$at', format: '%Q' } })).code).toBe(18536);
    expect((await failure({ $dateAdd: { startDate: '$at', unit: 'day', amount: 1.5 } })).code).toBe(5166405);
    expect((await failure({ $dateFromString: { dateString: 'not a date' } })).code).toBe(241);
    expect((await failure({ $dateFromParts: { year: 2024, month: 40000 } })).code).toBe(31034);
  });
});

describe('strings, conversions, arrays and math keep BSON types', () => {
  it('string operators measure code points and bytes', async () => {
    expect(await one({ $substrCP: ['寿司sushi', 0, 3] })).toBe('寿司s');
    expect(await one({ $strLenBytes: 'cafétéria' })).toEqual(new Int32(11));
    expect(await one({ $indexOfCP: ['cafétéria', 't'] })).toEqual(new Int32(4));
    expect(await one({ $split: ['会员-积分-兑换', '-'] })).toEqual(['会员', '积分', '兑换']);
    expect(await one({ $trim: { input: '\u3000 积分 \n' } })).toBe('积分');
    expect(await one({ $regexFindAll: { input: '寿司 su sushi', regex: 'su' } })).toEqual([
      { match: 'su', idx: new Int32(3), captures: [] },
      { match: 'su', idx: new Int32(6), captures: [] },
    ]);
    expect((await failure({ $substrBytes: ['寿司', 0, 2] })).code).toBe(28657);
  });

  it('conversions keep longs beyond 2^53 and decimals exact', async () => {
    expect(await one({ $toString: '$points' })).toBe('9007199254740993');
    expect(await one({ $toString: '$price' })).toBe('19.995');
    expect(await one({ $convert: { input: '$points', to: 'decimal' } })).toEqual(Decimal128.fromString('9007199254740993'));
    expect(await one({ $toLong: { $toString: '$points' } })).toEqual(BIG);
    expect(await one({ $convert: { input: 'abc', to: 'int', onError: 'not a number' } })).toBe('not a number');
    expect(await one({ $toString: '$at' })).toBe('2024-01-31T15:30:00.000Z');
    expect((await failure({ $convert: { input: 'abc', to: 'int' } })).code).toBe(241);
  });

  it('array operators keep the values they move', async () => {
    expect(await one({ $slice: [['$points', '$price', '$amount'], -2] })).toEqual([
      Decimal128.fromString('19.995'),
      new Int32(1250),
    ]);
    expect(await one({ $objectToArray: { p: '$points' } })).toEqual([{ k: 'p', v: BIG }]);
    expect(await one({ $arrayToObject: [[['p', '$points']]] })).toEqual({ p: BIG });
    expect(await one({ $reverseArray: [['$points', 1]] })).toEqual([new Int32(1), BIG]);
    expect(await one({ $range: [0, 5, 2] })).toEqual([new Int32(0), new Int32(2), new Int32(4)]);
    expect(await one({ $indexOfArray: [[1, '$points'], BIG] })).toEqual(new Int32(1));
  });

  it('$round / $trunc / $floor keep the input type (int stays int, long long, decimal decimal)', async () => {
    expect(await project({ $round: ['$amount', -2] })).toEqual([new Int32(1200), new Int32(1400), new Int32(100), null]);
    expect(await one({ $round: ['$points', -1] })).toEqual(Long.fromString('9007199254740990'));
    expect(await one({ $round: ['$price', 2] })).toEqual(Decimal128.fromString('20.00'));
    expect(await one({ $trunc: ['$price', 1] })).toEqual(Decimal128.fromString('19.9'));
    expect(await one({ $round: [19.25, 1] })).toEqual(new Double(19.2));
    expect(await one({ $floor: '$points' })).toEqual(BIG);
    expect(await one({ $pow: [2, 40] })).toEqual(Long.fromNumber(2 ** 40));
    expect(await one({ $sqrt: 16 })).toEqual(new Double(4));
    expect((await failure({ $ln: 0 })).code).toBe(28766);
  });
});

describe('$group N-accumulators', () => {
  it('$topN / $maxN / $firstN / $bottom keep BSON types and follow sortBy (manual semantics)', async () => {
    const [out] = await orders
      .aggregate(
        [
          { $match: { at: { $exists: true } } },
          {
            $group: {
              _id: null,
              top: { $topN: { n: 2, sortBy: { amount: -1 }, output: { id: '$_id', points: '$points' } } },
              maxPoints: { $maxN: { input: '$points', n: 2 } },
              first: { $firstN: { input: '$price', n: 1 } },
              cheapest: { $bottom: { sortBy: { price: -1 }, output: '$_id' } },
            },
          },
        ],
        { promoteLongs: false, promoteValues: false },
      )
      .toArray();
    expect(out).toEqual({
      _id: null,
      top: [
        { id: new Int32(2), points: Long.fromNumber(3) },
        { id: new Int32(1), points: BIG },
      ],
      maxPoints: [BIG, Long.fromNumber(3)],
      first: [Decimal128.fromString('19.995')],
      cheapest: new Int32(2),
    });
  });

  it('refuses a non-positive n with mongod code 5787908', async () => {
    const error = await orders
      .aggregate([{ $group: { _id: null, s: { $firstN: { input: '$amount', n: 0 } } } }])
      .toArray()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(5787908);
  });
});

describe('$setWindowFields', () => {
  it('running totals, ranks and shifts by the Shanghai day, keeping longs beyond 2^53 exact', async () => {
    const out = await orders
      .aggregate(
        [
          { $match: { at: { $exists: true } } },
          {
            $setWindowFields: {
              partitionBy: { $dateToString: { date: '$at', format: '%Y-%m', timezone: 'Asia/Shanghai' } },
              sortBy: { at: 1 },
              output: {
                runningPoints: { $sum: '$points', window: { documents: ['unbounded', 'current'] } },
                rank: { $rank: {} },
                previous: { $shift: { output: '$_id', by: -1, default: 'none' } },
              },
            },
          },
          { $project: { runningPoints: 1, rank: 1, previous: 1 } },
        ],
        { promoteLongs: false, promoteValues: false },
      )
      .toArray();
    // January (Shanghai) holds order 1; February orders 2 and 3.
    expect(out).toEqual([
      { _id: new Int32(1), runningPoints: BIG, rank: new Int32(1), previous: 'none' },
      { _id: new Int32(2), runningPoints: Long.fromNumber(3), rank: new Int32(1), previous: 'none' },
      { _id: new Int32(3), runningPoints: Long.fromNumber(4), rank: new Int32(2), previous: new Int32(2) },
    ]);
  });
});
