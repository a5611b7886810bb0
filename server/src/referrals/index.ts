/** The referrals feature's public API: other features import it from here only (see docs/architecture.md). */
export { ReferralsModule } from './referrals.module';
export { ReferralsService } from './referrals.service';
