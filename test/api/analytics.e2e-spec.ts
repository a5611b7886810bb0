import {
  AlsoBoughtView,
  CouponTemplateView,
  type CouponView,
  DashboardView,
  MemberAnalyticsView,
  MemberProfile as MemberProfileView,
  MetricsView,
  MyRecommendations,
  StageMigrationView,
  WinbackDryRun,
  WinbackRuleView,
  WinbackRunResult,
  AnalyticsSettings,
} from '@memberloop/shared';
import { getModelToken } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { ProfileRecomputeService } from '../../server/src/analytics/profile-recompute.service';
import { RecommendationsService } from '../../server/src/analytics/recommendations.service';
import { MemberProfile } from '../../server/src/analytics/schemas/member-profile.schema';
import { Notification } from '../../server/src/notifications/schemas/notification.schema';
import { businessDay } from '../../server/src/points/domain/business-day';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const DAY_MS = 86_400_000;
const TZ = 'Asia/Shanghai';

/**
 * Five shoppers with purchases dated back in time through the signed ingest API:
 *   ann  SH01: 500 days ago TEA + CUP, 240 days ago TEA            → sleeping; marketing + personalisation consent
 *   bob  SH01: 20 and 15 days ago, 5 days ago SERUM (refunded later) → new repeat buyer
 *   cy   SH01: 300 days ago SERUM + CREAM, 40 days ago CREAM        → old one-time buyer; no consent
 *   dee  BJ01: 10 days ago TEA + MASK                               → new one-time buyer (another manager's store)
 *   eve  SH01: 500 days ago CUP                                     → lost; marketing consent
 */
describe('CRM analytics: RFM, lifecycle, dashboards, metrics, win-back rules and recommendations', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let hq: ReturnType<typeof authorized>;
  let shanghai: ReturnType<typeof authorized>;
  let beijing: ReturnType<typeof authorized>;
  let profiles: Model<MemberProfile>;
  let recompute: ProfileRecomputeService;
  const shoppers: Record<string, { api: ReturnType<typeof authorized>; memberId: string; memberNo: string }> = {};
  let order = 0;
  let bobRefundable = '';

  const today = () => businessDay(new Date(), TZ);
  const daysAgo = (n: number) => businessDay(new Date(Date.now() - n * DAY_MS), TZ);

  const buy = async (who: string, days: number, store: string, lines: Array<[string, number]>) => {
    const orderId = `AN-${++order}`;
    const paidAt = new Date(Date.now() - days * DAY_MS);
    // History older than the points validity is not taken live: it is applied at its own time, as the order
    // import does, with the app's clock (and the till's) at that moment.
    const old = days > 300;
    if (old) timeOf(running).advance(-days * DAY_MS);
    try {
      const response = await signedPost(
        running.baseUrl,
        '/api/v1/purchases',
        {
          orderId,
          member: { memberId: shoppers[who].memberId },
          storeCode: store,
          channel: 'store',
          paidAt: paidAt.toISOString(),
          lines: lines.map(([sku, priceFen]) => ({ sku, category: '护肤', quantity: 1, unitPriceFen: priceFen })),
          totalFen: lines.reduce((s, [, p]) => s + p, 0),
        },
        pos,
        old ? { timestamp: String(Math.floor(paidAt.getTime() / 1000)) } : {},
      );
      expect(response.status).toBe(200);
    } finally {
      if (old) timeOf(running).reset();
    }
    return orderId;
  };

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('analytics-pos', 'Analytics POS');
    profiles = running.app.get(getModelToken(MemberProfile.name));
    recompute = running.app.get(ProfileRecomputeService);
    hq = authorized(running, (await loginAsStaff(running, 'analytics-hq', 'hq')).accessToken);
    shanghai = authorized(running, (await loginAsStaff(running, 'analytics-sh', 'manager', { storeIds: ['SH01'] })).accessToken);
    beijing = authorized(running, (await loginAsStaff(running, 'analytics-bj', 'manager', { storeIds: ['BJ01'] })).accessToken);
    for (const name of ['ann', 'bob', 'cy', 'dee', 'eve']) {
      const login = await loginAs(running, `analytics-${name}`);
      const api = authorized(running, login.accessToken);
      const profile = MemberProfileView.parse(await (await api('/api/v1/me/profile')).json());
      shoppers[name] = { api, memberId: login.member.id, memberNo: profile.memberNo };
    }
    await shoppers.ann.api('/api/v1/me/consents', { method: 'PUT', body: { marketing: true, personalisation: true } });
    await shoppers.eve.api('/api/v1/me/consents', { method: 'PUT', body: { marketing: true } });
    await shoppers.ann.api('/api/v1/me/profile', { method: 'PATCH', body: { region: '华东' } });

    await buy('ann', 500, 'SH01', [
      ['TEA', 10_000],
      ['CUP', 5_000],
    ]);
    await buy('ann', 240, 'SH01', [['TEA', 10_000]]);
    await buy('bob', 20, 'SH01', [
      ['TEA', 10_000],
      ['CUP', 5_000],
    ]);
    await buy('bob', 15, 'SH01', [['TEA', 8_000]]);
    bobRefundable = await buy('bob', 5, 'SH01', [['SERUM', 20_000]]);
    await buy('cy', 300, 'SH01', [
      ['SERUM', 20_000],
      ['CREAM', 6_000],
    ]);
    await buy('cy', 40, 'SH01', [['CREAM', 6_000]]);
    await buy('dee', 10, 'BJ01', [
      ['TEA', 10_000],
      ['MASK', 3_000],
    ]);
    await buy('eve', 500, 'SH01', [['CUP', 5_000]]);

    // A snapshot a month ago, then today's: the nightly job's work, run now.
    await recompute.recomputeAll(new Date(Date.now() - 30 * DAY_MS));
    await recompute.recomputeAll();
  }, 120_000);
  afterAll(async () => {
    await running?.close();
  });

  const memberView = async (api: ReturnType<typeof authorized>, who: string) => {
    const response = await api(`/api/v1/staff/analytics/members/${shoppers[who].memberNo}`);
    expect(response.status).toBe(200);
    return MemberAnalyticsView.parse(await response.json());
  };

  it('gives each member their lifecycle stage, contact policy, RFM scores and segment, and churn risk', async () => {
    const ann = await memberView(shanghai, 'ann');
    expect(ann).toMatchObject({
      stage: 'sleeping',
      contactPolicy: { contact: 'limited', maxIncentive: 'big' },
      orders: 2,
      netFen: 25_000,
      rfm: { recencyDays: 240, frequency: 2, monetaryFen: 25_000 },
    });
    expect(ann.rfm?.segment).toEqual(expect.any(String));
    // Not overdue (her one interval was 260 days), but her last basket is a third smaller than the first.
    expect(ann.churn).toMatchObject({ score: 20, level: 'low', basketChange: -0.333 });
    expect((await memberView(shanghai, 'bob')).stage).toBe('new-repeat');
    expect((await memberView(shanghai, 'cy')).stage).toBe('old-one-time');
    expect((await memberView(shanghai, 'eve')).stage).toBe('lost');
    expect((await memberView(beijing, 'dee')).stage).toBe('new-one-time');
    // The five buyers are spread over the quintiles: the best recency goes to the most recent buyer.
    const dee = await memberView(hq, 'dee');
    expect(dee.rfm).toMatchObject({ recencyDays: 10 });
    expect((await memberView(hq, 'eve')).rfm).toMatchObject({ r: 1, segment: expect.any(String) });
  });

  it('shows a manager the dashboard of their stores only, and HQ all of them', async () => {
    const response = await shanghai(`/api/v1/staff/analytics/dashboard?from=${daysAgo(29)}&to=${today()}`);
    expect(response.status).toBe(200);
    const view = DashboardView.parse(await response.json());
    expect(view.stores).toEqual(['SH01']);
    expect(view.members).toBe(4); // ann, bob, cy, eve: not dee
    const stage = Object.fromEntries(view.membersByStage.map((c) => [c.key, c.count]));
    expect(stage).toMatchObject({ sleeping: 1, 'new-repeat': 1, 'old-one-time': 1, lost: 1, 'new-one-time': 0 });
    expect(view.membersBySegment.reduce((s, c) => s + c.count, 0)).toBe(4);
    expect(view.purchases).toHaveLength(30);
    expect(view.purchases.find((p) => p.period === daysAgo(15))).toEqual({ period: daysAgo(15), orders: 1, netFen: 8_000 });
    expect(view.purchases.find((p) => p.period === daysAgo(10))).toMatchObject({ orders: 0 }); // dee's, in Beijing

    const all = DashboardView.parse(
      await (await hq(`/api/v1/staff/analytics/dashboard?from=${daysAgo(29)}&to=${today()}&granularity=week`)).json(),
    );
    expect(all.stores).toBe('all');
    const allStages = Object.fromEntries(all.membersByStage.map((c) => [c.key, c.count]));
    expect(allStages).toMatchObject({ 'new-one-time': 1, prospect: 3 }); // the three staff members never bought
    expect(Object.fromEntries(all.membersByTier.map((c) => [c.key, c.count])).regular).toBe(8);
    expect(all.purchases.reduce((s, p) => s + p.orders, 0)).toBe(4);

    const csv = await hq(`/api/v1/staff/analytics/dashboard.csv?from=${daysAgo(29)}&to=${today()}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    // UTF-8 with a BOM (fetch's text() would drop it), for spreadsheet programs.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.startsWith('figure,key,value\r\n')).toBe(true);
    expect(text).toContain('members by stage,sleeping,1\r\n');
    expect(text).toContain(`orders per day,${daysAgo(15)},1\r\n`);
  });

  it('computes stage-to-stage migration between two days from the stored snapshots', async () => {
    const response = await shanghai(`/api/v1/staff/analytics/stage-migration?from=${daysAgo(30)}&to=${today()}`);
    expect(response.status).toBe(200);
    const view = StageMigrationView.parse(await response.json());
    expect(view).toMatchObject({ from: daysAgo(30), to: today(), members: 4 });
    expect(view.matrix).toEqual(
      expect.arrayContaining([
        { from: 'prospect', to: 'new-repeat', count: 1 }, // bob first bought 20 days ago
        { from: 'sleeping', to: 'sleeping', count: 1 }, // ann
        { from: 'old-one-time', to: 'old-one-time', count: 1 }, // cy
        { from: 'lost', to: 'lost', count: 1 }, // eve
      ]),
    );
  });

  it('recommends what members with similar baskets bought, never what the member bought, with consent only', async () => {
    const settings = AnalyticsSettings.parse(await (await hq('/api/v1/hq/analytics/settings')).json());
    const saved = await hq('/api/v1/hq/analytics/settings', {
      method: 'PUT',
      body: { ...settings, recommendations: { ...settings.recommendations, minCoPurchases: 1 } },
    });
    expect(saved.status).toBe(200);
    await running.app.get(RecommendationsService).recomputeAll();
    // Members are shown catalogue products only, by name.
    for (const [sku, name] of [
      ['TEA', '红茶'],
      ['CUP', '茶杯'],
      ['SERUM', '精华'],
      ['MASK', '面膜'],
      ['CREAM', '面霜'],
    ]) {
      const created = await hq('/api/v1/hq/catalogue/products', { body: { sku, name, category: '护肤', priceFen: 10_000 } });
      expect(created.status).toBe(201);
    }

    const mine = MyRecommendations.parse(await (await shoppers.ann.api('/api/v1/me/recommendations')).json());
    expect(mine.personalised).toBe(true);
    // Ann bought TEA and CUP. SERUM goes with CUP (bob) and TEA; MASK with TEA (dee).
    expect(mine.items.map((i) => i.sku)).toEqual(['SERUM', 'MASK']);
    expect(mine.items[0]).toMatchObject({
      name: '精华',
      priceFen: 10_000,
      reason: 'also-bought',
      becauseOf: 'CUP',
      becauseOfName: '茶杯',
    });

    const bob = MyRecommendations.parse(await (await shoppers.bob.api('/api/v1/me/recommendations')).json());
    expect(bob.personalised).toBe(false); // no personalisation consent: best-sellers
    expect(bob.items[0]).toMatchObject({ sku: 'TEA', name: '红茶', reason: 'popular' });

    const also = AlsoBoughtView.parse(await (await shoppers.bob.api('/api/v1/products/CUP/also-bought')).json());
    expect(also.items[0]).toMatchObject({ sku: 'SERUM', name: '精华', priceFen: 10_000, together: 1 });
    // A product retired from the catalogue is no longer suggested.
    expect((await hq('/api/v1/hq/catalogue/products/SERUM/retire', { method: 'POST' })).status).toBe(200);
    const afterRetire = AlsoBoughtView.parse(await (await shoppers.bob.api('/api/v1/products/CUP/also-bought')).json());
    expect(afterRetire.items.map((i) => i.sku)).not.toContain('SERUM');
    expect((await fetch(`${running.baseUrl}/api/v1/me/recommendations`)).status).toBe(401);
  });
  it('refuses members on staff and HQ endpoints, managers on HQ endpoints and outside their stores, and bad periods', async () => {
    const member = shoppers.ann.api;
    expect((await member(`/api/v1/staff/analytics/dashboard?from=${today()}&to=${today()}`)).status).toBe(403);
    expect((await member('/api/v1/hq/analytics/settings')).status).toBe(403);
    expect((await member('/api/v1/hq/analytics/winback-rules')).status).toBe(403);
    expect((await shanghai('/api/v1/hq/analytics/winback-rules')).status).toBe(403);
    expect((await shanghai('/api/v1/hq/analytics/settings', { method: 'PUT', body: {} })).status).toBe(403);
    // Another store's member looks absent; another store's figures are refused.
    const outside = await shanghai(`/api/v1/staff/analytics/members/${shoppers.dee.memberNo}`);
    expect(outside.status).toBe(404);
    const other = await shanghai(`/api/v1/staff/analytics/dashboard?from=${today()}&to=${today()}&storeCode=BJ01`);
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await shanghai(`/api/v1/staff/analytics/metrics?from=${today()}&to=${today()}&storeCode=BJ01`)).status).toBe(403);
    const backwards = await hq(`/api/v1/staff/analytics/dashboard?from=${today()}&to=${daysAgo(3)}`);
    expect(backwards.status).toBe(400);
    expect(await backwards.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  let ruleId = '';

  it('dry-runs a win-back rule: who would get the coupon and why, and who is left out', async () => {
    const template = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '回归礼 20 元',
        benefit: { kind: 'fixed', amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 1_000,
        claimable: false,
      },
    });
    expect(template.status).toBe(201);
    const { id: templateId } = CouponTemplateView.parse(await template.json());
    const created = await hq('/api/v1/hq/analytics/winback-rules', {
      body: {
        name: '30 天未购回归',
        conditions: [{ kind: 'no-purchase-for-days', days: 30 }],
        couponTemplateId: templateId,
        incentive: 'small',
      },
    });
    expect(created.status).toBe(201);
    const rule = WinbackRuleView.parse(await created.json());
    expect(rule).toMatchObject({ active: true, repeat: 'month', bigSale: false });
    ruleId = rule.id;
    const unknownTemplate = await hq('/api/v1/hq/analytics/winback-rules', {
      body: {
        name: 'x',
        conditions: [{ kind: 'no-purchase-for-days', days: 30 }],
        couponTemplateId: new Types.ObjectId().toHexString(),
        incentive: 'small',
      },
    });
    expect(unknownTemplate.status).toBe(404);

    const response = await hq(`/api/v1/hq/analytics/winback-rules/${ruleId}/dry-run`, { method: 'POST' });
    expect(response.status).toBe(200);
    const dry = WinbackDryRun.parse(await response.json());
    expect(dry).toMatchObject({ candidates: 3, wouldContact: 1, period: today().slice(0, 7) });
    expect(dry.contacts).toEqual([
      { memberNo: shoppers.ann.memberNo, stage: 'sleeping', why: 'no purchase for 240 days (≥ 30); stage sleeping' },
    ]);
    expect(dry.exclusions).toEqual(
      expect.arrayContaining([
        { memberNo: shoppers.cy.memberNo, stage: 'old-one-time', reason: 'no-marketing-consent' },
        { memberNo: shoppers.eve.memberNo, stage: 'lost', reason: 'stage-contacted-in-big-sales-only' },
      ]),
    );
    // A dry run issues nothing.
    const wallet = (await (await shoppers.ann.api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
    expect(wallet.coupons).toHaveLength(0);
  });

  it('runs the rule: the coupon is issued once however often it runs, and its use counts as a wake-up', async () => {
    const run = () =>
      hq(`/api/v1/hq/analytics/winback-rules/${ruleId}/run`, { method: 'POST' }).then(async (r) => {
        expect(r.status).toBe(200);
        return WinbackRunResult.parse(await r.json());
      });
    expect(await run()).toMatchObject({ candidates: 3, issued: 1 });
    const again = await run();
    expect(again.issued).toBe(0);
    expect(again.excluded).toEqual(expect.arrayContaining([{ reason: 'already-issued', count: 1 }]));
    const concurrent = await Promise.all([run(), run(), run()]);
    expect(concurrent.map((r) => r.issued)).toEqual([0, 0, 0]);
    const { coupons } = (await (await shoppers.ann.api('/api/v1/me/coupons')).json()) as { coupons: CouponView[] };
    expect(coupons).toHaveLength(1);
    // The message names the coupon as the wallet does, never HQ's internal name for the rule.
    const messages = await running.app
      .get<Model<Notification>>(getModelToken(Notification.name))
      .find({ memberId: new Types.ObjectId(shoppers.ann.memberId), kind: 'reward-issued' })
      .lean();
    expect(messages.map((m) => m.data.thing2.value)).toEqual(['回归礼 20 元 1 张']);
    expect((await (await shoppers.eve.api('/api/v1/me/coupons')).json()).coupons).toHaveLength(0);

    // Ann brings the coupon to the till: a sleeping member woke up.
    const token = (await (await shoppers.ann.api(`/api/v1/me/coupons/${coupons[0].id}/token`, { method: 'POST' })).json()) as {
      token: string;
    };
    const redeemed = await signedPost(
      running.baseUrl,
      '/api/v1/coupons/redeem',
      { token: token.token, orderId: 'AN-WAKE-1', orderTotalFen: 9_900, channel: 'store' },
      pos,
    );
    expect(redeemed.status).toBe(200);
  });

  it('keeps profiles current between nightly runs from the purchases and refunds that changed', async () => {
    // Bob's last order comes back in full: a fully refunded order does not count.
    const refund = await signedPost(
      running.baseUrl,
      '/api/v1/refunds',
      { refundId: 'AN-R-1', orderId: bobRefundable, amountFen: 20_000, refundedAt: new Date().toISOString() },
      pos,
    );
    expect(refund.status).toBe(200);
    const bob = new Types.ObjectId(shoppers.bob.memberId);
    expect(await profiles.findById(bob).lean()).toMatchObject({ orders: 3, netFen: 43_000 });
    expect((await recompute.recomputeChanged()).members).toBeGreaterThanOrEqual(1);
    expect(await profiles.findById(bob).lean()).toMatchObject({ orders: 2, netFen: 23_000, stage: 'new-repeat' });
    // Caught up: nothing changed since, nothing recomputed beyond the overlap.
    expect(await recompute.recomputeChanged()).toEqual({ members: expect.any(Number) });
  });

  it('computes the period metrics overall and by store, region and tier', async () => {
    const response = await hq(`/api/v1/staff/analytics/metrics?from=${daysAgo(29)}&to=${today()}&retentionDays=7`);
    expect(response.status).toBe(200);
    const view = MetricsView.parse(await response.json());
    // Customers of the period: bob (20 and 15 days ago) and dee (10 days ago).
    expect(view.overall).toMatchObject({
      customers: 2,
      repeatCustomers: 1,
      repeatPurchaseRate: 0.5,
      revenueFen: 15_000 + 8_000 + 13_000,
      arpuFen: 18_000,
      // Customer-days: bob −20 (again 5 days later: retained), bob −15, dee −10.
      retention: { days: 7, customerDays: 3, retained: 1, rate: 0.3333 },
      wakeUp: { contacted: 1, responded: 1, rate: 1 },
      reactivation: { contacted: 0, responded: 0, rate: null },
      pointsRedemption: { redeemed: 0, rate: 0 },
      lifetimeValue: { customers: 2, averageFen: (23_000 + 13_000) / 2 },
    });
    expect(view.overall.pointsRedemption.earned).toBeGreaterThan(0);
    const byStore = Object.fromEntries(view.byStore.map((g) => [g.key, g.metrics]));
    expect(byStore.SH01).toMatchObject({ customers: 1, repeatCustomers: 1, revenueFen: 23_000, wakeUp: { contacted: 1 } });
    expect(byStore.BJ01).toMatchObject({ customers: 1, repeatCustomers: 0, revenueFen: 13_000 });
    const byRegion = Object.fromEntries(view.byRegion.map((g) => [g.key, g.metrics]));
    expect(byRegion['华东']).toMatchObject({ wakeUp: { contacted: 1, responded: 1 } });
    expect(view.byTier.map((g) => g.key)).toContain('regular');

    const scoped = MetricsView.parse(
      await (await beijing(`/api/v1/staff/analytics/metrics?from=${daysAgo(29)}&to=${today()}`)).json(),
    );
    expect(scoped.stores).toEqual(['BJ01']);
    expect(scoped.overall).toMatchObject({ customers: 1, revenueFen: 13_000, wakeUp: { contacted: 0 } });
  });
});
