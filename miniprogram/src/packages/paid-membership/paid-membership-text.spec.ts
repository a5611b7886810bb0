import { benefitLines, expiryText, planPackLine, priceText, statusText } from './paid-membership-text';

const NO_LATIN = /[A-Za-z]/;

describe('paid membership words', () => {
  it('reads in Chinese, without codes', () => {
    const lines = [
      statusText('active'),
      statusText('lapsed'),
      statusText('refunded'),
      priceText(19_900, 'annual'),
      priceText(1_900, 'monthly'),
      expiryText('active', '2027-12-03'),
      expiryText('lapsed', '2027-12-03'),
      ...benefitLines({
        pointsMultiplier: 1.5,
        freeDelivery: true,
        presaleAccess: true,
        couponPack: [{ name: '满 199 减 20', count: 2 }],
      }),
      planPackLine([{ count: 2 }, { count: 1 }])!,
    ];
    for (const line of lines) expect(line).not.toMatch(NO_LATIN);
    expect(priceText(19_900, 'annual')).toBe('¥199.00 / 年卡');
    expect(lines).toContain('消费积分 1.5 倍');
    expect(lines).toContain('每月券包：满 199 减 20 × 2');
    expect(lines).toContain('每月 3 张优惠券');
  });

  it('lists only the benefits a plan has', () => {
    expect(benefitLines({ pointsMultiplier: 1, freeDelivery: false, presaleAccess: false, couponPack: [] })).toEqual([]);
    expect(planPackLine([])).toBeUndefined();
  });
});
