import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { CatalogueStoreModule } from '../catalogue';
import { IntegrationsModule } from '../integrations';
import { MembersModule } from '../members';
import { NotificationsModule } from '../notifications';
import { PointsModule } from '../points';
import { ProgrammeModule } from '../programme';
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
import { CouponTemplatesController } from './coupon-templates.controller';
import { CouponTemplatesService } from './coupon-templates.service';
import { CouponJobs } from './coupon-jobs';
import { CouponRefundHook } from './coupon-refund.hook';
import { PurchaseHooksModule } from '../purchases';
import { CouponsService } from './coupons.service';
import { StaffCouponSendCheck } from './staff-coupon-send-check';
import { JobRegistryModule } from '../jobs/job-registry';
import { CouponStore } from './coupon.store';

@Module({
  imports: [
    JobRegistryModule,
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([
      { name: CouponTemplate.name, schema: CouponTemplateSchema },
      { name: Coupon.name, schema: CouponSchema },
      { name: CouponMemberCount.name, schema: CouponMemberCountSchema },
      { name: CouponOrder.name, schema: CouponOrderSchema },
    ]),
    CatalogueStoreModule,
    IntegrationsModule,
    MembersModule,
    NotificationsModule,
    PointsModule,
    ProgrammeModule,
    PurchaseHooksModule,
  ],
  controllers: [CouponsController, CouponTemplatesController, CouponRedemptionController],
  providers: [CouponStore, CouponsService, CouponTemplatesService, StaffCouponSendCheck, CouponJobs, CouponRefundHook],
  exports: [CouponStore, CouponsService, StaffCouponSendCheck],
})
export class CouponsModule {}
