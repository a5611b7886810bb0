import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { CouponsModule } from '../coupons';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { ProgrammeModule } from '../programme';
import { PurchaseHooksModule } from '../purchases';
import { PurchasesModule } from '../purchases';
import { TierChangeRecord, TierChangeRecordSchema } from './schemas/tier-change.schema';
import { TierLadderChanges } from './tier-ladder-changes.service';
import { TierPurchaseHook } from './tier-purchase.hook';
import { TierRequalificationJob } from './tier-requalification.job';
import { TierStandingService } from './tier-standing.service';
import { TiersController } from './tiers.controller';
import { JobRegistryModule } from '../jobs/job-registry';
import { TierHistoryStore } from './tier-history.store';

@Module({
  imports: [
    JobRegistryModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([{ name: TierChangeRecord.name, schema: TierChangeRecordSchema }]),
    CouponsModule,
    MembersModule,
    NotificationsModule,
    ProgrammeModule,
    PurchaseHooksModule,
    PurchasesModule,
  ],
  controllers: [TiersController],
  providers: [TierHistoryStore, TierStandingService, TierLadderChanges, TierPurchaseHook, TierRequalificationJob],
  exports: [TierHistoryStore, TierStandingService, TierLadderChanges],
})
export class TiersModule {}
