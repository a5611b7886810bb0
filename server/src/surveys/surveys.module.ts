import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { AnalyticsModule } from '../analytics';
import { appConfig } from '../config/app-config';
import { JobRegistryModule } from '../jobs/job-registry';
import { MembersModule } from '../members';
import { PointsModule } from '../points';
import { ProgrammeModule } from '../programme';
import { PurchasesModule } from '../purchases';
import { ServiceTicketsModule } from '../service-tickets';
import { MemberSurveysService } from './member-surveys.service';
import {
  Survey,
  SurveyInvitation,
  SurveyInvitationSchema,
  SurveyResponse,
  SurveyResponseSchema,
  SurveySchema,
} from './schemas/survey.schema';
import { SurveyInvitationsJob } from './survey-invitations.job';
import { MemberSurveysController, SurveysController } from './surveys.controller';
import { SurveysService } from './surveys.service';

/** Satisfaction surveys and NPS: HQ's surveys and results, the members' invitations and answers, the invitations job. */
@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: Survey.name, schema: SurveySchema },
      { name: SurveyInvitation.name, schema: SurveyInvitationSchema },
      { name: SurveyResponse.name, schema: SurveyResponseSchema },
    ]),
    AnalyticsModule,
    JobRegistryModule,
    MembersModule,
    PointsModule,
    ProgrammeModule,
    PurchasesModule,
    ServiceTicketsModule,
  ],
  controllers: [SurveysController, MemberSurveysController],
  providers: [SurveysService, MemberSurveysService, SurveyInvitationsJob],
})
export class SurveysModule {}
