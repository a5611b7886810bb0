import { getModelToken } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import {
  DEFAULT_PROGRAMME_RULES,
  ProgramOverview,
  type CouponView,
  type PurchaseIngestResult,
  type RefundResult,
} from '@memberloop/shared';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { PointsEntry } from '../../server/src/points/schemas/points-entry.schema';
import { PointsAccount } from '../../server/src/points/schemas/points-account.schema';
import { Purchase } from '../../server/src/purchases/schemas/purchase.schema';
import { StuckPurchasesJob } from '../../server/src/purchases/stuck-purchases.job';
import { LegacyOrderIndexMigration } from '../../server/src/purchases/legacy-order-index.migration';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

/**
 * The money path's attacks (issue 18), each performed against the real app: concurrent purchases racing the
 * earning caps, payment times out of range, refunds beyond the purchase, points paid at checkout on a refunded
 * order, spending from a negative balance, one till touching another's orders, a tier kept through refunded spend,
 * a tier bundle granted twice, and purchases and refunds a crash left half done.
 */
describe('money path: the attacks of issue 18', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let shop: IntegrationCredentials;
  let ledger: PointsLedgerService;
  let purchases: Model<Purchase>;
  let entries: Model<PointsEntry>;
  let accounts: Model<PointsAccount>;
  let seq = 0;

  beforeAll(async () => {
    running = await startApp();
    // The brand's shortfall policy is a programme rule HQ sets, as a brand would.
    const hq = await loginAsStaff(running, 'money-hq', 'hq');
    const rules = await authorized(running, hq.accessToken)('/api/v1/hq/programme-rules', {
      method: 'PUT',
      body: {
        ...DEFAULT_PROGRAMME_RULES,
        points: { ...DEFAULT_PROGRAMME_RULES.points, refundShortfallPolicy: 'negativeBalance' },
      },
    });
    expect(rules.status).toBe(200);
    pos = await running.app.get(IntegrationsService).register('money-pos', 'Money POS');
    shop = await running.app.get(IntegrationsService).register('money-shop', 'Money shop');
    ledger = running.app.get(PointsLedgerService);
    purchases = running.app.get(getModelToken(Purchase.name));
    entries = running.app.get(getModelToken(PointsEntry.name));
    accounts = running.app.get(getModelToken(PointsAccount.name));
  });
  afterAll(async () => {
    await running?.close();
  });

  const newMember = async () => {
    const phone = `1370${String(++seq).padStart(7, '0')}`;
    return { phone, member: await running.app.get(MembersService).register({ phone }) };
  };
  const order = (
    phone: string,
    lines: Array<[sku: string, quantity: number, unitPriceFen: number]>,
    over: Record<string, unknown> = {},
  ) => ({
    orderId: `MP-${++seq}`,
    member: { phone },
    storeCode: 'SH01',
    channel: 'store',
    paidAt: new Date().toISOString(),
    lines: lines.map(([sku, quantity, unitPriceFen]) => ({ sku, category: '护肤', quantity, unitPriceFen })),
    totalFen: lines.reduce((sum, [, quantity, unitPriceFen]) => sum + quantity * unitPriceFen, 0),
    ...over,
  });
  const buy = (body: unknown, by = pos) => signedPost(running.baseUrl, '/api/v1/purchases', body, by);
  const refund = (body: Record<string, unknown>, by = pos) =>
    signedPost(running.baseUrl, '/api/v1/refunds', { refundedAt: new Date().toISOString(), ...body }, by);
  /** Every account equals the sum of its ledger entries. */
  const booksBalance = async (memberId: Types.ObjectId) => {
    const all = await entries.find({ memberId }).lean();
    const account = await accounts.findById(memberId).lean();
    expect(all.reduce((sum, e) => sum + e.points, 0)).toBe(account?.balance ?? 0);
    return account?.balance ?? 0;
  };

  it('1. holds the daily earning cap when 50 large purchases of one member arrive at once', async () => {
    const { phone, member } = await newMember();
    // ¥10,000 each: 10,000 points or more per purchase against the default daily cap of 50,000.
    const bodies = Array.from({ length: 50 }, () => order(phone, [['BIG', 1, 1_000_000]]));
    const replies = await Promise.all(bodies.map(async (b) => (await buy(b)).json() as Promise<PurchaseIngestResult>));
    const earned = replies.reduce((sum, r) => sum + r.pointsEarned, 0);
    expect(earned).toBe(50_000);
    await booksBalance(member._id);
    const fromPurchases = async () =>
      (await entries.find({ memberId: member._id, 'source.type': 'purchase' }).lean()).reduce((sum, e) => sum + e.points, 0);
    expect(await fromPurchases()).toBe(50_000);
    // Retries answer what was recorded and earn nothing more.
    const again = await Promise.all(bodies.map(async (b) => (await buy(b)).json() as Promise<PurchaseIngestResult>));
    expect(again.every((r) => r.replayed)).toBe(true);
    expect(again.reduce((sum, r) => sum + r.pointsEarned, 0)).toBe(50_000);
    expect(await fromPurchases()).toBe(50_000);
    await booksBalance(member._id);
  });

  it('2. refuses payment times in the future or older than the points validity, writing nothing', async () => {
    const { phone, member } = await newMember();
    const now = Date.now();
    for (const paidAt of [
      new Date(now + 2 * 365 * 86_400_000).toISOString(), // years ahead: would lift the member to the top tier
      new Date(now + 10 * 60_000).toISOString(), // beyond the clock-skew allowance
      new Date(now - 400 * 86_400_000).toISOString(), // its points would have expired already
    ]) {
      const body = order(phone, [['FUTURE', 1, 900_000]], { paidAt });
      const reply = await buy(body);
      expect(reply.status).toBe(422);
      expect(await reply.json()).toMatchObject({ code: 'PURCHASE_DATE_OUT_OF_RANGE' });
      expect(await purchases.countDocuments({ orderId: body.orderId })).toBe(0);
    }
    expect(await booksBalance(member._id)).toBe(0);
    expect((await running.app.get(MembersService).findById(member._id))?.tier.code).toBe('regular');
    // A till's clock a little ahead is fine.
    expect((await buy(order(phone, [['SKEW', 1, 1_000]], { paidAt: new Date(now + 2 * 60_000).toISOString() }))).status).toBe(
      200,
    );
  });

  it('3. never refunds more than was paid nor claws back more than was earned: amount then line, one SKU on two lines', async () => {
    const { phone, member } = await newMember();
    const single = order(phone, [['A', 1, 10_000]]);
    expect((await buy(single)).status).toBe(200);
    expect((await refund({ refundId: `${single.orderId}-R1`, orderId: single.orderId, amountFen: 6_000 })).status).toBe(200);
    const byLine = await refund({
      refundId: `${single.orderId}-R2`,
      orderId: single.orderId,
      lines: [{ sku: 'A', quantity: 1 }],
    });
    expect(byLine.status).toBe(422);
    expect(await byLine.json()).toMatchObject({
      code: 'REFUND_EXCEEDS_PURCHASE',
      details: { left: { sku: 'A', fen: 4_000, orderFen: 4_000 } },
    });
    const rest = (await (
      await refund({ refundId: `${single.orderId}-R3`, orderId: single.orderId, amountFen: 4_000 })
    ).json()) as RefundResult;
    expect(rest.pointsClawedBack).toBe(40);

    const twice = order(phone, [
      ['B', 1, 10_000],
      ['B', 1, 10_000],
    ]);
    expect((await buy(twice)).status).toBe(200);
    for (const n of [1, 2]) {
      const ok = await refund({ refundId: `${twice.orderId}-R${n}`, orderId: twice.orderId, lines: [{ sku: 'B', quantity: 1 }] });
      expect(ok.status).toBe(200);
    }
    const third = await refund({ refundId: `${twice.orderId}-R3`, orderId: twice.orderId, lines: [{ sku: 'B', quantity: 1 }] });
    expect(third.status).toBe(422);
    const stored = await purchases.findOne({ orderId: twice.orderId }).lean();
    expect(stored?.refundedFen).toBe(20_000);
    expect(stored?.lines.map((l) => l.refundedQuantity)).toEqual([1, 1]);
    // Everything earned came back, not a point more.
    const clawed = await entries.find({ memberId: member._id, kind: 'clawback' }).lean();
    expect(-clawed.reduce((sum, e) => sum + e.points, 0)).toBe(100 + 200);
    expect(await booksBalance(member._id)).toBe(0);
  });

  it('4. gives back the points that paid for an order when it is refunded, pro rata and once', async () => {
    const { phone, member } = await newMember();
    await ledger.earn({
      memberId: member._id,
      points: 1_000,
      reason: 'test grant',
      source: { type: 'test', id: phone },
      idempotencyKey: `grant:${phone}`,
      occurredAt: new Date(),
      availableAt: new Date(),
      expiresAt: new Date(Date.now() + 200 * 86_400_000),
    });
    const body = order(phone, [['HOLD', 2, 10_000]]);
    const hold = await signedPost(
      running.baseUrl,
      '/api/v1/points/holds',
      { holdId: `H-${body.orderId}`, member: { phone }, points: 600, orderTotalFen: 20_000 },
      pos,
    );
    expect(hold.status).toBe(201);
    expect(
      (await signedPost(running.baseUrl, `/api/v1/points/holds/H-${body.orderId}/commit`, { orderId: body.orderId }, pos)).status,
    ).toBeLessThan(300);
    expect((await buy(body)).status).toBe(200); // earns 200
    expect(await booksBalance(member._id)).toBe(1_000 - 600 + 200);

    const half = {
      refundId: `${body.orderId}-R1`,
      orderId: body.orderId,
      lines: [{ sku: 'HOLD', quantity: 1 }],
      refundedAt: new Date().toISOString(),
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, async () => (await refund(half)).json() as Promise<RefundResult>),
    );
    expect(answers.map((a) => a.pointsReturned ?? a)).toEqual(Array(50).fill(300));
    expect(await booksBalance(member._id)).toBe(600 - 100 + 300);
    const rest = (await (
      await refund({ refundId: `${body.orderId}-R2`, orderId: body.orderId, amountFen: 10_000 })
    ).json()) as RefundResult;
    expect(rest).toMatchObject({ pointsReturned: 300, pointsClawedBack: 100 });
    expect(await booksBalance(member._id)).toBe(1_000);
  });

  it('5. blocks every spend while a refund left the balance below zero', async () => {
    const { phone, member } = await newMember();
    const body = order(phone, [['NEG', 1, 100_000]]);
    await buy(body); // 1,000 points
    const hold = (id: string, points: number) =>
      signedPost(
        running.baseUrl,
        '/api/v1/points/holds',
        { holdId: id, member: { phone }, points, orderTotalFen: 1_000_000 },
        pos,
      );
    expect((await hold(`N1-${body.orderId}`, 1_000)).status).toBe(201);
    await refund({ refundId: `${body.orderId}-R`, orderId: body.orderId, amountFen: 100_000 });
    expect(await booksBalance(member._id)).toBe(-1_000);
    // New points arrive: the lots hold them, but the balance is still below zero.
    await buy(order(phone, [['NEG2', 1, 50_000]])); // 500 points
    expect(await booksBalance(member._id)).toBe(-500);
    const blocked = await hold(`N2-${body.orderId}`, 100);
    expect(blocked.status).toBe(409);
    expect(await blocked.json()).toMatchObject({ code: 'POINTS_BALANCE_NEGATIVE' });
    expect(await booksBalance(member._id)).toBe(-500);
    await buy(order(phone, [['NEG3', 1, 60_000]])); // 600 points (and the month's task bonus): above zero again
    const balance = await booksBalance(member._id);
    expect(balance).toBeGreaterThanOrEqual(100);
    // The lots hold far more than the balance: a spend is measured against the balance.
    const tooMuch = await hold(`N3-${body.orderId}`, (Math.floor(balance / 100) + 1) * 100);
    expect(tooMuch.status).toBe(409);
    expect(await tooMuch.json()).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect((await hold(`N4-${body.orderId}`, Math.floor(balance / 100) * 100)).status).toBe(201);
    expect(await booksBalance(member._id)).toBe(balance % 100);
  });

  it('7 and 12. keeps each integration to its own orders, and a refund returns only its own order’s coupons', async () => {
    const hq = authorized(running, (await loginAsStaff(running, 'money-hq', 'hq')).accessToken);
    const template = (await (
      await hq('/api/v1/hq/coupon-templates', {
        body: {
          name: '隔离券',
          benefit: { kind: 'fixed', amountFen: 500 },
          validity: { type: 'afterClaim', days: 7 },
          totalStock: 100,
        },
      })
    ).json()) as { id: string };
    const session = await loginAs(running, 'money-coupon');
    const phone = `1371${String(++seq).padStart(7, '0')}`;
    await running.app.get(MembersService).attachPhone(session.member.id, phone);
    const api = authorized(running, session.accessToken);
    const claimed = (await (
      await api(`/api/v1/coupons/templates/${template.id}/claim`, {
        method: 'POST',
        headers: { 'idempotency-key': `isolation-claim-${seq}` },
      })
    ).json()) as { id: string };
    expect(claimed).toMatchObject({ id: expect.any(String) });

    const posOrder = order(phone, [['ISO', 1, 20_000]], { orderId: `SAME-${seq}` });
    expect((await buy(posOrder)).status).toBe(200);
    const { token } = (await (await api(`/api/v1/me/coupons/${claimed.id}/token`, { method: 'POST' })).json()) as {
      token: string;
    };
    const redeemed = await signedPost(
      running.baseUrl,
      '/api/v1/coupons/redeem',
      { token, orderId: posOrder.orderId, orderTotalFen: 20_000, channel: 'store' },
      pos,
    );
    expect(await redeemed.json()).toMatchObject({ replayed: false });

    // The shop cannot refund the till's order...
    const foreign = await refund({ refundId: `X-${seq}`, orderId: posOrder.orderId, amountFen: 20_000 }, shop);
    expect(foreign.status).toBe(404);
    // ...its own order of the same number is another order...
    const shopOrder = {
      ...order(phone, [['ISO', 1, 20_000]]),
      orderId: posOrder.orderId,
      channel: 'online',
      storeCode: undefined,
    };
    expect((await buy(shopOrder, shop)).status).toBe(200);
    expect(await purchases.countDocuments({ orderId: posOrder.orderId })).toBe(2);
    // ...and refunding it in full gives back nothing the till's order used.
    expect((await refund({ refundId: `S-${seq}`, orderId: posOrder.orderId, amountFen: 20_000 }, shop)).status).toBe(200);
    const { coupons } = (await (await api('/api/v1/me/coupons?status=used')).json()) as { coupons: CouponView[] };
    expect(coupons.find((c) => c.id === claimed.id)).toMatchObject({ status: 'used' });
    // The till's own full refund does.
    expect((await refund({ refundId: `P-${seq}`, orderId: posOrder.orderId, amountFen: 20_000 })).status).toBe(200);
    const after = (await (await api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
    expect(after.coupons.find((c) => c.id === claimed.id)).toMatchObject({ status: 'available' });
  });

  it('9. undoes a tier reached through refunded spend, and grants a tier bundle once however the purchase is retried', async () => {
    const hq = authorized(running, (await loginAsStaff(running, 'money-hq-2', 'hq')).accessToken);
    const bundle = (await (
      await hq('/api/v1/hq/coupon-templates', {
        body: {
          name: '金卡礼',
          benefit: { kind: 'fixed', amountFen: 2_000 },
          validity: { type: 'afterClaim', days: 30 },
          totalStock: 100,
          claimable: false,
        },
      })
    ).json()) as { id: string };
    const { tiers } = ProgramOverview.parse(await (await fetch(`${running.baseUrl}/api/v1/program`)).json());
    const withBundle = tiers.map((t) =>
      t.code === 'gold' ? { ...t, benefits: { ...t.benefits, couponTemplateIds: [bundle.id] } } : t,
    );
    expect((await hq('/api/v1/hq/tier-ladder', { method: 'PUT', body: { tiers: withBundle } })).status).toBe(200);

    const { phone, member } = await newMember();
    expect(await (await buy(order(phone, [['T1', 1, 60_000]]))).json()).toMatchObject({ tierCode: 'silver' });
    const big = order(phone, [['T2', 1, 250_000]]);
    const first = await Promise.all(
      Array.from({ length: 50 }, async () => (await buy(big)).json() as Promise<PurchaseIngestResult>),
    );
    expect(new Set(first.map((r) => r.tierCode))).toEqual(new Set(['gold']));
    const coupons = running.app.get<Model<{ memberId: Types.ObjectId; templateId: Types.ObjectId }>>(getModelToken('Coupon'));
    expect(await coupons.countDocuments({ memberId: member._id, templateId: bundle.id })).toBe(1);

    // A crash after the upgrade, before the bundle: the purchase is left received; the recovery finishes it once.
    await purchases.updateOne({ orderId: big.orderId }, { $set: { status: 'received' }, $unset: { outcome: 1 } });
    await coupons.deleteMany({ memberId: member._id, templateId: bundle.id });
    timeOf(running).advance(3 * 60_000);
    try {
      await running.app.get(StuckPurchasesJob).run();
      await running.app.get(StuckPurchasesJob).run();
    } finally {
      timeOf(running).reset();
    }
    expect(await coupons.countDocuments({ memberId: member._id, templateId: bundle.id })).toBe(1);
    expect((await purchases.findOne({ orderId: big.orderId }).lean())?.status).toBe('applied');

    // The refund of the purchase that reached gold takes the member back to silver.
    expect((await refund({ refundId: `${big.orderId}-R`, orderId: big.orderId, amountFen: 250_000 })).status).toBe(200);
    expect((await running.app.get(MembersService).findById(member._id))?.tier.code).toBe('silver');
    expect(await booksBalance(member._id)).toBe(600);
  });

  it('10. finishes a purchase and a refund a crash left half done, once, however many servers run the job', async () => {
    const { phone, member } = await newMember();
    const bought = order(phone, [['HALF', 1, 30_000]]);
    expect((await buy(bought)).status).toBe(200);
    // As a crash leaves them: a refund claimed but not applied, and a purchase recorded but not applied.
    await purchases.updateOne(
      { orderId: bought.orderId },
      {
        $inc: { refundedFen: 10_000 },
        $push: {
          refunds: {
            refundId: 'HALF-R',
            requestHash: 'x',
            amountFen: 10_000,
            points: 100,
            refundedAt: new Date(),
            status: 'claimed',
            claimedAt: new Date(),
          },
        },
      },
    );
    const stuck = order(phone, [['HALF2', 1, 20_000]]);
    await purchases.create({
      orderId: stuck.orderId,
      integrationId: pos.integrationId,
      requestHash: 'y',
      memberId: member._id,
      channel: 'store',
      storeCode: 'SH01',
      paidAt: new Date(),
      lines: [
        {
          sku: 'HALF2',
          category: '护肤',
          quantity: 1,
          unitPriceFen: 20_000,
          points: 0,
          refundedQuantity: 0,
          refundedFen: 0,
          clawedPoints: 0,
        },
      ],
      totalFen: 20_000,
      refundedFen: 0,
      status: 'received',
    });
    // Not yet: it may still be in flight.
    await running.app.get(StuckPurchasesJob).run();
    expect((await purchases.findOne({ orderId: stuck.orderId }).lean())?.status).toBe('received');
    timeOf(running).advance(3 * 60_000);
    try {
      await Promise.all([running.app.get(StuckPurchasesJob).run(), running.app.get(StuckPurchasesJob).run()]);
    } finally {
      timeOf(running).reset();
    }
    expect((await purchases.findOne({ orderId: stuck.orderId }).lean())?.status).toBe('applied');
    expect((await purchases.findOne({ orderId: bought.orderId }).lean())?.refunds[0].status).toBe('applied');
    expect(await booksBalance(member._id)).toBe(300 - 100 + 200);
  });

  it('7. drops the brand-wide unique order index a database from before still has', async () => {
    await purchases.collection.createIndex({ orderId: 1 }, { unique: true, name: 'orderId_1' }).catch(() => undefined);
    await running.app.get(LegacyOrderIndexMigration).onApplicationBootstrap();
    expect((await purchases.collection.indexes()).map((i) => i.name)).not.toContain('orderId_1');
    await running.app.get(LegacyOrderIndexMigration).onApplicationBootstrap();
  });
});
