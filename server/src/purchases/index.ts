/** The purchases feature's public API: other features import it from here only (see docs/architecture.md). */
export { PURCHASE_HOOK_ORDER, PurchaseHooks, PurchaseHooksModule, withThisPurchase } from './purchase-hooks';
export type { PurchaseEvent, RefundEvent } from './purchase-hooks';
export { PurchaseIngestService } from './purchase-ingest.service';
export { PurchasesModule } from './purchases.module';
export { QualifyingStatsService } from './qualifying-stats.service';
export { RefundIngestService } from './refund-ingest.service';
export { PurchaseStore } from './purchase.store';
export type { PurchaseBasket, PurchaseSummary, RecentPurchase } from './purchase.store';
