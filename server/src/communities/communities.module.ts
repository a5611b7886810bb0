import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { StaffModule } from '../staff';
import { appConfig } from '../config/app-config';
import { CouponsModule } from '../coupons';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { PointsModule } from '../points';
import { PurchasesModule } from '../purchases';
import { TiersModule } from '../tiers';
import { AuditModule } from '../audit';
import { ActivitiesController } from './activities.controller';
import { ActivitiesService } from './activities.service';
import { ActivityCheckInService } from './activity-check-in.service';
import { ActivityCoversService } from './activity-covers.service';
import { ActivityNotices } from './activity-notices.service';
import { ActivitySeats } from './activity-seats.service';
import { ActivitySignUpsService } from './activity-sign-ups.service';
import { ActivityViews } from './activity-views.service';
import { CommunitiesController } from './communities.controller';
import { CommunitiesPendingWorkJob } from './communities-pending-work.job';
import { CommunitiesService } from './communities.service';
import { CommunityAnnouncementsService } from './community-announcements.service';
import { CommunityCollections } from './community-collections';
import { CommunityCouponSendsService } from './community-coupon-sends.service';
import { CommunityFiguresService } from './community-figures.service';
import { CommunityMembersService } from './community-members.service';
import { CommunityMemberships } from './community-memberships.service';
import { CommunityScope } from './community-scope.service';
import { Activity, ActivitySchema } from './schemas/activity.schema';
import { ActivitySignUp, ActivitySignUpSchema } from './schemas/activity-sign-up.schema';
import { CommunityAnnouncement, CommunityAnnouncementSchema } from './schemas/announcement.schema';
import { CommunityCouponSend, CommunityCouponSendSchema } from './schemas/community-coupon-send.schema';
import { CommunityMembership, CommunityMembershipSchema } from './schemas/community-membership.schema';
import { Community, CommunitySchema } from './schemas/community.schema';
import { StaffActivitiesController } from './staff-activities.controller';
import { StaffCommunitiesController } from './staff-communities.controller';
import { JobRegistryModule } from '../jobs/job-registry';
import { ProgrammeModule } from '../programme';

/**
 * Member communities: communities and their managers, activities with sign-ups, waitlist and check-in,
 * announcements, coupon sends, figures, and the staff audit log (its own module, for other features too).
 */
@Module({
  imports: [
    ProgrammeModule,
    JobRegistryModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: Community.name, schema: CommunitySchema },
      { name: CommunityMembership.name, schema: CommunityMembershipSchema },
      { name: Activity.name, schema: ActivitySchema },
      { name: ActivitySignUp.name, schema: ActivitySignUpSchema },
      { name: CommunityAnnouncement.name, schema: CommunityAnnouncementSchema },
      { name: CommunityCouponSend.name, schema: CommunityCouponSendSchema },
    ]),
    AuditModule,
    StaffModule,
    MembersModule,
    PurchasesModule,
    TiersModule,
    PointsModule,
    NotificationsModule,
    CouponsModule,
  ],
  controllers: [CommunitiesController, ActivitiesController, StaffCommunitiesController, StaffActivitiesController],
  providers: [
    CommunityCollections,
    CommunityScope,
    CommunityMemberships,
    CommunitiesService,
    CommunityMembersService,
    ActivitySeats,
    ActivityViews,
    ActivityNotices,
    ActivitiesService,
    ActivityCoversService,
    ActivitySignUpsService,
    ActivityCheckInService,
    CommunityAnnouncementsService,
    CommunityCouponSendsService,
    CommunityFiguresService,
    CommunitiesPendingWorkJob,
  ],
  exports: [AuditModule, CommunitiesService, CommunityMemberships, ActivitiesService, ActivitySignUpsService],
})
export class CommunitiesModule {}
