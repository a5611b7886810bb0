import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { CouponsModule } from '../coupons';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { PointsModule } from '../points';
import { AssistCampaign, AssistCampaignSchema, AssistTask, AssistTaskSchema } from './assist.schema';
import { AssistsController } from './assists.controller';
import { AssistsService } from './assists.service';
import { JobRegistryModule } from '../jobs/job-registry';
import { ProgrammeModule } from '../programme';

@Module({
  imports: [
    ProgrammeModule,
    JobRegistryModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: AssistCampaign.name, schema: AssistCampaignSchema },
      { name: AssistTask.name, schema: AssistTaskSchema },
    ]),
    CouponsModule,
    MembersModule,
    NotificationsModule,
    PointsModule,
  ],
  controllers: [AssistsController],
  providers: [AssistsService],
  exports: [AssistsService],
})
export class AssistsModule {}
