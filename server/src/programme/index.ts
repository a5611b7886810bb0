/** The programme feature's public API: other features import it from here only (see docs/architecture.md). */
export { addMonths, DEFAULT_TIER_POLICY, initialStanding, ordered, rankOf } from './domain/tier-policy';
export type { DowngradePolicy, TierPolicy, TierStanding } from './domain/tier-policy';
export { ProgrammePolicy } from './programme-policy.service';
export { ProgrammeModule } from './programme.module';
