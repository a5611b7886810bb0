/** The coupons feature's public API: other features import it from here only (see docs/architecture.md). */
export { CouponsModule } from './coupons.module';
export { CouponsService } from './coupons.service';
export { StaffCouponSendCheck } from './staff-coupon-send-check';
export { CouponStore } from './coupon.store';
