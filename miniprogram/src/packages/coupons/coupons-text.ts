import { joinText, quantityText, type CouponView } from '@memberloop/shared';

/** The words of the coupon wallet and claim centre; a coupon's face is in services/coupon-text. */
export const COUPONS_TEXT = {
  tabs: { available: '可使用', used: '已使用', expired: '已过期' } satisfies Record<CouponView['status'], string>,
  action: { available: '去使用', used: '已使用', expired: '已过期' } satisfies Record<CouponView['status'], string>,
  walletTitle: '我的券',
  walletEmptyAvailable: '暂无可用的优惠券，去下面领一张吧',
  walletEmpty: '这里还没有券',
  claimTitle: '领券中心',
  claimEmpty: '暂时没有可领的券',
  exchangeTitle: '积分兑换',
  claimed: '领取成功',
  qrLoading: '二维码生成中…',
  qrClose: '收起',
  usedAtTill: '已核销',
} as const;

/** The order of the wallet's tabs. */
export const COUPON_TABS: ReadonlyArray<CouponView['status']> = ['available', 'used', 'expired'];

/** "有效期至 2026-12-09". */
export function validToText(lastDay: string): string {
  return `有效期至 ${lastDay}`;
}

/** "剩余 12 张". */
export function stockText(remaining: number): string {
  return joinText('剩余', quantityText(remaining, '张'));
}

/** "可用 3304 积分", beside the claim centre when some coupons cost points. */
export function spendableText(points: number): string {
  return joinText('可用', quantityText(points, '积分'));
}

/** The confirmation before exchanging points: "使用 300 积分兑换「满199减20」？". */
export function exchangeQuestion(points: number, name: string): string {
  return `${joinText('使用', quantityText(points, '积分'))}兑换「${name}」？`;
}

/** "兑换成功，使用 300 积分". */
export function exchangedText(points: number): string {
  return joinText('兑换成功，使用', quantityText(points, '积分'));
}

/** Under the QR code: "请向店员出示，二维码每分钟自动刷新（50 秒）". */
export function qrHintText(secondsToRefresh: number): string {
  return `请向店员出示，二维码每分钟自动刷新（${quantityText(secondsToRefresh, '秒')}）`;
}
