import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { CouponsModule } from '../coupons/coupons.module';
import { Member, MemberSchema } from '../members/schemas/member.schema';
import { MembersModule } from '../members/members.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProgrammeModule } from '../programme/programme.module';
import { PurchaseHooksModule } from '../purchases/purchase-hooks';
import { PurchasesModule } from '../purchases/purchases.module';
import { TierChangeRecord, TierChangeRecordSchema } from './schemas/tier-change.schema';
import { TierLadderChanges } from './tier-ladder-changes.service';
import { TierPurchaseHook } from './tier-purchase.hook';
import { TierRequalificationJob } from './tier-requalification.job';
import { TierStandingService } from './tier-standing.service';
import { TiersController } from './tiers.controller';

@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: Member.name, schema: MemberSchema },
      { name: TierChangeRecord.name, schema: TierChangeRecordSchema },
    ]),
    CouponsModule,
    MembersModule,
    NotificationsModule,
    ProgrammeModule,
    PurchaseHooksModule,
    PurchasesModule,
  ],
  controllers: [TiersController],
  providers: [TierStandingService, TierLadderChanges, TierPurchaseHook, TierRequalificationJob],
  exports: [TierStandingService, TierLadderChanges],
})
export class TiersModule {}
