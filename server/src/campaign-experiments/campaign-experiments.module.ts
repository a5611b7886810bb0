import { Module } from '@nestjs/common';
import { MarketingContactsModule } from '../common/marketing-contacts/marketing-contacts';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { AnalyticsModule } from '../analytics';
import { appConfig } from '../config/app-config';
import { CouponsModule } from '../coupons';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { PointsModule } from '../points';
import { ProgrammeModule } from '../programme';
import { PurchasesModule } from '../purchases';
import { CampaignExperimentStore } from './campaign-experiment.store';
import { CampaignExperimentsController } from './campaign-experiments.controller';
import { CampaignExperimentsService } from './campaign-experiments.service';
import { ExperimentResultsService } from './experiment-results.service';
import { ExperimentRewardService } from './experiment-reward.service';
import {
  CampaignExperiment,
  CampaignExperimentSchema,
  ExperimentAssignment,
  ExperimentAssignmentSchema,
  ExperimentPromotionSend,
  ExperimentPromotionSendSchema,
} from './schemas/campaign-experiment.schema';

/** A/B-tested campaigns on segments: variants, control, stable assignment, one reward per member, results, promotion. */
@Module({
  imports: [
    MarketingContactsModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: CampaignExperiment.name, schema: CampaignExperimentSchema },
      { name: ExperimentAssignment.name, schema: ExperimentAssignmentSchema },
      { name: ExperimentPromotionSend.name, schema: ExperimentPromotionSendSchema },
    ]),
    AnalyticsModule,
    CouponsModule,
    MembersModule,
    NotificationsModule,
    PointsModule,
    ProgrammeModule,
    PurchasesModule,
  ],
  controllers: [CampaignExperimentsController],
  providers: [CampaignExperimentsService, ExperimentResultsService, ExperimentRewardService, CampaignExperimentStore],
  exports: [CampaignExperimentStore],
})
export class CampaignExperimentsModule {}
