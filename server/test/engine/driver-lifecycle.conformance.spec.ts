/**
 * Conformance: the driver-level behaviours a well-behaved client relies on not to hang (manual: maxTimeMS,
 * cursor.close / killCursors, getMore, endSessions, MongoClient.close, serverSelectionTimeoutMS), through the
 * official driver. Runs against the embedded engine, or a real MongoDB when MONGODB_TEST_URI is set (the
 * suite that stops the server runs on the embedded engine only).
 */
import { type Collection, type Db, type Long, MongoClient, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { describeEmbeddedOnly, startTestDatabase, type TestDatabase } from '../support/test-database';

let database: TestDatabase;
let client: MongoClient;
let db: Db;
/** The documents of these tests: numeric ids. */
interface Doc {
  _id: number;
  [field: string]: unknown;
}

let big: Collection<Doc>;

const BIG = 30_000;

beforeAll(async () => {
  database = await startTestDatabase();
  client = await MongoClient.connect(database.uri);
  db = client.db(database.dbName);
  big = db.collection<Doc>('big');
  const docs = Array.from({ length: BIG }, (_, i) => ({ _id: i, n: i % 997, s: `member-${i}`, tags: [i % 7, i % 11] }));
  await big.insertMany(docs);
}, 120_000);

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

/** A getMore sent by hand (the driver's cursor would not send one after close). */
function getMore(on: Db, id: Long, collection: string): Promise<unknown> {
  return on.command({ getMore: id, collection, batchSize: 10 });
}

describe('maxTimeMS', () => {
  it('an aggregation over its time limit fails with MaxTimeMSExpired (50)', async () => {
    const error = await failure(
      big
        .aggregate(
          [
            { $group: { _id: { $mod: ['$n', 101] }, total: { $sum: '$n' }, names: { $addToSet: '$s' } } },
            { $sort: { total: -1 } },
          ],
          { maxTimeMS: 1 },
        )
        .toArray(),
    );
    expect(error.code).toBe(50);
    expect(error.codeName).toBe('MaxTimeMSExpired');
  });

  it('a find over its time limit fails with MaxTimeMSExpired (50); countDocuments and distinct too', async () => {
    const slowFilter = { $expr: { $gt: [{ $add: ['$n', { $size: '$tags' }] }, -1] } };
    const find = await failure(big.find(slowFilter).sort({ s: -1 }).maxTimeMS(1).toArray());
    expect(find.code).toBe(50);
    const count = await failure(big.countDocuments(slowFilter, { maxTimeMS: 1 }));
    expect(count.code).toBe(50);
    const distinct = await failure(big.distinct('s', slowFilter, { maxTimeMS: 1 }));
    expect(distinct.code).toBe(50);
  });

  it('a generous limit, or none, lets the same work finish', async () => {
    const groups = await big
      .aggregate([{ $group: { _id: { $mod: ['$n', 101] }, total: { $sum: '$n' } } }], { maxTimeMS: 60_000 })
      .toArray();
    expect(groups).toHaveLength(101);
    expect(await big.countDocuments({}, { maxTimeMS: 0 })).toBe(BIG);
  });

  it('the time a cursor waits for the client does not count: a slow reader of a fast query is not cut off', async () => {
    const cursor = big.find({}, { batchSize: 100, maxTimeMS: 2_000 }).sort({ _id: 1 });
    let seen = 0;
    for await (const doc of cursor) {
      void doc;
      seen += 1;
      if (seen === 100 || seen === 200) await new Promise((resolve) => setTimeout(resolve, 1_200));
      if (seen === 300) break;
    }
    expect(seen).toBe(300);
  });

  it('a negative or non-integral maxTimeMS is refused (BadValue)', async () => {
    const negative = await failure(db.command({ find: 'big', filter: {}, maxTimeMS: -1 }));
    expect(negative.code).toBe(2);
  });
});

describe('cursors that are gone', () => {
  it('a getMore on a cursor closed by the client (killCursors) fails with CursorNotFound (43)', async () => {
    const reply = await db.command({ find: 'big', filter: {}, batchSize: 5 });
    const id = reply.cursor.id as Long;
    expect(String(id)).not.toBe('0');
    const killed = await db.command({ killCursors: 'big', cursors: [id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    const error = await failure(getMore(db, id, 'big'));
    expect(error.code).toBe(43);
    expect(error.codeName).toBe('CursorNotFound');
    // Killing it again reports it as not found, without failing.
    const again = await db.command({ killCursors: 'big', cursors: [id] });
    expect(again.cursorsNotFound).toHaveLength(1);
  });

  it('a getMore from another session than the one that opened the cursor is refused (50738)', async () => {
    const owner = client.startSession();
    const stranger = client.startSession();
    try {
      const reply = await db.command({ find: 'big', filter: {}, batchSize: 5 }, { session: owner });
      const id = reply.cursor.id as Long;
      const error = await failure(db.command({ getMore: id, collection: 'big', batchSize: 5 }, { session: stranger }));
      expect(error.code).toBe(50738);
      const next = await db.command({ getMore: id, collection: 'big', batchSize: 5 }, { session: owner });
      expect(next.cursor.nextBatch).toHaveLength(5);
      await db.command({ killCursors: 'big', cursors: [id] }, { session: owner });
    } finally {
      await owner.endSession();
      await stranger.endSession();
    }
  });

  it('a getMore on a cursor that was exhausted fails with CursorNotFound (43)', async () => {
    const reply = await db.command({ find: 'big', filter: { _id: { $lt: 20 } }, batchSize: 10 });
    const id = reply.cursor.id as Long;
    const rest = await db.command({ getMore: id, collection: 'big' });
    expect(rest.cursor.nextBatch).toHaveLength(10);
    expect(String(rest.cursor.id)).toBe('0');
    expect((await failure(getMore(db, id, 'big'))).code).toBe(43);
  });

  it("cursor.close() in the driver kills the server's cursor", async () => {
    const cursor = big.find({}, { batchSize: 10 });
    await cursor.next();
    const id = cursor.id as Long;
    await cursor.close();
    expect((await failure(getMore(db, id, 'big'))).code).toBe(43);
  });

  it("ending a session kills the cursors opened in it (endSessions), as the driver's client.close() does", async () => {
    const session = client.startSession();
    try {
      const reply = await db.command({ find: 'big', filter: {}, batchSize: 5 }, { session });
      const id = reply.cursor.id as Long;
      expect(String(id)).not.toBe('0');
      await client.db('admin').command({ endSessions: [session.id] });
      expect((await failure(getMore(db, id, 'big'))).code).toBe(43);
    } finally {
      await session.endSession();
    }
  });
});

describe('MongoClient.close()', () => {
  it('returns promptly with cursors open, and the cursors are gone on the server afterwards', async () => {
    const other = await MongoClient.connect(database.uri);
    const otherDb = other.db(database.dbName);
    const ids: Long[] = [];
    for (let i = 0; i < 3; i++) {
      const cursor = otherDb.collection('big').find({}, { batchSize: 2 });
      await cursor.next();
      ids.push(cursor.id as Long);
    }
    const aggregation = otherDb.collection('big').aggregate([{ $match: {} }], { batchSize: 2 });
    await aggregation.next();
    ids.push(aggregation.id as Long);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const id of ids) expect((await failure(getMore(db, id, 'big'))).code).toBe(43);
  });

  it('returns promptly while an operation of another client is running on the server', async () => {
    const other = await MongoClient.connect(database.uri);
    const pending = other
      .db(database.dbName)
      .collection('big')
      .aggregate([{ $group: { _id: '$s', n: { $sum: 1 } } }])
      .toArray()
      .catch((error: unknown) => error);
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    await pending;
  });
});

describeEmbeddedOnly('a stopped engine', () => {
  it('fails the next operation after serverSelectionTimeoutMS instead of hanging, and client.close() still returns', async () => {
    const own = await startTestDatabase();
    const ownClient = await MongoClient.connect(own.uri, { serverSelectionTimeoutMS: 500, heartbeatFrequencyMS: 500 });
    const coll = ownClient.db(own.dbName).collection('c');
    await coll.insertOne({ a: 1 });
    const cursor = coll.find({}, { batchSize: 1 });
    await own.stop();
    const started = Date.now();
    const error = await coll.findOne({}).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(Error);
    const selection = await coll.insertOne({ a: 2 }).catch((e: unknown) => e);
    expect(selection).toBeInstanceOf(MongoServerSelectionError);
    const closing = Date.now();
    await cursor.close().catch(() => undefined);
    await ownClient.close();
    expect(Date.now() - closing).toBeLessThan(3_000);
  });

  it('stopping the engine while a client holds open cursors and connections returns promptly', async () => {
    const own = await startTestDatabase();
    const ownClient = await MongoClient.connect(own.uri);
    const coll = ownClient.db(own.dbName).collection('c');
    await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
    const cursor = coll.find({}, { batchSize: 5 });
    await cursor.next();
    const started = Date.now();
    await own.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
    await ownClient.close();
  });
});
