import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CouponsModule } from '../coupons/coupons.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { MembersModule } from '../members/members.module';
import { PointsModule } from '../points/points.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { TasksModule } from '../tasks/tasks.module';
import { TiersModule } from '../tiers/tiers.module';
import { PurchaseIngestService } from './purchase-ingest.service';
import { PurchasesController } from './purchases.controller';
import { RefundIngestService } from './refund-ingest.service';
import { QualifyingStatsService } from './qualifying-stats.service';
import { Purchase, PurchaseSchema, RefundIdRecord, RefundIdRecordSchema } from './schemas/purchase.schema';
import { StuckPurchasesJob } from './stuck-purchases.job';
import { LegacyOrderIndexMigration } from './legacy-order-index.migration';
import { CheckoutModule } from '../checkout/checkout.module';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Purchase.name, schema: PurchaseSchema },
      { name: RefundIdRecord.name, schema: RefundIdRecordSchema },
    ]),
    CheckoutModule,
    CouponsModule,
    IntegrationsModule,
    MembersModule,
    PointsModule,
    TasksModule,
    ReferralsModule,
    TiersModule,
  ],
  controllers: [PurchasesController],
  providers: [PurchaseIngestService, RefundIngestService, QualifyingStatsService, StuckPurchasesJob, LegacyOrderIndexMigration],
  exports: [QualifyingStatsService, PurchaseIngestService, RefundIngestService],
})
export class PurchasesModule {}
