import { getModelToken } from '@nestjs/mongoose';
import {
  CouponTemplateView,
  MyReferral,
  PurchaseIngestResult,
  ReferralProgramme,
  type LoginResult,
  type ReferralReward,
} from '@memberloop/shared';
import type { Model } from 'mongoose';
import { Clock } from '../../server/src/common/clock/clock';
import { IntegrationsService, type IntegrationCredentials } from '../../server/src/integrations/integrations.service';
import { JobScheduler } from '../../server/src/jobs/job-scheduler.service';
import { MembersService } from '../../server/src/members/members.service';
import { PointsLedgerService } from '../../server/src/points/points-ledger.service';
import { ReferralPayoutsService } from '../../server/src/referrals/referral-payouts.service';
import { Referral } from '../../server/src/referrals/referral.schema';
import { fakeLoginCode } from '../../server/src/wechat/fake/fake-wechat-identities';
import { startApp, timeOf, type RunningApp } from '../support/app';
import { authorized, loginAs, loginAsStaff } from '../support/sessions';
import { signedPost } from '../support/signed-request';

const DAY_MS = 86_400_000;
const PURCHASE_FEN = 20_000;
/** What the default earning rules give for PURCHASE_FEN (1 point per yuan). */
const PURCHASE_POINTS = 200;

type Side = { points?: number; coupon?: boolean; multiplier?: number };
interface Shape {
  name: string;
  registration: { referrer?: Side; friend?: Side };
  firstPurchase: { referrer?: Side; friend?: Side; minAmountFen?: number };
  caps?: { perDay: number; perMonth: number };
}

/**
 * Every programme shape the contract accepts pays out: registration only, first purchase only, both, coupons and
 * points, one side or the other, nothing at all, and over the caps nothing. Each referral pays each side exactly
 * once, however often (and however concurrently) the payout job runs.
 */
const SHAPES: Shape[] = [
  {
    name: 'registration only, points to both',
    registration: { referrer: { points: 30 }, friend: { points: 20 } },
    firstPurchase: {},
  },
  {
    name: 'first purchase only (no registration reward)',
    registration: {},
    firstPurchase: { referrer: { points: 500 }, friend: { multiplier: 2 } },
  },
  {
    name: 'first purchase only, referrer side only, with a minimum amount',
    registration: {},
    firstPurchase: { referrer: { points: 300 }, minAmountFen: 10_000 },
  },
  {
    name: 'both events, points',
    registration: { friend: { points: 100 } },
    firstPurchase: { referrer: { points: 500 }, friend: { multiplier: 3 } },
  },
  {
    name: 'both events, coupons and points',
    registration: { friend: { coupon: true } },
    firstPurchase: { referrer: { coupon: true, points: 50 }, friend: { coupon: true } },
  },
  {
    name: 'coupons only, on registration',
    registration: { referrer: { coupon: true }, friend: { coupon: true } },
    firstPurchase: {},
  },
  { name: 'nothing at all', registration: {}, firstPurchase: {} },
];

describe('referral payouts: every programme shape pays once, and one failing referral holds back no other', () => {
  let running: RunningApp;
  let pos: IntegrationCredentials;
  let hq: ReturnType<typeof authorized>;
  let couponTemplateId: string;
  let referrals: Model<Referral>;
  let order = 0;
  let phones = 13_700_000_000;
  let original: ReferralProgramme;

  beforeAll(async () => {
    running = await startApp();
    pos = await running.app.get(IntegrationsService).register('referral-shapes-pos', 'Referral shapes POS');
    hq = authorized(running, (await loginAsStaff(running, 'referral-shapes-hq', 'hq')).accessToken);
    referrals = running.app.get(getModelToken(Referral.name));
    const template = await hq('/api/v1/hq/coupon-templates', {
      body: {
        name: '邀请礼券',
        benefit: { kind: 'fixed', amountFen: 1_000 },
        validity: { type: 'afterClaim', days: 30 },
        totalStock: 10_000,
        claimable: false,
      },
    });
    expect(template.status).toBe(201);
    couponTemplateId = CouponTemplateView.parse(await template.json()).id;
    original = ReferralProgramme.parse(await (await hq('/api/v1/hq/referral-programme')).json());
  });
  afterEach(async () => {
    timeOf(running).reset();
    jest.restoreAllMocks();
    await hq('/api/v1/hq/referral-programme', { method: 'PUT', body: original });
  });
  afterAll(async () => {
    await running?.close();
  });

  const reward = (side: Side | undefined): ReferralReward | undefined =>
    side && {
      ...(side.points ? { points: side.points } : {}),
      ...(side.coupon ? { couponTemplateId } : {}),
      ...(side.multiplier ? { purchasePointsMultiplier: side.multiplier } : {}),
    };
  const programmeOf = (shape: Shape): ReferralProgramme => {
    const onRegistration: ReferralProgramme['onRegistration'] = {};
    const onFirstPurchase: ReferralProgramme['onFirstPurchase'] = { minAmountFen: shape.firstPurchase.minAmountFen ?? 1 };
    if (shape.registration.referrer) onRegistration.referrer = reward(shape.registration.referrer);
    if (shape.registration.friend) onRegistration.friend = reward(shape.registration.friend);
    if (shape.firstPurchase.referrer) onFirstPurchase.referrer = reward(shape.firstPurchase.referrer);
    if (shape.firstPurchase.friend) onFirstPurchase.friend = reward(shape.firstPurchase.friend);
    return {
      enabled: true,
      onRegistration,
      onFirstPurchase,
      caps: shape.caps ?? { perDay: 20, perMonth: 100 },
      refundWindowDays: 7,
    };
  };
  const useProgramme = async (programme: ReferralProgramme) => {
    const response = await hq('/api/v1/hq/referral-programme', { method: 'PUT', body: programme });
    expect(response.status).toBe(200);
  };

  const loginWithInvite = async (name: string, inviteCode: string): Promise<LoginResult> => {
    const response = await fetch(`${running.baseUrl}/api/v1/auth/wechat-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: fakeLoginCode(name), inviteCode }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as LoginResult;
  };
  const referralOf = async (name: string) =>
    MyReferral.parse(await (await authorized(running, (await loginAs(running, name)).accessToken)('/api/v1/me/referral')).json());
  const holdingsOf = async (name: string) => {
    const api = authorized(running, (await loginAs(running, name)).accessToken);
    const home = (await (await api('/api/v1/me/home')).json()) as { points: { balance: number } };
    const wallet = (await (await api('/api/v1/me/coupons')).json()) as { coupons: Array<{ templateId: string }> };
    return { points: home.points.balance, coupons: wallet.coupons.filter((c) => c.templateId === couponTemplateId).length };
  };
  const buy = async (session: LoginResult, totalFen: number) => {
    const phone = String(++phones);
    await running.app.get(MembersService).attachPhone(session.member.id, phone);
    const response = await signedPost(
      running.baseUrl,
      '/api/v1/purchases',
      {
        orderId: `REF-SHAPE-${++order}`,
        member: { phone },
        storeCode: 'SH01',
        channel: 'store',
        paidAt: new Date().toISOString(),
        lines: [{ sku: 'SK-SHAPE', category: '护肤', quantity: 1, unitPriceFen: totalFen }],
        totalFen,
      },
      pos,
    );
    expect(response.status).toBe(200);
    return PurchaseIngestResult.parse(await response.json());
  };
  /** The payout job as every server instance would run it: by the scheduler and directly, at the same moment. */
  const runPayoutsConcurrently = async () => {
    const payouts = running.app.get(ReferralPayoutsService);
    await Promise.all([payouts.payDue(), payouts.payDue(), running.app.get(JobScheduler).tick(), payouts.payDue()]);
  };

  it.each(SHAPES.map((shape, i) => ({ ...shape, tag: String(i) })))(
    '$name: the referrer and the friend are paid exactly once',
    async (shape) => {
      await useProgramme(programmeOf(shape));
      const tag = shape.tag;
      const inviterName = `shape-inviter-${tag}`;
      const friendName = `shape-friend-${tag}`;
      const { code } = await referralOf(inviterName);
      const friend = await loginWithInvite(friendName, code);
      expect(friend.member.referral).toBe('bound');
      await runPayoutsConcurrently();

      const registrationPoints = (side?: Side) => side?.points ?? 0;
      const coupons = (...sides: Array<Side | undefined>) => sides.filter((s) => s?.coupon).length;
      expect(await holdingsOf(inviterName)).toEqual({
        points: registrationPoints(shape.registration.referrer),
        coupons: coupons(shape.registration.referrer),
      });
      expect(await holdingsOf(friendName)).toEqual({
        points: registrationPoints(shape.registration.friend),
        coupons: coupons(shape.registration.friend),
      });

      const purchase = await buy(friend, PURCHASE_FEN);
      expect(purchase.pointsEarned).toBe(PURCHASE_POINTS);
      timeOf(running).advance(8 * DAY_MS);
      await runPayoutsConcurrently();
      await runPayoutsConcurrently();
      timeOf(running).advance(DAY_MS);
      await runPayoutsConcurrently();
      timeOf(running).reset();

      const qualifies = PURCHASE_FEN >= (shape.firstPurchase.minAmountFen ?? 1);
      const purchaseReward = (side?: Side) =>
        qualifies ? (side?.points ?? 0) + (side?.multiplier ? PURCHASE_POINTS * (side.multiplier - 1) : 0) : 0;
      const expectedReferrer = {
        points: registrationPoints(shape.registration.referrer) + purchaseReward(shape.firstPurchase.referrer),
        coupons: coupons(shape.registration.referrer, qualifies ? shape.firstPurchase.referrer : undefined),
      };
      expect(await holdingsOf(inviterName)).toEqual(expectedReferrer);
      expect(await holdingsOf(friendName)).toEqual({
        points: registrationPoints(shape.registration.friend) + PURCHASE_POINTS + purchaseReward(shape.firstPurchase.friend),
        coupons: coupons(shape.registration.friend, qualifies ? shape.firstPurchase.friend : undefined),
      });
      const mine = await referralOf(inviterName);
      expect(mine.invitations).toEqual([
        expect.objectContaining({
          status: 'rewarded',
          pointsEarned: expectedReferrer.points,
          couponsEarned: expectedReferrer.coupons,
        }),
      ]);
      const record = await referrals.findOne({ refereeId: friend.member.id }).lean();
      expect(record).toMatchObject({ registrationReward: 'paid', firstPurchaseReward: 'paid' });
      expect(record?.payoutAttempts ?? 0).toBe(0);
    },
  );

  it('over the daily cap: the friend is bound and nobody is paid, however often the job runs', async () => {
    await useProgramme(
      programmeOf({
        name: 'capped',
        registration: { referrer: { points: 10 }, friend: { points: 10, coupon: true } },
        firstPurchase: { referrer: { points: 100, coupon: true } },
        caps: { perDay: 1, perMonth: 1 },
      }),
    );
    const { code } = await referralOf('capped-inviter');
    const first = await loginWithInvite('capped-friend-1', code);
    const second = await loginWithInvite('capped-friend-2', code);
    await buy(first, PURCHASE_FEN);
    await buy(second, PURCHASE_FEN);
    timeOf(running).advance(8 * DAY_MS);
    await runPayoutsConcurrently();
    await runPayoutsConcurrently();
    timeOf(running).reset();
    expect(await holdingsOf('capped-inviter')).toEqual({ points: 10 + 100, coupons: 1 });
    expect(await holdingsOf('capped-friend-1')).toEqual({ points: 10 + PURCHASE_POINTS, coupons: 1 });
    expect(await holdingsOf('capped-friend-2')).toEqual({ points: PURCHASE_POINTS, coupons: 0 });
    expect((await referralOf('capped-inviter')).invitations.map((i) => i.status).sort()).toEqual(['over-cap', 'rewarded']);
  });

  it('a referral whose payment keeps failing is recorded with its attempts and backoff, and holds back no other', async () => {
    await useProgramme(
      programmeOf({
        name: 'poison',
        registration: { referrer: { points: 10 }, friend: { points: 5 } },
        firstPurchase: { referrer: { points: 500 } },
      }),
    );
    const poisoned = await loginAs(running, 'poisoned-inviter');
    const ledger = running.app.get(PointsLedgerService);
    const earn = ledger.earn.bind(ledger);
    jest.spyOn(ledger, 'earn').mockImplementation(async (command, replayCheck) => {
      if (command.memberId.toHexString() === poisoned.member.id) throw new Error('the ledger refused this member');
      return earn(command, replayCheck);
    });

    const { code: poisonedCode } = await referralOf('poisoned-inviter');
    const poisonedFriend = await loginWithInvite('poisoned-friend', poisonedCode);
    const healthyInviters = ['healthy-inviter-1', 'healthy-inviter-2'];
    const healthyFriends = await Promise.all(
      healthyInviters.map(async (name, i) => loginWithInvite(`healthy-friend-${i}`, (await referralOf(name)).code)),
    );
    // The poisoned referral's registration reward failed when the friend joined: it is left to the job, which
    // meets it before the others' first purchases.
    expect(await referrals.findOne({ refereeId: poisonedFriend.member.id }).lean()).toMatchObject({
      registrationReward: 'pending',
    });
    for (const friend of [poisonedFriend, ...healthyFriends]) await buy(friend, PURCHASE_FEN);

    timeOf(running).advance(8 * DAY_MS);
    const payouts = running.app.get(ReferralPayoutsService);
    const outcome = await payouts.payDue();
    expect(outcome).toMatchObject({ firstPurchase: 2, failed: 1 });
    for (const name of healthyInviters) expect((await holdingsOf(name)).points).toBe(10 + 500);

    const failed = await referrals.findOne({ refereeId: poisonedFriend.member.id }).lean();
    expect(failed).toMatchObject({ registrationReward: 'pending', payoutAttempts: 1 });
    expect(failed?.payoutLastError).toContain('the ledger refused this member');
    const clock = running.app.get(Clock);
    const firstWait = failed!.payoutRetryAt!.getTime() - clock.now().getTime();
    expect(firstWait).toBeGreaterThan(0);

    // Not tried again before its time; then tried again, and told to wait longer.
    await payouts.payDue();
    expect((await referrals.findOne({ refereeId: poisonedFriend.member.id }).lean())?.payoutAttempts).toBe(1);
    timeOf(running).advance(firstWait + 1_000);
    expect(await payouts.payDue()).toMatchObject({ failed: 1 });
    const again = await referrals.findOne({ refereeId: poisonedFriend.member.id }).lean();
    expect(again?.payoutAttempts).toBe(2);
    expect(again!.payoutRetryAt!.getTime() - clock.now().getTime()).toBeGreaterThan(firstWait);

    // Once the cause is gone, the next due run pays it, once, and clears the failure.
    jest.restoreAllMocks();
    timeOf(running).advance(DAY_MS);
    await runPayoutsConcurrently();
    await runPayoutsConcurrently();
    timeOf(running).reset();
    expect((await holdingsOf('poisoned-inviter')).points).toBe(10 + 500);
    expect((await holdingsOf('poisoned-friend')).points).toBe(5 + PURCHASE_POINTS);
    const healed = await referrals.findOne({ refereeId: poisonedFriend.member.id }).lean();
    expect(healed).toMatchObject({ registrationReward: 'paid', firstPurchaseReward: 'paid' });
    expect(healed?.payoutRetryAt).toBeUndefined();
    expect(healed?.payoutLastError).toBeUndefined();
  });
});
