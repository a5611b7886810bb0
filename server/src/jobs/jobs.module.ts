import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { CheckoutModule } from '../checkout/checkout.module';
import { CouponsModule } from '../coupons/coupons.module';
import { appConfig } from '../config/app-config';
import { Member, MemberSchema } from '../members/schemas/member.schema';
import { NotificationsModule } from '../notifications/notifications.module';
import { PointsModule } from '../points/points.module';
import { PurchasesModule } from '../purchases/purchases.module';
import { TiersModule } from '../tiers/tiers.module';
import { JobRegistryModule } from './job-registry';
import { JobRunner } from './job-runner.service';
import { JobScheduler } from './job-scheduler.service';
import { JobRun, JobRunSchema } from './schemas/job-run.schema';
import { TierRequalificationJob } from './tier-requalification.job';

@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: JobRun.name, schema: JobRunSchema },
      { name: Member.name, schema: MemberSchema },
    ]),
    JobRegistryModule,
    CheckoutModule,
    CouponsModule,
    NotificationsModule,
    PointsModule,
    PurchasesModule,
    TiersModule,
  ],
  providers: [JobRunner, JobScheduler, TierRequalificationJob],
  exports: [JobScheduler],
})
export class JobsModule {}
