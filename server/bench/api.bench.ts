/**
 * API benchmark: the real server as its own process over a standalone embedded engine (persistence on), the
 * load from this process. Prints a table of medians over several runs; asserts nothing, but checks the books
 * after the money scenarios and says so.
 *
 *   npm run bench:api -w server            (BENCH_SCALE=0.2 for a quick run)
 *
 * Scenarios: signed purchase ingest over HTTP (autocannon, rising concurrency) against the same writes straight
 * through the driver (the limit); member home reads; 200 concurrent gift redemptions on one member and on 200
 * members; a claim storm of 1,000 members on a coupon with stock 100.
 *
 * Overload comes in two kinds. autocannon re-sends the moment it is refused, ignoring Retry-After: past saturation
 * (50 connections and up) its rows are a flood that ignores Retry-After, whose refusals the server holds once it
 * refuses past its budget ("held" counts refusals answered after 0.9 s or more: a held one waits out most of its
 * second). The burst row is tills that honour Retry-After. The load generator runs on the same cores and signs every request it sends, refused or not:
 * each row says how many cores the server, the engine and this process kept busy.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { signIntegrationRequest } from '../src/integrations/domain/request-signature';
import { fakeLoginCode } from '../src/wechat/fake/fake-wechat-identities';
import { exited, freePort, startEngineProcess, startServerProcess } from './processes';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const MEMBERS = Math.round(100_000 * SCALE);
const RUNS = SCALE < 1 ? 1 : 3;
const SECONDS = Math.max(2, Math.round(5 * SCALE));
/** BENCH_ONLY=ingest or BENCH_ONLY=home runs those scenarios alone (for comparing two builds quickly). */
const ONLY = process.env.BENCH_ONLY;

interface Row {
  scenario: string;
  value: string;
  note: string;
}
const rows: Row[] = [];
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  const r = await response;
  if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/** A fetch that does what a well-behaved client does when shed: waits the Retry-After it is given and asks again. */
async function politeFetch(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, init);
    if (response.status !== 503 || attempt >= 30) return response;
    await response.body?.cancel();
    await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? '1') * 1000));
  }
}

async function login(baseUrl: string, name: string): Promise<{ accessToken: string; member: { id: string; memberNo: string } }> {
  // Scenarios sign in dozens of members at once, more than the production admission limits let through at a time.
  return json(
    politeFetch(`${baseUrl}/api/v1/auth/wechat-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: fakeLoginCode(name) }),
    }),
  );
}

const bearer = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

/** The members a brand already has, written straight to the database (registration is not what is measured). */
async function seedMembers(db: Db, count: number, tierCode: string): Promise<void> {
  const now = new Date();
  const heldUntil = new Date(now.getTime() + 365 * 86_400_000);
  for (let start = 0; start < count; start += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, count - start) }, (_, i) => ({
      memberNo: `B${String(start + i + 1).padStart(8, '0')}`,
      cardNumbers: [],
      consents: {},
      tier: { code: tierCode, since: now, heldUntil },
      storeCodes: [],
      registeredAt: now,
      status: 'active',
    }));
    await db.collection('members').insertMany(batch, { ordered: false });
  }
}

function purchaseBody(memberNo: string, orderId: string) {
  const unit = 5_000 + (orderId.length % 7) * 1_000;
  return {
    orderId,
    member: { memberNo },
    channel: 'store',
    storeCode: 'SH01',
    paidAt: new Date().toISOString(),
    lines: [{ sku: 'SK-BENCH', category: '护肤', quantity: 2, unitPriceFen: unit }],
    totalFen: unit * 2,
  };
}

/**
 * CPU a process has used so far, in ms (Linux /proc; NaN elsewhere). Per purchase it is the figure that carries from
 * machine to machine best: it does not depend on what else shares the cores.
 */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat(5), counted from the state field (3) here; clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

async function ingestOverHttp(
  baseUrl: string,
  credentials: { integrationId: string; secret: string },
  connections: number,
  pids: { server?: number; engine?: number },
) {
  let seq = 0;
  const cpuBefore = { server: cpuMs(pids.server), engine: cpuMs(pids.engine) };
  const clientBefore = process.cpuUsage();
  const run = autocannon({
    url: `${baseUrl}/api/v1/purchases`,
    connections,
    duration: SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (request: autocannon.Request) => {
          const memberNo = `B${String(1 + Math.floor(Math.random() * MEMBERS)).padStart(8, '0')}`;
          const raw = JSON.stringify(purchaseBody(memberNo, `BENCH-${process.pid}-${connections}-${Date.now()}-${++seq}`));
          const timestamp = String(Math.floor(Date.now() / 1000));
          const nonce = randomBytes(18).toString('base64url');
          return {
            ...request,
            body: raw,
            headers: {
              'content-type': 'application/json',
              'x-integration-id': credentials.integrationId,
              'x-timestamp': timestamp,
              'x-nonce': nonce,
              'x-signature': signIntegrationRequest(credentials.secret, {
                method: 'POST',
                target: '/api/v1/purchases',
                timestamp,
                nonce,
                rawBody: raw,
              }),
            },
          };
        },
      },
    ],
  });
  // Latency of the admitted requests apart from the shed ones (answered in a millisecond, they would flatter p99).
  const admitted: number[] = [];
  let shed = 0;
  // Refusals the server held back because the connection came back before its Retry-After (see RefusalPacer).
  let held = 0;
  // Without a callback autocannon returns its instance, an event emitter that is also awaited for the result.
  (run as unknown as import('node:events').EventEmitter).on(
    'response',
    (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode === 503) {
        shed += 1;
        if (responseTime >= 900) held += 1;
      } else admitted.push(responseTime);
    },
  );
  const result = await run;
  const client = process.cpuUsage(clientBefore);
  const ok = Math.max(1, result['2xx']);
  admitted.sort((a, b) => a - b);
  const at = (q: number) => Math.round(admitted[Math.min(admitted.length - 1, Math.floor(q * admitted.length))] ?? 0);
  return {
    throughput: result['2xx'] / (result.duration || SECONDS),
    p50: at(0.5),
    p99: at(0.99),
    shed,
    held,
    errors: result.non2xx - shed + result.errors,
    serverCpuMs: (cpuMs(pids.server) - cpuBefore.server) / ok,
    engineCpuMs: (cpuMs(pids.engine) - cpuBefore.engine) / ok,
    // The load generator's own CPU (it signs every request it sends, shed or not, on the same cores), in share of
    // one core over the run: what the server and engine could not have.
    clientCores: (client.user + client.system) / 1000 / ((result.duration || SECONDS) * 1000),
    serverCores: (cpuMs(pids.server) - cpuBefore.server) / ((result.duration || SECONDS) * 1000),
    engineCores: (cpuMs(pids.engine) - cpuBefore.engine) / ((result.duration || SECONDS) * 1000),
  };
}

/**
 * The same database work an ingest does (test/api/purchase-round-trips pins it), straight through the driver: read
 * the member, record the purchase, read the member's other purchases, the balance, entry and lot in one
 * transaction, the outcome. Into a scratch database on the same engine, so the app's books stay the app's, whose
 * collections get the app's indexes first: index upkeep is part of the work.
 */
let driverOrders = 0;

async function prepareScratch(client: MongoClient, db: Db): Promise<Db> {
  const scratch = client.db('memberloop_driver_bench');
  for (const name of ['purchases', 'points_entries', 'points_lots', 'points_accounts']) {
    const indexes = (await db.collection(name).listIndexes().toArray()).filter((index) => index.name !== '_id_');
    await scratch.createCollection(name).catch(() => undefined);
    if (indexes.length > 0) {
      await scratch.collection(name).createIndexes(
        indexes.map(({ key, name: indexName, unique, partialFilterExpression }) => ({
          key,
          name: indexName,
          ...(unique ? { unique } : {}),
          ...(partialFilterExpression ? { partialFilterExpression } : {}),
        })),
      );
    }
  }
  return scratch;
}

async function ingestThroughDriver(client: MongoClient, db: Db, concurrency: number, enginePid: number | undefined) {
  const scratch = await prepareScratch(client, db);
  const engineCpuBefore = cpuMs(enginePid);
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const memberNo = `B${String(1 + Math.floor(Math.random() * MEMBERS)).padStart(8, '0')}`;
        const member = await db.collection('members').findOne({ memberNo, status: 'active' });
        const memberId = member!._id;
        const orderId = `DRIVER-${++driverOrders}`;
        const purchaseId = new ObjectId();
        const now = new Date();
        const lines = [{ sku: 'SK-BENCH', category: '护肤', quantity: 2, unitPriceFen: 6_000, points: 0, refundedQuantity: 0 }];
        await scratch.collection('purchases').insertOne({
          _id: purchaseId,
          orderId,
          integrationId: 'bench-pos',
          requestHash: orderId,
          memberId,
          channel: 'store',
          storeCode: 'SH01',
          paidAt: now,
          lines,
          totalFen: 12_000,
          refundedFen: 0,
          status: 'received',
          createdAt: now,
          updatedAt: now,
        });
        await scratch
          .collection('purchases')
          .find(
            { memberId, _id: { $ne: purchaseId }, paidAt: { $gte: new Date(now.getTime() - 366 * 86_400_000), $lte: now } },
            { projection: { _id: 0, paidAt: 1, totalFen: 1, refundedFen: 1, status: 1, 'outcome.pointsEarned': 1 } },
          )
          .toArray();
        const entryId = new ObjectId();
        const session = client.startSession();
        try {
          await session.withTransaction(async () => {
            await scratch
              .collection('points_accounts')
              .findOneAndUpdate(
                { _id: memberId },
                { $inc: { balance: 120, lifetimeEarned: 120 } },
                { upsert: true, returnDocument: 'before', session },
              );
            await scratch.collection('points_entries').insertOne(
              {
                _id: entryId,
                memberId,
                kind: 'earn',
                points: 120,
                reason: '门店消费',
                source: { type: 'purchase', id: orderId },
                idempotencyKey: `purchase:${orderId}`,
                occurredAt: now,
                balanceAfter: 120,
                allocations: [],
                createdAt: now,
              },
              { session },
            );
            await scratch.collection('points_lots').insertOne(
              {
                memberId,
                entryId,
                points: 120,
                remaining: 120,
                earnedAt: now,
                availableAt: now,
                expiresAt: new Date(now.getTime() + 365 * 86_400_000),
              },
              { session },
            );
          });
        } finally {
          await session.endSession();
        }
        await scratch.collection('purchases').findOneAndUpdate(
          { _id: purchaseId, status: 'received' },
          {
            $set: {
              status: 'applied',
              outcome: { pointsEarned: 120, tierCode: 'regular', earnEntryId: entryId },
              lines: lines.map((line) => ({ ...line, points: 120 })),
              updatedAt: new Date(),
            },
          },
          { returnDocument: 'after' },
        );
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const elapsed = (performance.now() - started) / 1000;
  return {
    throughput: latencies.length / elapsed,
    p50: latencies[Math.floor(latencies.length / 2)],
    p99: latencies[Math.floor(latencies.length * 0.99)],
    engineCpuMs: (cpuMs(enginePid) - engineCpuBefore) / Math.max(1, latencies.length),
  };
}

async function homeReads(baseUrl: string, tokens: string[], connections: number, pids: { server?: number; engine?: number }) {
  let i = 0;
  const cpuBefore = { server: cpuMs(pids.server), engine: cpuMs(pids.engine) };
  const result = await autocannon({
    url: `${baseUrl}/api/v1/me/home`,
    connections,
    duration: SECONDS,
    requests: [
      {
        method: 'GET',
        setupRequest: (request: autocannon.Request) => ({ ...request, headers: bearer(tokens[i++ % tokens.length]) }),
      },
    ],
  });
  const ok = Math.max(1, result['2xx']);
  return {
    throughput: result['2xx'] / (result.duration || SECONDS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
    serverCpuMs: (cpuMs(pids.server) - cpuBefore.server) / ok,
    engineCpuMs: (cpuMs(pids.engine) - cpuBefore.engine) / ok,
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await work();
  return { ms: performance.now() - t0, value };
}

async function burst(requests: Array<() => Promise<Response>>) {
  const latencies: number[] = [];
  const statuses: number[] = [];
  const { ms } = await timed(() =>
    Promise.all(
      requests.map(async (request) => {
        const t0 = performance.now();
        const response = await request();
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.push(response.status);
      }),
    ),
  );
  latencies.sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  const summary = [...counts].map(([status, n]) => `${n}×${status}`).join(' ');
  return {
    ms,
    p50: latencies[Math.floor(latencies.length / 2)],
    p99: latencies[Math.floor(latencies.length * 0.99)],
    statuses,
    summary,
  };
}

/**
 * `purchases` signed purchases sent by `connections` tills at once; a shed one (503 SERVER_BUSY) is sent again, byte
 * for byte, after its Retry-After. Counts what was answered, shed, timed out or failed, and checks each order earned
 * exactly once.
 */
async function ingestBurst(
  baseUrl: string,
  credentials: { integrationId: string; secret: string },
  db: Db,
  purchases: number,
  connections: number,
) {
  const prefix = `BURST-${process.pid}-${Date.now()}`;
  let next = 0;
  let answered = 0;
  let shed = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < purchases) {
        const orderId = `${prefix}-${next++}`;
        const memberNo = `B${String(1 + Math.floor(Math.random() * MEMBERS)).padStart(8, '0')}`;
        const raw = JSON.stringify(purchaseBody(memberNo, orderId));
        const timestamp = String(Math.floor(Date.now() / 1000));
        const nonce = randomBytes(18).toString('base64url');
        const headers = {
          'content-type': 'application/json',
          'x-integration-id': credentials.integrationId,
          'x-timestamp': timestamp,
          'x-nonce': nonce,
          'x-signature': signIntegrationRequest(credentials.secret, {
            method: 'POST',
            target: '/api/v1/purchases',
            timestamp,
            nonce,
            rawBody: raw,
          }),
        };
        for (;;) {
          const response = await fetch(`${baseUrl}/api/v1/purchases`, {
            method: 'POST',
            headers,
            body: raw,
            signal: AbortSignal.timeout(30_000),
          }).catch(() => undefined);
          if (response?.status === 503 && response.headers.get('retry-after')) {
            shed += 1;
            await response.arrayBuffer();
            await new Promise((r) => setTimeout(r, 1000 * Number(response.headers.get('retry-after'))));
            continue;
          }
          if (response?.ok) answered += 1;
          else failures += 1;
          await response?.arrayBuffer();
          break;
        }
      }
    }),
  );
  const ms = performance.now() - started;
  const credited = await db
    .collection('points_entries')
    .aggregate<{ _id: string; n: number }>([
      { $match: { 'source.type': 'purchase', 'source.id': { $regex: `^${prefix}-` } } },
      { $group: { _id: '$source.id', n: { $sum: 1 } } },
    ])
    .toArray();
  const creditedOnce = credited.length === answered && credited.every((c) => c.n === 1);
  return { purchases, ms, answered, shed, failures, creditedOnce };
}

/**
 * Whether every account's balance equals the sum of its ledger entries. The two are read one after the other, not
 * in one snapshot: while the server still finishes requests a load left in flight (a loaded machine, seconds after
 * the client stopped), a read can fall between an earning's commit and the next, so a mismatch counts only when it
 * is still there after the writes have settled (five reads a second apart).
 */
async function ledgerMatches(db: Db): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await ledgerMatchesOnce(db)) return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

async function ledgerMatchesOnce(db: Db): Promise<boolean> {
  const sums = await db
    .collection('points_entries')
    .aggregate<{ _id: ObjectId; points: number }>([{ $group: { _id: '$memberId', points: { $sum: '$points' } } }])
    .toArray();
  const byMember = new Map(sums.map((s) => [String(s._id), s.points]));
  for (const account of await db
    .collection('points_accounts')
    .find({}, { projection: { balance: 1 } })
    .toArray()) {
    if ((byMember.get(String(account._id)) ?? 0) !== account.balance) return false;
  }
  return true;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'memberloop-bench-'));
  const enginePort = await freePort();
  const engine = await startEngineProcess(enginePort, join(dataDir, 'db'));
  const uri = `mongodb://127.0.0.1:${enginePort}/memberloop?directConnection=true`;
  const server = await startServerProcess({
    MONGODB_URI: uri,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_SCALE: '1000000',
    // The production defaults of load shedding (the test helpers raise them).
    ADMISSION_MAX_IN_FLIGHT: '24',
    ADMISSION_MAX_QUEUE: '48',
    ADMISSION_MAX_WAIT_MS: '250',
  });
  const client = await MongoClient.connect(uri);
  const db = client.db('memberloop');
  try {
    const programme = await json<{ tiers: Array<{ code: string }> }>(fetch(`${server.baseUrl}/api/v1/program`));
    const seeding = await timed(() => seedMembers(db, MEMBERS, programme.tiers[0].code));
    console.log(`seeded ${fmt(MEMBERS)} members in ${(seeding.ms / 1000).toFixed(1)} s`);

    // HQ, an integration, and the members who will sign in.
    const hqLogin = await login(server.baseUrl, 'bench-hq');
    await db
      .collection('staff_roles')
      .insertOne({ memberId: new ObjectId(hqLogin.member.id), role: 'hq', communityIds: [], storeIds: [] });
    const hq = (await login(server.baseUrl, 'bench-hq')).accessToken;
    const credentials = await json<{ integrationId: string; secret: string }>(
      fetch(`${server.baseUrl}/api/v1/hq/integrations`, {
        method: 'POST',
        headers: bearer(hq, { 'content-type': 'application/json' }),
        body: JSON.stringify({ integrationId: 'bench-pos', name: 'Bench POS' }),
      }),
    );

    if (!ONLY || ONLY === 'ingest') {
      // 1. Purchase ingest: HTTP at rising concurrency, and the driver-only limit.
      const driver = [];
      for (let r = 0; r < RUNS; r++) driver.push(await ingestThroughDriver(client, db, 50, engine.pid));
      const limit = median(driver.map((d) => d.throughput));
      rows.push({
        scenario: 'ingest: same writes via driver (limit)',
        value: `${fmt(limit)} /s`,
        note: `p50 ${median(driver.map((d) => d.p50)).toFixed(1)} ms, p99 ${median(driver.map((d) => d.p99)).toFixed(1)} ms, 50 loops, engine CPU per purchase ${median(driver.map((d) => d.engineCpuMs)).toFixed(1)} ms`,
      });
      // BENCH_CONNECTIONS=100 (or 25,100) runs those concurrencies alone, without the burst (a profile of one case, a
      // quick comparison).
      const levels = process.env.BENCH_CONNECTIONS?.split(',').map(Number) ?? [10, 25, 50, 100, 200];
      for (const connections of levels) {
        const runs = [];
        for (let r = 0; r < RUNS; r++)
          runs.push(
            await ingestOverHttp(server.baseUrl, credentials, connections, { server: server.child.pid, engine: engine.pid }),
          );
        const throughput = median(runs.map((x) => x.throughput));
        rows.push({
          scenario: `ingest: signed HTTP, ${connections} connections`,
          value: `${fmt(throughput)} /s`,
          note:
            `admitted p50 ${median(runs.map((x) => x.p50))} ms, p99 ${median(runs.map((x) => x.p99))} ms, ${(throughput / limit).toFixed(2)}x of the limit, ` +
            `CPU per purchase: server ${median(runs.map((x) => x.serverCpuMs)).toFixed(1)} ms, engine ${median(runs.map((x) => x.engineCpuMs)).toFixed(1)} ms, ` +
            `shed (503) ${fmt(median(runs.map((x) => x.shed)))} (held ${fmt(median(runs.map((x) => x.held)))}), errors ${runs.reduce((s, x) => s + x.errors, 0)}, ` +
            `cores busy: server ${median(runs.map((x) => x.serverCores)).toFixed(2)}, engine ${median(runs.map((x) => x.engineCores)).toFixed(2)}, load generator ${median(runs.map((x) => x.clientCores)).toFixed(2)}`,
        });
      }
      // Requests autocannon gave up on at the end of a run may still be finishing.
      await new Promise((r) => setTimeout(r, 3000));
      console.log(`ingest books: balances equal ledgers: ${await ledgerMatches(db)}`);

      // A burst: a closing hour's purchases from 200 tills at once, each till retrying what was shed.
      if (process.env.BENCH_CONNECTIONS) return;
      const burst = await ingestBurst(server.baseUrl, credentials, db, Math.round(5_000 * Math.max(SCALE, 0.2)), 200);
      rows.push({
        scenario: `ingest burst: ${fmt(burst.purchases)} purchases from 200 connections`,
        value: `${(burst.ms / 1000).toFixed(1)} s`,
        note:
          `${fmt(burst.purchases / (burst.ms / 1000))} /s; answered ${fmt(burst.answered)}, shed then retried ${fmt(burst.shed)}, ` +
          `timeouts or 5xx ${burst.failures}; credited once each: ${burst.creditedOnce}; balances equal ledgers: ${await ledgerMatches(db)}`,
      });
    }

    if (!ONLY || ONLY === 'home') {
      // 2. Member home reads.
      const readers = await Promise.all(Array.from({ length: 50 }, (_, i) => login(server.baseUrl, `bench-reader-${i}`)));
      const reads = [];
      for (let r = 0; r < RUNS; r++)
        reads.push(
          await homeReads(
            server.baseUrl,
            readers.map((x) => x.accessToken),
            50,
            { server: server.child.pid, engine: engine.pid },
          ),
        );
      rows.push({
        scenario: 'member home reads, 50 connections',
        value: `${fmt(median(reads.map((x) => x.throughput)))} /s`,
        note:
          `p50 ${median(reads.map((x) => x.p50))} ms, p99 ${median(reads.map((x) => x.p99))} ms, ` +
          `CPU per read: server ${median(reads.map((x) => x.serverCpuMs)).toFixed(1)} ms, engine ${median(reads.map((x) => x.engineCpuMs)).toFixed(1)} ms`,
      });
    }
    if (ONLY) return;

    // 3. 200 concurrent gift redemptions: on one member, and on 200 members.
    const gift = await json<{ id: string }>(
      fetch(`${server.baseUrl}/api/v1/hq/gifts`, {
        method: 'POST',
        headers: bearer(hq, { 'content-type': 'application/json' }),
        body: JSON.stringify({ name: '压测礼品', pointsCost: 10, stock: 1_000_000, perMemberLimit: 1000 }),
      }),
    );
    const fund = async (memberNo: string, orderId: string) => {
      const raw = JSON.stringify({
        ...purchaseBody(memberNo, orderId),
        lines: [{ sku: 'FUND', category: '护肤', quantity: 1, unitPriceFen: 300_000 }],
        totalFen: 300_000,
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(18).toString('base64url');
      await json(
        fetch(`${server.baseUrl}/api/v1/purchases`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-integration-id': credentials.integrationId,
            'x-timestamp': timestamp,
            'x-nonce': nonce,
            'x-signature': signIntegrationRequest(credentials.secret, {
              method: 'POST',
              target: '/api/v1/purchases',
              timestamp,
              nonce,
              rawBody: raw,
            }),
          },
          body: raw,
        }),
      );
    };
    const rich = await login(server.baseUrl, 'bench-rich');
    await fund(rich.member.memberNo, 'FUND-RICH');
    const redeem = (token: string, key: string) => () =>
      fetch(`${server.baseUrl}/api/v1/gifts/${gift.id}/redeem`, {
        method: 'POST',
        headers: bearer(token, { 'idempotency-key': key }),
      });
    const one = await burst(Array.from({ length: 200 }, (_, i) => redeem(rich.accessToken, `bench-one-${i}`)));
    const many = await Promise.all(Array.from({ length: 200 }, (_, i) => login(server.baseUrl, `bench-many-${i}`)));
    for (const [i, m] of many.entries()) await fund(m.member.memberNo, `FUND-MANY-${i}`);
    const spread = await burst(many.map((m, i) => redeem(m.accessToken, `bench-many-${i}`)));
    const books = await ledgerMatches(db);
    rows.push({
      scenario: '200 redemptions at once, one member',
      value: `${(one.ms / 1000).toFixed(2)} s`,
      note: `p50 ${one.p50.toFixed(0)} ms, p99 ${one.p99.toFixed(0)} ms, ${one.summary}, books ${books ? 'balanced' : 'OUT OF BALANCE'}`,
    });
    rows.push({
      scenario: '200 redemptions at once, 200 members',
      value: `${(spread.ms / 1000).toFixed(2)} s`,
      note: `p50 ${spread.p50.toFixed(0)} ms, p99 ${spread.p99.toFixed(0)} ms, ${spread.summary}`,
    });

    // 4. Claim storm: 1,000 members, stock 100.
    const template = await json<{ id: string }>(
      fetch(`${server.baseUrl}/api/v1/hq/coupon-templates`, {
        method: 'POST',
        headers: bearer(hq, { 'content-type': 'application/json' }),
        body: JSON.stringify({
          name: '抢券',
          benefit: { kind: 'fixed', amountFen: 1_000 },
          validity: { type: 'afterClaim', days: 7 },
          totalStock: 100,
        }),
      }),
    );
    const crowd = [];
    for (let i = 0; i < 1_000; i += 100)
      crowd.push(...(await Promise.all(Array.from({ length: 100 }, (_, j) => login(server.baseUrl, `bench-crowd-${i + j}`)))));
    const storm = await burst(
      crowd.map(
        (m, i) => () =>
          fetch(`${server.baseUrl}/api/v1/coupons/templates/${template.id}/claim`, {
            method: 'POST',
            headers: bearer(m.accessToken, { 'idempotency-key': `claim-storm-${String(i).padStart(4, '0')}` }),
          }),
      ),
    );
    const issued = await db.collection('coupons').countDocuments({ templateId: new ObjectId(template.id) });
    rows.push({
      scenario: 'claim storm: 1,000 members, stock 100',
      value: `${(storm.ms / 1000).toFixed(2)} s`,
      note: `p50 ${storm.p50.toFixed(0)} ms, p99 ${storm.p99.toFixed(0)} ms, ${storm.summary}, ${issued} issued (stock 100)`,
    });
  } finally {
    await client.close();
    // The server first, then the engine, each awaited: the engine writes its last checkpoint as it stops, so its
    // files are removed only once it has gone (removing them under it made it log a failed checkpoint).
    server.child.kill('SIGTERM');
    await exited(server.child);
    engine.kill('SIGTERM');
    await exited(engine);
    rmSync(dataDir, { recursive: true, force: true });
    // Printed however the run ended: what was measured before a failure still counts.
    const width = Math.max(...rows.map((r) => r.scenario.length));
    console.log(
      `\nMemberLoop API, ${fmt(MEMBERS)} members, medians of ${RUNS} run(s) of ${SECONDS} s (${new Date().toISOString()})`,
    );
    for (const row of rows) console.log(`${row.scenario.padEnd(width)}  ${row.value.padStart(10)}  ${row.note}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
