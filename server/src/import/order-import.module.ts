import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from '../config/app-config';
import { MembersModule } from '../members';
import { PointsModule } from '../points';
import { PurchasesModule } from '../purchases';
import { CouponsModule } from '../coupons';
import { ReferralsModule } from '../referrals';
import { TasksModule } from '../tasks';
import { TiersModule } from '../tiers';
import { OrderImportService } from './order-import.service';

/**
 * The order import, on top of the purchases feature (whose ingest services it drives) and the features whose
 * purchase hooks an imported order runs, as a live one does (tiers, tasks, referrals, coupons). It needs the
 * HistoricalClockModule as the application's clock: see the import and seed contexts.
 */
@Module({
  imports: [
    ConfigModule.forFeature(appConfig),
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
