/**
 * Documents over MongoDB's 16 MiB limit, through the official driver against the embedded engine with a
 * dbpath: every write that would store one is refused with mongod's code (BSONObjectTooLarge 10334 for a
 * document sent whole, 17419 for an update's result, 17420 for an upsert's) and changes nothing; the engine
 * keeps checkpointing, writing and dropping afterwards; a checkpoint that cannot encode a record, or a
 * write whose journal record cannot be encoded, never costs an acknowledged write.
 *
 * "Crash images" copy the data directory as kill -9 would leave it (no final checkpoint), so recovery runs
 * from the journals exactly as after a crash, while the engine under test keeps running.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, MongoClient, MongoServerError } from 'mongodb';
import { type EmbeddedMongo, type EmbeddedMongoOptions, startEmbeddedMongo } from '../../src/database/embedded';
import { describeEmbeddedOnly } from '../support/test-database';

const MiB = 1024 * 1024;
const LIMIT = 16 * MiB;
const text = (mib: number, letter = 'x') => letter.repeat(Math.round(mib * MiB));

/** The documents the update tests store: a large string, and what their updates add to it. */
interface Sized {
  _id: string | number;
  s?: string;
  t?: string;
  list?: string[];
  i?: number;
  touched?: boolean;
}

interface Running {
  engine: EmbeddedMongo;
  client: MongoClient;
  db: Db;
  logs: string[];
  stop(): Promise<void>;
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

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** LMDB storage (ENGINE_STORAGE=lmdb) has no journal and no checkpoints: those tests are the journal's. */
const LMDB = process.env.ENGINE_STORAGE === 'lmdb';
const itWithCheckpoints = LMDB ? it.skip : it;

describeEmbeddedOnly('documents over 16 MiB (embedded engine with a dbpath)', () => {
  const dirs: string[] = [];
  const running: Running[] = [];

  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  const start = async (dbpath: string, options: EmbeddedMongoOptions = {}): Promise<Running> => {
    const logs: string[] = [];
    const engine = await startEmbeddedMongo({ dbpath, log: (line) => logs.push(line), ...options });
    const client = await MongoClient.connect(engine.uri);
    let stopped: Promise<void> | undefined;
    const handle: Running = {
      engine,
      client,
      db: client.db('sizes'),
      logs,
      stop: () => (stopped ??= client.close().then(() => engine.stop())),
    };
    running.push(handle);
    return handle;
  };

  /** The files as kill -9 would leave them now, without the lock the live engine holds. */
  const crashImage = (dbpath: string): string => {
    const copy = tempDir('memberloop-crash-');
    for (const name of readdirSync(dbpath)) {
      if (name !== 'mongod.lock' && name !== 'engine.uri') copyFileSync(join(dbpath, name), join(copy, name));
    }
    return copy;
  };

  const ids = async (db: Db, coll: string) =>
    (
      await db
        .collection(coll)
        .find({}, { projection: { _id: 1 } })
        .sort({ _id: 1 })
        .toArray()
    ).map((d) => d._id);

  afterEach(async () => {
    for (const handle of running.splice(0)) await handle.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an oversized insert with BSONObjectTooLarge and creates nothing', async () => {
    const { db } = await start(tempDir('memberloop-size-'));
    const refused = await failure(db.collection('docs').insertOne({ _id: 'big' as never, s: text(16.5) }));
    expect(refused.code).toBe(10334);
    expect(refused.message).toMatch(/^object to insert too large\. size in bytes: \d+, max size: 16777216$/);
    expect(await db.listCollections().toArray()).toEqual([]);
  });

  it('reports oversized documents of an insert batch as write errors, ordered and unordered', async () => {
    const { db } = await start(tempDir('memberloop-size-'));
    const documents = [{ _id: 1 }, { _id: 2, s: text(16.5) }, { _id: 3 }];

    const ordered = await db.command({ insert: 'ordered', documents, ordered: true });
    expect(ordered.n).toBe(1);
    expect(ordered.writeErrors).toEqual([expect.objectContaining({ index: 1, code: 10334 })]);
    expect(await ids(db, 'ordered')).toEqual([1]);

    const unordered = await db.command({ insert: 'unordered', documents, ordered: false });
    expect(unordered.n).toBe(2);
    expect(unordered.writeErrors).toEqual([expect.objectContaining({ index: 1, code: 10334 })]);
    expect(await ids(db, 'unordered')).toEqual([1, 3]);
  });

  it('refuses update results over the limit, whatever the kind of update, and leaves the document as it was', async () => {
    const { db } = await start(tempDir('memberloop-size-'));
    const docs = db.collection<Sized>('docs');
    await docs.insertOne({ _id: 'base', s: text(10) });
    const base = { _id: 'base' };

    const tooLarge = { code: 17419, message: 'Resulting document after update is larger than 16777216' };
    expect(await failure(docs.updateOne(base, { $push: { list: text(7) } }))).toMatchObject(tooLarge);
    expect(await failure(docs.updateOne(base, { $set: { t: text(7) } }))).toMatchObject(tooLarge);
    expect(await failure(docs.updateOne(base, [{ $set: { t: '$s' } }]))).toMatchObject(tooLarge);
    expect(await failure(docs.replaceOne(base, { s: text(16.5) }))).toMatchObject({ code: 10334 });

    // Upserts: a computed document is 17420, a replacement sent whole BSONObjectTooLarge.
    expect(await failure(docs.updateOne({ _id: 'fresh', s: text(9) }, [{ $set: { t: '$s' } }], { upsert: true }))).toMatchObject({
      code: 17420,
      message: 'Document to upsert is larger than 16777216',
    });
    expect(await failure(docs.replaceOne({ _id: 'fresh' }, { s: text(16.5) }, { upsert: true }))).toMatchObject({
      code: 10334,
    });

    // In a batch, the statement that would grow the document is a write error; ordered stops there.
    const grow = { q: base, u: { $push: { list: text(7) } } };
    const unordered = await db.command({ update: 'docs', updates: [grow, { q: base, u: { $set: { a: 1 } } }], ordered: false });
    expect(unordered).toMatchObject({ n: 1, nModified: 1, writeErrors: [expect.objectContaining({ index: 0, code: 17419 })] });
    const ordered = await db.command({ update: 'docs', updates: [grow, { q: base, u: { $set: { b: 1 } } }], ordered: true });
    expect(ordered).toMatchObject({ n: 0, nModified: 0, writeErrors: [expect.objectContaining({ index: 0, code: 17419 })] });

    const stored = await docs.findOne(base);
    expect(Object.keys(stored ?? {})).toEqual(['_id', 's', 'a']);
    expect((stored?.s as string).length).toBe(10 * MiB);
    expect(await ids(db, 'docs')).toEqual(['base']);
  });

  it('refuses findAndModify results over the limit as a command error', async () => {
    const { db } = await start(tempDir('memberloop-size-'));
    const docs = db.collection<Sized>('docs');
    await docs.insertOne({ _id: 'base', s: text(10) });
    const base = { _id: 'base' };

    expect(await failure(docs.findOneAndUpdate(base, { $push: { list: text(7) } }))).toMatchObject({ code: 17419 });
    expect(await failure(docs.findOneAndUpdate(base, [{ $set: { t: { $concat: ['$s', 'y'] } } }]))).toMatchObject({
      code: 17419,
    });
    expect(await failure(docs.findOneAndReplace(base, { s: text(16.5) }))).toMatchObject({ code: 10334 });
    expect(
      await failure(docs.findOneAndUpdate({ _id: 'new', s: text(9) }, [{ $set: { t: '$s' } }], { upsert: true })),
    ).toMatchObject({ code: 17420 });

    const stored = await docs.findOne(base);
    expect(Object.keys(stored ?? {})).toEqual(['_id', 's']);
    expect(await ids(db, 'docs')).toEqual(['base']);
  });

  it('refuses $out and $merge results over the limit and leaves the target as it was', async () => {
    const { db } = await start(tempDir('memberloop-size-'));
    await db.collection('source').insertOne({ _id: 1 as never, s: text(9) });
    await db.collection('target').insertOne({ _id: 1 as never, kept: true, u: text(9, 'u') });
    const run = (pipeline: object[]) => failure(db.collection('source').aggregate(pipeline).toArray());

    expect(await run([{ $set: { t: '$s' } }, { $out: 'target' }])).toMatchObject({ code: 10334 });
    // whenMatched merge: the existing target document grows past the limit, as an update would.
    expect(await run([{ $merge: { into: 'target', whenMatched: 'merge' } }])).toMatchObject({ code: 17419 });
    expect(await run([{ $set: { t: '$s' } }, { $merge: { into: 'target', whenMatched: 'replace' } }])).toMatchObject({
      code: 10334,
    });
    expect(await run([{ $set: { _id: 2, t: '$s' } }, { $merge: { into: 'target' } }])).toMatchObject({ code: 10334 });

    const target = await db.collection('target').find().toArray();
    expect(target.map((d) => Object.keys(d))).toEqual([['_id', 'kept', 'u']]);
  });

  it('keeps checkpointing, inserting and dropping databases after refused writes; a restart keeps every acknowledged write', async () => {
    const dbpath = tempDir('memberloop-size-');
    const first = await start(dbpath, { checkpointJournalBytes: 256 * 1024 });
    const docs = first.db.collection<Sized>('docs');
    await docs.insertOne({ _id: 'base', s: text(10) });
    await failure(docs.insertOne({ _id: 'big', s: text(16.5) }));
    await failure(docs.updateOne({ _id: 'base' }, { $push: { list: text(7) } }));
    await failure(docs.findOneAndUpdate({ _id: 'base' }, { $set: { t: text(7) } }));

    // The 10 MiB insert passed the checkpoint threshold: the snapshot is written despite the refusals.
    if (!LMDB) await until(() => existsSync(join(dbpath, 'snapshot.bson')), 'a snapshot');
    await docs.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i, i })));
    await docs.updateOne({ _id: 'base' }, { $set: { touched: true } });
    await first.client.db('scratch').collection('c').insertOne({ a: 1 });
    await first.client.db('scratch').dropDatabase();
    await docs.insertOne({ _id: 'after' });
    expect(first.logs.filter((line) => line.startsWith('ERROR'))).toEqual([]);

    const check = async (db: Db, client: MongoClient) => {
      expect(await db.collection('docs').countDocuments()).toBe(22);
      expect(await db.collection('docs').countDocuments({ _id: { $in: ['big'] as never[] } })).toBe(0);
      const base = await db.collection('docs').findOne({ _id: 'base' as never });
      expect(Object.keys(base ?? {})).toEqual(['_id', 's', 'touched']);
      const names = (await client.db().admin().listDatabases()).databases.map((d) => d.name);
      expect(names).not.toContain('scratch');
    };
    const crashed = await start(crashImage(dbpath));
    await check(crashed.db, crashed.client);
    await first.stop();
    const restarted = await start(dbpath);
    await check(restarted.db, restarted.client);
  });

  it('journals an update of many documents past the encoder buffer, and recovers it intact', async () => {
    const dbpath = tempDir('memberloop-size-');
    const first = await start(dbpath);
    const docs = first.db.collection('docs');
    await docs.insertMany(Array.from({ length: 24 }, (_, i) => ({ _id: i as never, s: text(1, String.fromCharCode(97 + i)) })));
    // One statement, one commit: a journal record of some 24 MiB.
    expect((await docs.updateMany({}, { $set: { touched: true } })).modifiedCount).toBe(24);

    const crashed = await start(crashImage(dbpath));
    const recovered = await crashed.db.collection('docs').find().sort({ _id: 1 }).toArray();
    expect(recovered.map((d) => d.touched)).toEqual(Array(24).fill(true));
    expect(recovered.every((d, i) => d.s === text(1, String.fromCharCode(97 + i)))).toBe(true);
  });

  itWithCheckpoints(
    'logs a checkpoint that cannot encode a record, keeps working, and recovers every acknowledged write',
    async () => {
      const dbpath = tempDir('memberloop-size-');
      let poisoned = false;
      const first = await start(dbpath, {
        checkpointJournalBytes: 64 * 1024,
        faultInjector: (operation, change) => {
          if (operation === 'encode' && poisoned && change?.op === 'put' && change.doc._id === 'poison') {
            throw new Error('injected encoder failure');
          }
        },
      });
      const docs = first.db.collection('docs');
      await docs.insertOne({ _id: 'poison' as never, n: -1 });
      // From now on the poison document cannot be encoded: only snapshots still need to encode it.
      poisoned = true;
      for (let i = 0; i < 10; i++) {
        await docs.insertMany(Array.from({ length: 20 }, (_, j) => ({ _id: i * 20 + j, pad: text(0.001) }) as never));
      }
      await until(() => first.logs.some((line) => line.startsWith('ERROR checkpoint failed')), 'a failed checkpoint');
      expect(first.logs.find((line) => line.startsWith('ERROR'))).toMatch(
        /^ERROR checkpoint failed.*the snapshot cannot encode the document "poison" of sizes\.docs: injected encoder failure/,
      );

      // Not wedged: writes, updates and catalog changes go on.
      await docs.insertOne({ _id: 'after' as never });
      await docs.updateOne({ _id: 0 as never }, { $set: { updated: true } });
      await first.client.db('scratch').collection('c').insertOne({ a: 1 });
      await first.client.db('scratch').dropDatabase();
      expect(readdirSync(dbpath)).not.toContain('snapshot.tmp');

      const check = async (db: Db, client: MongoClient) => {
        expect(await db.collection('docs').countDocuments()).toBe(202);
        expect(await db.collection('docs').findOne({ _id: 'poison' as never })).toEqual({ _id: 'poison', n: -1 });
        expect(await db.collection('docs').findOne({ _id: 0 as never })).toMatchObject({ updated: true });
        const names = (await client.db().admin().listDatabases()).databases.map((d) => d.name);
        expect(names).not.toContain('scratch');
      };
      const crashed = await start(crashImage(dbpath));
      await check(crashed.db, crashed.client);
      // A clean stop cannot checkpoint either: it logs, and the journals carry everything to the restart.
      await first.stop();
      expect(first.logs.filter((line) => line.startsWith('ERROR checkpoint failed')).length).toBeGreaterThan(1);
      const restarted = await start(dbpath);
      await check(restarted.db, restarted.client);
    },
  );

  it('refuses a write whose journal record cannot be encoded, acknowledges nothing of it, and carries on', async () => {
    const dbpath = tempDir('memberloop-size-');
    const first = await start(dbpath, {
      faultInjector: (operation, change) => {
        if (operation === 'encode' && change?.op === 'put' && change.doc.unencodable) throw new Error('injected encoder failure');
      },
    });
    const docs = first.db.collection('docs');
    await docs.insertOne({ _id: 'a' as never });
    const refused = await failure(docs.insertOne({ _id: 'b' as never, unencodable: true }));
    expect(refused).toMatchObject({ code: 1, message: expect.stringMatching(/cannot be encoded for (the journal|storage)/) });

    const session = first.client.startSession();
    await expect(
      session.withTransaction(async () => {
        await docs.insertOne({ _id: 'c' as never }, { session });
        await docs.insertOne({ _id: 'd' as never, unencodable: true }, { session });
      }),
    ).rejects.toMatchObject({ code: 1 });
    await session.endSession();

    expect(await ids(first.db, 'docs')).toEqual(['a']);
    await docs.insertOne({ _id: 'e' as never });
    await first.client.db('scratch').collection('c').insertOne({ a: 1 });
    await first.client.db('scratch').dropDatabase();
    const refusal = LMDB ? 'ERROR refused a write the storage cannot encode' : 'ERROR refused a write the journal cannot encode';
    expect(first.logs.filter((line) => line.startsWith(refusal))).toHaveLength(2);

    const crashed = await start(crashImage(dbpath));
    expect(await ids(crashed.db, 'docs')).toEqual(['a', 'e']);
  });

  it('accepts a document of exactly 16 MiB', async () => {
    const { db } = await start(tempDir('memberloop-size-'));
    // { _id: 1, s: "…" }: 4 + (1 + 4 + 4) + (1 + 2 + 4 + length + 1) + 1 bytes.
    const s = 'x'.repeat(LIMIT - 22);
    await db.collection('docs').insertOne({ _id: 1 as never, s });
    const stats = await db.command({ collStats: 'docs' });
    expect(stats.size).toBe(LIMIT);
  });
});
