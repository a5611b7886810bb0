import { GiftView, Redemption } from '@memberloop/shared';
import { Types } from 'mongoose';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';

describe('the redemption catalogue', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'hq-admin', 'hq')).accessToken);
  });
  afterAll(async () => {
    await running?.close();
  });

  const giveMember = async (name: string, points: number) => {
    const session = await loginAs(running, name);
    if (points > 0)
      await running.app.get(PointsLedgerService).earn({
        memberId: new Types.ObjectId(session.member.id),
        points,
        reason: 'test grant',
        source: { type: 'test', id: name },
        idempotencyKey: `grant:${name}`,
        occurredAt: new Date(),
        availableAt: new Date(),
        expiresAt: new Date(Date.now() + 86_400_000 * 300),
      });
    return { session, api: authorized(running, session.accessToken) };
  };
  const newGift = async (body: Record<string, unknown>) => GiftView.parse(await (await hq('/api/v1/hq/gifts', { body })).json());
  const redeem = (api: ReturnType<typeof authorized>, giftId: string, key: string) =>
    api(`/api/v1/gifts/${giftId}/redeem`, { method: 'POST', headers: { 'idempotency-key': key } });

  it('lets only HQ add gifts', async () => {
    const { api } = await giveMember('shopper-0', 0);
    const denied = await api('/api/v1/hq/gifts', { body: { name: '试用装', pointsCost: 100, stock: 10 } });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('redeems for points, once per idempotency key, and shows what is left to the member', async () => {
    const gift = await newGift({ name: '旅行装精华', pointsCost: 300, stock: 5, perMemberLimit: 2 });
    const { api } = await giveMember('shopper-1', 1000);
    const first = Redemption.parse(await (await redeem(api, gift.id, 'tap-000001')).json());
    expect(first).toMatchObject({ pointsSpent: 300, balance: 700, replayed: false });
    const retry = Redemption.parse(await (await redeem(api, gift.id, 'tap-000001')).json());
    expect(retry).toEqual({ ...first, replayed: true });
    const { gifts } = (await (await api('/api/v1/gifts')).json()) as { gifts: GiftView[] };
    expect(gifts.find((g) => g.id === gift.id)).toMatchObject({ stock: 4, remainingForMe: 1 });
  });

  it('holds the per-member limit and the stock under concurrency', async () => {
    const limited = await newGift({ name: '限量口红', pointsCost: 10, stock: 100, perMemberLimit: 2 });
    const { api } = await giveMember('shopper-2', 1000);
    const taps = await Promise.all(Array.from({ length: 10 }, (_, i) => redeem(api, limited.id, `limit-tap-${i}`)));
    expect(taps.filter((r) => r.status === 200)).toHaveLength(2);
    for (const r of taps.filter((t) => t.status !== 200)) expect(await r.json()).toMatchObject({ code: 'LIMIT_REACHED' });

    const scarce = await newGift({ name: '周年礼盒', pointsCost: 10, stock: 3, perMemberLimit: 1 });
    const shoppers = await Promise.all(Array.from({ length: 8 }, (_, i) => giveMember(`crowd-${i}`, 100)));
    const results = await Promise.all(shoppers.map(({ api: a }, i) => redeem(a, scarce.id, `crowd-tap-${i}`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(3);
    for (const r of results.filter((t) => t.status !== 200)) expect(await r.json()).toMatchObject({ code: 'OUT_OF_STOCK' });
  });

  it('serves 100 members redeeming one gift at once: every one succeeds, the stock counts each once', async () => {
    const popular = await newGift({ name: '人气小样', pointsCost: 10, stock: 1_000, perMemberLimit: 1 });
    const shoppers = await Promise.all(Array.from({ length: 100 }, (_, i) => giveMember(`popular-${i}`, 50)));
    const results = await Promise.all(shoppers.map(({ api: a }, i) => redeem(a, popular.id, `popular-tap-${i}`)));
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const { gifts } = (await (await shoppers[0].api('/api/v1/gifts')).json()) as { gifts: GiftView[] };
    expect(gifts.find((g) => g.id === popular.id)).toMatchObject({ stock: 900 });
  }, 60_000);

  it('refuses without enough points, without an idempotency key, or for an unknown gift, spending nothing', async () => {
    const gift = await newGift({ name: '香氛蜡烛', pointsCost: 500, stock: 5 });
    const { api } = await giveMember('shopper-3', 100);
    const poor = await redeem(api, gift.id, 'poor-tap-1');
    expect(poor.status).toBe(409);
    expect(await poor.json()).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
    const noKey = await api(`/api/v1/gifts/${gift.id}/redeem`, { method: 'POST' });
    expect(noKey.status).toBe(400);
    expect((await redeem(api, new Types.ObjectId().toHexString(), 'ghost-tap-1')).status).toBe(404);
    expect((await redeem(api, 'not-an-id', 'bad-id-tap')).status).toBe(400);
    const { gifts } = (await (await api('/api/v1/gifts')).json()) as { gifts: GiftView[] };
    expect(gifts.find((g) => g.id === gift.id)?.stock).toBe(5);
  });
});
