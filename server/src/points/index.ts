/** The points feature's public API: other features import it from here only (see docs/architecture.md). */
export { businessDay, businessMonth, businessPeriod, startOfBusinessDay } from './domain/business-day';
export { earnPointsForPurchase, earningForPoints } from './domain/earn-points-for-purchase';
export type { EarningInput } from './domain/earn-points-for-purchase';
export { earningRulesOf } from './domain/earning-rules';
export { pointsExpiryDate } from './domain/points-grants';
export { regionPackMultiplier } from './domain/region-pack-multiplier';
export type { RegionPackEarningRule } from './domain/region-pack-multiplier';
export { applyRefundPlan, planRefund, proRataShare } from './domain/refund-clawback';
export type { LineRefund } from './domain/refund-clawback';
export type { RefundableLine } from './domain/refund-clawback';
export { HQ_ADJUSTMENT_SOURCE, PointsHistoryService, staffEntryOf } from './points-history.service';
export { PointsLedgerService } from './points-ledger.service';
export type { AdjustPoints } from './points-ledger.service';
export { PointsModule } from './points.module';
export { SignInService } from './sign-in/sign-in.service';
export { PointsStore } from './points.store';
