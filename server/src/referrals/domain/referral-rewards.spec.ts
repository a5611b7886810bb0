import { INVITE_CODE_ALPHABET, InviteCode } from '@memberloop/shared';
import {
  DEFAULT_REFERRAL_PROGRAMME,
  describeProgramme,
  inviteCodeFrom,
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

  it('describes the default programme in Chinese', () => {
    expect(describeProgramme(DEFAULT_REFERRAL_PROGRAMME)).toEqual([
      '好友注册，好友得 100 积分',
      '好友首次消费，好友得首单 2 倍积分',
      '好友首单过 7 天退货期后，你得 500 积分',
    ]);
    expect(describeProgramme({ ...DEFAULT_REFERRAL_PROGRAMME, enabled: false })).toEqual([]);
  });
});
