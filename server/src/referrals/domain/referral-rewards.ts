import type {
  PendingPointsView,
  ReferralProgramme,
  ReferralProgrammeView,
  ReferralReward,
  ReferralRewardView,
} from '@memberloop/shared';
import { promisedRewards } from './payout-retries';

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

/** One side's reward as the member may read it: a coupon only as "a coupon". */
function rewardView(reward: ReferralReward | undefined): ReferralRewardView | undefined {
  if (!reward) return undefined;
  return {
    ...(reward.points ? { points: reward.points } : {}),
    ...(reward.purchasePointsMultiplier ? { purchasePointsMultiplier: reward.purchasePointsMultiplier } : {}),
    coupon: reward.couponTemplateId !== undefined,
  };
}

/** The programme for the invite page and the poster: the figures, which the app words (no coupon template ids). */
export function programmeView(programme: ReferralProgramme): ReferralProgrammeView {
  const rewards = promisedRewards(programme);
  const referrerOnJoin = rewardView(rewards.onRegistration.referrer);
  const friendOnJoin = rewardView(rewards.onRegistration.friend);
  const referrerOnPurchase = rewardView(rewards.onFirstPurchase.referrer);
  const friendOnPurchase = rewardView(rewards.onFirstPurchase.friend);
  return {
    enabled: programme.enabled,
    onRegistration: {
      ...(referrerOnJoin ? { referrer: referrerOnJoin } : {}),
      ...(friendOnJoin ? { friend: friendOnJoin } : {}),
    },
    onFirstPurchase: {
      ...(referrerOnPurchase ? { referrer: referrerOnPurchase } : {}),
      ...(friendOnPurchase ? { friend: friendOnPurchase } : {}),
      minAmountFen: rewards.onFirstPurchase.minAmountFen,
    },
    refundWindowDays: programme.refundWindowDays,
  };
}

/**
 * The points the invited friend's first purchase will still bring them (their extra and any fixed points, paid when
 * the purchase's return window has passed), for their points statement: before the purchase what it will be, after
 * it how many points and when. None once paid or void, or when the friend's first-purchase reward has no points.
 */
export function pendingFirstPurchasePoints(
  referral: {
    rewardable: boolean;
    firstPurchaseReward: string;
    rules: Parameters<typeof promisedRewards>[0] & { refundWindowDays?: number };
    eligibleAt?: Date;
  },
  purchase?: { pointsEarned: number; totalFen: number; refundedFen: number },
): PendingPointsView | undefined {
  const { friend: reward, minAmountFen } = promisedRewards(referral.rules).onFirstPurchase;
  if (!referral.rewardable || !reward || (!reward.points && !reward.purchasePointsMultiplier)) return undefined;
  const waitDays = referral.rules?.refundWindowDays ?? 0;
  if (referral.firstPurchaseReward === 'awaiting') {
    return {
      code: 'referral-first-purchase',
      ...(reward.points ? { points: reward.points } : {}),
      ...(reward.purchasePointsMultiplier ? { purchasePointsMultiplier: reward.purchasePointsMultiplier } : {}),
      waitDays,
    };
  }
  // Refunded below the minimum since: it will be void, nothing comes.
  if (referral.firstPurchaseReward !== 'waiting' || !purchase || !purchaseQualifies(purchase, minAmountFen)) return undefined;
  const points = rewardPayout(reward, purchase).points;
  if (points <= 0) return undefined;
  return {
    code: 'referral-first-purchase',
    points,
    ...(referral.eligibleAt ? { dueAt: referral.eligibleAt.toISOString() } : {}),
    waitDays,
  };
}

/** An invitation code from random bytes, over the unambiguous alphabet. */
export function inviteCodeFrom(bytes: Uint8Array, alphabet: string): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += alphabet[bytes[i] % alphabet.length];
  return code;
}
