import { CouponRedemption, CouponTemplateView, CouponView, MemberHome, ProgramOverview } from '@memberloop/shared';
import { MembersService } from '../../server/src/members/members.service';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { startApp, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

describe('coupons: templates, claiming, the wallet and redemption at the till', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let pos: IntegrationCredentials;
  let keySeq = 0;

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'coupon-hq', 'hq')).accessToken);
    pos = await running.app.get(IntegrationsService).register('coupon-pos', 'Coupon POS');
  });
  afterAll(async () => {
    await running?.close();
  });

  const template = async (body: Record<string, unknown>) => {
    const response = await hq('/api/v1/hq/coupon-templates', { body });
    expect(response.status).toBe(201);
    return CouponTemplateView.parse(await response.json());
  };
  const member = async (name: string) => authorized(running, (await loginAs(running, name)).accessToken);
  const claim = (api: ReturnType<typeof authorized>, templateId: string, key = `claim-key-${++keySeq}`) =>
    api(`/api/v1/coupons/templates/${templateId}/claim`, { method: 'POST', headers: { 'idempotency-key': key } });
  const redeem = (body: Record<string, unknown>) => signedPost(running.baseUrl, '/api/v1/coupons/redeem', body, pos);

  it('claims once per tap, holds the member limit, and shows the coupon in the wallet', async () => {
    const t = await template({
      name: '满199减20',
      benefit: { kind: 'threshold', thresholdFen: 19_900, amountFen: 2_000 },
      validity: { type: 'afterClaim', days: 30 },
      totalStock: 100,
      perMemberLimit: 1,
    });
    const api = await member('coupon-ann');
    const first = await claim(api, t.id, 'tap-000000001');
    expect(first.status).toBe(200);
    const coupon = CouponView.passthrough().parse(await first.json());
    expect(coupon).toMatchObject({ name: '满199减20', status: 'available' });
    expect(await (await claim(api, t.id, 'tap-000000001')).json()).toMatchObject({ id: coupon.id, replayed: true });
    const again = await claim(api, t.id);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'LIMIT_REACHED' });
    const { coupons } = (await (await api('/api/v1/me/coupons?status=available')).json()) as { coupons: CouponView[] };
    expect(coupons.map((c) => c.id)).toEqual([coupon.id]);
    const { templates } = (await (await api('/api/v1/coupons/claimable')).json()) as { templates: CouponTemplateView[] };
    expect(templates.find((x) => x.id === t.id)).toMatchObject({ remainingStock: 99, remainingForMe: 0 });
    expect(MemberHome.parse(await (await api('/api/v1/me/home')).json()).coupons).toEqual({ available: 1 });
    expect((await claim(api, t.id, 'no')).status).toBe(400);
  });

  it('issues exactly the stock when 200 members claim 50 coupons at once', async () => {
    const t = await template({
      name: '限量 50 张',
      benefit: { kind: 'fixed', amountFen: 1_000 },
      validity: { type: 'afterClaim', days: 7 },
      totalStock: 50,
    });
    const members = await Promise.all(Array.from({ length: 200 }, (_, i) => member(`rush-${i}`)));
    const results = await Promise.all(members.map((api) => claim(api, t.id)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(50);
    for (const r of results.filter((x) => x.status !== 200)) expect(await r.json()).toMatchObject({ code: 'OUT_OF_STOCK' });
    const { templates } = (await (await members[0]('/api/v1/coupons/claimable')).json()) as { templates: CouponTemplateView[] };
    expect(templates.find((x) => x.id === t.id)).toBeUndefined(); // none left to show
  }, 120_000);

  it('redeems a scanned coupon once, even from 10 tills at once, and answers a retry of the same order', async () => {
    const t = await template({
      name: '85折券',
      benefit: { kind: 'percent', percentOff: 15, capFen: 5_000 },
      validity: { type: 'afterClaim', days: 30 },
      totalStock: 10,
    });
    const api = await member('coupon-bo');
    const coupon = CouponView.passthrough().parse(await (await claim(api, t.id)).json());
    const { token } = (await (await api(`/api/v1/me/coupons/${coupon.id}/token`, { method: 'POST' })).json()) as {
      token: string;
    };

    const tills = await Promise.all(
      Array.from({ length: 10 }, (_, i) => redeem({ token, orderId: `TILL-${i}`, orderTotalFen: 20_000, channel: 'store' })),
    );
    const ok = tills.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    const done = CouponRedemption.parse(await ok[0].json());
    expect(done).toMatchObject({ discountFen: 3_000, replayed: false });
    for (const r of tills.filter((x) => x.status !== 200)) expect(await r.json()).toMatchObject({ code: 'COUPON_UNUSABLE' });
    const retry = await redeem({ token, orderId: done.orderId, orderTotalFen: 20_000, channel: 'store' });
    expect(CouponRedemption.parse(await retry.json())).toMatchObject({ replayed: true, discountFen: 3_000 });
    const { coupons } = (await (await api('/api/v1/me/coupons?status=used')).json()) as { coupons: CouponView[] };
    expect(coupons).toEqual([expect.objectContaining({ id: coupon.id, status: 'used', orderId: done.orderId })]);
    expect(MemberHome.parse(await (await api('/api/v1/me/home')).json()).coupons).toEqual({ available: 0 });
  });

  it('refuses forged tokens, orders under the threshold, the wrong channel, and other members’ coupons', async () => {
    const t = await template({
      name: '线上满100减10',
      benefit: { kind: 'threshold', thresholdFen: 10_000, amountFen: 1_000 },
      validity: { type: 'afterClaim', days: 30 },
      totalStock: 10,
      channels: ['online'],
    });
    const api = await member('coupon-cai');
    const coupon = CouponView.passthrough().parse(await (await claim(api, t.id)).json());
    const { token } = (await (await api(`/api/v1/me/coupons/${coupon.id}/token`, { method: 'POST' })).json()) as {
      token: string;
    };
    const forged = await redeem({ token: `${token.slice(0, -4)}AAAA`, orderId: 'F-1', orderTotalFen: 20_000, channel: 'online' });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: 'INVALID_COUPON_TOKEN' });
    const small = await redeem({ token, orderId: 'F-2', orderTotalFen: 9_999, channel: 'online' });
    expect(await small.json()).toMatchObject({ code: 'COUPON_UNUSABLE' });
    const store = await redeem({ token, orderId: 'F-3', orderTotalFen: 20_000, channel: 'store' });
    expect(await store.json()).toMatchObject({ code: 'COUPON_UNUSABLE' });
    const stranger = await member('coupon-dee');
    expect((await stranger(`/api/v1/me/coupons/${coupon.id}/token`, { method: 'POST' })).status).toBe(404);
    const unsigned = await fetch(`${running.baseUrl}/api/v1/coupons/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, orderId: 'F-4', orderTotalFen: 20_000, channel: 'online' }),
    });
    expect(unsigned.status).toBe(401);
    // Still usable after all those refusals.
    const { coupons } = (await (await api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
    expect(coupons.map((c) => c.id)).toContain(coupon.id);
  });

  it('keeps targeted coupons to their audience and refuses bad templates', async () => {
    const goldOnly = await template({
      name: '金卡专享',
      benefit: { kind: 'fixed', amountFen: 5_000 },
      validity: { type: 'afterClaim', days: 30 },
      totalStock: 10,
      tiers: ['gold'],
    });
    const api = await member('coupon-eve');
    const refused = await claim(api, goldOnly.id);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'COUPON_NOT_ELIGIBLE' });
    for (const body of [
      {
        name: '坏券',
        benefit: { kind: 'threshold', thresholdFen: 1_000, amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 3 },
        totalStock: 1,
      },
      {
        name: '坏券',
        benefit: { kind: 'fixed', amountFen: 100 },
        validity: { type: 'window', from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
        totalStock: 1,
      },
      {
        name: '坏券',
        benefit: { kind: 'percent', percentOff: 95, capFen: 100 },
        validity: { type: 'afterClaim', days: 3 },
        totalStock: 1,
      },
    ]) {
      expect((await hq('/api/v1/hq/coupon-templates', { body })).status).toBe(400);
    }
    expect((await api('/api/v1/hq/coupon-templates', { body: { name: 'x' } })).status).toBe(403);
  });

  it('gives a tier’s coupon bundle on reaching it, and returns a used coupon when its order is refunded in full', async () => {
    const bundle = await template({
      name: '银卡升级礼',
      benefit: { kind: 'fixed', amountFen: 3_000 },
      validity: { type: 'afterClaim', days: 60 },
      totalStock: 1000,
      claimable: false,
    });
    const { tiers } = ProgramOverview.parse(await (await fetch(`${running.baseUrl}/api/v1/program`)).json());
    const withBundle = tiers.map((t) =>
      t.code === 'silver' ? { ...t, benefits: { ...t.benefits, couponTemplateIds: [bundle.id] } } : t,
    );
    expect((await hq('/api/v1/hq/tier-ladder', { method: 'PUT', body: { tiers: withBundle } })).status).toBe(200);

    const session = await loginAs(running, 'coupon-fay');
    await running.app.get(MembersService).attachPhone(session.member.id, '13766667777');
    const api = authorized(running, session.accessToken);
    const bought = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: 'BUNDLE-1',
        member: { phone: '13766667777' },
        storeCode: 'HZ01',
        channel: 'store',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK-1', category: '护肤', quantity: 1, unitPriceFen: 60_000 }],
        totalFen: 60_000,
      },
      pos,
    );
    expect(await bought.json()).toMatchObject({ tierCode: 'silver', upgradedFrom: 'regular' });
    const { coupons } = (await (await api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
    const gift = coupons.find((c) => c.templateId === bundle.id);
    expect(gift).toMatchObject({ name: '银卡升级礼', status: 'available' });

    // Used on that very order at the till, then the order is refunded in full: the coupon comes back.
    const { token } = (await (await api(`/api/v1/me/coupons/${gift!.id}/token`, { method: 'POST' })).json()) as { token: string };
    expect((await redeem({ token, orderId: 'BUNDLE-1', orderTotalFen: 60_000, channel: 'store' })).status).toBe(200);
    const refund = await signedPost(
      running.baseUrl,
      '/api/v1/refunds',
      { refundId: 'BUNDLE-R1', orderId: 'BUNDLE-1', lines: [{ sku: 'SK-1', quantity: 1 }], refundedAt: new Date().toISOString() },
      pos,
    );
    expect(refund.status).toBe(200);
    const after = (await (await api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
    expect(after.coupons.find((c) => c.id === gift!.id)).toMatchObject({ status: 'available' });
  });

  describe('stacking on one order', () => {
    const tokenFor = async (api: ReturnType<typeof authorized>, templateId: string) => {
      const coupon = CouponView.passthrough().parse(await (await claim(api, templateId)).json());
      const { token } = (await (await api(`/api/v1/me/coupons/${coupon.id}/token`, { method: 'POST' })).json()) as {
        token: string;
      };
      return token;
    };
    const fixed = (name: string, stacking: Record<string, unknown>) =>
      template({
        name,
        benefit: { kind: 'fixed', amountFen: 500 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 100,
        perMemberLimit: 5,
        stacking,
      });

    it('uses an exclusive coupon alone and combines stackable ones within their group only', async () => {
      const alone = await fixed('独享券', { mode: 'exclusive' });
      const a1 = await fixed('A组券1', { mode: 'stackable', group: 'A' });
      const a2 = await fixed('A组券2', { mode: 'stackable', group: 'A' });
      const b = await fixed('B组券', { mode: 'stackable', group: 'B' });
      const api = await member('stacker');
      const order = (id: string, token: string) => redeem({ token, orderId: id, orderTotalFen: 30_000, channel: 'store' });

      expect((await order('STACK-1', await tokenFor(api, a1.id))).status).toBe(200);
      expect((await order('STACK-1', await tokenFor(api, a2.id))).status).toBe(200);
      const otherGroup = await order('STACK-1', await tokenFor(api, b.id));
      expect(otherGroup.status).toBe(409);
      expect(await otherGroup.json()).toMatchObject({ code: 'COUPONS_NOT_STACKABLE' });
      const exclusive = await order('STACK-1', await tokenFor(api, alone.id));
      expect(await exclusive.json()).toMatchObject({ code: 'COUPONS_NOT_STACKABLE' });

      expect((await order('STACK-2', await tokenFor(api, alone.id))).status).toBe(200);
      expect(await (await order('STACK-2', await tokenFor(api, a1.id))).json()).toMatchObject({ code: 'COUPONS_NOT_STACKABLE' });
      // The refused coupons are still in the wallet.
      const { coupons } = (await (await api('/api/v1/me/coupons?status=available')).json()) as { coupons: CouponView[] };
      expect(coupons.map((c) => c.name).sort()).toEqual(['A组券1', 'B组券', '独享券']);
    });

    it('lets one of two exclusive coupons through when both reach the same order at once', async () => {
      const t = await fixed('独享券并发', { mode: 'exclusive' });
      const api = await member('stacker-race');
      const tokens = await Promise.all(Array.from({ length: 5 }, () => tokenFor(api, t.id)));
      const results = await Promise.all(
        tokens.map((token) => redeem({ token, orderId: 'STACK-RACE', orderTotalFen: 30_000, channel: 'store' })),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of results.filter((x) => x.status !== 200))
        expect(await r.json()).toMatchObject({ code: 'COUPONS_NOT_STACKABLE' });
    });
  });

  describe('exchanging points for coupons', () => {
    const exchange = (api: ReturnType<typeof authorized>, templateId: string, key = `exchange-key-${++keySeq}`) =>
      api(`/api/v1/coupons/templates/${templateId}/exchange`, { method: 'POST', headers: { 'idempotency-key': key } });
    const balance = async (api: ReturnType<typeof authorized>) =>
      MemberHome.parse(await (await api('/api/v1/me/home')).json()).points.balance;

    it('spends the points once per tap, refuses a free claim and a short balance, and keeps the coupon and ledger together', async () => {
      const t = await template({
        name: '300积分换10元',
        benefit: { kind: 'fixed', amountFen: 1_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 100,
        perMemberLimit: 3,
        pointsPrice: 300,
      });
      const session = await loginAs(running, 'exchanger');
      const api = authorized(running, session.accessToken);
      await running.app.get(MembersService).attachPhone(session.member.id, '13912340001');
      await signedPost(
        running.baseUrl,
        '/api/v1/purchases',
        {
          orderId: 'EXCH-1',
          member: { phone: '13912340001' },
          storeCode: 'SH01',
          channel: 'store',
          paidAt: new Date().toISOString(),
          lines: [{ sku: 'SK-EX', category: '护肤', quantity: 1, unitPriceFen: 70_000 }],
          totalFen: 70_000,
        },
        pos,
      );
      expect(await balance(api)).toBe(700);
      const free = await claim(api, t.id);
      expect(free.status).toBe(409);
      expect(await free.json()).toMatchObject({ code: 'CONFLICT' });

      const first = await exchange(api, t.id, 'exchange-tap-1');
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ name: '300积分换10元', pointsSpent: 300, replayed: false });
      expect(await (await exchange(api, t.id, 'exchange-tap-1')).json()).toMatchObject({ pointsSpent: 300, replayed: true });
      expect(await balance(api)).toBe(400);

      // Three taps at once with 400 points: one more coupon, never a negative balance.
      const rush = await Promise.all([exchange(api, t.id), exchange(api, t.id), exchange(api, t.id)]);
      expect(rush.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of rush.filter((x) => x.status !== 200)) expect(await r.json()).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
      expect(await balance(api)).toBe(100);
      const { coupons } = (await (await api('/api/v1/me/coupons?status=available')).json()) as { coupons: CouponView[] };
      expect(coupons.filter((c) => c.templateId === t.id)).toHaveLength(2);
      const { templates } = (await (await api('/api/v1/coupons/claimable')).json()) as { templates: CouponTemplateView[] };
      expect(templates.find((x) => x.id === t.id)).toMatchObject({ pointsPrice: 300, remainingStock: 98 });
    });
  });
});
