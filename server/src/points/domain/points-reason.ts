import { rateText, type PointsReason, type PointsReasonParams } from '@memberloop/shared';

/** What an entry says about itself, as stored (entries from before `params` have only the free-text reason). */
export interface ReasonedEntry {
  kind: 'earn' | 'burn' | 'expire' | 'adjust' | 'clawback';
  source: { type: string; id: string };
  idempotencyKey: string;
  /** Staff's words: read here only to place entries written before `params` existed. */
  reason: string;
  params?: StoredReasonParams;
}

/** The parameters as stored: a purchase abroad keeps its rate as micro-yuan, which the statement writes as text. */
export type StoredReasonParams = Omit<PointsReasonParams, 'fx'> & {
  fx?: { currency: string; amountMinor: number; rateMicros: number };
};

/**
 * The code and parameters a member's statement shows for an entry, from where its points came from or went to
 * (its source and kind), so every entry has one, old or new, and no free text reaches the member. Entries written
 * before `params` existed get theirs from the reason the server wrote then (its own fixed wording, listed here),
 * never from a staff member's words; anything not placed is `other` (or `adjustment` for an adjustment).
 */
export function pointsReasonOf(entry: ReasonedEntry): { code: PointsReason; params: PointsReasonParams } {
  const stored = entry.params ?? {};
  const legacy = entry.params ? undefined : entry.reason;
  switch (entry.source.type) {
    case 'purchase':
      return {
        code: 'purchase',
        params: {
          channel: stored.channel ?? (legacy === '线上消费' ? 'online' : 'store'),
          ...(entry.source.id ? { orderNo: entry.source.id } : {}),
          ...(stored.fx
            ? { fx: { currency: stored.fx.currency, amountMinor: stored.fx.amountMinor, rate: rateText(stored.fx.rateMicros) } }
            : {}),
        },
      };
    case 'refund':
      return { code: entry.kind === 'adjust' ? 'refund-return' : 'refund', params: pick(stored, 'orderNo') };
    case 'points-entry':
      return { code: 'debt-repayment', params: {} };
    case 'points-lot':
      return { code: 'expiry', params: {} };
    case 'sign-in': {
      const streak = stored.streakDays ?? numberIn(legacy, /连续\s*(\d+)\s*天/);
      return { code: 'sign-in', params: streak ? { streakDays: streak } : {} };
    }
    case 'gift-redemption':
      return { code: 'gift-redemption', params: named(stored, legacy, /^兑换\s*(.+)$/) };
    case 'coupon-exchange':
      return { code: 'coupon-exchange', params: named(stored, legacy, /^积分兑换「(.+)」$/) };
    case 'referral':
      return { code: referralCode(entry), params: {} };
    case 'task':
      return { code: 'task', params: named(stored, legacy, /^任务奖励：(.+)$/) };
    case 'review':
      return { code: 'review', params: {} };
    case 'post':
      return { code: 'post', params: { postKind: stored.postKind ?? (legacy === '评价审核通过' ? 'review' : 'show') } };
    case 'activity':
      return { code: 'activity-check-in', params: named(stored, legacy, /^活动签到：(.+)$/) };
    case 'assist':
      return { code: 'assist', params: named(stored, legacy, /^好友助力「(.+)」$/) };
    case 'member-merge':
      return { code: 'account-merge', params: {} };
    case 'points-hold':
      return { code: entry.kind === 'burn' ? 'checkout-hold' : 'checkout-release', params: {} };
    default:
      if (entry.kind === 'expire') return { code: 'expiry', params: {} };
      return { code: entry.kind === 'adjust' ? 'adjustment' : 'other', params: {} };
  }
}

/**
 * Which side and event of a referral paid the entry, from its key (`referral:<id>:<event>:<side>`): the inviter's
 * reward, the friend's welcome, or the friend's first-purchase extra.
 */
function referralCode(entry: ReasonedEntry): PointsReason {
  const [, , event, side] = entry.idempotencyKey.split(':');
  if (side === 'referrer' || (side === undefined && entry.reason === '邀请好友奖励')) return 'referral-reward';
  return event === 'first-purchase' ? 'referral-first-purchase' : 'referral-welcome';
}

function pick(params: StoredReasonParams, key: 'orderNo'): PointsReasonParams {
  return params[key] ? { [key]: params[key] } : {};
}

/** The name the entry was written with, or the one its old wording carried. */
function named(stored: StoredReasonParams, legacy: string | undefined, wording: RegExp): PointsReasonParams {
  const name = stored.name ?? legacy?.trim().match(wording)?.[1]?.trim();
  return name ? { name } : {};
}

function numberIn(text: string | undefined, pattern: RegExp): number | undefined {
  const found = text?.match(pattern)?.[1];
  return found ? Number(found) : undefined;
}
