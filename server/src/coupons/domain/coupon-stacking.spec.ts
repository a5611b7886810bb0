import { canStack, type CouponStacking } from './coupon-stacking';

const exclusive: CouponStacking = { mode: 'exclusive' };
const groupA: CouponStacking = { mode: 'stackable', group: 'A' };
const groupB: CouponStacking = { mode: 'stackable', group: 'B' };

describe('coupon stacking', () => {
  it('lets any coupon be the first on an order', () => {
    expect(canStack([], exclusive)).toBe(true);
    expect(canStack([], groupA)).toBe(true);
  });

  it('uses an exclusive coupon alone', () => {
    expect(canStack([groupA], exclusive)).toBe(false);
    expect(canStack([exclusive], groupA)).toBe(false);
    expect(canStack([exclusive], exclusive)).toBe(false);
  });

  it('combines stackable coupons within one group only', () => {
    expect(canStack([groupA], groupA)).toBe(true);
    expect(canStack([groupA, groupA], groupA)).toBe(true);
    expect(canStack([groupA], groupB)).toBe(false);
    expect(canStack([groupA, groupB], groupA)).toBe(false);
  });
});
