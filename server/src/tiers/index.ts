/** The tiers feature's public API: other features import it from here only (see docs/architecture.md). */
export { TierLadderChanges } from './tier-ladder-changes.service';
export { TierStandingService } from './tier-standing.service';
export { TiersModule } from './tiers.module';
export { TierHistoryStore } from './tier-history.store';
