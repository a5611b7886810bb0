import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { exited, freePort, kill9, startEngineProcess, startServerProcess } from '../../server/bench/processes';
import { MembersService } from '../../server/src/members/members.service';
import { StuckPurchasesJob } from '../../server/src/purchases/stuck-purchases.job';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

interface Sent {
  orderId: string;
  body: Record<string, unknown>;
  acknowledged?: { pointsEarned: number };
}

/** Sends purchases `concurrency` at a time; stops sending new ones once `onAcknowledged` says so. */
async function sendPurchases(
  baseUrl: string,
  pos: IntegrationCredentials,
  orders: Sent[],
  concurrency: number,
  afterEach?: (acked: number) => void,
) {
  let next = 0;
  let acked = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < orders.length) {
        const order = orders[next++];
        try {
          const response = await signedPost(baseUrl, '/api/v1/purchases', order.body, pos);
          if (response.status === 200 || response.status === 201) {
            order.acknowledged = (await response.json()) as { pointsEarned: number };
            acked += 1;
            afterEach?.(acked);
          }
        } catch {
          // The server died under this request: not acknowledged, to be sent again.
        }
      }
    }),
  );
}

/**
 * The crash suite: kill -9 the server in the middle of a bulk purchase import and of concurrent coupon
 * redemptions, and separately kill -9 a standalone engine under a running server; restart, send again what was
 * not acknowledged (and, to prove idempotency, what was), and check nothing acknowledged was lost and nothing
 * was applied twice.
 */
describe('crashes: kill -9 mid-flight, restart, re-send', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  let crashPoints = 0;
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) await kill9(child);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    console.log(`crash suite: ${crashPoints} crash points`);
  });

  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'memberloop-crash-'));
    dirs.push(dir);
    return dir;
  };

  /** Members with phones, an integration and (optionally) coupons, prepared by the app in-process on `env`'s database. */
  async function prepare(env: Record<string, string>, members: number, coupons = 0) {
    const app = await startApp(env);
    try {
      const pos = await app.app.get(IntegrationsService).register('crash-pos', 'Crash POS');
      const hq = authorized(app, (await loginAsStaff(app, 'crash-hq', 'hq')).accessToken);
      const template =
        coupons > 0
          ? ((await (
              await hq('/api/v1/hq/coupon-templates', {
                body: {
                  name: '崩溃券',
                  benefit: { kind: 'fixed', amountFen: 300 },
                  validity: { type: 'afterClaim', days: 7 },
                  totalStock: 10_000,
                  perMemberLimit: coupons,
                },
              })
            ).json()) as { id: string })
          : undefined;
      const people = [];
      for (let i = 0; i < members; i++) {
        const session = await loginAs(app, `crash-${i}`);
        const phone = String(13_800_000_000 + i);
        await app.app.get(MembersService).attachPhone(session.member.id, phone);
        const couponIds: string[] = [];
        for (let c = 0; c < coupons; c++) {
          const claimed = await authorized(app, session.accessToken)(`/api/v1/coupons/templates/${template!.id}/claim`, {
            method: 'POST',
            headers: { 'idempotency-key': `crash-claim-${i}-${c}` },
          });
          couponIds.push(((await claimed.json()) as { id: string }).id);
        }
        people.push({ phone, token: session.accessToken, couponIds });
      }
      return { pos, people };
    } finally {
      await app.close();
    }
  }

  /** The books, read by the app in-process once the server process has stopped. */
  async function books(env: Record<string, string>) {
    const app = await startApp(env);
    try {
      const db = app.app.get<Connection>(getConnectionToken()).db!;
      const duplicates = await db
        .collection('points_entries')
        .aggregate([{ $group: { _id: '$idempotencyKey', n: { $sum: 1 } } }, { $match: { n: { $gt: 1 } } }])
        .toArray();
      const mismatched: unknown[] = [];
      for (const account of await db.collection('points_accounts').find().toArray()) {
        const [sum] = await db
          .collection('points_entries')
          .aggregate([{ $match: { memberId: account._id } }, { $group: { _id: null, points: { $sum: '$points' } } }])
          .toArray();
        if ((sum?.points ?? 0) !== account.balance) mismatched.push({ account, ledger: sum?.points });
      }
      const purchases = await db
        .collection('purchases')
        .find({}, { projection: { orderId: 1, status: 1, outcome: 1 } })
        .toArray();
      const coupons = await db
        .collection('coupons')
        .find({ state: 'used' }, { projection: { orderId: 1 } })
        .toArray();
      return { duplicates, mismatched, purchases, coupons };
    } finally {
      await app.close();
    }
  }

  const order = (phone: string, orderId: string, fen: number): Sent => ({
    orderId,
    body: {
      orderId,
      member: { phone },
      channel: 'store',
      storeCode: 'SH01',
      paidAt: new Date().toISOString(),
      lines: [{ sku: 'SK-CRASH', category: '护肤', quantity: 1, unitPriceFen: fen }],
      totalFen: fen,
    },
  });

  it('loses no acknowledged purchase and applies none twice when the server is killed mid-import', async () => {
    const env = { EMBEDDED_DB_IN_MEMORY: 'false', DATA_DIR: tempDir() };
    const { pos, people } = await prepare(env, 20);
    const orders = people.flatMap((p, i) =>
      Array.from({ length: 15 }, (_, n) => order(p.phone, `CRASH-${i}-${n}`, 1_000 + n * 100)),
    );

    const first = await startServerProcess(env);
    children.push(first.child);
    let killed = false;
    await sendPurchases(first.baseUrl, pos, orders, 30, (acked) => {
      if (acked >= 120 && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    });
    await exited(first.child);
    crashPoints += 1;
    const acknowledged = orders.filter((o) => o.acknowledged);
    expect(acknowledged.length).toBeGreaterThanOrEqual(120);
    expect(acknowledged.length).toBeLessThan(orders.length);

    const second = await startServerProcess(env);
    children.push(second.child);
    const replies = await Promise.all(
      orders.map(async (o) => ({
        order: o,
        reply: (await (await signedPost(second.baseUrl, '/api/v1/purchases', o.body, pos)).json()) as {
          pointsEarned: number;
          replayed: boolean;
        },
      })),
    );
    for (const { order: o, reply } of replies) {
      if (o.acknowledged)
        expect({ orderId: o.orderId, points: reply.pointsEarned, replayed: reply.replayed }).toEqual({
          orderId: o.orderId,
          points: o.acknowledged.pointsEarned,
          replayed: true,
        });
      else expect(reply.pointsEarned).toBeGreaterThan(0);
    }
    second.child.kill('SIGTERM');
    await exited(second.child);

    const after = await books(env);
    expect(after.duplicates).toEqual([]);
    expect(after.mismatched).toEqual([]);
    expect(after.purchases.filter((p) => p.orderId.startsWith('CRASH-'))).toHaveLength(orders.length);
    expect(after.purchases.every((p) => p.status === 'applied')).toBe(true);
  }, 240_000);

  it('finishes, with nobody re-sending, the purchases a kill -9 left recorded but not applied', async () => {
    const env = { EMBEDDED_DB_IN_MEMORY: 'false', DATA_DIR: tempDir() };
    const { pos, people } = await prepare(env, 10);
    const orders = people.flatMap((p, i) =>
      Array.from({ length: 20 }, (_, n) => order(p.phone, `HALF-${i}-${n}`, 2_000 + n * 100)),
    );
    const first = await startServerProcess(env);
    children.push(first.child);
    let killed = false;
    await sendPurchases(first.baseUrl, pos, orders, 40, (acked) => {
      if (acked >= 60 && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    });
    await exited(first.child);
    crashPoints += 1;

    // The recovery job, a few minutes later, on the same data: no client sends anything again.
    const app = await startApp(env);
    let stuck: number;
    try {
      const db = app.app.get<Connection>(getConnectionToken()).db!;
      stuck = await db.collection('purchases').countDocuments({ status: 'received' });
      timeOf(app).advance(3 * 60_000);
      await app.app.get(StuckPurchasesJob).run();
      expect(await db.collection('purchases').countDocuments({ status: 'received' })).toBe(0);
    } finally {
      await app.close();
    }
    console.log(`crash suite: ${stuck} purchase(s) left received by the kill, finished by the recovery job`);
    const after = await books(env);
    expect(after.duplicates).toEqual([]);
    expect(after.mismatched).toEqual([]);
    expect(after.purchases.every((p) => p.status === 'applied')).toBe(true);
    for (const o of orders.filter((x) => x.acknowledged)) {
      expect(after.purchases.find((p) => p.orderId === o.orderId)?.outcome).toMatchObject({
        pointsEarned: o.acknowledged!.pointsEarned,
      });
    }
  }, 240_000);

  it('redeems every coupon exactly once when the server is killed in the middle of concurrent redemptions', async () => {
    const env = { EMBEDDED_DB_IN_MEMORY: 'false', DATA_DIR: tempDir() };
    const { pos, people } = await prepare(env, 10, 4);
    const server = await startServerProcess(env);
    children.push(server.child);
    const tokenFor = async (baseUrl: string, token: string, couponId: string) =>
      (
        (await (
          await authorized({ baseUrl } as RunningApp, token)(`/api/v1/me/coupons/${couponId}/token`, { method: 'POST' })
        ).json()) as { token: string }
      ).token;
    const redemptions = people.flatMap((p, i) =>
      p.couponIds.map((couponId, c) => ({ person: p, couponId, orderId: `CRASH-TILL-${i}-${c}`, acknowledged: false })),
    );
    const withTokens = await Promise.all(
      redemptions.map(async (r) => ({ ...r, qr: await tokenFor(server.baseUrl, r.person.token, r.couponId) })),
    );
    let acked = 0;
    await Promise.all(
      withTokens.map(async (r, i) => {
        // Staggered a little so the kill lands with some acknowledged and some in flight.
        await new Promise((done) => setTimeout(done, i * 3));
        try {
          const response = await signedPost(
            server.baseUrl,
            '/api/v1/coupons/redeem',
            { token: r.qr, orderId: r.orderId, orderTotalFen: 5_000, channel: 'store' },
            pos,
          );
          if (response.status === 200) {
            r.acknowledged = true;
            redemptions[i].acknowledged = true;
            if (++acked === 15) server.child.kill('SIGKILL');
          }
        } catch {
          // In flight when the server died.
        }
      }),
    );
    await exited(server.child);
    crashPoints += 1;

    const again = await startServerProcess(env);
    children.push(again.child);
    for (const r of redemptions) {
      const qr = await tokenFor(again.baseUrl, r.person.token, r.couponId).catch(() => undefined);
      if (!qr) continue;
      const response = await signedPost(
        again.baseUrl,
        '/api/v1/coupons/redeem',
        { token: qr, orderId: r.orderId, orderTotalFen: 5_000, channel: 'store' },
        pos,
      );
      expect({ orderId: r.orderId, status: response.status }).toEqual({ orderId: r.orderId, status: 200 });
      const body = (await response.json()) as { replayed: boolean };
      if (r.acknowledged) expect(body.replayed).toBe(true);
    }
    again.child.kill('SIGTERM');
    await exited(again.child);

    const after = await books(env);
    expect(after.coupons).toHaveLength(redemptions.length);
    expect(new Set(after.coupons.map((c) => c.orderId)).size).toBe(redemptions.length);
  }, 240_000);

  it('loses nothing acknowledged when the standalone engine is killed under a running server', async () => {
    const port = await freePort();
    const dbpath = tempDir();
    let engine = await startEngineProcess(port, dbpath);
    children.push(engine);
    const env = { MONGODB_URI: `mongodb://127.0.0.1:${port}/memberloop?directConnection=true` };
    const { pos, people } = await prepare(env, 10);
    const server = await startServerProcess(env);
    children.push(server.child);
    const orders = people.flatMap((p, i) =>
      Array.from({ length: 12 }, (_, n) => order(p.phone, `ENGINE-${i}-${n}`, 2_000 + n * 100)),
    );
    let killed = false;
    await sendPurchases(server.baseUrl, pos, orders, 20, (acked) => {
      if (acked >= 40 && !killed) {
        killed = true;
        engine.kill('SIGKILL');
      }
    });
    await exited(engine);
    crashPoints += 1;
    engine = await startEngineProcess(port, dbpath);
    children.push(engine);
    // The same server, its driver reconnecting to the restarted engine.
    for (const o of orders) {
      let reply: Response | undefined;
      for (let attempt = 0; attempt < 50 && (!reply || reply.status >= 500); attempt++) {
        reply = await signedPost(server.baseUrl, '/api/v1/purchases', o.body, pos);
        if (reply.status >= 500) await new Promise((done) => setTimeout(done, 200));
      }
      expect({ orderId: o.orderId, status: reply!.status }).toEqual({ orderId: o.orderId, status: 200 });
      const body = (await reply!.json()) as { pointsEarned: number; replayed: boolean };
      if (o.acknowledged) expect(body).toMatchObject({ pointsEarned: o.acknowledged.pointsEarned, replayed: true });
    }
    server.child.kill('SIGTERM');
    await exited(server.child);
    const after = await books(env);
    expect(after.duplicates).toEqual([]);
    expect(after.mismatched).toEqual([]);
    expect(after.purchases.filter((p) => p.orderId.startsWith('ENGINE-'))).toHaveLength(orders.length);
    engine.kill('SIGTERM');
    await exited(engine);
  }, 240_000);
});
