import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClockModule } from '../common/clock/clock.module';
import { PersonalDataModule } from '../common/crypto/personal-data.module';
import { appConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { JobRegistryModule } from '../jobs/job-registry';
import { MembersModule } from '../members';
import { PurchaseHooksModule } from '../purchases';
import { StaffModule } from './staff.module';

/** What `npm run hq` boots: configuration, the database, members and staff roles; no HTTP, no jobs run. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
    ClockModule,
    PersonalDataModule,
    DatabaseModule,
    JobRegistryModule,
    PurchaseHooksModule,
    MembersModule,
    StaffModule,
  ],
})
export class HqCommandModule {}
