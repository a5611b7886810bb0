import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { appConfig } from '../config/app-config';
import { NotificationsModule } from '../notifications';
import { PointsJobs } from './points-jobs';
import { PointsExpiryRemindersService } from './points-expiry-reminders.service';
import { PointsLedgerService } from './points-ledger.service';
import { PointsHistoryService } from './points-history.service';
import { SignInService } from './sign-in/sign-in.service';
import { SignInDay, SignInDaySchema } from './sign-in/sign-in-day.schema';
import { PointsAccount, PointsAccountSchema } from './schemas/points-account.schema';
import { PointsEntry, PointsEntrySchema } from './schemas/points-entry.schema';
import { PointsLot, PointsLotSchema } from './schemas/points-lot.schema';
import { ProgrammeModule } from '../programme';
import { JobRegistryModule } from '../jobs/job-registry';
import { PointsStore } from './points.store';

@Module({
  imports: [
    JobRegistryModule,
    ProgrammeModule,
    ConfigModule.forFeature(appConfig),
    NotificationsModule,
    MongooseModule.forFeature([
      { name: PointsEntry.name, schema: PointsEntrySchema },
      { name: PointsLot.name, schema: PointsLotSchema },
      { name: PointsAccount.name, schema: PointsAccountSchema },
      { name: SignInDay.name, schema: SignInDaySchema },
    ]),
  ],
  providers: [PointsStore, PointsLedgerService, PointsHistoryService, SignInService, PointsExpiryRemindersService, PointsJobs],
  exports: [PointsStore, PointsLedgerService, PointsHistoryService, SignInService, PointsExpiryRemindersService],
})
export class PointsModule {}
