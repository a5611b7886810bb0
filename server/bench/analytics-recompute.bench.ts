/**
 * CRM analytics benchmark: generates N members and 10×N purchases (or another number per member) directly through the driver into the
 * embedded engine (in memory, in this process, as the server runs it), then times the nightly full
 * RFM + lifecycle recompute (the real ProfileRecomputeService), a second run with nothing changed, and an
 * incremental pass after 1 % of the members bought again. Prints times, CPU time and peak memory (RSS
 * sampled every 50 ms); asserts nothing. Each full recompute is the median of BENCH_RUNS runs (3 up to
 * 200,000 members, else 1).
 *
 *   npm run bench:analytics -w server               (N = 100,000: 1,000,000 purchases)
 *   npm run bench:analytics -w server -- 1000000    (N = 1,000,000: 10,000,000 purchases)
 *   npm run bench:analytics -w server -- 1000000 3  (N = 1,000,000 with 3 purchases each)
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import { MongoClient, ObjectId } from 'mongodb';
import type { Model } from 'mongoose';
import { AnalyticsSettingsService } from '../src/analytics/analytics-settings.service';
import { AnalyticsStateStore } from '../src/analytics/analytics-state.store';
import { ProfileRecomputeService } from '../src/analytics/profile-recompute.service';
import {
  AnalyticsState,
  AnalyticsStateSchema,
  MemberDistribution,
  MemberDistributionSchema,
  MonthlySales,
  MonthlySalesSchema,
  StageSnapshotChunk,
  StageSnapshotChunkSchema,
  StageSnapshotDay,
  StageSnapshotDaySchema,
} from '../src/analytics/schemas/analytics-state.schema';
import { MemberProfile, MemberProfileSchema } from '../src/analytics/schemas/member-profile.schema';
import { StageSnapshotsService } from '../src/analytics/stage-snapshots.service';
import { Clock, SystemClock } from '../src/common/clock/clock';
import { appConfig } from '../src/config/app-config';
import { startEmbeddedMongo } from '../src/database/embedded';
import { MemberStore } from '../src/members/member.store';
import { Member, MemberSchema } from '../src/members/schemas/member.schema';
import { PurchaseStore } from '../src/purchases/purchase.store';
import { Purchase, PurchaseSchema } from '../src/purchases/schemas/purchase.schema';

const N = Number(process.argv[2] ?? process.env.BENCH_MEMBERS ?? 100_000);
/** Purchases per member on average (10 by default); fewer lets a million members fit in this machine's memory. */
const PURCHASES_PER_MEMBER = Number(process.argv[3] ?? process.env.BENCH_PURCHASES_PER_MEMBER ?? 10);
const STORES = Array.from({ length: 20 }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);
const SKUS = 500;
const DAY_MS = 86_400_000;
const BATCH = 10_000;
/** Each full recompute is measured this many times (median); one run at a million members takes ten minutes. */
const RUNS = Number(process.env.BENCH_RUNS ?? (N <= 200_000 ? 3 : 1));

/** A small deterministic generator (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Measured<T> {
  result: T;
  seconds: number;
  /** CPU time of the process (every thread: the engine, the driver, the garbage collector's helpers). */
  cpuSeconds: number;
  peakMiB: number;
  startMiB: number;
}

/** Time, CPU time and peak RSS while `work` runs. */
async function measured<T>(label: string, work: () => Promise<T>): Promise<Measured<T>> {
  global.gc?.();
  const startMiB = process.memoryUsage().rss / 2 ** 20;
  let peak = startMiB;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 50);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.error(`  ${label}: ${seconds.toFixed(1)} s (CPU ${cpuSeconds.toFixed(1)} s), peak RSS ${peak.toFixed(0)} MiB`);
    return { result, seconds, cpuSeconds, peakMiB: peak, startMiB };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Repeats a measurement and keeps the run of median time (runs differ with the garbage collector's timing);
 * peak memory is the highest of all runs, counted from where the first began.
 */
async function medianOf<T>(
  runs: number,
  label: string,
  work: (run: number) => Promise<Measured<T>>,
): Promise<Measured<T> & { range: string }> {
  const results: Array<Measured<T>> = [];
  for (let run = 1; run <= runs; run++) results.push(await work(run));
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const range = runs > 1 ? ` (median of ${runs}: ${sorted.map((r) => r.seconds.toFixed(1)).join(' / ')} s)` : '';
  if (runs > 1) console.error(`  ${label}${range}`);
  return { ...median, range, startMiB: results[0].startMiB, peakMiB: Math.max(...results.map((r) => r.peakMiB)) };
}

async function generate(uri: string): Promise<void> {
  const client = await MongoClient.connect(uri);
  const db = client.db('bench');
  const rand = random(42);
  const now = Date.now();
  const members = db.collection('members');
  const purchases = db.collection('purchases');
  const ids: ObjectId[] = [];
  for (let start = 0; start < N; start += BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(N, start + BATCH); i++) {
      const id = new ObjectId();
      ids.push(id);
      const home = STORES[Math.floor(rand() * STORES.length)];
      docs.push({
        _id: id,
        memberNo: `M${String(i + 1).padStart(8, '0')}`,
        cardNumbers: [],
        consents: rand() < 0.6 ? { marketing: { granted: true, at: new Date(now) } } : {},
        tier: {
          code: ['regular', 'silver', 'gold', 'black-diamond'][Math.floor(rand() ** 2 * 4)],
          since: new Date(now),
          heldUntil: new Date(now + 365 * DAY_MS),
        },
        region: ['华东', '华南', '华北', '西南'][Math.floor(rand() * 4)],
        storeCodes: rand() < 0.2 ? [home, STORES[Math.floor(rand() * STORES.length)]] : [home],
        registeredAt: new Date(now - 800 * DAY_MS),
        status: 'active',
      });
    }
    await members.insertMany(docs, { ordered: false });
  }
  let order = 0;
  const total = N * PURCHASES_PER_MEMBER;
  for (let start = 0; start < total; start += BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(total, start + BATCH); i++) {
      // Skewed activity: some members buy often, many rarely; purchases over the last two years.
      const member = ids[Math.floor(rand() ** 1.5 * N)];
      const lines = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => ({
        sku: `SKU${String(Math.floor(rand() ** 2 * SKUS)).padStart(4, '0')}`,
        category: '护肤',
        quantity: 1,
        unitPriceFen: 1_000 + Math.floor(rand() * 30_000),
        points: 0,
        refundedQuantity: 0,
      }));
      const totalFen = lines.reduce((s, l) => s + l.unitPriceFen, 0);
      const online = rand() < 0.3;
      docs.push({
        orderId: `B${++order}`,
        integrationId: 'bench',
        requestHash: 'bench',
        memberId: member,
        channel: online ? 'online' : 'store',
        ...(online ? {} : { storeCode: STORES[Math.floor(rand() * STORES.length)] }),
        paidAt: new Date(now - Math.floor(rand() * 730 * DAY_MS)),
        lines,
        totalFen,
        refundedFen: rand() < 0.03 ? totalFen : 0,
        status: 'applied',
        refunds: [],
        refundVersion: 0,
        createdAt: new Date(now),
        updatedAt: new Date(now - 3_600_000),
      });
    }
    await purchases.insertMany(docs, { ordered: false });
    if ((start / BATCH) % 50 === 0) console.error(`  … ${(start + docs.length).toLocaleString('en-US')} purchases`);
  }
  await purchases.createIndex({ memberId: 1, paidAt: -1 });
  await client.close();
}

async function main(): Promise<void> {
  const engine = await startEmbeddedMongo({});
  console.error(`embedded engine at ${engine.uri} (in memory), N = ${N.toLocaleString('en-US')}`);
  const figures: Array<[string, string]> = [];
  try {
    const gen = await measured('generate', () => generate(engine.uri));
    figures.push([
      `generate ${N.toLocaleString('en-US')} members + ${(N * PURCHASES_PER_MEMBER).toLocaleString('en-US')} purchases`,
      `${gen.seconds.toFixed(1)} s`,
    ]);

    @Module({
      imports: [
        MongooseModule.forRoot(engine.uri, { dbName: 'bench' }),
        MongooseModule.forFeature([
          { name: Purchase.name, schema: PurchaseSchema },
          { name: Member.name, schema: MemberSchema },
          { name: MemberProfile.name, schema: MemberProfileSchema },
          { name: AnalyticsState.name, schema: AnalyticsStateSchema },
          { name: MemberDistribution.name, schema: MemberDistributionSchema },
          { name: MonthlySales.name, schema: MonthlySalesSchema },
          { name: StageSnapshotChunk.name, schema: StageSnapshotChunkSchema },
          { name: StageSnapshotDay.name, schema: StageSnapshotDaySchema },
        ]),
      ],
      providers: [
        ProfileRecomputeService,
        StageSnapshotsService,
        AnalyticsSettingsService,
        AnalyticsStateStore,
        MemberStore,
        PurchaseStore,
        { provide: Clock, useClass: SystemClock },
        { provide: appConfig.KEY, useValue: { brand: { timeZone: 'Asia/Shanghai' } } },
      ],
    })
    class BenchModule {}
    const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
    const service = app.get(ProfileRecomputeService);
    await app.get<Model<Purchase>>(getModelToken(Purchase.name)).syncIndexes();

    const analyticsModels = [
      MemberProfile,
      AnalyticsState,
      MemberDistribution,
      MonthlySales,
      StageSnapshotChunk,
      StageSnapshotDay,
    ];
    const first = await medianOf(RUNS, 'first run', async (run) => {
      // Every run after the first starts from nothing again: no profiles, no model, no snapshots.
      if (run > 1) for (const model of analyticsModels) await app.get<Model<unknown>>(getModelToken(model.name)).deleteMany({});
      return measured('full recompute (first run: every profile written)', () => service.recomputeAll());
    });
    figures.push([
      'full RFM + lifecycle recompute, first run',
      `${first.seconds.toFixed(1)} s${first.range}, CPU ${first.cpuSeconds.toFixed(1)} s, peak RSS ${first.peakMiB.toFixed(0)} MiB (${(first.peakMiB - first.startMiB).toFixed(0)} MiB above the loaded engine)`,
    ]);
    figures.push(['  of which', JSON.stringify(first.result)]);

    const second = await medianOf(RUNS, 'nothing changed', () =>
      measured('full recompute (nothing changed)', () => service.recomputeAll()),
    );
    figures.push([
      'full recompute, nothing changed',
      `${second.seconds.toFixed(1)} s${second.range}, CPU ${second.cpuSeconds.toFixed(1)} s, peak RSS ${second.peakMiB.toFixed(0)} MiB; wrote ${second.result.profilesWritten} profiles, rescored ${second.result.rescored}`,
    ]);

    // 1 % of the members buy again: the minute pass picks them up through the updatedAt watermark.
    const client = await MongoClient.connect(engine.uri);
    const sample = await client
      .db('bench')
      .collection('members')
      .find({}, { projection: { _id: 1 } })
      .limit(Math.max(1, N / 100))
      .toArray();
    await client
      .db('bench')
      .collection('purchases')
      .insertMany(
        sample.map((m, i) => ({
          orderId: `NEW${i}`,
          integrationId: 'bench',
          requestHash: 'bench',
          memberId: m._id,
          channel: 'online',
          paidAt: new Date(),
          lines: [{ sku: 'SKU0001', category: '护肤', quantity: 1, unitPriceFen: 9_900, points: 0, refundedQuantity: 0 }],
          totalFen: 9_900,
          refundedFen: 0,
          status: 'applied',
          refunds: [],
          refundVersion: 0,
          createdAt: new Date(),
          updatedAt: new Date(),
        })),
      );
    await client.close();
    const incremental = await measured(`incremental pass (${sample.length} members bought)`, () => service.recomputeChanged());
    figures.push([
      `incremental pass, ${sample.length.toLocaleString('en-US')} members changed`,
      `${incremental.seconds.toFixed(1)} s (${incremental.result.members} members recomputed)`,
    ]);
    await app.close();
  } finally {
    await engine.stop();
  }
  const width = Math.max(...figures.map(([k]) => k.length));
  console.log(`\nCRM analytics recompute, embedded engine in memory, ${new Date().toISOString()}`);
  for (const [k, v] of figures) console.log(`${k.padEnd(width)}  ${v}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
