/** The member-merge feature's public API: other features import it from here only (see docs/architecture.md). */
export { MemberMergeModule } from './member-merge.module';
