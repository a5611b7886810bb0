/** The paid membership feature's public API: other features import it from here only (see docs/architecture.md). */
export { PaidMembershipModule } from './paid-membership.module';
export { PaidMembershipStore } from './paid-membership.store';
