/** How a coupon combines with others on one order. */
export type CouponStacking = { mode: 'exclusive' } | { mode: 'stackable'; group: string };

/**
 * Whether a coupon may join those already used on an order: an exclusive coupon is used alone; stackable coupons
 * combine only with coupons of the same stacking group.
 */
export function canStack(onOrder: readonly CouponStacking[], adding: CouponStacking): boolean {
  if (onOrder.length === 0) return true;
  if (adding.mode === 'exclusive') return false;
  return onOrder.every((used) => used.mode === 'stackable' && used.group === adding.group);
}
