import { greetingText, HOME_ENTRIES, nearbyOfferText, NEARBY_OFFER_TEXT, timeOfDayText } from './home-text';

describe('the home greeting', () => {
  const SHANGHAI = 'Asia/Shanghai';
  // 00:30 on 2 December in Beijing is still 1 December, 16:30 in UTC.
  const atBeijing = (hour: number, minute = 0) => new Date(Date.UTC(2026, 11, 2, hour - 8, minute));

  it('greets the member by nickname, by the time of day on the brand’s clock', () => {
    expect(greetingText('林小满', atBeijing(9), SHANGHAI)).toBe('早上好，林小满');
    expect(greetingText('  林小满 ', atBeijing(12), SHANGHAI)).toBe('中午好，林小满');
    expect(greetingText('林小满', atBeijing(15), SHANGHAI)).toBe('下午好，林小满');
    expect(greetingText('林小满', atBeijing(0, 30), SHANGHAI)).toBe('晚上好，林小满');
    // The phone's UTC clock says 16:30 (afternoon): the brand's says half past midnight.
    expect(timeOfDayText(new Date('2026-12-01T16:30:00Z'), SHANGHAI)).toBe('晚上好');
  });

  it('welcomes a member without a nickname warmly, never as 尊敬的会员', () => {
    for (const nickname of [undefined, '', '   ']) {
      const text = greetingText(nickname, atBeijing(19), SHANGHAI);
      expect(text).toBe('晚上好，欢迎回来');
      expect(text).not.toContain('尊敬的会员');
    }
  });

  it('counts available coupons with the number-and-unit helper', () => {
    const coupons = HOME_ENTRIES.find((entry) => entry.url === '/packages/coupons/index')!;
    const hint = coupons.hint as (home: { coupons: { available: number } }) => string;
    expect(hint({ coupons: { available: 2 } })).toBe('2 张可用');
    expect(hint({ coupons: { available: 0 } })).toBe('领券更划算');
  });
});

describe('the store offer near the member', () => {
  it('names the store, the offer and the distance in one line, and where the coupon went', () => {
    expect(nearbyOfferText('人民广场店', '到店礼 20 元券', '141 米')).toBe('附近的 人民广场店 有到店礼：到店礼 20 元券 · 141 米');
    expect(NEARBY_OFFER_TEXT.claimed).toBe('已放入券包');
  });
});
