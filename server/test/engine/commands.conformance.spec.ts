/**
 * Conformance: the commands the driver sends, their options and their reply shapes, through the official
 * driver. Runs against the embedded engine, or a real MongoDB when MONGODB_TEST_URI is set.
 */
import { type Db, Decimal128, Double, Int32, Long, MongoClient, MongoServerError, ObjectId } from 'mongodb';
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

describe('handshake and diagnostics', () => {
  it('presents a single-node replica set with sessions, so transactions and retryable writes are on', async () => {
    const hello = await db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ ok: 1, isWritablePrimary: true, secondary: false });
    expect(typeof hello.setName).toBe('string');
    expect(hello.hosts).toContain(hello.me);
    expect(hello.primary).toBe(hello.me);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(17);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    const legacy = await db.admin().command({ isMaster: 1 });
    expect(legacy).toMatchObject({ ok: 1, ismaster: true, setName: hello.setName });
  });

  it("keeps the driver's streaming monitor healthy across many heartbeats", async () => {
    const monitored = new MongoClient(database.uri, { heartbeatFrequencyMS: 500 });
    const failures: unknown[] = [];
    let heartbeats = 0;
    monitored.on('serverHeartbeatFailed', (event) => failures.push(event.failure));
    monitored.on('serverHeartbeatSucceeded', () => (heartbeats += 1));
    monitored.on('connectionPoolCleared', (event) => failures.push(event));
    try {
      await monitored.connect();
      const coll = monitored.db(database.dbName).collection('monitored');
      for (let i = 0; i < 6; i++) {
        await coll.insertOne({ i });
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(await coll.countDocuments()).toBe(6);
    } finally {
      await monitored.close();
    }
    expect(failures).toEqual([]);
    expect(heartbeats).toBeGreaterThan(1);
  });

  it('answers ping, buildInfo, getParameter and serverStatus', async () => {
    expect(await db.admin().command({ ping: 1 })).toMatchObject({ ok: 1 });
    const build = await db.admin().command({ buildInfo: 1 });
    expect(build.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(build.versionArray).toHaveLength(4);
    const parameter = await db.admin().command({ getParameter: 1, featureCompatibilityVersion: 1 });
    expect(parameter.featureCompatibilityVersion.version).toMatch(/^\d+\.\d+$/);
    const status = await db.admin().command({ serverStatus: 1 });
    expect(status.connections.current).toBeGreaterThan(0);
    expect(typeof status.uptime).toBe('number');
  });

  it("refuses an unknown command with mongod's error shape", async () => {
    const error = await failure(db.command({ frobnicate: 1 }));
    expect(error).toMatchObject({ code: 59, codeName: 'CommandNotFound' });
    expect(error.message).toContain('frobnicate');
  });

  it('refuses an unknown option instead of ignoring it', async () => {
    const error = await failure(db.command({ find: 'anything', filter: {}, frobnicate: true }));
    expect(error.code).toBe(40415);
    expect(error.message).toContain('frobnicate');
  });
});

describe('collections and databases', () => {
  it('creates, lists, modifies and drops collections', async () => {
    await db.createCollection('created');
    const error = await failure(db.createCollection('created'));
    expect(error).toMatchObject({ code: 48, codeName: 'NamespaceExists' });
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toContain('created');
    const filtered = await db.listCollections({ name: 'created' }).toArray();
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toMatchObject({ name: 'created', type: 'collection' });
    await db.command({ collMod: 'created', validator: { $jsonSchema: { bsonType: 'object' } }, validationLevel: 'moderate' });
    expect(await db.collection('created').drop()).toBe(true);
    // Since mongod 7, dropping a collection that is not there is not an error.
    expect(await db.command({ drop: 'created' })).toMatchObject({ ok: 1 });
    expect((await db.listCollections({ name: 'created' }).toArray()).length).toBe(0);
  });

  it('lists databases with their sizes and drops a database', async () => {
    const other = client.db(`${database.dbName}_other`);
    await other.collection('c').insertOne({ a: 1 });
    const { databases } = await db.admin().command({ listDatabases: 1 });
    expect(databases.map((d: { name: string }) => d.name)).toContain(`${database.dbName}_other`);
    const { databases: names } = await db.admin().command({ listDatabases: 1, nameOnly: true });
    expect(Object.keys(names[0])).toEqual(['name']);
    expect(await other.dropDatabase()).toBe(true);
    const after = await db.admin().command({ listDatabases: 1, nameOnly: true });
    expect(after.databases.map((d: { name: string }) => d.name)).not.toContain(`${database.dbName}_other`);
  });
});

describe('indexes', () => {
  it('creates, lists and drops indexes, and refuses a conflicting definition', async () => {
    const coll = db.collection('indexed');
    expect(await coll.createIndex({ a: 1, b: -1 }, { name: 'a_b' })).toBe('a_b');
    expect(await coll.createIndex({ email: 1 }, { unique: true, sparse: true })).toBe('email_1');
    // Creating the same index again is a no-op.
    expect(await coll.createIndex({ a: 1, b: -1 }, { name: 'a_b' })).toBe('a_b');
    const conflict = await failure(coll.createIndex({ email: 1 }, { unique: false, name: 'email_1' }));
    expect([85, 86]).toContain(conflict.code);
    const indexes = await coll.listIndexes().toArray();
    expect(indexes.map((i) => i.name).sort()).toEqual(['_id_', 'a_b', 'email_1']);
    expect(indexes.find((i) => i.name === 'email_1')).toMatchObject({ key: { email: 1 }, unique: true, sparse: true, v: 2 });
    await coll.dropIndex('a_b');
    const missing = await failure(coll.dropIndex('a_b'));
    expect(missing.code).toBe(27);
    expect((await coll.listIndexes().toArray()).map((i) => i.name).sort()).toEqual(['_id_', 'email_1']);
  });
});

describe('insert, find, getMore and killCursors', () => {
  it('keeps every BSON numeric type as it was written', async () => {
    const coll = db.collection('numbers');
    const _id = new ObjectId();
    await coll.insertOne({
      _id,
      int: new Int32(7),
      long: Long.fromString('9007199254740993'),
      double: new Double(2),
      decimal: Decimal128.fromString('19.99'),
      date: new Date('2026-01-02T03:04:05.678Z'),
    });
    const found = await coll.findOne({ _id }, { promoteValues: false, promoteLongs: false });
    expect(found?.int).toBeInstanceOf(Int32);
    expect(found?.long).toBeInstanceOf(Long);
    expect(String(found?.long)).toBe('9007199254740993');
    expect(found?.double).toBeInstanceOf(Double);
    expect(found?.decimal).toBeInstanceOf(Decimal128);
    expect(String(found?.decimal)).toBe('19.99');
    // Numbers compare by value across types.
    expect(await coll.countDocuments({ int: 7.0, double: new Int32(2) })).toBe(1);
  });

  it('returns documents in batches through getMore and forgets killed cursors', async () => {
    const coll = db.collection('batches');
    await coll.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    const first = await db.command({ find: 'batches', filter: {}, sort: { i: 1 }, batchSize: 100 });
    expect(first.cursor.firstBatch).toHaveLength(100);
    expect(first.cursor.ns).toBe(`${database.dbName}.batches`);
    const cursorId: Long = first.cursor.id;
    expect(cursorId.isZero()).toBe(false);
    const second = await db.command({ getMore: cursorId, collection: 'batches', batchSize: 100 });
    expect(second.cursor.nextBatch.map((d: { i: number }) => d.i)).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    const killed = await db.command({ killCursors: 'batches', cursors: [cursorId] });
    expect(killed.cursorsKilled).toHaveLength(1);
    const error = await failure(db.command({ getMore: cursorId, collection: 'batches' }));
    expect(error).toMatchObject({ code: 43, codeName: 'CursorNotFound' });
    // The driver's cursor walks every batch.
    expect(await coll.find({}, { batchSize: 7 }).toArray()).toHaveLength(250);
  });

  it('applies filter, projection, sort, skip and limit as mongod does', async () => {
    const coll = db.collection('people');
    await coll.insertMany([
      { name: 'Ann', age: 31, tags: ['vip', 'north'], address: { city: 'Hangzhou' } },
      { name: 'Bo', age: 25, tags: ['north'], address: { city: 'Shanghai' } },
      { name: 'Cai', age: 40, tags: [], address: { city: 'Hangzhou' } },
      { name: 'Dee', tags: ['vip'] },
    ]);
    const rows = await coll
      .find({ $or: [{ tags: 'vip' }, { age: { $lt: 30 } }] }, { projection: { _id: 0, name: 1, 'address.city': 1 } })
      .sort({ age: -1 })
      .toArray();
    expect(rows).toEqual([
      { name: 'Ann', address: { city: 'Hangzhou' } },
      { name: 'Bo', address: { city: 'Shanghai' } },
      { name: 'Dee' },
    ]);
    const paged = await coll
      .find({}, { projection: { _id: 0, name: 1 } })
      .sort({ name: 1 })
      .skip(1)
      .limit(2)
      .toArray();
    expect(paged).toEqual([{ name: 'Bo' }, { name: 'Cai' }]);
    expect(await coll.countDocuments({ age: { $exists: false } })).toBe(1);
    expect(await coll.countDocuments({ 'address.city': { $in: ['Hangzhou'] }, tags: { $size: 0 } })).toBe(1);
  });
});

describe('update', () => {
  it('applies operators, upserts and reports counts', async () => {
    const coll = db.collection<{ _id: string; n: number; tags: string[]; key?: string }>('updates');
    await coll.insertOne({ _id: 'u1', n: 1, tags: ['a'] });
    const result = await coll.updateOne(
      { _id: 'u1' },
      { $inc: { n: 2 }, $set: { 'nested.x': true }, $push: { tags: { $each: ['b', 'c'] } }, $currentDate: { at: true } },
    );
    expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await coll.findOne({ _id: 'u1' })).toMatchObject({ n: 3, nested: { x: true }, tags: ['a', 'b', 'c'] });
    const unchanged = await coll.updateOne({ _id: 'u1' }, { $set: { n: 3 } });
    expect(unchanged).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    const upserted = await coll.updateOne({ key: 'k' }, { $setOnInsert: { created: true }, $inc: { hits: 1 } }, { upsert: true });
    expect(upserted.upsertedCount).toBe(1);
    expect(await coll.findOne({ key: 'k' }, { projection: { _id: 0 } })).toEqual({ key: 'k', created: true, hits: 1 });
    const many = await coll.updateMany({}, { $set: { touched: true } });
    expect(many.matchedCount).toBe(2);
  });

  it('updates array elements through $, $[] and $[<id>] with arrayFilters', async () => {
    const coll = db.collection('arrays');
    await coll.insertOne({
      _id: 1 as never,
      items: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 5 },
        { sku: 'c', qty: 9 },
      ],
    });
    await coll.updateOne({ _id: 1 as never, 'items.sku': 'b' }, { $set: { 'items.$.qty': 6 } });
    await coll.updateOne({ _id: 1 as never }, { $inc: { 'items.$[].qty': 10 } });
    await coll.updateOne(
      { _id: 1 as never },
      { $set: { 'items.$[big].flag': true } },
      { arrayFilters: [{ 'big.qty': { $gte: 16 } }] },
    );
    expect((await coll.findOne({ _id: 1 as never }))?.items).toEqual([
      { sku: 'a', qty: 11 },
      { sku: 'b', qty: 16, flag: true },
      { sku: 'c', qty: 19, flag: true },
    ]);
  });

  it('runs pipeline-style updates', async () => {
    const coll = db.collection('pipelines');
    await coll.insertOne({ _id: 1 as never, spent: 120, visits: 3 });
    await coll.updateOne({ _id: 1 as never }, [{ $set: { average: { $divide: ['$spent', '$visits'] } } }, { $unset: 'visits' }]);
    expect(await coll.findOne({ _id: 1 as never })).toEqual({ _id: 1, spent: 120, average: 40 });
  });

  it("refuses an update that would change _id, with mongod's code", async () => {
    const coll = db.collection('immutable');
    await coll.insertOne({ _id: 1 as never, a: 1 });
    const error = await failure(coll.updateOne({ _id: 1 as never }, { $set: { _id: 2 } }));
    expect(error.code).toBe(66);
  });
});

describe('delete, findAndModify, count, distinct and aggregate', () => {
  it('deletes one or many', async () => {
    const coll = db.collection('deletes');
    await coll.insertMany([{ k: 1 }, { k: 1 }, { k: 2 }]);
    expect((await coll.deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({})).deletedCount).toBe(2);
  });

  it('finds and modifies with before/after images, sort, upsert and remove', async () => {
    const coll = db.collection('fam');
    await coll.insertMany([
      { q: 'x', n: 1 },
      { q: 'x', n: 2 },
    ]);
    const before = await coll.findOneAndUpdate({ q: 'x' }, { $inc: { n: 10 } }, { sort: { n: -1 }, returnDocument: 'before' });
    expect(before).toMatchObject({ n: 2 });
    const after = await coll.findOneAndUpdate({ q: 'x', n: { $lt: 5 } }, { $inc: { n: 1 } }, { returnDocument: 'after' });
    expect(after).toMatchObject({ n: 2 });
    const guarded = await coll.findOneAndUpdate({ q: 'x', n: { $gte: 100 } }, { $inc: { n: -100 } });
    expect(guarded).toBeNull();
    const upserted = await coll.findOneAndUpdate(
      { q: 'y' },
      { $set: { n: 0 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(upserted.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(upserted.value).toMatchObject({ q: 'y', n: 0 });
    const removed = await coll.findOneAndDelete({ q: 'y' });
    expect(removed).toMatchObject({ q: 'y' });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('counts, lists distinct values and aggregates', async () => {
    const coll = db.collection('orders');
    await coll.insertMany([
      { store: 'HZ-1', amount: 100, items: ['a', 'b'] },
      { store: 'HZ-1', amount: 50, items: ['a'] },
      { store: 'SH-2', amount: 70, items: ['c'] },
    ]);
    expect(await db.command({ count: 'orders', query: { store: 'HZ-1' } })).toMatchObject({ n: 2, ok: 1 });
    expect((await coll.distinct('items')).sort()).toEqual(['a', 'b', 'c']);
    const totals = await coll
      .aggregate([{ $group: { _id: '$store', total: { $sum: '$amount' }, orders: { $sum: 1 } } }, { $sort: { total: -1 } }])
      .toArray();
    expect(totals).toEqual([
      { _id: 'HZ-1', total: 150, orders: 2 },
      { _id: 'SH-2', total: 70, orders: 1 },
    ]);
    const unwound = await coll
      .aggregate([{ $unwind: '$items' }, { $group: { _id: '$items', n: { $sum: 1 } } }, { $sort: { _id: 1 } }], { batchSize: 1 })
      .toArray();
    expect(unwound).toEqual([
      { _id: 'a', n: 2 },
      { _id: 'b', n: 1 },
      { _id: 'c', n: 1 },
    ]);
    await coll.aggregate([{ $match: { store: 'HZ-1' } }, { $out: 'hz_orders' }]).toArray();
    expect(await db.collection('hz_orders').countDocuments()).toBe(2);
    const lookups = await db
      .collection('hz_orders')
      .aggregate([
        { $lookup: { from: 'orders', localField: 'store', foreignField: 'store', as: 'same' } },
        { $project: { n: { $size: '$same' } } },
      ])
      .toArray();
    expect(lookups.map((l) => l.n)).toEqual([2, 2]);
  });

  it('refuses an unknown aggregation stage', async () => {
    const error = await failure(
      db
        .collection('orders')
        .aggregate([{ $frobnicate: {} }])
        .toArray(),
    );
    expect(error.code).toBe(40324);
  });
});
