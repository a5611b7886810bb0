import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { MembersModule } from '../members/members.module';
import { PointsModule } from '../points/points.module';
import { PurchasesModule } from '../purchases/purchases.module';
import { Purchase, PurchaseSchema } from '../purchases/schemas/purchase.schema';
import { OrderImportService } from './order-import.service';

/**
 * The order import, on top of the purchases feature (whose ingest services it drives). It needs the
 * HistoricalClockModule as the application's clock: see the import and seed contexts.
 */
@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([{ name: Purchase.name, schema: PurchaseSchema }]),
    MembersModule,
    PointsModule,
    PurchasesModule,
  ],
  providers: [OrderImportService],
  exports: [OrderImportService],
})
export class OrderImportModule {}
