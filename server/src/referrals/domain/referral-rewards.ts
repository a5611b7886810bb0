import { quantityText, type ReferralProgramme, type ReferralReward } from '@memberloop/shared';

/** Until HQ sets its own: the friend gets 100 points on joining and double points on the first purchase; the referrer 500 points. */
export const DEFAULT_REFERRAL_PROGRAMME: ReferralProgramme = {
  enabled: true,
  onRegistration: { friend: { points: 100 } },
  onFirstPurchase: { referrer: { points: 500 }, friend: { purchasePointsMultiplier: 2 }, minAmountFen: 1 },
  caps: { perDay: 20, perMonth: 100 },
  refundWindowDays: 7,
};

/** What one side is paid for a reward: fixed points plus the multiple of the purchase's points, and a coupon. */
export function rewardPayout(
  reward: ReferralReward | undefined,
  purchase?: { pointsEarned: number; totalFen: number; refundedFen: number },
): { points: number; couponTemplateId?: string } {
  if (!reward) return { points: 0 };
  let points = reward.points ?? 0;
  if (reward.purchasePointsMultiplier && purchase && purchase.totalFen > 0) {
    // The extra is on what the purchase kept: a partial refund shrinks it in proportion.
    const kept = Math.max(0, purchase.totalFen - purchase.refundedFen) / purchase.totalFen;
    points += Math.floor(purchase.pointsEarned * (reward.purchasePointsMultiplier - 1) * kept);
  }
  return { points, ...(reward.couponTemplateId ? { couponTemplateId: reward.couponTemplateId } : {}) };
}

/** Whether the friend's purchase still qualifies when its return window has passed. */
export function purchaseQualifies(purchase: { totalFen: number; refundedFen: number }, minAmountFen: number): boolean {
  const net = purchase.totalFen - purchase.refundedFen;
  return net > 0 && net >= minAmountFen;
}

/** Lines for the invite page: what the programme gives, in the member's words. */
export function describeProgramme(programme: ReferralProgramme): string[] {
  if (!programme.enabled) return [];
  const lines: string[] = [];
  const say = (who: string, when: string, reward?: ReferralReward) => {
    if (!reward) return;
    const parts = [
      reward.points ? quantityText(reward.points, '积分') : '',
      reward.purchasePointsMultiplier ? `首单 ${reward.purchasePointsMultiplier} 倍积分` : '',
      reward.couponTemplateId ? '一张优惠券' : '',
    ].filter(Boolean);
    const rewards = parts.join('、');
    // A space between Chinese and a number ("得 100 积分"), none between Chinese words ("得首单 2 倍积分").
    if (parts.length) lines.push(`${when}，${who}得${/^\d/.test(rewards) ? ' ' : ''}${rewards}`);
  };
  say('好友', '好友注册', programme.onRegistration.friend);
  say('你', '好友注册', programme.onRegistration.referrer);
  say('好友', '好友首次消费', programme.onFirstPurchase.friend);
  say('你', `好友首单过 ${programme.refundWindowDays} 天退货期后`, programme.onFirstPurchase.referrer);
  return lines;
}

/** An invitation code from random bytes, over the unambiguous alphabet. */
export function inviteCodeFrom(bytes: Uint8Array, alphabet: string): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += alphabet[bytes[i] % alphabet.length];
  return code;
}
