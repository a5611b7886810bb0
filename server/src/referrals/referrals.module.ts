import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { CouponsModule } from '../coupons';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { PointsModule } from '../points';
import { PurchasesModule } from '../purchases';
import { WechatModule } from '../wechat/wechat.module';
import { ReferralPayoutsService } from './referral-payouts.service';
import { ReferralProgrammeService } from './referral-programme.service';
import {
  Referral,
  ReferralCode,
  ReferralCodeSchema,
  ReferralProgrammeSettings,
  ReferralProgrammeSettingsSchema,
  ReferralQuota,
  ReferralQuotaSchema,
  ReferralSchema,
} from './referral.schema';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';
import { ReferralPurchaseHook } from './referral-purchase.hook';
import { PurchaseHooksModule } from '../purchases';
import { ProgrammeModule } from '../programme';
import { JobRegistryModule } from '../jobs/job-registry';

@Module({
  imports: [
    JobRegistryModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: ReferralCode.name, schema: ReferralCodeSchema },
      { name: Referral.name, schema: ReferralSchema },
      { name: ReferralProgrammeSettings.name, schema: ReferralProgrammeSettingsSchema },
      { name: ReferralQuota.name, schema: ReferralQuotaSchema },
    ]),
    CouponsModule,
    MembersModule,
    NotificationsModule,
    PointsModule,
    WechatModule,
    ProgrammeModule,
    PurchaseHooksModule,
    PurchasesModule,
  ],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferralPayoutsService, ReferralProgrammeService, ReferralPurchaseHook],
  exports: [ReferralsService, ReferralPayoutsService],
})
export class ReferralsModule {}
