import { INVITE_CODE_ALPHABET, InviteCode } from '@memberloop/shared';
import {
  DEFAULT_REFERRAL_PROGRAMME,
  inviteCodeFrom,
  pendingFirstPurchasePoints,
  programmeView,
  purchaseQualifies,
  rewardPayout,
} from './referral-rewards';

describe('referral rewards', () => {
  it('pays fixed points and a coupon as configured, nothing for no reward', () => {
    expect(rewardPayout(undefined)).toEqual({ points: 0 });
    expect(rewardPayout({ points: 300, couponTemplateId: 'a'.repeat(24) })).toEqual({
      points: 300,
      couponTemplateId: 'a'.repeat(24),
    });
  });

  it('pays a points multiple of what the first purchase earned, shrunk by a partial refund', () => {
    const purchase = { pointsEarned: 200, totalFen: 20_000, refundedFen: 0 };
    expect(rewardPayout({ purchasePointsMultiplier: 2 }, purchase).points).toBe(200);
    expect(rewardPayout({ purchasePointsMultiplier: 3, points: 50 }, purchase).points).toBe(450);
    expect(rewardPayout({ purchasePointsMultiplier: 2 }, { ...purchase, refundedFen: 5_000 }).points).toBe(150);
    // Without the purchase (a registration reward) the multiple adds nothing.
    expect(rewardPayout({ purchasePointsMultiplier: 2 }).points).toBe(0);
  });

  it('disqualifies a purchase refunded in full or below the minimum after refunds', () => {
    expect(purchaseQualifies({ totalFen: 10_000, refundedFen: 0 }, 1)).toBe(true);
    expect(purchaseQualifies({ totalFen: 10_000, refundedFen: 10_000 }, 1)).toBe(false);
    expect(purchaseQualifies({ totalFen: 10_000, refundedFen: 6_000 }, 5_000)).toBe(false);
    expect(purchaseQualifies({ totalFen: 10_000, refundedFen: 5_000 }, 5_000)).toBe(true);
  });

  it('makes codes the contract accepts', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: 8 }, () => Math.floor(Math.random() * 256));
      expect(InviteCode.parse(inviteCodeFrom(bytes, INVITE_CODE_ALPHABET))).toHaveLength(8);
    }
    expect(InviteCode.safeParse('0OIL1234').success).toBe(false);
  });

  it('shows the programme as figures for the app to word, a coupon only as a coupon', () => {
    expect(programmeView(DEFAULT_REFERRAL_PROGRAMME)).toEqual({
      enabled: true,
      onRegistration: { friend: { points: 100, coupon: false } },
      onFirstPurchase: {
        referrer: { points: 500, coupon: false },
        friend: { purchasePointsMultiplier: 2, coupon: false },
        minAmountFen: 1,
      },
      refundWindowDays: 7,
    });
    const withCoupon = programmeView({
      ...DEFAULT_REFERRAL_PROGRAMME,
      onRegistration: { referrer: { couponTemplateId: 'a'.repeat(24) } },
    });
    expect(withCoupon.onRegistration).toEqual({ referrer: { coupon: true } });
    expect(JSON.stringify(withCoupon)).not.toContain('a'.repeat(24));
  });

  it('tells the invited friend the first-purchase points still to come: what before the purchase, how many and when after', () => {
    const rules = { ...DEFAULT_REFERRAL_PROGRAMME };
    const eligibleAt = new Date('2025-03-10T04:00:00Z');
    expect(pendingFirstPurchasePoints({ rewardable: true, firstPurchaseReward: 'awaiting', rules })).toEqual({
      code: 'referral-first-purchase',
      purchasePointsMultiplier: 2,
      waitDays: 7,
    });
    const waiting = { rewardable: true, firstPurchaseReward: 'waiting', rules, eligibleAt };
    expect(pendingFirstPurchasePoints(waiting, { pointsEarned: 200, totalFen: 20_000, refundedFen: 0 })).toEqual({
      code: 'referral-first-purchase',
      points: 200,
      dueAt: eligibleAt.toISOString(),
      waitDays: 7,
    });
    // Refunded below the minimum since: it will be void, nothing comes.
    const minimum = { ...rules, onFirstPurchase: { ...rules.onFirstPurchase, minAmountFen: 15_000 } };
    const refunded = { pointsEarned: 200, totalFen: 20_000, refundedFen: 10_000 };
    expect(pendingFirstPurchasePoints({ ...waiting, rules: minimum }, refunded)).toBeUndefined();
    expect(pendingFirstPurchasePoints(waiting, refunded)?.points).toBe(100);
    // Refunded in full since: nothing will come.
    expect(pendingFirstPurchasePoints(waiting, { pointsEarned: 200, totalFen: 20_000, refundedFen: 20_000 })).toBeUndefined();
    for (const firstPurchaseReward of ['paid', 'void', 'none'])
      expect(pendingFirstPurchasePoints({ rewardable: true, firstPurchaseReward, rules })).toBeUndefined();
    expect(pendingFirstPurchasePoints({ rewardable: false, firstPurchaseReward: 'awaiting', rules })).toBeUndefined();
    // A friend's first-purchase reward with no points (a coupon) is not for the points statement.
    const couponOnly = {
      ...rules,
      onFirstPurchase: { ...rules.onFirstPurchase, friend: { couponTemplateId: 'a'.repeat(24) } },
    };
    expect(pendingFirstPurchasePoints({ rewardable: true, firstPurchaseReward: 'awaiting', rules: couponOnly })).toBeUndefined();
  });
});
