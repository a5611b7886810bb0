/** The communities feature's public API: other features import it from here only (see docs/architecture.md). */
export { ActivitiesService } from './activities.service';
export { ActivitySignUpsService } from './activity-sign-ups.service';
export { CommunitiesModule } from './communities.module';
export { CommunitiesService } from './communities.service';
export { CommunityAnnouncementsService } from './community-announcements.service';
export { CommunityCouponSendsService } from './community-coupon-sends.service';
export { CommunityMemberships } from './community-memberships.service';
