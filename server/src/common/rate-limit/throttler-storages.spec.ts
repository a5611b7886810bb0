import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from './gcra';
import mongoose, { type Connection, type Model } from 'mongoose';
import { startTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { DatabaseThrottlerStorage, type RateLimitBucket, rateLimitBuckets } from './database-throttler-storage';
import { MemoryThrottlerStorage } from './memory-throttler-storage';

const MINUTE = 60_000;

let database: TestDatabase;
let connections: Connection[] = [];
let buckets: Model<RateLimitBucket>;

beforeAll(async () => {
  database = await startTestDatabase({ ttlMonitorIntervalMs: 100 });
  const connect = () => mongoose.createConnection(database.uri, { dbName: database.dbName, autoIndex: false }).asPromise();
  // Two connections stand for two server processes on one database.
  connections = await Promise.all([connect(), connect()]);
  buckets = rateLimitBuckets(connections[0]);
  await buckets.createCollection();
  await buckets.createIndexes();
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await database?.stop();
});

/** Both stores must decide alike: the suites run in memory, several processes run on the database. */
describe.each([
  ['in memory', (now: () => number) => new MemoryThrottlerStorage(now)],
  ['in the database', (now: () => number) => new DatabaseThrottlerStorage(buckets, now)],
] as Array<[string, (now: () => number) => ThrottlerStorage]>)('rate-limit budgets %s', (_name, storageAt) => {
  let key = 0;
  const freshKey = () => `POST /api/v1/me/sign-in member:${Date.now()}-${++key}`;

  it('lets a burst up to the limit through, then one more each window / limit', async () => {
    let now = 1_800_000_000_000;
    const storage = storageAt(() => now);
    const k = freshKey();
    for (let i = 1; i <= 5; i++)
      expect(await storage.increment(k, MINUTE, 5, 0, 'endpoint')).toMatchObject({ isBlocked: false, totalHits: i });
    expect(await storage.increment(k, MINUTE, 5, 0, 'endpoint')).toEqual({
      totalHits: 6,
      timeToExpire: 60,
      isBlocked: true,
      timeToBlockExpire: 12,
    });
    now += 11_000;
    expect((await storage.increment(k, MINUTE, 5, 0, 'endpoint')).isBlocked).toBe(true);
    now += 1_000;
    expect((await storage.increment(k, MINUTE, 5, 0, 'endpoint')).isBlocked).toBe(false);
    expect((await storage.increment(k, MINUTE, 5, 0, 'endpoint')).isBlocked).toBe(true);
  });

  it('refuses a concurrent burst over the limit: exactly the limit gets through', async () => {
    const storage = storageAt(() => 1_800_000_000_000);
    const k = freshKey();
    const results = await Promise.all(Array.from({ length: 30 }, () => storage.increment(k, MINUTE, 10, 0, 'endpoint')));
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(10);
    expect(results.filter((r) => r.isBlocked).every((r) => r.timeToBlockExpire === 6)).toBe(true);
  });

  it('keeps callers apart: one caller using up their budget leaves another’s whole', async () => {
    const storage = storageAt(() => 1_800_000_000_000);
    const attacker = freshKey();
    const victim = freshKey();
    await Promise.all(Array.from({ length: 50 }, () => storage.increment(attacker, MINUTE, 3, 0, 'endpoint')));
    const victims = await Promise.all(Array.from({ length: 3 }, () => storage.increment(victim, MINUTE, 3, 0, 'endpoint')));
    expect(victims.every((r) => !r.isBlocked)).toBe(true);
    // The same key under another throttler name is another budget too.
    expect((await storage.increment(attacker, MINUTE, 3, 0, 'other')).isBlocked).toBe(false);
  });

  it('charges nothing for a refused request: hammering does not push the next chance further away', async () => {
    let now = 1_800_000_000_000;
    const storage = storageAt(() => now);
    const k = freshKey();
    await storage.increment(k, MINUTE, 2, 0, 'endpoint');
    await storage.increment(k, MINUTE, 2, 0, 'endpoint');
    for (let i = 0; i < 20; i++) {
      now += 1000;
      expect((await storage.increment(k, MINUTE, 2, 0, 'endpoint')).isBlocked).toBe(true);
    }
    now += 10_000;
    expect((await storage.increment(k, MINUTE, 2, 0, 'endpoint')).isBlocked).toBe(false);
  });
});

describe('rate-limit budgets in the database', () => {
  it('are one budget for two processes: together they let the limit through, not twice the limit', async () => {
    const now = () => 1_800_000_000_000;
    const first = new DatabaseThrottlerStorage(rateLimitBuckets(connections[0]), now);
    const second = new DatabaseThrottlerStorage(rateLimitBuckets(connections[1]), now);
    const key = 'POST /api/v1/auth/wechat-login ip:203.0.113.7';
    const results: ThrottlerStorageRecord[] = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? first : second).increment(key, MINUTE, 12, 0, 'endpoint')),
    );
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(12);
    expect((await second.increment(key, MINUTE, 12, 0, 'endpoint')).isBlocked).toBe(true);
  });

  it('keep one small document per caller and endpoint, removed by the TTL index once the bucket is full again', async () => {
    const storage = new DatabaseThrottlerStorage(buckets);
    const key = 'POST /api/v1/me/sign-in member:expiring';
    await storage.increment(key, 300, 2, 0, 'endpoint');
    await storage.increment(key, 300, 2, 0, 'endpoint');
    expect(await buckets.countDocuments({ _id: `endpoint|${key}` })).toBe(1);
    const deadline = Date.now() + 5000;
    while ((await buckets.countDocuments({ _id: `endpoint|${key}` })) > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await buckets.countDocuments({ _id: `endpoint|${key}` })).toBe(0);
  });
});

describe('rate-limit budgets in memory', () => {
  it('forget full buckets once many callers have come and gone, and still limit the ones in use', async () => {
    let now = 0;
    const storage = new MemoryThrottlerStorage(() => now, 10);
    for (let i = 0; i < 9; i++) await storage.increment(`gone-${i}`, 1000, 1, 0, 'endpoint');
    now = 1000;
    await storage.increment('busy', 1000, 1, 0, 'endpoint');
    expect(storage.size).toBe(1);
    expect((await storage.increment('busy', 1000, 1, 0, 'endpoint')).isBlocked).toBe(true);
  });

  it('sweep seldom when every bucket is in use: the next sweep waits until the map has doubled', async () => {
    const storage = new MemoryThrottlerStorage(() => 0, 10);
    const sweep = jest.spyOn(storage as unknown as { forgetFullBuckets(now: number): void }, 'forgetFullBuckets');
    for (let i = 0; i < 100; i++) await storage.increment(`caller-${i}`, 60_000, 1, 0, 'endpoint');
    expect(storage.size).toBe(100);
    // At 10, 20, 40 and 80 callers: not at every new caller past the first 10.
    expect(sweep).toHaveBeenCalledTimes(4);
  });
});
