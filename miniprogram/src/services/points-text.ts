import {
  formatMinor,
  joinText,
  quantityText,
  signedQuantityText,
  type PendingPointsView,
  type PointsEntryView,
  type PointsReason,
  type PointsReasonParams,
} from '@memberloop/shared';
import { dayText } from './date-text';

/*
 * The member's words for their points: the server sends a reason code and safe parameters for every statement
 * line (shared/src/api/points.ts), and only this module turns them into Chinese. A store is named by the word 门店
 * (the server sends no store codes), an order by its number as on the receipt, a gift or coupon by the name the
 * member saw it under. A staff adjustment reads 积分调整: the staff's own reason stays with staff.
 */

type Params = PointsReasonParams;

const REASON_TEXT: Record<PointsReason, (params: Params) => string> = {
  purchase: (p) => (p.channel === 'online' ? '线上消费' : '门店消费'),
  refund: () => '退货扣回积分',
  'refund-return': () => '退货退回抵现积分',
  'debt-repayment': () => '补扣退货积分',
  expiry: () => '积分过期',
  'sign-in': (p) => (p.streakDays ? `每日签到（连续 ${quantityText(p.streakDays, '天')}奖励）` : '每日签到'),
  'gift-redemption': (p) => (p.name ? `兑换「${p.name}」` : '积分兑换礼品'),
  'coupon-exchange': (p) => (p.name ? `兑换优惠券「${p.name}」` : '积分兑换优惠券'),
  'referral-reward': () => '邀请好友奖励',
  'referral-welcome': () => '好友邀请礼',
  'referral-first-purchase': () => '好友邀请首单奖励',
  task: (p) => (p.name ? `任务奖励：${p.name}` : '任务奖励'),
  review: () => '评价奖励',
  post: (p) => (p.postKind === 'review' ? '评价审核通过' : '晒单审核通过'),
  'activity-check-in': (p) => (p.name ? `活动签到：${p.name}` : '活动签到'),
  assist: (p) => (p.name ? `好友助力「${p.name}」` : '好友助力奖励'),
  'checkout-hold': () => '积分抵现',
  'checkout-release': () => '积分抵现退回',
  'account-merge': () => '账户合并',
  adjustment: () => '积分调整',
  other: () => '积分变动',
};

/** Which way points moved, under each line. */
export const POINTS_KIND_LABEL: Record<PointsEntryView['kind'], string> = {
  earn: '获得',
  burn: '使用',
  expire: '过期',
  adjust: '调整',
  clawback: '扣回',
};

/** A statement line: what it was ("门店消费", "兑换「旅行装精华」") and, for an order, its number. */
export function pointsEntryText(entry: Pick<PointsEntryView, 'code' | 'params'>): {
  title: string;
  order?: string;
  abroad?: string;
} {
  // A code this build does not know yet (a newer server) still reads as a points change, never as the code.
  const title = (REASON_TEXT[entry.code] ?? REASON_TEXT.other)(entry.params ?? {});
  const fx = entry.params?.fx;
  return {
    title,
    ...(entry.params?.orderNo ? { order: `订单 ${entry.params.orderNo}` } : {}),
    ...(fx ? { abroad: abroadText(fx.amountMinor, fx.currency, fx.rate) } : {}),
  };
}

/** A purchase paid in another currency: what was paid and the rate it earned at ("HK$128.00 · 按 1 HKD = 0.9123 元 折算"). */
export function abroadText(amountMinor: number, currency: string, rate: string): string {
  return `${formatMinor(amountMinor, currency)} · 按 1 ${currency} = ${rate} 元 折算`;
}

/** The points of a line with their sign: "+15", "-300". */
export function pointsChangeText(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

/** When points that wait for a purchase's return window arrive: "在 7 天退货期后到账". */
export function afterReturnWindowText(days: number): string {
  return days > 0 ? joinText('在', quantityText(days, '天'), '退货期后到账') : '随后到账';
}

/**
 * Points on their way, at the top of the statement. The invited friend's first-purchase extra: before the first
 * purchase what it will be and when it comes ("首次消费得首单 2 倍积分，加倍部分在 7 天退货期后到账"), after it how many
 * points and on which day.
 */
export function pendingPointsText(pending: PendingPointsView): { title: string; amount: string; detail: string } {
  const title = REASON_TEXT[pending.code]?.({}) ?? REASON_TEXT.other({});
  if (pending.dueAt && pending.points !== undefined) {
    return {
      title,
      amount: `${pointsChangeText(pending.points)} 待到账`,
      detail: `预计 ${dayText(pending.dueAt)}到账${pending.waitDays > 0 ? `（首单 ${quantityText(pending.waitDays, '天')}退货期后）` : ''}`,
    };
  }
  const rewards = [
    pending.purchasePointsMultiplier ? `首单 ${quantityText(pending.purchasePointsMultiplier, '倍')}积分` : '',
    pending.points ? quantityText(pending.points, '积分') : '',
  ].filter(Boolean);
  const arriving = pending.purchasePointsMultiplier ? '加倍部分' : '奖励';
  return {
    title,
    amount: '待首单',
    detail: `${joinText('首次消费得', rewards.join('、'))}，${arriving}${afterReturnWindowText(pending.waitDays)}`,
  };
}

/** A toast after signing in: "签到成功 +15 积分". */
export function signedInText(points: number): string {
  return joinText('签到成功', signedQuantityText(points, '积分'));
}
