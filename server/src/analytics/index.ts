/** The analytics feature's public API: other features import it from here only (see docs/architecture.md). */
export { AnalyticsModule } from './analytics.module';
export { SegmentAudienceStore } from './segment-audience.store';
export type { SegmentMember } from './segment-audience.store';
