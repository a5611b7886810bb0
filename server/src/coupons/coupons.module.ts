import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { IntegrationsModule } from '../integrations/integrations.module';
import { Member, MemberSchema } from '../members/schemas/member.schema';
import { NotificationsModule } from '../notifications/notifications.module';
import { PointsModule } from '../points/points.module';
import { ProgrammeModule } from '../programme/programme.module';
import {
  Coupon,
  CouponMemberCount,
  CouponMemberCountSchema,
  CouponOrder,
  CouponOrderSchema,
  CouponSchema,
  CouponTemplate,
  CouponTemplateSchema,
} from './coupon.schema';
import { CouponRedemptionController, CouponsController } from './coupons.controller';
import { CouponJobs } from './coupon-jobs';
import { CouponRefundHook } from './coupon-refund.hook';
import { PurchaseHooksModule } from '../purchases/purchase-hooks';
import { CouponsService } from './coupons.service';
import { StaffCouponSendCheck } from './staff-coupon-send-check';

@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: CouponTemplate.name, schema: CouponTemplateSchema },
      { name: Coupon.name, schema: CouponSchema },
      { name: CouponMemberCount.name, schema: CouponMemberCountSchema },
      { name: CouponOrder.name, schema: CouponOrderSchema },
      { name: Member.name, schema: MemberSchema },
    ]),
    IntegrationsModule,
    NotificationsModule,
    PointsModule,
    ProgrammeModule,
    PurchaseHooksModule,
  ],
  controllers: [CouponsController, CouponRedemptionController],
  providers: [CouponsService, StaffCouponSendCheck, CouponJobs, CouponRefundHook],
  exports: [CouponsService, StaffCouponSendCheck],
})
export class CouponsModule {}
