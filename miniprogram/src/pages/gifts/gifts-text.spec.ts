import { giftStockText, redeemedText, redeemLabel, redeemQuestion } from './gifts-text';

describe('gift page words', () => {
  it('counts with the number-and-unit helper', () => {
    expect(giftStockText(20, 1)).toBe('剩余 20 件 · 每人限 1 件');
    expect(redeemQuestion(300, '旅行装精华')).toBe('使用 300 积分兑换「旅行装精华」？');
    expect(redeemedText(3004)).toBe('兑换成功，剩余 3004 积分');
  });

  it('says why a gift cannot be redeemed, sold out first', () => {
    expect(redeemLabel({ soldOut: true, limitReached: true, short: true })).toBe('已兑完');
    expect(redeemLabel({ soldOut: false, limitReached: true, short: true })).toBe('已达上限');
    expect(redeemLabel({ soldOut: false, limitReached: false, short: true })).toBe('积分不足');
    expect(redeemLabel({ soldOut: false, limitReached: false, short: false })).toBe('立即兑换');
  });
});
