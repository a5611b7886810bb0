import { Module } from '@nestjs/common';
import { MarketingContactsModule } from '../common/marketing-contacts/marketing-contacts';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { CatalogueStoreModule } from '../catalogue';
import { CouponsModule } from '../coupons';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { PointsModule } from '../points';
import { PurchasesModule } from '../purchases';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsJobs } from './analytics-jobs';
import { AnalyticsSettingsService } from './analytics-settings.service';
import { AnalyticsStateStore } from './analytics-state.store';
import { DashboardService } from './dashboard.service';
import { MetricsService } from './metrics.service';
import { MigrationService } from './migration.service';
import { ProfileRecomputeService } from './profile-recompute.service';
import { RecomputeRunsService } from './recompute-runs.service';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';
import {
  AnalyticsState,
  AnalyticsStateSchema,
  MemberDistribution,
  MemberDistributionSchema,
  MonthlySales,
  MonthlySalesSchema,
  StageSnapshotChunk,
  StageSnapshotChunkSchema,
  StageSnapshotDay,
  StageSnapshotDaySchema,
} from './schemas/analytics-state.schema';
import { MemberProfile, MemberProfileSchema } from './schemas/member-profile.schema';
import { RecomputeLock, RecomputeLockSchema, RecomputeRun, RecomputeRunSchema } from './schemas/recompute-run.schema';
import { ItemNeighbours, ItemNeighboursSchema, MemberPicks, MemberPicksSchema } from './schemas/recommendations.schema';
import { WinbackContact, WinbackContactSchema, WinbackRule, WinbackRuleSchema } from './schemas/winback.schema';
import { SegmentAudienceStore } from './segment-audience.store';
import { StageSnapshotsService } from './stage-snapshots.service';
import { WinbackService } from './winback.service';
import { JobRegistryModule } from '../jobs/job-registry';

import { SegmentCouponSend, SegmentCouponSendSchema, SegmentCouponSendsService } from './segment-coupon-sends.service';

@Module({
  imports: [
    MarketingContactsModule,
    JobRegistryModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: MemberProfile.name, schema: MemberProfileSchema },
      { name: AnalyticsState.name, schema: AnalyticsStateSchema },
      { name: MemberDistribution.name, schema: MemberDistributionSchema },
      { name: MonthlySales.name, schema: MonthlySalesSchema },
      { name: StageSnapshotChunk.name, schema: StageSnapshotChunkSchema },
      { name: StageSnapshotDay.name, schema: StageSnapshotDaySchema },
      { name: WinbackRule.name, schema: WinbackRuleSchema },
      { name: WinbackContact.name, schema: WinbackContactSchema },
      { name: ItemNeighbours.name, schema: ItemNeighboursSchema },
      { name: MemberPicks.name, schema: MemberPicksSchema },
      { name: SegmentCouponSend.name, schema: SegmentCouponSendSchema },
      { name: RecomputeRun.name, schema: RecomputeRunSchema },
      { name: RecomputeLock.name, schema: RecomputeLockSchema },
    ]),
    // The features whose collections the analytics read, through their stores.
    CatalogueStoreModule,
    CouponsModule,
    MembersModule,
    PointsModule,
    PurchasesModule,
    NotificationsModule,
  ],
  controllers: [AnalyticsController, RecommendationsController],
  providers: [
    AnalyticsStateStore,
    AnalyticsSettingsService,
    StageSnapshotsService,
    ProfileRecomputeService,
    RecomputeRunsService,
    DashboardService,
    MetricsService,
    MigrationService,
    WinbackService,
    RecommendationsService,
    AnalyticsJobs,
    SegmentCouponSendsService,
    SegmentAudienceStore,
  ],
  exports: [ProfileRecomputeService, RecommendationsService, WinbackService, SegmentAudienceStore],
})
export class AnalyticsModule {}
