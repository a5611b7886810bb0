/**
 * What a rate-limit decision costs in each store, for docs/architecture-libraries.md (figures, not assertions):
 *   cd server && node --expose-gc -r ./src/import/cli/register-swc.cjs src/common/rate-limit/rate-limit-stores.bench.ts
 * Compares our in-memory GCRA store with @nestjs/throttler's ThrottlerStorageService (a log of hit times per key)
 * and measures the database store on the embedded engine, the default deployment's database. (The library's
 * store filters every hit of the window on each call, so a run past ~125k hits of one key would take hours.)
 */
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../../database/embedded';
import { DatabaseThrottlerStorage, rateLimitBuckets } from './database-throttler-storage';
import { MemoryThrottlerStorage } from './memory-throttler-storage';

const MINUTE = 60_000;
const print = (line: string) => process.stdout.write(`${line}\n`);

async function perCall(storage: ThrottlerStorage, calls: number, keyOf: (i: number) => string, limit: number): Promise<string> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) await storage.increment(keyOf(i), MINUTE, limit, 0, 'endpoint');
  const ns = Number(process.hrtime.bigint() - started) / calls;
  return ns >= 1_000_000 ? `${(ns / 1_000_000).toFixed(2)} ms` : `${(ns / 1000).toFixed(2)} µs`;
}

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Runs `calls` through a fresh store; the time per call and how much heap the store holds afterwards. */
async function scenario(
  make: () => ThrottlerStorage & { onApplicationShutdown?(): void },
  calls: number,
  keyOf: (i: number) => string,
  limit: number,
): Promise<string> {
  const before = heapMb();
  const store = make();
  const time = await perCall(store, calls, keyOf, limit);
  const held = heapMb() - before;
  store.onApplicationShutdown?.();
  return `${time}/call, heap held ${held.toFixed(1)} MB`;
}

async function memoryStores(): Promise<void> {
  const stores: Array<[string, () => ThrottlerStorage & { onApplicationShutdown?(): void }]> = [
    ['ours (GCRA, one number per key)', () => new MemoryThrottlerStorage()],
    ['@nestjs/throttler ThrottlerStorageService', () => new ThrottlerStorageService()],
  ];
  for (const [name, make] of stores) {
    print(name);
    print(`  one caller, limit 120/min, 200k calls: ${await scenario(make, 200_000, () => 'k', 120)}`);
    print(
      `  one caller, limit 120,000/min (RATE_LIMIT_SCALE=1000), 100k calls: ${await scenario(make, 100_000, () => 'k', 120_000)}`,
    );
    print(`  100k callers once each, limit 120/min: ${await scenario(make, 100_000, (i) => `ip:${i}`, 120)}`);
  }
}

async function databaseStore(): Promise<void> {
  const engine = await startEmbeddedMongo();
  const connection = await mongoose.createConnection(engine.uri, { dbName: 'bench' }).asPromise();
  const buckets = rateLimitBuckets(connection);
  await buckets.createCollection();
  await buckets.createIndexes();
  const storage = new DatabaseThrottlerStorage(buckets);
  const memory = new MemoryThrottlerStorage();
  print('database store, embedded engine in this process (mongoose connection over loopback):');
  print(`  admitted, new caller each time, 3,000 calls: ${await perCall(storage, 3000, (i) => `new:${i}`, 120)}/call`);
  print(`  admitted, one caller, 3,000 calls: ${await perCall(storage, 3000, () => 'one', 1_000_000)}/call`);
  print(`  refused (budget used up), 3,000 calls: ${await perCall(storage, 3000, () => 'one', 1)}/call`);
  print(`  in memory for comparison, 3,000 calls: ${await perCall(memory, 3000, (i) => `new:${i}`, 120)}/call`);
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 50 }, async (_, worker) => {
      for (let i = 0; i < 100; i++) await storage.increment(`worker:${worker}`, MINUTE, 1_000_000, 0, 'endpoint');
    }),
  );
  print(`  50 callers at once, 5,000 admitted calls: ${((5000 / (Date.now() - started)) * 1000).toFixed(0)} decisions/s`);
  await connection.close();
  await engine.stop();
}

void (async () => {
  await memoryStores();
  await databaseStore();
})();
