/**
 * Persistence of the embedded engine as a separate process (the `npm run db` CLI): acknowledged writes
 * survive kill -9, a torn journal tail is cut off on restart, snapshots compact the journal, and two
 * processes never share a data directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal128, Double, Int32, Long, MongoClient } from 'mongodb';
import { describeEmbeddedOnly } from '../support/test-database';

const CLI = join(__dirname, '../../src/database/embedded/cli.ts');

interface RunningEngine {
  child: ChildProcess;
  uri: string;
  stderr: () => string;
}

/** Starts the CLI on `dbpath` and resolves with the URI it prints when ready. */
function startEngine(dbpath: string, extra: string[] = []): Promise<RunningEngine> {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', CLI, '--port', '0', '--dbpath', dbpath, ...extra], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n')) resolve({ child, uri: line.trim(), stderr: () => stderr });
    });
    child.once('exit', (code) => reject(new Error(`engine exited with ${code} before it was ready: ${stderr}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function kill9(engine: RunningEngine): Promise<void> {
  engine.child.kill('SIGKILL');
  await exited(engine.child);
}

async function withClient<T>(uri: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(uri);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** LMDB storage (ENGINE_STORAGE=lmdb) has no journal: the journal's own tests are skipped (see lmdb-storage.conformance.spec.ts). */
const itWithJournal = process.env.ENGINE_STORAGE === 'lmdb' ? it.skip : it;

describeEmbeddedOnly('persistence (embedded engine process)', () => {
  let dbpath: string;
  const running: RunningEngine[] = [];
  const start = async (extra?: string[]) => {
    const engine = await startEngine(dbpath, extra);
    running.push(engine);
    return engine;
  };

  beforeEach(() => {
    dbpath = mkdtempSync(join(tmpdir(), 'memberloop-engine-'));
  });

  afterEach(async () => {
    for (const engine of running.splice(0)) if (engine.child.exitCode === null) await kill9(engine);
    rmSync(dbpath, { recursive: true, force: true });
  });

  it('keeps every acknowledged write, with its BSON types, through kill -9', async () => {
    const first = await start();
    expect(first.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    await withClient(first.uri, async (client) => {
      const db = client.db('shop');
      await db.collection('members').createIndex({ phone: 1 }, { unique: true });
      await db.collection('members').insertOne({
        _id: 'typed' as never,
        int: new Int32(7),
        long: Long.fromString('9007199254740993'),
        double: new Double(3),
        decimal: Decimal128.fromString('0.10'),
        phone: '0',
      });
      // 500 acknowledged writes from 50 concurrent clients' worth of requests (group commit).
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => db.collection('members').insertOne({ phone: String(i + 1), n: i })),
      );
      await db.collection('counters').updateOne({ _id: 'c' as never }, { $inc: { n: 41 } }, { upsert: true });
      const session = client.startSession();
      await session.withTransaction(async () => {
        await db.collection('counters').updateOne({ _id: 'c' as never }, { $inc: { n: 1 } }, { session });
        await db.collection('audit').insertOne({ what: 'txn' }, { session });
      });
      await session.endSession();
    });
    await kill9(first);

    const second = await start();
    await withClient(second.uri, async (client) => {
      const db = client.db('shop');
      expect(await db.collection('members').countDocuments()).toBe(501);
      expect((await db.collection('counters').findOne({ _id: 'c' as never }))?.n).toBe(42);
      expect(await db.collection('audit').countDocuments()).toBe(1);
      const typed = await db
        .collection('members')
        .findOne({ _id: 'typed' as never }, { promoteValues: false, promoteLongs: false });
      expect(typed?.int).toBeInstanceOf(Int32);
      expect(String(typed?.long)).toBe('9007199254740993');
      expect(typed?.long).toBeInstanceOf(Long);
      expect(typed?.double).toBeInstanceOf(Double);
      expect(String(typed?.decimal)).toBe('0.10');
      // Indexes come back too, unique constraint included.
      await expect(db.collection('members').insertOne({ phone: '1' })).rejects.toMatchObject({ code: 11000 });
    });
  }, 60_000);

  itWithJournal(
    'cuts off a torn journal tail and carries on',
    async () => {
      const first = await start();
      await withClient(first.uri, async (client) => {
        await client
          .db('shop')
          .collection('orders')
          .insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
      });
      await kill9(first);
      const journal = readdirSync(dbpath)
        .filter((f) => f.startsWith('journal-'))
        .sort()
        .at(-1)!;
      // Half a record: a length prefix promising more bytes than follow, as a crash mid-write leaves.
      const torn = Buffer.alloc(37);
      torn.writeInt32LE(4096, 0);
      appendFileSync(join(dbpath, journal), torn);

      const second = await start();
      await withClient(second.uri, async (client) => {
        const orders = client.db('shop').collection('orders');
        expect(await orders.countDocuments()).toBe(50);
        await orders.insertOne({ i: 50 });
      });
      expect(second.stderr()).toMatch(/torn tail of 37 bytes/);
      await kill9(second);

      const third = await start();
      await withClient(third.uri, async (client) => {
        expect(await client.db('shop').collection('orders').countDocuments()).toBe(51);
      });
    },
    60_000,
  );

  itWithJournal(
    'writes snapshots and removes the journals they cover',
    async () => {
      const first = await start(['--checkpointMb', '0.05']);
      await withClient(first.uri, async (client) => {
        const coll = client.db('shop').collection('events');
        for (let batch = 0; batch < 20; batch++) {
          await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ batch, i, padding: 'x'.repeat(100) })));
        }
        await coll.updateMany({ batch: { $lt: 10 } }, { $set: { old: true } });
      });
      // Let the checkpoint that the last write triggered finish before pulling the plug.
      const deadline = Date.now() + 10_000;
      const files = () => readdirSync(dbpath);
      while (!files().includes('snapshot.bson') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(files()).toContain('snapshot.bson');
      // The journals the snapshot covers are gone: the first one among them.
      expect(files()).not.toContain('journal-00000000.log');
      expect(files().filter((f) => f.startsWith('journal-')).length).toBeGreaterThan(0);
      await kill9(first);

      const second = await start();
      await withClient(second.uri, async (client) => {
        const coll = client.db('shop').collection('events');
        expect(await coll.countDocuments()).toBe(1000);
        expect(await coll.countDocuments({ old: true })).toBe(500);
      });
    },
    60_000,
  );

  it('refuses to open a data directory another engine holds', async () => {
    const first = await start();
    await expect(startEngine(dbpath)).rejects.toThrow(/in use by process \d+/);
    // The first engine is unharmed.
    await withClient(first.uri, async (client) => {
      expect(await client.db('shop').command({ ping: 1 })).toMatchObject({ ok: 1 });
    });
  }, 60_000);

  it('stops cleanly on SIGTERM and opens again without recovery work', async () => {
    const first = await start();
    await withClient(first.uri, async (client) => {
      await client.db('shop').collection('x').insertOne({ a: 1 });
    });
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(readdirSync(dbpath)).not.toContain('mongod.lock');
    const second = await start();
    await withClient(second.uri, async (client) => {
      expect(await client.db('shop').collection('x').countDocuments()).toBe(1);
    });
  }, 60_000);
});
