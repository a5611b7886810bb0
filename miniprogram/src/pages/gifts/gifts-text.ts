import { joinText, quantityText } from '@memberloop/shared';

/** The words of the gift catalogue (积分好礼). */
export const GIFTS_TEXT = {
  title: '积分好礼',
  empty: '好礼正在上架中，敬请期待',
  confirmTitle: '确认兑换',
  soldOut: '已兑完',
  limitReached: '已达上限',
  short: '积分不足',
  redeem: '立即兑换',
} as const;

/** "可用 3304 积分". */
export function spendableText(points: number): string {
  return joinText('可用', quantityText(points, '积分'));
}

/** "使用 300 积分兑换「旅行装精华」？". */
export function redeemQuestion(points: number, name: string): string {
  return `${joinText('使用', quantityText(points, '积分'))}兑换「${name}」？`;
}

/** "兑换成功，剩余 3004 积分". */
export function redeemedText(balance: number): string {
  return joinText('兑换成功，剩余', quantityText(balance, '积分'));
}

/** "剩余 20 件 · 每人限 1 件". */
export function giftStockText(stock: number, perMemberLimit: number): string {
  return `${joinText('剩余', quantityText(stock, '件'))} · ${joinText('每人限', quantityText(perMemberLimit, '件'))}`;
}

/** "300 积分": a gift's price. */
export function giftCostText(points: number): string {
  return quantityText(points, '积分');
}

/** The redeem button: why it cannot be pressed, or 立即兑换. */
export function redeemLabel(gift: { soldOut: boolean; limitReached: boolean; short: boolean }): string {
  if (gift.soldOut) return GIFTS_TEXT.soldOut;
  if (gift.limitReached) return GIFTS_TEXT.limitReached;
  return gift.short ? GIFTS_TEXT.short : GIFTS_TEXT.redeem;
}
