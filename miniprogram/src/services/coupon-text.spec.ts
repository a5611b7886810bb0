import { appliesToText, claimLabel, couponFace } from './coupon-text';

describe('couponFace', () => {
  it('says what each kind of coupon is worth and when it applies', () => {
    expect(couponFace({ kind: 'fixed', amountFen: 2_000 })).toEqual({ value: '¥20', condition: '无门槛' });
    expect(couponFace({ kind: 'threshold', thresholdFen: 19_900, amountFen: 2_000 })).toEqual({
      value: '¥20',
      condition: '满¥199可用',
    });
    expect(couponFace({ kind: 'percent', percentOff: 15, capFen: 5_000 })).toEqual({ value: '8.5折', condition: '最高减¥50' });
    expect(couponFace({ kind: 'percent', percentOff: 20, capFen: 5_000 }).value).toBe('8折');
    expect(couponFace({ kind: 'gift', sku: 'SK-1', priceFen: 990 })).toEqual({ value: '¥9.90换购', condition: '指定商品可用' });
  });
});

describe('claimLabel', () => {
  it('claims free coupons and exchanges the others for their points', () => {
    expect(claimLabel({ remainingForMe: 1 })).toBe('领取');
    expect(claimLabel({ remainingForMe: 0 })).toBe('已领取');
    expect(claimLabel({ pointsPrice: 300, remainingForMe: 1 })).toBe('300 积分兑换');
    expect(claimLabel({ pointsPrice: 300, remainingForMe: 0 })).toBe('已兑换');
  });
});

describe('appliesToText', () => {
  it('names the products and categories a coupon is limited to, never a code', () => {
    expect(appliesToText(undefined)).toBeUndefined();
    expect(appliesToText({ products: [], categories: ['护肤', '香氛'] })).toBe('限护肤、香氛类商品');
    expect(appliesToText({ products: ['玫瑰精华水'], categories: [] })).toBe('限「玫瑰精华水」');
    expect(appliesToText({ products: ['玫瑰精华水', '山茶花面霜', '木质香氛'], categories: ['礼盒'] })).toBe(
      '限「玫瑰精华水」等 3 件商品及礼盒类商品',
    );
    // Products since gone from the catalogue are left out by the server: still no code shown.
    expect(appliesToText({ products: [], categories: [] })).toBe('限指定商品');
  });
});
