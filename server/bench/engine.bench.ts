/**
 * Embedded engine benchmark: throughput and latency through the official driver and through mongoose,
 * 50 concurrent clients, persistence on (journal fsynced before every acknowledgement).
 *
 *   npm run bench:engine            (BENCH_SCALE=0.1 for a quick run; BENCH_ONLY=geo / text / storage for the $near /
 *                                   $text / storage (memory and restart on purchase-shaped documents) figures alone;
 *                                   BENCH_ONLY=compare: writes and lookups on the journal and on LMDB, alternating)
 *   ENGINE_STORAGE=lmdb npm run bench:engine    the same on LMDB storage (documents as BSON in LMDB)
 *
 * Prints figures; asserts nothing. The big-collection lookup is compared with a one-document collection
 * measured in the same run, so the ratio means something on any machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient, type Collection } from 'mongodb';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../src/database/embedded';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const CLIENTS = 50;
const DURATION_MS = Math.max(1000, 5000 * SCALE);
const BIG_COLLECTION = Math.round(1_000_000 * SCALE);
const PURCHASES = Math.round(300_000 * SCALE);
const STORAGE = process.env.ENGINE_STORAGE === 'lmdb' ? 'lmdb' : 'journal';
const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

interface Figure {
  scenario: string;
  value: string;
  note?: string;
}
const figures: Figure[] = [];

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `operation` from CLIENTS concurrent loops for DURATION_MS; returns ops/s and latency percentiles. */
async function load(
  operation: (client: number, i: number) => Promise<unknown>,
): Promise<{ opsPerSec: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const deadline = performance.now() + DURATION_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        await operation(client, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { opsPerSec: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

function record(scenario: string, result: { opsPerSec: number; p50: number; p99: number }, note?: string): void {
  figures.push({
    scenario,
    value: `${Math.round(result.opsPerSec).toLocaleString('en-US')} ops/s`,
    note: `p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms${note ? `; ${note}` : ''}`,
  });
  console.error(`  ${scenario}: ${Math.round(result.opsPerSec)} ops/s`);
}

async function fill(collection: Collection, count: number): Promise<void> {
  const batch = 10_000;
  for (let start = 0; start < count; start += batch) {
    const docs = Array.from({ length: Math.min(batch, count - start) }, (_, k) => ({
      memberNo: start + k,
      balance: 1000,
      region: `r${(start + k) % 7}`,
    }));
    await collection.insertMany(docs, { ordered: false });
  }
}

const GEO_POINTS = 100_000;

/** "Stores near me": $near (2dsphere, GeoJSON point, limit 10) on 100,000 points spread over China. */
async function nearScenario(db: ReturnType<MongoClient['db']>): Promise<void> {
  const stores = db.collection('geo_stores');
  await stores.createIndex({ location: '2dsphere' });
  // mulberry32: a small seeded generator, so every run places the same points.
  let seed = 42;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let start = 0; start < GEO_POINTS; start += 10_000) {
    const docs = Array.from({ length: 10_000 }, (_, k) => ({
      storeNo: start + k,
      location: { type: 'Point', coordinates: [100 + random() * 22, 22 + random() * 20] },
    }));
    await stores.insertMany(docs, { ordered: false });
  }
  const near = (c: number, i: number) => ({
    location: {
      $near: {
        $geometry: { type: 'Point', coordinates: [121 + ((c * 13 + i) % 100) / 100, 31 + ((c * 7 + i) % 100) / 100] },
      },
    },
  });
  const explained = await stores.find(near(0, 0)).limit(10).explain('executionStats');
  record(
    `driver: $near limit 10, ${GEO_POINTS.toLocaleString('en-US')} points (2dsphere)`,
    await load((c, i) => stores.find(near(c, i)).limit(10).toArray()),
    `${explained.executionStats.totalKeysExamined} keys / ${explained.executionStats.totalDocsExamined} docs examined per query`,
  );
}

const TEXT_DOCS = 100_000;
const TEXT_WORDS = [
  'latte',
  'espresso',
  'mocha',
  'green',
  'tea',
  'cake',
  'cookie',
  'member',
  'coupon',
  'points',
  'gift',
  'card',
  'brunch',
  'bagel',
  'juice',
  'milk',
];

/** HQ product / member look-up: $text (two words, sorted by textScore, limit 20) on 100,000 documents. */
async function textScenario(db: ReturnType<MongoClient['db']>): Promise<void> {
  const products = db.collection('text_products');
  await products.createIndex({ title: 'text', body: 'text' }, { weights: { title: 3 } });
  let seed = 7;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const words = (n: number) => Array.from({ length: n }, () => TEXT_WORDS[Math.floor(random() * TEXT_WORDS.length)]).join(' ');
  for (let start = 0; start < TEXT_DOCS; start += 10_000) {
    const docs = Array.from({ length: 10_000 }, (_, k) => ({
      sku: start + k,
      title: `${words(2)} ${start + k}`,
      body: words(12),
    }));
    await products.insertMany(docs, { ordered: false });
  }
  // Rare pairs: each search term appears in a few documents' titles only by their number.
  const search = (c: number, i: number) => ({
    $text: { $search: `${(c * 997 + i * 31) % TEXT_DOCS} ${(c * 31 + i) % TEXT_DOCS}` },
  });
  const explained = await products
    .find({ $text: { $search: 'bagel' } })
    .limit(20)
    .explain('executionStats');
  record(
    `driver: $text rare terms, sorted by textScore, ${TEXT_DOCS.toLocaleString('en-US')} docs`,
    await load((c, i) =>
      products
        .find(search(c, i), { projection: { score: { $meta: 'textScore' } } })
        .sort({ score: { $meta: 'textScore' } })
        .limit(20)
        .toArray(),
    ),
  );
  record(
    `driver: $text common term ("bagel", ~1/2 of docs), limit 20, ${TEXT_DOCS.toLocaleString('en-US')} docs`,
    await load((_c, i) =>
      products
        .find({ $text: { $search: i % 2 ? 'bagel' : 'latte' } })
        .limit(20)
        .toArray(),
    ),
    `${explained.executionStats.totalKeysExamined} keys examined per query`,
  );
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY;
  if (only === 'compare') {
    await compareStorages();
  } else if (only !== 'storage') await mainScenarios(only);
  // 8. memory and restart on purchase-shaped documents: an engine of its own, after the other one stopped,
  // so that the process's memory is this engine's.
  if (!only || only === 'storage') await storageScenario();

  const width = Math.max(...figures.map((f) => f.scenario.length));
  console.log(
    `\nEmbedded engine, ${STORAGE} storage, ${CLIENTS} concurrent clients, persistence on (${new Date().toISOString()})`,
  );
  for (const f of figures) console.log(`${f.scenario.padEnd(width)}  ${f.value.padStart(14)}  ${f.note ?? ''}`);
}

async function mainScenarios(only: string | undefined): Promise<void> {
  const dbpath = mkdtempSync(join(tmpdir(), 'memberloop-engine-bench-'));
  const engine = await startEmbeddedMongo({ dbpath });
  const client = await MongoClient.connect(engine.uri, { maxPoolSize: CLIENTS });
  const db = client.db('bench');
  console.error(`engine at ${engine.uri}, data in ${dbpath}, scale ${SCALE}`);
  try {
    if (!only) await everyScenarioButGeo(engine.uri, client, db);
    // 6. stores near a member
    if (!only || only === 'geo') await nearScenario(db);
    // 7. HQ text search
    if (!only || only === 'text') await textScenario(db);
  } finally {
    await client.close();
    await engine.stop();
    rmSync(dbpath, { recursive: true, force: true });
  }
}

async function everyScenarioButGeo(uri: string, client: MongoClient, db: ReturnType<MongoClient['db']>): Promise<void> {
  {
    // 1. indexed findOneAndUpdate $inc with a guard, the points-ledger shape
    const accounts = db.collection('accounts');
    await accounts.createIndex({ memberNo: 1 }, { unique: true });
    await fill(accounts, 10_000);
    record(
      'driver: indexed findOneAndUpdate $inc (guarded)',
      await load((c, i) =>
        accounts.findOneAndUpdate({ memberNo: (c * 997 + i) % 10_000, balance: { $gte: 1 } }, { $inc: { balance: -1 } }),
      ),
    );

    // 2. inserts
    const events = db.collection('events');
    record(
      'driver: insertOne',
      await load((c, i) => events.insertOne({ client: c, i, at: new Date(), kind: 'earn', points: 5 })),
    );

    // 3. indexed find on a big collection versus a one-document collection
    const big = db.collection('big');
    await big.createIndex({ memberNo: 1 });
    const t0 = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    await fill(big, BIG_COLLECTION);
    const fillSeconds = (performance.now() - t0) / 1000;
    figures.push({
      scenario: `driver: insertMany ${BIG_COLLECTION.toLocaleString('en-US')} docs`,
      value: `${Math.round(BIG_COLLECTION / fillSeconds).toLocaleString('en-US')} docs/s`,
    });
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    figures.push({
      scenario: 'memory per 1,000,000 small documents (engine heap, same process)',
      value: `${((((heapAfter - heapBefore) / BIG_COLLECTION) * 1e6) / 2 ** 20).toFixed(0)} MiB`,
      note: global.gc ? 'after GC' : 'run with node --expose-gc for a cleaner figure',
    });
    const tiny = db.collection('tiny');
    await tiny.createIndex({ memberNo: 1 });
    await tiny.insertOne({ memberNo: 1, balance: 1 });
    const onBig = await load((c, i) => big.findOne({ memberNo: (c * 7919 + i * 104729) % BIG_COLLECTION }));
    const onTiny = await load(() => tiny.findOne({ memberNo: 1 }));
    record(`driver: indexed findOne, ${BIG_COLLECTION.toLocaleString('en-US')}-doc collection`, onBig);
    record(
      'driver: indexed findOne, 1-doc collection',
      onTiny,
      `big/tiny p50 latency ratio ${(onBig.p50 / onTiny.p50).toFixed(2)}x (aim ≤ 2x)`,
    );

    // 4. a two-write transaction
    const ledger = db.collection('ledger');
    record(
      'driver: transaction (debit + ledger insert)',
      await load(async (c, i) => {
        const session = client.startSession();
        try {
          await session.withTransaction(async () => {
            const memberNo = (c * 31 + i) % 10_000;
            await accounts.updateOne({ memberNo, balance: { $gte: 1 } }, { $inc: { balance: -1 } }, { session });
            await ledger.insertOne({ memberNo, delta: -1, at: new Date() }, { session });
          });
        } finally {
          await session.endSession();
        }
      }),
    );

    // 5. the same through mongoose
    const conn = await mongoose.createConnection(uri, { dbName: 'bench', maxPoolSize: CLIENTS }).asPromise();
    const Account = conn.model(
      'Account',
      new mongoose.Schema({ memberNo: { type: Number, unique: true }, balance: Number, region: String }),
      'accounts',
    );
    record(
      'mongoose: indexed findOneAndUpdate $inc (guarded)',
      await load((c, i) =>
        Account.findOneAndUpdate(
          { memberNo: (c * 997 + i) % 10_000, balance: { $gte: 1 } },
          { $inc: { balance: -1 } },
          { new: true },
        ).lean(),
      ),
    );
    const Event = conn.model('Event', new mongoose.Schema({ client: Number, i: Number, kind: String }), 'mevents');
    record('mongoose: create', await load((c, i) => Event.create({ client: c, i, kind: 'earn' })));
    await conn.close();
  }
}

/**
 * The write and lookup figures on both storages under the same load: the journal and LMDB alternate in
 * rounds (each on a fresh data directory), so a busy shared machine weighs on both alike.
 */
async function compareStorages(): Promise<void> {
  const saved = process.env.ENGINE_STORAGE;
  const size = Math.round(100_000 * SCALE);
  try {
    for (let round = 1; round <= 2; round++) {
      for (const storage of ['journal', 'lmdb']) {
        process.env.ENGINE_STORAGE = storage;
        const dbpath = mkdtempSync(join(tmpdir(), 'memberloop-engine-compare-'));
        const engine = await startEmbeddedMongo({ dbpath });
        const client = await MongoClient.connect(engine.uri, { maxPoolSize: CLIENTS });
        try {
          const db = client.db('bench');
          const accounts = db.collection('accounts');
          await accounts.createIndex({ memberNo: 1 }, { unique: true });
          await fill(accounts, size);
          const tag = `${storage}, round ${round}`;
          record(
            `compare (${tag}): findOneAndUpdate $inc (guarded)`,
            await load((c, i) =>
              accounts.findOneAndUpdate({ memberNo: (c * 997 + i) % size, balance: { $gte: 1 } }, { $inc: { balance: -1 } }),
            ),
          );
          const events = db.collection('events');
          record(
            `compare (${tag}): insertOne`,
            await load((c, i) => events.insertOne({ client: c, i, at: new Date(), kind: 'earn', points: 5 })),
          );
          record(
            `compare (${tag}): indexed findOne, ${size.toLocaleString('en-US')} docs`,
            await load((c, i) => accounts.findOne({ memberNo: (c * 7919 + i * 104729) % size })),
          );
        } finally {
          await client.close();
          await engine.stop();
          rmSync(dbpath, { recursive: true, force: true });
        }
      }
    }
  } finally {
    if (saved === undefined) delete process.env.ENGINE_STORAGE;
    else process.env.ENGINE_STORAGE = saved;
  }
}

/** A purchase as the loyalty service stores it (about 400 bytes of BSON). */
function purchase(n: number): Record<string, unknown> {
  return {
    memberId: `m${n % 100_000}`,
    storeId: `s${n % 500}`,
    orderNo: `O${String(n).padStart(10, '0')}`,
    amount: 1000 + (n % 9000),
    points: 10 + (n % 90),
    channel: n % 3 === 0 ? 'wechat' : 'pos',
    items: [
      { sku: `SKU${n % 2000}`, qty: 1 + (n % 3), price: 1200 },
      { sku: `SKU${(n * 7) % 2000}`, qty: 1, price: 3500 },
    ],
    createdAt: new Date(1_700_000_000_000 + n * 60_000),
    note: '门店收银 POS 同步',
  };
}

function settledMemory(): { rss: number; heap: number } {
  global.gc?.();
  global.gc?.();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heap: usage.heapUsed };
}

/**
 * The issue's measurement: purchase-shaped documents with two indexes through the driver, the process's
 * resident memory and heap once they are in, the time to start again on the data directory, and an
 * indexed findOne after that start.
 */
async function storageScenario(): Promise<void> {
  const dbpath = mkdtempSync(join(tmpdir(), 'memberloop-engine-storage-'));
  const label = PURCHASES.toLocaleString('en-US');
  try {
    const before = settledMemory();
    let engine = await startEmbeddedMongo({ dbpath });
    let client = await MongoClient.connect(engine.uri);
    let purchases = client.db('bench').collection('purchases');
    await purchases.createIndex({ memberId: 1, createdAt: -1 });
    await purchases.createIndex({ storeId: 1, createdAt: -1 });
    const t0 = performance.now();
    for (let start = 0; start < PURCHASES; start += 5000) {
      const docs = Array.from({ length: Math.min(5000, PURCHASES - start) }, (_, k) => purchase(start + k));
      await purchases.insertMany(docs, { ordered: false });
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    figures.push({
      scenario: `storage: insertMany ${label} purchases (2 indexes)`,
      value: `${Math.round(PURCHASES / loadSeconds).toLocaleString('en-US')} docs/s`,
    });
    const loaded = settledMemory();
    figures.push({
      scenario: `storage: ${label} purchases loaded`,
      value: `RSS ${MiB(loaded.rss)}`,
      note: `heap ${MiB(loaded.heap)}; before the engine started: RSS ${MiB(before.rss)}, heap ${MiB(before.heap)}`,
    });
    await client.close();
    await engine.stop();
    client = undefined as never;
    global.gc?.();

    const t1 = performance.now();
    const cpu1 = process.cpuUsage();
    engine = await startEmbeddedMongo({ dbpath });
    const restartSeconds = (performance.now() - t1) / 1000;
    // CPU time of this process (every thread): on a shared machine less noisy than the wall time.
    const restartCpu = process.cpuUsage(cpu1);
    const restartCpuSeconds = (restartCpu.user + restartCpu.system) / 1e6;
    client = await MongoClient.connect(engine.uri);
    purchases = client.db('bench').collection('purchases');
    const restarted = settledMemory();
    figures.push({
      scenario: `storage: restart on ${label} purchases`,
      value: `${restartSeconds.toFixed(1)} s`,
      note: `CPU ${restartCpuSeconds.toFixed(1)} s; then RSS ${MiB(restarted.rss)}, heap ${MiB(restarted.heap)}`,
    });
    const lookups = 2000;
    const latencies: number[] = [];
    for (let i = 0; i < lookups; i++) {
      const t = performance.now();
      await purchases.findOne({ memberId: `m${(i * 7919) % 100_000}` });
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);
    figures.push({
      scenario: `storage: indexed findOne after restart (one client)`,
      value: `p50 ${percentile(latencies, 50).toFixed(2)} ms`,
      note: `p99 ${percentile(latencies, 99).toFixed(2)} ms`,
    });
    await client.close();
    await engine.stop();
  } finally {
    rmSync(dbpath, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
