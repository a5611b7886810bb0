import { REFERRAL_STATUSES } from '@memberloop/shared';
import { INVITATION_STATUS, invitationReward, spacedCode } from './invite-text';

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
