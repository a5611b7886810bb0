import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { FxRatesModule } from '../fx-rates';
import { IntegrationsModule } from '../integrations';
import { MembersModule } from '../members';
import { PointsModule } from '../points';
import { ProgrammeModule } from '../programme';
import { PurchaseEarningHook } from './purchase-earning.hook';
import { PurchaseHooksModule } from './purchase-hooks';
import { PurchaseIngestService } from './purchase-ingest.service';
import { PurchasesController } from './purchases.controller';
import { RefundIngestService } from './refund-ingest.service';
import { QualifyingStatsService } from './qualifying-stats.service';
import { Purchase, PurchaseSchema, RefundIdRecord, RefundIdRecordSchema } from './schemas/purchase.schema';
import { StuckPurchasesJob } from './stuck-purchases.job';
import { LegacyOrderIndexMigration } from './legacy-order-index.migration';
import { CheckoutModule } from '../checkout';
import { PurchaseStore } from './purchase.store';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Purchase.name, schema: PurchaseSchema },
      { name: RefundIdRecord.name, schema: RefundIdRecordSchema },
    ]),
    CheckoutModule,
    FxRatesModule,
    IntegrationsModule,
    MembersModule,
    PointsModule,
    ProgrammeModule,
    PurchaseHooksModule,
  ],
  controllers: [PurchasesController],
  providers: [
    PurchaseStore,
    PurchaseIngestService,
    RefundIngestService,
    QualifyingStatsService,
    PurchaseEarningHook,
    StuckPurchasesJob,
    LegacyOrderIndexMigration,
  ],
  exports: [PurchaseStore, QualifyingStatsService, PurchaseIngestService, RefundIngestService],
})
export class PurchasesModule {}
