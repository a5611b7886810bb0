import { REFERRAL_STATUSES, type ReferralProgrammeView } from '@memberloop/shared';
import { friendPerks, INVITATION_STATUS, invitationReward, programmeLines, rewardText, spacedCode } from './invite-text';

describe('invitation text', () => {
  it('says every status in Chinese', () => {
    for (const status of REFERRAL_STATUSES) expect(INVITATION_STATUS[status].label).toMatch(/^[\u4e00-\u9fff · ]+$/);
  });

  it('sums up what a friend earned the member, or why nothing', () => {
    expect(invitationReward({ status: 'rewarded', pointsEarned: 500, couponsEarned: 1 })).toBe('+500 积分 · 1 张券');
    expect(invitationReward({ status: 'rewarded', pointsEarned: 500, couponsEarned: 0 })).toBe('+500 积分');
    expect(invitationReward({ status: 'registered', pointsEarned: 0, couponsEarned: 0 })).toBe('待发放');
    expect(invitationReward({ status: 'purchased', pointsEarned: 0, couponsEarned: 0 })).toBe('待发放');
    expect(invitationReward({ status: 'over-cap', pointsEarned: 0, couponsEarned: 0 })).toBe('无奖励');
    expect(invitationReward({ status: 'void', pointsEarned: 0, couponsEarned: 0 })).toBe('无奖励');
  });

  it('spaces the code in fours', () => {
    expect(spacedCode('K7M2QX9P')).toBe('K7M2 QX9P');
  });
});

describe('the programme in words', () => {
  const programme: ReferralProgrammeView = {
    enabled: true,
    onRegistration: { friend: { points: 100, coupon: false } },
    onFirstPurchase: {
      referrer: { points: 500, coupon: false },
      friend: { purchasePointsMultiplier: 2, coupon: false },
      minAmountFen: 1,
    },
    refundWindowDays: 7,
  };

  it('says on the invite page who gets what, and that the first purchase’s extra comes after the return window', () => {
    expect(programmeLines(programme)).toEqual([
      '好友注册，好友得 100 积分',
      '好友首次消费，好友得首单 2 倍积分（加倍部分在 7 天退货期后到账）',
      '好友首单过 7 天退货期后，你得 500 积分',
    ]);
    expect(programmeLines({ ...programme, enabled: false })).toEqual([]);
  });

  it('reads the number of days and the minimum from the programme', () => {
    const other: ReferralProgrammeView = {
      ...programme,
      onRegistration: { referrer: { coupon: true } },
      onFirstPurchase: {
        referrer: { points: 300, coupon: true },
        friend: { points: 50, purchasePointsMultiplier: 3, coupon: false },
        minAmountFen: 10_000,
      },
      refundWindowDays: 14,
    };
    expect(programmeLines(other)).toEqual([
      '好友注册，你得一张优惠券',
      '好友首单满¥100，好友得 50 积分、首单 3 倍积分（奖励在 14 天退货期后到账）',
      '好友首单满¥100，过 14 天退货期后，你得 300 积分、一张优惠券',
    ]);
    expect(programmeLines({ ...programme, refundWindowDays: 0 })).toEqual([
      '好友注册，好友得 100 积分',
      '好友首次消费，好友得首单 2 倍积分（加倍部分随后到账）',
      '好友首次消费后，你得 500 积分',
    ]);
  });

  it('puts the friend’s own perks on the poster, in their words', () => {
    expect(friendPerks(programme)).toEqual(['注册即得 100 积分', '首次消费得首单 2 倍积分（加倍部分在 7 天退货期后到账）']);
    expect(friendPerks({ ...programme, onFirstPurchase: { ...programme.onFirstPurchase, minAmountFen: 5_000 } })[1]).toBe(
      '首单满¥50，得首单 2 倍积分（加倍部分在 7 天退货期后到账）',
    );
    expect(friendPerks({ ...programme, onRegistration: {} })).toEqual(['首次消费得首单 2 倍积分（加倍部分在 7 天退货期后到账）']);
  });

  it('writes each reward with the same spacing', () => {
    expect(rewardText({ points: 100, purchasePointsMultiplier: 2, coupon: true })).toBe('100 积分、首单 2 倍积分、一张优惠券');
  });
});
