import { COUPON_TABS, COUPONS_TEXT, exchangedText, exchangeQuestion, qrHintText, spendableText, stockText } from './coupons-text';

describe('coupon page words', () => {
  it('names every tab and action in Chinese', () => {
    for (const tab of COUPON_TABS) {
      expect(COUPONS_TEXT.tabs[tab]).toMatch(/^[\u4e00-\u9fff]+$/);
      expect(COUPONS_TEXT.action[tab]).toMatch(/^[\u4e00-\u9fff]+$/);
    }
  });

  it('counts with the number-and-unit helper', () => {
    expect(stockText(12)).toBe('剩余 12 张');
    expect(spendableText(3304)).toBe('可用 3304 积分');
    expect(exchangeQuestion(300, '满199减20')).toBe('使用 300 积分兑换「满199减20」？');
    expect(exchangedText(300)).toBe('兑换成功，使用 300 积分');
    expect(qrHintText(50)).toBe('请向店员出示，二维码每分钟自动刷新（50 秒）');
  });
});
