import { addCalendarDays, brandDay, startOfBrandDay, type CouponValidity } from '@memberloop/shared';

/**
 * When a coupon issued at `issuedAt` may be used: from `validFrom` until `validTo` (exclusive). A window template
 * gives its own window. "Valid for N days" runs to the end of a brand day, not to the minute of the claim: through
 * the brand day N days after the claim day, so it never gives less than N × 24 hours and never ends mid-evening
 * (claimed 2 December 20:15 Beijing for 7 days: usable through 9 December, `validTo` midnight starting 10 December).
 */
export function couponValidWindow(
  validity: CouponValidity,
  issuedAt: Date,
  timeZone: string,
): { validFrom: Date; validTo: Date } {
  if (validity.type === 'window') return { validFrom: new Date(validity.from), validTo: new Date(validity.to) };
  const lastDay = addCalendarDays(brandDay(issuedAt, timeZone), validity.days);
  return { validFrom: issuedAt, validTo: startOfBrandDay(addCalendarDays(lastDay, 1), timeZone) };
}
