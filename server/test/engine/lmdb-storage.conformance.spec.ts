/**
 * LMDB storage (ENGINE_STORAGE=lmdb) as a separate engine process, whatever storage the rest of the suite
 * runs on: acknowledged writes survive kill -9 (a commit is synced before it is acknowledged), the index
 * entries stored with them agree with the documents after it, a data
 * directory keeps its format, and a journal-format one is never opened as an empty LMDB one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CollationOptions, Decimal128, type Document, Double, type Filter, Int32, Long, MongoClient } from 'mongodb';
import { describeEmbeddedOnly } from '../support/test-database';

const CLI = join(__dirname, '../../src/database/embedded/cli.ts');

interface RunningEngine {
  child: ChildProcess;
  uri: string;
}

function startEngine(dbpath: string, storage: string | undefined): Promise<RunningEngine> {
  const env = { ...process.env };
  if (storage === undefined) delete env.ENGINE_STORAGE;
  else env.ENGINE_STORAGE = storage;
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', CLI, '--port', '0', '--dbpath', dbpath], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) resolve({ child, uri: stdout.split('\n')[0].trim() });
    });
    child.once('exit', (code) => reject(new Error(`engine exited with ${code} before it was ready: ${stderr}`)));
  });
}

async function kill9(engine: RunningEngine): Promise<void> {
  if (engine.child.exitCode !== null || engine.child.signalCode !== null) return;
  const exited = new Promise((resolve) => engine.child.once('exit', resolve));
  engine.child.kill('SIGKILL');
  await exited;
}

async function withClient<T>(uri: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(uri);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describeEmbeddedOnly('LMDB storage (embedded engine process)', () => {
  let dbpath: string;
  const running: RunningEngine[] = [];
  const start = async (storage: string | undefined = 'lmdb') => {
    const engine = await startEngine(dbpath, storage);
    running.push(engine);
    return engine;
  };

  beforeEach(() => {
    dbpath = mkdtempSync(join(tmpdir(), 'memberloop-lmdb-'));
  });

  afterEach(async () => {
    for (const engine of running.splice(0)) await kill9(engine);
    rmSync(dbpath, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, with its BSON types, indexes and natural order, through kill -9', async () => {
    const first = await start();
    await withClient(first.uri, async (client) => {
      const db = client.db('shop');
      await db.collection('members').createIndex({ phone: 1 }, { unique: true });
      await db.collection('members').createIndex({ tags: 1, n: -1 });
      await db.collection('members').createIndex({ name: 1 }, { collation: { locale: 'en', strength: 2 } });
      await db.collection('members').insertOne({
        _id: 'typed' as never,
        int: new Int32(7),
        long: Long.fromString('9007199254740993'),
        double: new Double(3),
        decimal: Decimal128.fromString('0.10'),
        phone: '0',
      });
      // 500 acknowledged writes from concurrent requests (group commit), then updates and deletes of some.
      await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          db.collection('members').insertOne({ phone: String(i + 1), n: i, tags: [`t${i % 7}`, i % 3], name: `Name${i % 9}` }),
        ),
      );
      await db.collection('members').updateMany({ n: { $lt: 100 } }, { $set: { early: true } });
      await db.collection('members').updateMany({ n: { $lt: 50 } }, { $set: { tags: ['moved'], name: 'NAME1' } });
      await db.collection('members').deleteMany({ n: { $gte: 450 } });
      await db.collection('counters').updateOne({ _id: 'c' as never }, { $inc: { n: 41 } }, { upsert: true });
      const session = client.startSession();
      await session.withTransaction(async () => {
        await db.collection('counters').updateOne({ _id: 'c' as never }, { $inc: { n: 1 } }, { session });
        await db.collection('audit').insertOne({ what: 'txn' }, { session });
      });
      await session.endSession();
      await db.collection('ordered').insertMany([{ _id: 3 }, { _id: 'z' }, { _id: 1 }] as never[]);
    });
    await kill9(first);
    expect(existsSync(join(dbpath, 'engine.mdb'))).toBe(true);
    expect(readdirSync(dbpath).some((f) => f.startsWith('journal-'))).toBe(false);

    const second = await start();
    await withClient(second.uri, async (client) => {
      const db = client.db('shop');
      expect(await db.collection('members').countDocuments()).toBe(451);
      expect(await db.collection('members').countDocuments({ early: true })).toBe(100);
      expect((await db.collection('counters').findOne({ _id: 'c' as never }))?.n).toBe(42);
      expect(await db.collection('audit').countDocuments()).toBe(1);
      expect((await db.collection('ordered').find().toArray()).map((d) => d._id)).toEqual([3, 'z', 1]);
      const typed = await db
        .collection('members')
        .findOne({ _id: 'typed' as never }, { promoteValues: false, promoteLongs: false });
      expect(typed?.int).toBeInstanceOf(Int32);
      expect(String(typed?.long)).toBe('9007199254740993');
      expect(typed?.long).toBeInstanceOf(Long);
      expect(typed?.double).toBeInstanceOf(Double);
      expect(String(typed?.decimal)).toBe('0.10');
      await expect(db.collection('members').insertOne({ phone: '1' })).rejects.toMatchObject({ code: 11000 });
      const explained = await db.collection('members').find({ phone: '77' }).explain();
      expect(JSON.stringify(explained)).toContain('phone_1');
      // The indexes loaded from their stored entries agree with the documents: a find through each index
      // returns exactly what a collection scan returns.
      const members = db.collection('members');
      const ids = async (cursor: { toArray(): Promise<Array<{ _id: unknown }>> }) =>
        (await cursor.toArray()).map((d) => String(d._id)).sort();
      const checks: Array<{ index: string; filter: Filter<Document>; collation?: CollationOptions }> = [
        { index: 'phone_1', filter: { phone: { $gte: '' } } },
        { index: 'tags_1_n_-1', filter: { tags: { $in: ['t3', 1, 'moved'] }, n: { $gte: 20 } } },
        { index: 'tags_1_n_-1', filter: { tags: 'moved' } },
        { index: 'name_1', filter: { name: 'name1' }, collation: { locale: 'en', strength: 2 } },
        { index: '_id_', filter: { _id: { $exists: true } } },
      ];
      for (const { index, filter, collation } of checks) {
        const viaIndex = await ids(members.find(filter, { collation, projection: { _id: 1 } }).hint(index));
        const viaScan = await ids(members.find(filter, { collation, projection: { _id: 1 } }).hint({ $natural: 1 }));
        expect({ index, found: viaIndex }).toEqual({ index, found: viaScan });
        expect(viaScan.length).toBeGreaterThan(0);
      }
    });
  }, 60_000);

  it('keeps stored index entries in agreement with the documents when killed with writes in flight', async () => {
    const first = await start();
    const client = await MongoClient.connect(first.uri);
    const members = client.db('shop').collection('members');
    await members.createIndex({ phone: 1 }, { unique: true });
    await members.createIndex({ tags: 1, n: -1 });
    await members.insertMany(Array.from({ length: 200 }, (_, i) => ({ phone: `p${i}`, n: i, tags: [`t${i % 5}`] })));
    // Writes keep going from several loops (inserts, multikey updates, deletes) until the process is killed.
    let stop = false;
    const loops = Array.from({ length: 8 }, async (_, loop) => {
      for (let k = 0; !stop; k++) {
        const n = 1000 + loop * 100_000 + k;
        await members.insertOne({ phone: `q${n}`, n, tags: [`t${k % 5}`, k % 4] });
        await members.updateOne({ n: (k * 37 + loop) % 200 }, { $set: { tags: [`u${k % 3}`, loop] }, $inc: { n: 0 } });
        if (k % 3 === 0) await members.deleteOne({ n: { $gte: 1000 + loop * 100_000 } });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await kill9(first);
    stop = true;
    await client.close(true).catch(() => undefined);
    await Promise.allSettled(loops);

    const second = await start();
    await withClient(second.uri, async (again) => {
      const coll = again.db('shop').collection('members');
      const ids = async (cursor: { toArray(): Promise<Array<{ _id: unknown }>> }) =>
        (await cursor.toArray()).map((d) => String(d._id)).sort();
      const scan = await ids(coll.find({}, { projection: { _id: 1 } }).hint({ $natural: 1 }));
      expect(scan.length).toBeGreaterThan(200);
      expect(await ids(coll.find({ phone: { $gte: '' } }, { projection: { _id: 1 } }).hint('phone_1'))).toEqual(scan);
      expect(await ids(coll.find({ _id: { $exists: true } }, { projection: { _id: 1 } }).hint('_id_'))).toEqual(scan);
      for (const tag of ['t0', 't3', 'u1', 'u2', 0, 3]) {
        const viaIndex = await ids(coll.find({ tags: tag }, { projection: { _id: 1 } }).hint('tags_1_n_-1'));
        const viaScan = await ids(coll.find({ tags: tag }, { projection: { _id: 1 } }).hint({ $natural: 1 }));
        expect({ tag, found: viaIndex }).toEqual({ tag, found: viaScan });
      }
    });
  }, 60_000);

  it('opens an LMDB data directory as LMDB without ENGINE_STORAGE, and refuses a journal one with it', async () => {
    const first = await start();
    await withClient(first.uri, (client) => client.db('shop').collection('x').insertOne({ a: 1 }));
    await kill9(first);
    const again = await start(undefined);
    await withClient(again.uri, async (client) => {
      expect(await client.db('shop').collection('x').countDocuments()).toBe(1);
    });
    await kill9(again);

    const journalPath = mkdtempSync(join(tmpdir(), 'memberloop-journal-'));
    try {
      const journal = await startEngine(journalPath, 'journal');
      running.push(journal);
      await withClient(journal.uri, (client) => client.db('shop').collection('x').insertOne({ a: 1 }));
      await kill9(journal);
      await expect(startEngine(journalPath, 'lmdb')).rejects.toThrow(/journal format/);
    } finally {
      rmSync(journalPath, { recursive: true, force: true });
    }
  }, 60_000);
});
