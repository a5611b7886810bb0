import { PurchaseIngestResult } from '@memberloop/shared';
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
    expect(await entries.countDocuments({ idempotencyKey: `purchase:${storm.orderId}` })).toBe(1);
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

  it('says when no member matches', async () => {
    const response = await post(purchase('13000000000', 10_000));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
