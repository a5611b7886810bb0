import { PurchaseIngestResult, RefundResult } from '@memberloop/shared';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { Purchase } from '../../server/src/purchases/schemas/purchase.schema';
import { PointsEntry } from '../../server/src/points/schemas/points-entry.schema';
import { startApp, type RunningApp } from '../support/app';
import { signedPost } from '../support/signed-request';

describe('purchase ingest: POST /api/v1/purchases', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let purchases: Model<Purchase>;
  let entries: Model<PointsEntry>;
  let members: MembersService;
  let order = 0;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('test-pos', 'Test POS');
    members = running.app.get(MembersService);
    purchases = running.app.get(getModelToken(Purchase.name));
    entries = running.app.get(getModelToken(PointsEntry.name));
  });
  afterAll(async () => {
    await running?.close();
  });

  const purchase = (phone: string, priceFen: number, over: Record<string, unknown> = {}) => ({
    orderId: `POS-${Date.now()}-${++order}`,
    member: { phone },
    storeCode: 'SH01',
    channel: 'store',
    paidAt: new Date().toISOString(),
    lines: [{ sku: 'SK-001', category: '护肤', quantity: 1, unitPriceFen: priceFen }],
    totalFen: priceFen,
    ...over,
  });
  const post = (body: unknown, options?: { timestamp?: string; signature?: string }) =>
    signedPost(running.baseUrl, '/api/v1/purchases', body, pos, options);
  const newMember = async () => {
    const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    return { phone, member: await members.register({ phone }) };
  };

  it('earns ¥1 = 1 point and reports balance and tier', async () => {
    const { phone, member } = await newMember();
    const response = await post(purchase(phone, 19_950));
    expect(response.status).toBe(200);
    const result = PurchaseIngestResult.parse(await response.json());
    expect(result).toMatchObject({
      memberId: member._id.toHexString(),
      pointsEarned: 199,
      balance: 199,
      tierCode: 'regular',
      replayed: false,
    });
  });

  it('upgrades the member as soon as a purchase qualifies', async () => {
    const { phone } = await newMember();
    await post(purchase(phone, 30_000));
    const result = (await (await post(purchase(phone, 25_000))).json()) as PurchaseIngestResult;
    expect(result).toMatchObject({ tierCode: 'silver', upgradedFrom: 'regular' });
    // Silver earns 1.2 points per yuan from now on.
    const next = (await (await post(purchase(phone, 10_000))).json()) as PurchaseIngestResult;
    expect(next).toMatchObject({ pointsEarned: 120, tierCode: 'silver' });
  });

  it('returns the first outcome to a retry, and applies an order posted 20 times at once exactly once', async () => {
    const { phone, member } = await newMember();
    const body = purchase(phone, 50_000);
    const first = (await (await post(body)).json()) as PurchaseIngestResult;
    const retry = (await (await post(body)).json()) as PurchaseIngestResult;
    expect(retry).toMatchObject({ ...first, replayed: true });

    const storm = purchase(phone, 12_300);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post(storm).then((r) => r.json() as Promise<PurchaseIngestResult>)),
    );
    expect(new Set(results.map((r) => r.pointsEarned))).toEqual(new Set([147])); // silver by now: 123 × 1.2
    expect(await entries.countDocuments({ idempotencyKey: `purchase:${pos.integrationId}:${storm.orderId}` })).toBe(1);
    expect(await purchases.countDocuments({ orderId: storm.orderId })).toBe(1);
    const [sum] = await entries.aggregate([
      { $match: { memberId: member._id } },
      { $group: { _id: null, total: { $sum: '$points' } } },
    ]);
    expect(sum.total).toBe(500 + 147);
  });

  it('refuses the same order id with different content', async () => {
    const { phone } = await newMember();
    const body = purchase(phone, 10_000);
    await post(body);
    const response = await post({ ...body, lines: [{ ...body.lines[0], unitPriceFen: 1 }], totalFen: 1 });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('caps the points one member earns from purchases in a business day', async () => {
    const { phone } = await newMember();
    const first = PurchaseIngestResult.parse(await (await post(purchase(phone, 3_000_000))).json());
    expect(first.pointsEarned).toBe(30_000);
    const second = PurchaseIngestResult.parse(await (await post(purchase(phone, 3_000_000))).json());
    expect(second.pointsEarned).toBe(20_000);
    const third = PurchaseIngestResult.parse(await (await post(purchase(phone, 100_000))).json());
    // Capped to nothing; the balance still grows by the monthly task's bonus, which the third purchase completed.
    expect(third).toMatchObject({ pointsEarned: 0, balance: 50_100 });
  });

  it('refuses unsigned, badly signed, replayed-late and unknown-integration requests, writing nothing', async () => {
    const { phone } = await newMember();
    const body = purchase(phone, 10_000);
    const attempts = [
      await post(body, { signature: 'f'.repeat(64) }),
      await post(body, { timestamp: String(Math.floor(Date.now() / 1000) - 600) }),
      await signedPost(running.baseUrl, '/api/v1/purchases', body, { integrationId: 'nobody', secret: 'x' }),
      await fetch(`${running.baseUrl}/api/v1/purchases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect(await purchases.countDocuments({ orderId: body.orderId })).toBe(0);
  });

  it('rejects malformed purchases with VALIDATION_FAILED and the fields at fault, writing nothing', async () => {
    const { phone } = await newMember();
    const bad = [
      purchase(phone, 10_000, { totalFen: 9_999 }),
      purchase(phone, 10_000, { lines: [] }),
      purchase(phone, 10_000, { paidAt: 'yesterday' }),
      purchase(phone, 10_000, { member: { phone: { $gt: '' } } }),
      purchase(phone, 10_000, { channel: 'store', storeCode: undefined }),
      { ...purchase(phone, 10_000), $where: '1' },
    ];
    for (const body of bad) {
      const response = await post(body);
      expect(response.status).toBe(400);
      const error = (await response.json()) as { code: string; details: { issues: Array<{ path: string }> } };
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.issues.length).toBeGreaterThan(0);
      expect(await purchases.countDocuments({ orderId: (body as { orderId: string }).orderId })).toBe(0);
    }
  });

  it('a member reference that is not a string never reaches the database as an operator (the look-up casts nothing)', async () => {
    const { member } = await newMember();
    await members.resolve({ memberNo: member.memberNo }).then((found) => expect(found?._id).toEqual(member._id));
    // Callers that skip the contract (an import, a seed) cannot turn the look-up into "any member".
    for (const reference of [{ cardNo: { $ne: '' } }, { memberNo: { $gt: '' } }, { phone: { $exists: true } }])
      await expect(members.resolve(reference as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('says when no member matches', async () => {
    const response = await post(purchase('13000000000', 10_000));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  describe('refunds: POST /api/v1/refunds', () => {
    const refund = (body: Record<string, unknown>) => signedPost(running.baseUrl, '/api/v1/refunds', body, pos);
    const at = () => new Date().toISOString();

    it('takes back what the refunded goods earned, in parts, exactly, and once per refund id', async () => {
      const { phone, member } = await newMember();
      const body = purchase(phone, 0, {
        lines: [
          { sku: 'SK-001', category: '护肤', quantity: 3, unitPriceFen: 10_000 },
          { sku: 'MK-002', category: '彩妆', quantity: 1, unitPriceFen: 9_900 },
        ],
        totalFen: 39_900,
      });
      const earned = (await (await post(body)).json()) as PurchaseIngestResult;
      expect(earned.pointsEarned).toBe(399);

      const r1 = {
        refundId: `${body.orderId}-R1`,
        orderId: body.orderId,
        lines: [{ sku: 'SK-001', quantity: 1 }],
        refundedAt: at(),
      };
      const first = RefundResult.parse(await (await refund(r1)).json());
      expect(first).toMatchObject({ refundedFen: 10_000, pointsClawedBack: 100, shortfall: 0, balance: 299, replayed: false });
      const retry = RefundResult.parse(await (await refund(r1)).json());
      expect(retry).toEqual({ ...first, replayed: true });

      const rest = RefundResult.parse(
        await (
          await refund({
            refundId: `${body.orderId}-R2`,
            orderId: body.orderId,
            lines: [
              { sku: 'SK-001', quantity: 2 },
              { sku: 'MK-002', quantity: 1 },
            ],
            refundedAt: at(),
          })
        ).json(),
      );
      expect(rest).toMatchObject({ pointsClawedBack: 299, balance: 0 });
      const again = await refund({
        refundId: `${body.orderId}-R3`,
        orderId: body.orderId,
        lines: [{ sku: 'SK-001', quantity: 1 }],
        refundedAt: at(),
      });
      expect(again.status).toBe(422);
      expect(await again.json()).toMatchObject({
        code: 'REFUND_EXCEEDS_PURCHASE',
        details: { left: { sku: 'SK-001', quantity: 0, fen: 0 } },
      });
      expect((await running.app.get(PointsLedgerService).balanceOf(member._id)).balance).toBe(0);
    });

    it('records the points already spent as a debt repaid from the next purchase', async () => {
      const { phone, member } = await newMember();
      const body = purchase(phone, 20_000);
      await post(body);
      await running.app.get(PointsLedgerService).spend({
        memberId: member._id,
        points: 150,
        reason: 'gift',
        source: { type: 'redemption', id: body.orderId },
        idempotencyKey: `spend-${body.orderId}`,
      });
      const result = RefundResult.parse(
        await (
          await refund({ refundId: `${body.orderId}-R`, orderId: body.orderId, amountFen: 20_000, refundedAt: at() })
        ).json(),
      );
      expect(result).toMatchObject({ pointsClawedBack: 200, shortfall: 150, balance: 0 });
      const next = (await (await post(purchase(phone, 30_000))).json()) as PurchaseIngestResult;
      expect(next).toMatchObject({ pointsEarned: 300, balance: 150 });
    });

    it('applies the same refund sent 10 times at once exactly once', async () => {
      const { phone } = await newMember();
      const body = purchase(phone, 50_000);
      await post(body);
      const refundBody = { refundId: `${body.orderId}-storm`, orderId: body.orderId, amountFen: 25_000, refundedAt: at() };
      const results = await Promise.all(
        Array.from({ length: 10 }, () => refund(refundBody).then((r) => r.json() as Promise<RefundResult>)),
      );
      expect(new Set(results.map((r) => r.pointsClawedBack))).toEqual(new Set([250]));
      expect(results.map((r) => r.balance).sort()[0]).toBe(250);
      const stored = await purchases.findOne({ orderId: body.orderId }).lean();
      expect(stored?.refundedFen).toBe(25_000);
      expect(await entries.countDocuments({ idempotencyKey: `refund:${pos.integrationId}:${refundBody.refundId}` })).toBe(1);
    });

    it('refuses refunds of unknown orders, bigger than the order, or reusing an id with other content', async () => {
      const { phone } = await newMember();
      const body = purchase(phone, 10_000);
      await post(body);
      const unknown = await refund({ refundId: 'R-unknown', orderId: 'no-such-order', amountFen: 100, refundedAt: at() });
      expect(unknown.status).toBe(404);
      const tooBig = await refund({
        refundId: `${body.orderId}-big`,
        orderId: body.orderId,
        amountFen: 10_001,
        refundedAt: at(),
      });
      expect(tooBig.status).toBe(422);
      expect(await tooBig.json()).toMatchObject({ code: 'REFUND_EXCEEDS_PURCHASE', details: { left: { orderFen: 10_000 } } });
      await refund({ refundId: `${body.orderId}-ok`, orderId: body.orderId, amountFen: 100, refundedAt: at() });
      const reused = await refund({ refundId: `${body.orderId}-ok`, orderId: body.orderId, amountFen: 200, refundedAt: at() });
      expect(reused.status).toBe(422);
      const both = await refund({
        refundId: 'R-both',
        orderId: body.orderId,
        amountFen: 1,
        lines: [{ sku: 'SK-001', quantity: 1 }],
        refundedAt: at(),
      });
      expect(both.status).toBe(400);
    });
  });
});
