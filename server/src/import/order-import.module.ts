import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { MembersModule } from '../members/members.module';
import { PointsModule } from '../points/points.module';
import { PurchasesModule } from '../purchases/purchases.module';
import { CouponsModule } from '../coupons/coupons.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { TasksModule } from '../tasks/tasks.module';
import { TiersModule } from '../tiers/tiers.module';
import { Purchase, PurchaseSchema } from '../purchases/schemas/purchase.schema';
import { OrderImportService } from './order-import.service';

/**
 * The order import, on top of the purchases feature (whose ingest services it drives) and the features whose
 * purchase hooks an imported order runs, as a live one does (tiers, tasks, referrals, coupons). It needs the
 * HistoricalClockModule as the application's clock: see the import and seed contexts.
 */
@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
    MongooseModule.forFeature([{ name: Purchase.name, schema: PurchaseSchema }]),
    MembersModule,
    PointsModule,
    PurchasesModule,
    CouponsModule,
    ReferralsModule,
    TasksModule,
    TiersModule,
  ],
  providers: [OrderImportService],
  exports: [OrderImportService],
})
export class OrderImportModule {}
