/**
 * Conformance: capped collections through the driver, as the MongoDB manual (6.0–8.0) documents them:
 * `create` with `capped`, `size` (required, rounded up to 256 bytes) and `max`; insertion order kept;
 * the oldest documents removed past `size` or `max`; no writes inside transactions (263); `isCapped`
 * and collStats. Since MongoDB 5.0 documents may be deleted and (5.3) grow, which the engine follows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, MongoClient, MongoServerError } from 'mongodb';
import { startEmbeddedMongo } from '../../src/database/embedded';
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

type Numbered = { _id?: number; [field: string]: unknown };

it('create validates and stores capped, size (rounded up to 256) and max', async () => {
  expect((await failure(db.createCollection('no_size', { capped: true }))).code).toBe(72);
  const log = await db.createCollection('log', { capped: true, size: 1000, max: 3 });
  const [info] = await db.listCollections({ name: 'log' }, { nameOnly: false }).toArray();
  expect((info as { options?: unknown }).options).toMatchObject({ capped: true, size: 1024, max: 3 });
  expect(await log.isCapped()).toBe(true);
  const stats = await db.command({ collStats: 'log' });
  expect(stats).toMatchObject({ capped: true, max: 3, maxSize: 1024 });
  await db.collection('plain').insertOne({ a: 1 });
  expect(await db.collection('plain').isCapped()).toBe(false);
  expect((await db.command({ collStats: 'plain' })).capped).toBe(false);
});

it('keeps insertion order and removes the oldest past max', async () => {
  const log = db.collection<Numbered>('log');
  for (let i = 1; i <= 5; i++) await log.insertOne({ _id: i, msg: `m${i}` });
  expect((await log.find().toArray()).map((d) => d._id)).toEqual([3, 4, 5]);
  await log.insertMany([{ _id: 6 }, { _id: 7 }]);
  expect((await log.find().toArray()).map((d) => d._id)).toEqual([5, 6, 7]);
});

it('removes the oldest past size', async () => {
  const events = db.collection<Numbered>('events');
  await db.createCollection('events', { capped: true, size: 4096 });
  const payload = 'x'.repeat(900);
  for (let i = 1; i <= 10; i++) await events.insertOne({ _id: i, payload });
  const left = (await events.find().toArray()).map((d) => d._id);
  // ~930 bytes each: four fit in 4096 bytes.
  expect(left).toEqual([7, 8, 9, 10]);
  expect((await db.command({ collStats: 'events' })).size).toBeLessThanOrEqual(4096);
});

it('allows deletes and updates (MongoDB 5.0+ / 5.3+), trimming when an update grows past size', async () => {
  const c = db.collection<Numbered>('growing');
  await db.createCollection('growing', { capped: true, size: 2048 });
  await c.insertMany([
    { _id: 1, s: 'a' },
    { _id: 2, s: 'b' },
    { _id: 3, s: 'c' },
  ]);
  expect((await c.deleteOne({ _id: 2 })).deletedCount).toBe(1);
  await c.updateOne({ _id: 3 }, { $set: { s: 'y'.repeat(2030) } });
  expect((await c.find().toArray()).map((d) => d._id)).toEqual([3]);
});

it('refuses writes inside a transaction (263)', async () => {
  const session = client.startSession();
  try {
    session.startTransaction();
    const error = await failure(db.collection<Numbered>('log').insertOne({ _id: 99 }, { session }));
    expect(error.code).toBe(263);
    await session.abortTransaction().catch(() => undefined);
  } finally {
    await session.endSession();
  }
});

it('tailable cursors stay unsupported (BadValue 2)', async () => {
  const error = await failure(db.collection('log').find({}, { tailable: true }).toArray());
  expect(error.code).toBe(2);
});

describeEmbeddedOnly('persistence', () => {
  it('a capped collection keeps its options and its trimmed contents after a restart', async () => {
    const dbpath = mkdtempSync(join(tmpdir(), 'memberloop-capped-'));
    try {
      let engine = await startEmbeddedMongo({ dbpath });
      let c = await MongoClient.connect(engine.uri);
      await c.db('k').createCollection('log', { capped: true, size: 4096, max: 2 });
      for (let i = 1; i <= 4; i++) await c.db('k').collection<Numbered>('log').insertOne({ _id: i });
      await c.close();
      await engine.stop();
      engine = await startEmbeddedMongo({ dbpath });
      c = await MongoClient.connect(engine.uri);
      const log = c.db('k').collection<Numbered>('log');
      expect((await log.find().toArray()).map((d) => d._id)).toEqual([3, 4]);
      await log.insertOne({ _id: 5 });
      expect((await log.find().toArray()).map((d) => d._id)).toEqual([4, 5]);
      await c.close();
      await engine.stop();
    } finally {
      rmSync(dbpath, { recursive: true, force: true });
    }
  });
});
