/** The region benefits feature's public API: other features import it from here only (see docs/architecture.md). */
export { MemberRegionBenefitsService } from './member-region-benefits.service';
export { RegionBenefitsModule } from './region-benefits.module';
export { RegionPackGrantsService } from './region-pack-grants.service';
