/**
 * Conformance: the bitwise query operators (manual examples for $bitsAllSet, $bitsAnySet, $bitsAllClear,
 * $bitsAnyClear), and unknown or unsupported operators failing with mongod's error shape (code, codeName,
 * message) rather than being ignored, through the official driver. Runs against the embedded engine, or a
 * real MongoDB when MONGODB_TEST_URI is set.
 */
import { Binary, type Collection, type Db, Long, MongoClient, MongoServerError } from 'mongodb';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let client: MongoClient;
let db: Db;
/** The documents of these tests: numeric ids. */
interface Doc {
  _id: number;
  [field: string]: unknown;
}

let bits: Collection<Doc>;

beforeAll(async () => {
  database = await startTestDatabase();
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
  bits = db.collection<Doc>('bits');
  // The manual's collection: a = 54 (00110110), 20, 20.0, BinData "Zg==" (01100110).
  await bits.insertMany([
    { _id: 1, a: 54 },
    { _id: 2, a: 20 },
    { _id: 3, a: 20.0 },
    { _id: 4, a: new Binary(Buffer.from('Zg==', 'base64'), 0) },
    { _id: 5, a: 'not a number' },
    { _id: 6, a: 2.5 },
    { _id: 7, a: -1 },
    { _id: 8, a: Long.fromString('4611686018427387904') }, // bit 62
  ] as never[]);
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

async function ids(filter: object): Promise<unknown[]> {
  return (await bits.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id);
}

describe('bitwise query operators', () => {
  it('$bitsAllSet with positions, a numeric mask and a BinData mask', async () => {
    expect(await ids({ a: { $bitsAllSet: [1, 5] } })).toEqual([1, 4, 7]);
    expect(await ids({ a: { $bitsAllSet: 50 } })).toEqual([1, 7]);
    expect(await ids({ a: { $bitsAllSet: new Binary(Buffer.from('MC==', 'base64'), 0) } })).toEqual([1, 7]);
    expect(await ids({ a: { $bitsAllSet: [62] } })).toEqual([7, 8]);
  });

  it('$bitsAnySet, $bitsAllClear and $bitsAnyClear; non-integral numbers and other types never match', async () => {
    expect(await ids({ a: { $bitsAnySet: [1, 5] } })).toEqual([1, 4, 7]);
    expect(await ids({ a: { $bitsAllClear: [1, 5] } })).toEqual([2, 3, 8]);
    expect(await ids({ a: { $bitsAnyClear: [1, 5] } })).toEqual([2, 3, 8]);
    // A negative number is sign-extended: every bit above 63 is set.
    expect(await ids({ a: { $bitsAllSet: [200] } })).toEqual([7]);
  });

  it('refuses a negative mask, a fractional mask, a negative position and a string (BadValue)', async () => {
    for (const operand of [-1, 1.5, [-1], 'x']) {
      const error = await failure(bits.find({ a: { $bitsAllSet: operand } }).toArray());
      expect(error.code).toBe(2);
      expect(error.codeName).toBe('BadValue');
    }
  });
});

describe('unknown and unsupported operators fail as mongod fails', () => {
  it('an unknown query operator is BadValue 2 "unknown operator"; at the top level "unknown top level operator"', async () => {
    const field = await failure(bits.find({ a: { $foo: 1 } }).toArray());
    expect({ code: field.code, codeName: field.codeName }).toEqual({ code: 2, codeName: 'BadValue' });
    expect(field.message).toMatch(/unknown operator: \$foo/);
    const top = await failure(bits.find({ $foo: 1 }).toArray());
    expect(top.code).toBe(2);
    expect(top.message).toMatch(/unknown top level operator: \$foo/);
  });

  it('$where fails with the script-engine error in find, and is refused in $match', async () => {
    const found = await failure(bits.find({ $where: 'this.a == 54' }).toArray());
    expect(found.code).toBe(6108304);
    const matched = await failure(bits.aggregate([{ $match: { $where: 'this.a == 54' } }]).toArray());
    expect(matched.code).toBe(2);
    expect(matched.message).toBe('$where is not allowed in this context');
  });

  it('an unknown pipeline stage is 40324 and an unknown update operator FailedToParse 9', async () => {
    const stage = await failure(bits.aggregate([{ $foo: {} }]).toArray());
    expect(stage.code).toBe(40324);
    const update = await failure(bits.updateOne({ _id: 1 }, { $foo: { a: 1 } } as never));
    expect(update.code).toBe(9);
  });

  it('an unknown expression operator is an error (InvalidPipelineOperator on mongod), never a silent null', async () => {
    const error = await failure(bits.aggregate([{ $project: { x: { $foo: ['$a'] } } }]).toArray());
    expect(error.code).toBe(168);
    expect(error.codeName).toBe('InvalidPipelineOperator');
    expect(error.message).toMatch(/\$foo/);
  });

  it('an unknown $group accumulator is 15952 "unknown group operator"', async () => {
    const error = await failure(bits.aggregate([{ $group: { _id: null, x: { $foo: '$a' } } }]).toArray());
    expect(error.code).toBe(15952);
    expect(error.message).toMatch(/unknown group operator '\$foo'/);
  });
});
