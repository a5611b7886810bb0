import { getModelToken } from '@nestjs/mongoose';
import {
  CouponTemplateView,
  MemberHome,
  MemberPaidMembership,
  PaidMembershipPaymentResult,
  PaidMembershipRefundResult,
  PaidPlanList,
  PaidPlanView,
  PaidSubscriptionView,
  PurchaseIngestResult,
  RefundResult,
  type NewPaidPlan,
} from '@memberloop/shared';
import { Types, type Model } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { Coupon } from '../../server/src/coupons/coupon.schema';
import { IntegrationsService } from '../../server/src/integrations/integrations.service';
import { Notification } from '../../server/src/notifications/schemas/notification.schema';
import { CouponPackIssuer } from '../../server/src/paid-membership/coupon-pack.issuer';
import { PaidMembershipJobs } from '../../server/src/paid-membership/paid-membership.jobs';
import { PaidSubscription } from '../../server/src/paid-membership/schemas/paid-subscription.schema';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost, type IntegrationCredentials } from '../support/signed-request';

const DAY = 86_400_000;

describe('paid membership (付费会员): plans, signed payments, benefits while active, renewals, lapses and refunds', () => {
  let running: RunningApp;
  let hq: ReturnType<typeof authorized>;
  let manager: ReturnType<typeof authorized>;
  let pay: IntegrationCredentials;
  let otherShop: IntegrationCredentials;
  let packTemplate: CouponTemplateView;
  let monthly: PaidPlanView;
  let annual: PaidPlanView;
  let seq = 0;

  const now = () => running.app.get(Clock).now();
  /** Signed with the server's clock, which the tests move. */
  const signed = (path: string, body: unknown, credentials = pay) =>
    signedPost(running.baseUrl, path, body, credentials, { timestamp: String(Math.floor(now().getTime() / 1000)) });
  const payment = (memberId: string, plan: PaidPlanView, over: Record<string, unknown> = {}) => ({
    paymentId: `WXPAY-${++seq}`,
    member: { memberId },
    planId: plan.id,
    amountFen: plan.priceFen,
    paidAt: now().toISOString(),
    ...over,
  });
  const confirm = (body: unknown, credentials = pay) => signed('/api/v1/paid-membership/payments', body, credentials);
  const refund = (body: unknown, credentials = pay) => signed('/api/v1/paid-membership/refunds', body, credentials);
  /** The member's session now (an access token lives 15 minutes: sign in again after moving the clock). */
  const session = async (name: string) => authorized(running, (await loginAs(running, name)).accessToken);
  const member = async (name: string) => {
    const login = await loginAs(running, name);
    return { id: login.member.id, api: authorized(running, login.accessToken) };
  };
  const subscriptions = () => running.app.get<Model<PaidSubscription>>(getModelToken(PaidSubscription.name));
  const coupons = () => running.app.get<Model<Coupon>>(getModelToken(Coupon.name));
  const subscriptionCount = (memberId: string) => subscriptions().countDocuments({ memberId: new Types.ObjectId(memberId) });
  const packCoupons = (memberId: string) =>
    coupons()
      .find({ memberId: new Types.ObjectId(memberId), issueKey: /^paid-pack:/ })
      .lean();
  const buy = async (memberId: string, plan: PaidPlanView) => {
    const response = await confirm(payment(memberId, plan));
    expect(response.status).toBe(200);
    return PaidMembershipPaymentResult.parse(await response.json());
  };
  const purchase = async (memberId: string, orderId: string, totalFen: number, paidAt = now()) => {
    const response = await signed('/api/v1/purchases', {
      orderId,
      member: { memberId },
      channel: 'online',
      paidAt: paidAt.toISOString(),
      lines: [{ sku: 'PM-1', category: '其他', quantity: 1, unitPriceFen: totalFen }],
      totalFen,
    });
    expect(response.status).toBe(200);
    return PurchaseIngestResult.parse(await response.json());
  };
  const createPlan = async (body: NewPaidPlan) => {
    const response = await hq('/api/v1/hq/paid-plans', { body });
    expect(response.status).toBe(201);
    return PaidPlanView.parse(await response.json());
  };

  beforeAll(async () => {
    running = await startApp();
    hq = authorized(running, (await loginAsStaff(running, 'paid-hq', 'hq')).accessToken);
    manager = authorized(running, (await loginAsStaff(running, 'paid-manager', 'manager')).accessToken);
    pay = await running.app.get(IntegrationsService).register('paid-pay', 'WeChat Pay bridge');
    otherShop = await running.app.get(IntegrationsService).register('paid-other', 'Another shop');
    const template = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '黑卡月度 20 元券',
        benefit: { kind: 'fixed', amountFen: 2_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 10_000,
        perMemberLimit: 100,
      },
    });
    expect(template.status).toBe(201);
    packTemplate = CouponTemplateView.parse(await template.json());
    monthly = await createPlan({
      name: '黑卡月卡',
      priceFen: 1_900,
      term: 'monthly',
      benefits: {
        pointsMultiplier: 1.5,
        couponPack: [{ templateId: packTemplate.id, count: 2 }],
        freeDelivery: true,
        presaleAccess: true,
      },
    });
    annual = await createPlan({
      name: '黑卡年卡',
      priceFen: 19_900,
      term: 'annual',
      benefits: {
        pointsMultiplier: 2,
        couponPack: [{ templateId: packTemplate.id, count: 1 }],
        freeDelivery: true,
        presaleAccess: false,
      },
    });
  });
  afterEach(() => timeOf(running).reset());
  afterAll(async () => {
    await running?.close();
  });

  describe('HQ defines plans', () => {
    it('lists the plans, audits each change, and refuses bad input without changing anything', async () => {
      const list = PaidPlanList.parse(await (await hq('/api/v1/hq/paid-plans')).json());
      expect(list.plans.map((p) => p.name)).toEqual(expect.arrayContaining(['黑卡月卡', '黑卡年卡']));
      const bad = [
        // A multiplier beyond the bound.
        { ...monthlyBody(), benefits: { ...monthlyBody().benefits, pointsMultiplier: 3.5 } },
        { ...monthlyBody(), benefits: { ...monthlyBody().benefits, pointsMultiplier: 0.5 } },
        { ...monthlyBody(), priceFen: 0 },
        { ...monthlyBody(), term: 'weekly' },
        { ...monthlyBody(), name: '' },
      ];
      for (const body of bad) expect((await hq('/api/v1/hq/paid-plans', { body })).status).toBe(400);
      // A coupon template HQ does not have.
      const unknown = await hq('/api/v1/hq/paid-plans', {
        body: {
          ...monthlyBody(),
          benefits: { ...monthlyBody().benefits, couponPack: [{ templateId: '0'.repeat(24), count: 1 }] },
        },
      });
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      const after = PaidPlanList.parse(await (await hq('/api/v1/hq/paid-plans')).json());
      expect(after.plans).toHaveLength(list.plans.length);
      const audit = (await (await hq('/api/v1/hq/audit-log?action=paid-plan.create')).json()) as { entries: unknown[] };
      expect(audit.entries.length).toBeGreaterThanOrEqual(2);
    });

    it('is HQ’s alone: a manager and a member are refused', async () => {
      const { api } = await member('paid-nosy');
      expect((await manager('/api/v1/hq/paid-plans', { body: monthlyBody() })).status).toBe(403);
      expect((await api('/api/v1/hq/paid-plans', { body: monthlyBody() })).status).toBe(403);
      expect((await api('/api/v1/hq/paid-plans')).status).toBe(403);
      expect((await manager(`/api/v1/hq/paid-plans/${monthly.id}/retire`, { method: 'POST' })).status).toBe(403);
    });

    function monthlyBody() {
      return {
        name: '试用卡',
        priceFen: 990,
        term: 'monthly',
        benefits: { pointsMultiplier: 1.2, couponPack: [], freeDelivery: false, presaleAccess: false },
      };
    }
  });

  describe('a member buys a plan through a signed payment', () => {
    it('subscribes, shows the plan and expiry on the card, and issues the first month’s pack', async () => {
      const { id, api } = await member('paid-ann');
      const result = await buy(id, monthly);
      expect(result).toMatchObject({ outcome: 'subscribed', memberId: id, replayed: false });
      const home = MemberHome.parse(await (await api('/api/v1/me/home')).json());
      expect(home.paidMembership).toEqual({
        planName: '黑卡月卡',
        endsAt: result.termEndsAt,
        pointsMultiplier: 1.5,
        freeDelivery: true,
        presaleAccess: true,
      });
      const mine = MemberPaidMembership.parse(await (await api('/api/v1/me/paid-membership')).json());
      expect(mine.subscription).toMatchObject({
        planName: '黑卡月卡',
        status: 'active',
        benefits: { couponPack: [{ name: '黑卡月度 20 元券', count: 2 }] },
      });
      expect(await packCoupons(id)).toHaveLength(2);
    });

    it('answers a retry with the first result and refuses the same payment id with other content', async () => {
      const { id } = await member('paid-retry');
      const body = payment(id, monthly);
      const first = PaidMembershipPaymentResult.parse(await (await confirm(body)).json());
      const again = await confirm(body);
      expect(again.status).toBe(200);
      expect(PaidMembershipPaymentResult.parse(await again.json())).toEqual({ ...first, replayed: true });
      const tampered = await confirm({ ...body, planId: annual.id, amountFen: annual.priceFen });
      expect(tampered.status).toBe(422);
      expect(await tampered.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await subscriptionCount(id)).toBe(1);
      expect(await packCoupons(id)).toHaveLength(2);
    });

    it('refuses a wrong amount, an unknown plan and a retired plan, and changes nothing', async () => {
      const { id, api } = await member('paid-bad');
      const less = await confirm(payment(id, monthly, { amountFen: 1 }));
      expect(less.status).toBe(422);
      expect(await less.json()).toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH', details: { priceFen: 1_900 } });
      const more = await confirm(payment(id, monthly, { amountFen: 1_901 }));
      expect(await more.json()).toMatchObject({ code: 'PAYMENT_AMOUNT_MISMATCH' });
      // Dated ahead of the clock (it would stretch the cooling-off) or days back (a term already over).
      for (const paidAt of [new Date(now().getTime() + 3_600_000), new Date(now().getTime() - 3 * DAY)]) {
        const skewed = await confirm(payment(id, monthly, { paidAt: paidAt.toISOString() }));
        expect(skewed.status).toBe(422);
        expect(await skewed.json()).toMatchObject({ code: 'PURCHASE_DATE_OUT_OF_RANGE' });
      }
      const unknown = await confirm(payment(id, monthly, { planId: new Types.ObjectId().toHexString() }));
      expect(unknown.status).toBe(404);
      const retiring = await createPlan({
        name: '旧卡',
        priceFen: 500,
        term: 'monthly',
        benefits: { pointsMultiplier: 1, couponPack: [], freeDelivery: false, presaleAccess: false },
      });
      const retired = await hq(`/api/v1/hq/paid-plans/${retiring.id}/retire`, { method: 'POST' });
      expect(PaidPlanView.parse(await retired.json()).status).toBe('retired');
      const onRetired = await confirm(payment(id, retiring));
      expect(onRetired.status).toBe(409);
      expect(await onRetired.json()).toMatchObject({ code: 'PAID_PLAN_RETIRED' });
      // The retired plan is not on sale for members, and changing it is refused.
      const mine = MemberPaidMembership.parse(await (await api('/api/v1/me/paid-membership')).json());
      expect(mine.subscription).toBeUndefined();
      expect(mine.plans.map((p) => p.id)).not.toContain(retiring.id);
      expect((await hq(`/api/v1/hq/paid-plans/${retiring.id}`, { method: 'PATCH', body: { priceFen: 1 } })).status).toBe(409);
      expect(await subscriptionCount(id)).toBe(0);
      expect(await packCoupons(id)).toHaveLength(0);
      // The same payment id, fixed, goes through: a refused payment left no receipt behind.
      expect((await confirm(payment(id, monthly))).status).toBe(200);
    });

    it('refuses an unsigned payment, a tampered signature, and another integration’s refund of it', async () => {
      const { id } = await member('paid-forger');
      const body = payment(id, monthly);
      const unsigned = await fetch(`${running.baseUrl}/api/v1/paid-membership/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(unsigned.status).toBe(401);
      const forged = await signedPost(running.baseUrl, '/api/v1/paid-membership/payments', body, {
        ...pay,
        secret: 'not-the-secret-0123456789abcdef',
      });
      expect(forged.status).toBe(401);
      expect(await subscriptionCount(id)).toBe(0);
      await confirm(body);
      const elsewhere = await refund(
        { refundId: 'R-other', paymentId: body.paymentId, refundedAt: now().toISOString() },
        otherShop,
      );
      expect(elsewhere.status).toBe(404);
      expect(
        await subscriptions()
          .findOne({ memberId: new Types.ObjectId(id) })
          .lean(),
      ).toMatchObject({ status: 'active' });
    });

    it('refuses a second purchase while active with a stable code', async () => {
      const { id } = await member('paid-twice');
      await buy(id, annual);
      for (const plan of [annual, monthly]) {
        const second = await confirm(payment(id, plan));
        expect(second.status).toBe(409);
        expect(await second.json()).toMatchObject({ code: 'PAID_MEMBERSHIP_ACTIVE' });
      }
      expect(await subscriptionCount(id)).toBe(1);
    });

    it('keeps what a member bought when HQ edits the plan later', async () => {
      const plan = await createPlan({
        name: '会员卡甲',
        priceFen: 2_900,
        term: 'monthly',
        benefits: { pointsMultiplier: 1.5, couponPack: [], freeDelivery: true, presaleAccess: false },
      });
      const { id, api } = await member('paid-kept');
      await buy(id, plan);
      const edit = await hq(`/api/v1/hq/paid-plans/${plan.id}`, {
        method: 'PATCH',
        body: {
          name: '会员卡乙',
          priceFen: 3_900,
          benefits: { pointsMultiplier: 1.1, couponPack: [], freeDelivery: false, presaleAccess: true },
        },
      });
      expect(edit.status).toBe(200);
      const mine = MemberPaidMembership.parse(await (await api('/api/v1/me/paid-membership')).json());
      expect(mine.subscription).toMatchObject({
        planName: '会员卡甲',
        priceFen: 2_900,
        benefits: { pointsMultiplier: 1.5, freeDelivery: true, presaleAccess: false },
      });
      expect(mine.plans.find((p) => p.id === plan.id)).toMatchObject({ name: '会员卡乙', priceFen: 3_900 });
      expect(await purchase(id, 'KEPT-1', 10_000)).toMatchObject({ pointsEarned: 150 });
      const audit = (await (await hq(`/api/v1/hq/audit-log?action=paid-plan.update&targetId=${plan.id}`)).json()) as {
        entries: Array<{ details: { before: Record<string, unknown>; after: Record<string, unknown> } }>;
      };
      expect(audit.entries[0].details.before).toMatchObject({ name: '会员卡甲', priceFen: 2_900 });
      expect(audit.entries[0].details.after).toMatchObject({ name: '会员卡乙', priceFen: 3_900 });
    });
  });

  describe('concurrency', () => {
    it('the same payment sent twice at once makes one subscription, both answered alike', async () => {
      const { id } = await member('paid-race-same');
      const body = payment(id, monthly);
      const answers = await Promise.all([confirm(body), confirm(body)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const results = await Promise.all(answers.map(async (r) => PaidMembershipPaymentResult.parse(await r.json())));
      expect(results[0].subscriptionId).toBe(results[1].subscriptionId);
      expect(results.filter((r) => r.replayed)).toHaveLength(1);
      expect(await subscriptionCount(id)).toBe(1);
      expect(await packCoupons(id)).toHaveLength(2);
    });

    it('two different payments at once make one subscription; the other is refused', async () => {
      const { id } = await member('paid-race-two');
      const answers = await Promise.all([confirm(payment(id, monthly)), confirm(payment(id, annual))]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const refused = answers.find((r) => r.status === 409)!;
      expect(await refused.json()).toMatchObject({ code: 'PAID_MEMBERSHIP_ACTIVE' });
      expect(await subscriptionCount(id)).toBe(1);
    });

    it('coupon pack runs at once issue each month’s pack once', async () => {
      const { id } = await member('paid-race-pack');
      await buy(id, annual);
      timeOf(running).advance(31 * DAY);
      const issuer = running.app.get(CouponPackIssuer);
      await Promise.all([issuer.issueAllDue(), issuer.issueAllDue(), issuer.issueAllDue()]);
      await issuer.issueAllDue();
      // Month 0 at purchase, month 1 now: one coupon each.
      expect(await packCoupons(id)).toHaveLength(2);
    });
  });

  describe('benefits apply only while active', () => {
    it('multiplies purchase points in an active term, claws the extra back on refund, and not before or after', async () => {
      const { id } = await member('paid-earner');
      const before = await purchase(id, 'EARN-0', 10_000);
      expect(before.pointsEarned).toBe(100);
      const bought = await buy(id, annual);
      const paidAt = now();
      const during = await purchase(id, 'EARN-1', 10_000, paidAt);
      expect(during.pointsEarned).toBe(200);
      // The same order again earns nothing twice.
      const retried = await purchase(id, 'EARN-1', 10_000, paidAt);
      expect(retried).toMatchObject({ pointsEarned: 200, replayed: true, balance: during.balance });
      // A purchase paid before the membership, reported late, earns no extra.
      const late = await purchase(id, 'EARN-LATE', 10_000, new Date(Date.parse(bought.termStartsAt) - 60_000));
      expect(late.pointsEarned).toBe(100);
      const refunded = await signed('/api/v1/refunds', {
        refundId: 'EARN-1-R',
        orderId: 'EARN-1',
        amountFen: 10_000,
        refundedAt: now().toISOString(),
      });
      expect(refunded.status).toBe(200);
      expect(RefundResult.parse(await refunded.json())).toMatchObject({ pointsClawedBack: 200 });
    });

    it('renews within the last days from the current end, reminds once per term, lapses on schedule', async () => {
      const { id } = await member('paid-renewer');
      const first = await buy(id, monthly);
      const end = Date.parse(first.termEndsAt);
      const jobs = running.app.get(PaidMembershipJobs);
      const notifications = running.app.get<Model<Notification>>(getModelToken(Notification.name));
      const reminders = () => notifications.countDocuments({ memberId: new Types.ObjectId(id), kind: 'membership-renewal' });
      // Outside the window: refused; 5 days before the end: a renewal.
      timeOf(running).advance(end - Date.now() - 10 * DAY);
      expect(await (await confirm(payment(id, monthly))).json()).toMatchObject({ code: 'PAID_MEMBERSHIP_ACTIVE' });
      await jobs.remindRenewals();
      expect(await reminders()).toBe(0);
      timeOf(running).reset();
      timeOf(running).advance(end - Date.now() - 5 * DAY);
      await Promise.all([jobs.remindRenewals(), jobs.remindRenewals()]);
      await jobs.remindRenewals();
      expect(await reminders()).toBe(1);
      const renewal = await buy(id, monthly);
      expect(renewal).toMatchObject({ outcome: 'renewed', subscriptionId: first.subscriptionId, termStartsAt: first.termEndsAt });
      const view = PaidSubscriptionView.parse(
        await (await (await session('paid-renewer'))(`/api/v1/me/paid-membership/subscriptions/${first.subscriptionId}`)).json(),
      );
      expect(view.endsAt).toBe(renewal.termEndsAt);
      // The next term's own reminder, once.
      timeOf(running).reset();
      const secondEnd = Date.parse(renewal.termEndsAt);
      timeOf(running).advance(secondEnd - Date.now() - 3 * DAY);
      await jobs.remindRenewals();
      await jobs.remindRenewals();
      expect(await reminders()).toBe(2);
      // Past the end: lapsed, once; no card, no extra points.
      timeOf(running).reset();
      timeOf(running).advance(secondEnd - Date.now() + 60_000);
      const lapsedRuns = await Promise.all([jobs.markLapsed(), jobs.markLapsed()]);
      expect(lapsedRuns.reduce((n, r) => n + r.lapsed, 0)).toBeGreaterThanOrEqual(1);
      expect((await jobs.markLapsed()).lapsed).toBe(0);
      expect(
        await subscriptions()
          .findOne({ memberId: new Types.ObjectId(id) })
          .lean(),
      ).toMatchObject({ status: 'lapsed' });
      const home = MemberHome.parse(await (await (await session('paid-renewer'))('/api/v1/me/home')).json());
      expect(home.paidMembership).toBeUndefined();
      expect((await purchase(id, 'AFTER-LAPSE', 10_000)).pointsEarned).toBe(100);
      // A new purchase after the lapse starts a new subscription.
      expect(await buy(id, monthly)).toMatchObject({ outcome: 'subscribed' });
    });
  });

  describe('refunds within the cooling-off period', () => {
    it('ends the membership, voids unused pack coupons and keeps used ones; a retry answers alike', async () => {
      const { id } = await member('paid-refunder');
      const bought = await buy(id, monthly);
      const pack = await packCoupons(id);
      expect(pack).toHaveLength(2);
      await coupons().updateOne({ _id: pack[0]._id }, { $set: { state: 'used', usedAt: now() } });
      timeOf(running).advance(3 * DAY);
      const body = { refundId: 'REF-1', paymentId: bought.paymentId, refundedAt: now().toISOString() };
      const response = await refund(body);
      expect(response.status).toBe(200);
      const result = PaidMembershipRefundResult.parse(await response.json());
      expect(result).toMatchObject({ status: 'refunded', couponsVoided: 1, replayed: false });
      expect(PaidMembershipRefundResult.parse(await (await refund(body)).json())).toEqual({ ...result, replayed: true });
      const tampered = await refund({ ...body, refundedAt: new Date(now().getTime() - DAY).toISOString() });
      expect(await tampered.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      const again = await refund({ ...body, refundId: 'REF-1b' });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ code: 'ALREADY_DONE' });
      const states = (await packCoupons(id)).map((c) => c.state).sort();
      expect(states).toEqual(['used', 'voided']);
      const api = await session('paid-refunder');
      const home = MemberHome.parse(await (await api('/api/v1/me/home')).json());
      expect(home.paidMembership).toBeUndefined();
      expect(home.coupons.available).toBe(0);
      const mine = MemberPaidMembership.parse(await (await api('/api/v1/me/paid-membership')).json());
      expect(mine.subscription?.status).toBe('refunded');
      // No pack after the refund, whatever the job does.
      await running.app.get(CouponPackIssuer).issueAllDue();
      expect(await packCoupons(id)).toHaveLength(2);
      expect((await purchase(id, 'AFTER-REFUND', 10_000)).pointsEarned).toBe(100);
    });

    it('refuses a refund after the cooling-off period with a stable code, changing nothing', async () => {
      const { id } = await member('paid-too-late');
      const bought = await buy(id, annual);
      timeOf(running).advance(8 * DAY);
      const late = await refund({ refundId: 'REF-LATE', paymentId: bought.paymentId, refundedAt: now().toISOString() });
      expect(late.status).toBe(409);
      expect(await late.json()).toMatchObject({ code: 'COOLING_OFF_OVER', details: { coolingOffDays: 7 } });
      expect(
        await subscriptions()
          .findOne({ memberId: new Types.ObjectId(id) })
          .lean(),
      ).toMatchObject({ status: 'active' });
      expect((await packCoupons(id)).map((c) => c.state)).toEqual(['available']);
    });

    it('a refunded renewal paid ahead leaves the current term running', async () => {
      const { id } = await member('paid-renewal-refund');
      const first = await buy(id, monthly);
      timeOf(running).advance(Date.parse(first.termEndsAt) - Date.now() - 2 * DAY);
      const renewal = await buy(id, monthly);
      const result = PaidMembershipRefundResult.parse(
        await (await refund({ refundId: 'REF-RENEWAL', paymentId: renewal.paymentId, refundedAt: now().toISOString() })).json(),
      );
      expect(result).toMatchObject({ status: 'active', endsAt: first.termEndsAt, couponsVoided: 0 });
    });
  });

  describe('a member reads only their own subscription', () => {
    it('answers another member’s subscription as not found', async () => {
      const owner = await member('paid-owner');
      const snoop = await member('paid-snoop');
      const bought = await buy(owner.id, monthly);
      expect((await owner.api(`/api/v1/me/paid-membership/subscriptions/${bought.subscriptionId}`)).status).toBe(200);
      const other = await snoop.api(`/api/v1/me/paid-membership/subscriptions/${bought.subscriptionId}`);
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ code: 'NOT_FOUND' });
      expect((await snoop.api('/api/v1/me/paid-membership/subscriptions/not-an-id')).status).toBe(400);
      expect((await fetch(`${running.baseUrl}/api/v1/me/paid-membership`)).status).toBe(401);
    });
  });
});
