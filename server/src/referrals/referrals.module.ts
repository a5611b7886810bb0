import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { Coupon, CouponSchema, CouponTemplate, CouponTemplateSchema } from '../coupons';
import { CouponsModule } from '../coupons';
import { Member, MemberSchema } from '../members';
import { NotificationsModule } from '../notifications';
import { PointsModule } from '../points';
import { Purchase, PurchaseSchema } from '../purchases';
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
      { name: Member.name, schema: MemberSchema },
      { name: Purchase.name, schema: PurchaseSchema },
      { name: Coupon.name, schema: CouponSchema },
      { name: CouponTemplate.name, schema: CouponTemplateSchema },
    ]),
    CouponsModule,
    NotificationsModule,
    PointsModule,
    WechatModule,
    ProgrammeModule,
    PurchaseHooksModule,
  ],
  controllers: [ReferralsController],
  providers: [ReferralsService, ReferralPayoutsService, ReferralProgrammeService, ReferralPurchaseHook],
  exports: [ReferralsService, ReferralPayoutsService],
})
export class ReferralsModule {}
