import { getModelToken } from '@nestjs/mongoose';
import { PointsHoldView } from '@memberloop/shared';
import { type Types, type Model } from 'mongoose';
import { PointsHold } from '../../server/src/checkout/points-hold.schema';
import { PointsHoldsService } from '../../server/src/checkout/points-holds.service';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { MembersService } from '../../server/src/members/members.service';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { PointsEntry } from '../../server/src/points/schemas/points-entry.schema';
import { startApp, type RunningApp } from '../support/app';
import { signedPost } from '../support/signed-request';

describe('points as part payment: reserve, commit, cancel', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let ledger: PointsLedgerService;
  let phoneSeq = 0;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('checkout-pos', 'Checkout POS');
    ledger = running.app.get(PointsLedgerService);
  });
  afterAll(async () => {
    await running?.close();
  });

  const memberWith = async (points: number) => {
    const phone = `1350000${String(++phoneSeq).padStart(4, '0')}`;
    const member = await running.app.get(MembersService).register({ phone });
    await ledger.earn({
      memberId: member._id,
      points,
      reason: 'test grant',
      source: { type: 'test', id: phone },
      idempotencyKey: `grant:${phone}`,
      occurredAt: new Date(),
      availableAt: new Date(),
      expiresAt: new Date(Date.now() + 200 * 86_400_000),
    });
    return { phone, memberId: member._id };
  };
  const post = (path: string, body: unknown = {}) => signedPost(running.baseUrl, path, body, pos);
  const reserve = (phone: string, holdId: string, points: number, orderTotalFen = 100_000) =>
    post('/api/v1/points/holds', { holdId, member: { phone }, points, orderTotalFen, storeCode: 'HZ01' });
  const ledgerSum = async (memberId: Types.ObjectId) => {
    const entries = await running.app.get<Model<PointsEntry>>(getModelToken(PointsEntry.name)).find({ memberId }).lean();
    return entries.reduce((sum, e) => sum + e.points, 0);
  };

  it('holds the points at once, and spends them for good on commit, idempotently', async () => {
    const { phone, memberId } = await memberWith(1000);
    const held = await reserve(phone, 'H-1', 500);
    expect(held.status).toBe(201);
    const hold = PointsHoldView.parse(await held.json());
    expect(hold).toMatchObject({ status: 'held', points: 500, offsetFen: 500, balance: 500, replayed: false });
    expect(PointsHoldView.parse(await (await reserve(phone, 'H-1', 500)).json())).toMatchObject({ replayed: true, balance: 500 });
    const reused = await reserve(phone, 'H-1', 600);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });

    const committed = PointsHoldView.parse(await (await post('/api/v1/points/holds/H-1/commit', { orderId: 'ORD-1' })).json());
    expect(committed).toMatchObject({ status: 'committed', orderId: 'ORD-1', balance: 500 });
    expect(
      PointsHoldView.parse(await (await post('/api/v1/points/holds/H-1/commit', { orderId: 'ORD-1' })).json()),
    ).toMatchObject({
      replayed: true,
    });
    const late = await post('/api/v1/points/holds/H-1/cancel');
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'HOLD_CLOSED' });
    expect(await ledgerSum(memberId)).toBe(500);
  });

  it('gives the points back on cancel, to the lots they came from', async () => {
    const { phone, memberId } = await memberWith(800);
    await reserve(phone, 'H-2', 300);
    const released = PointsHoldView.parse(await (await post('/api/v1/points/holds/H-2/cancel')).json());
    expect(released).toMatchObject({ status: 'released', balance: 800, replayed: false });
    expect(PointsHoldView.parse(await (await post('/api/v1/points/holds/H-2/cancel')).json())).toMatchObject({
      replayed: true,
      balance: 800,
    });
    const commit = await post('/api/v1/points/holds/H-2/commit', { orderId: 'ORD-2' });
    expect(commit.status).toBe(409);
    expect(await ledger.balanceOf(memberId)).toMatchObject({ balance: 800, spendable: 800 });
    expect(await ledgerSum(memberId)).toBe(800);
  });

  it('releases a hold nobody committed in time, and refuses a late commit', async () => {
    const { phone, memberId } = await memberWith(400);
    await reserve(phone, 'H-3', 200);
    await reserve(phone, 'H-4', 100);
    const holds = running.app.get<Model<PointsHold>>(getModelToken(PointsHold.name));
    await holds.updateMany({ holdId: { $in: ['H-3', 'H-4'] } }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await post('/api/v1/points/holds/H-3/commit', { orderId: 'ORD-3' });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'HOLD_CLOSED' });
    expect(await running.app.get(PointsHoldsService).releaseExpired()).toMatchObject({ released: 1 });
    expect(await ledger.balanceOf(memberId)).toMatchObject({ balance: 400 });
    expect(await ledgerSum(memberId)).toBe(400);
  });

  it('refuses more points than the member has, or than half the order, writing nothing', async () => {
    const { phone, memberId } = await memberWith(300);
    const short = await reserve(phone, 'H-5', 400);
    expect(short.status).toBe(409);
    expect(await short.json()).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    for (const [points, total] of [
      [300, 50_000], // ¥3 of a ¥500 order is fine…
      [200, 300], // …but ¥2 of a ¥3 order is more than half
      [150, 100_000], // not a multiple of 100
    ]) {
      const response = await reserve(phone, `H-6-${points}-${total}`, points, total);
      expect(response.status).toBe(points === 300 ? 201 : 400);
    }
    expect(await ledger.balanceOf(memberId)).toMatchObject({ balance: 0 });
    const unsigned = await fetch(`${running.baseUrl}/api/v1/points/holds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ holdId: 'H-7', member: { phone }, points: 100, orderTotalFen: 100_000 }),
    });
    expect(unsigned.status).toBe(401);
  });

  it('never holds more than the balance under 200 concurrent checkouts', async () => {
    const { phone, memberId } = await memberWith(10_000);
    const attempts = await Promise.all(Array.from({ length: 200 }, (_, i) => reserve(phone, `H-C-${i}`, 100)));
    expect(attempts.filter((r) => r.status === 201)).toHaveLength(100);
    for (const r of attempts.filter((a) => a.status !== 201))
      expect(await r.json()).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    expect(await ledger.balanceOf(memberId)).toMatchObject({ balance: 0 });
    expect(await ledgerSum(memberId)).toBe(0);
  }, 180_000);
});
