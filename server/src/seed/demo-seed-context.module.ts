import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { PersonalDataModule } from '../common/crypto/personal-data.module';
import { appConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { HistoricalClockModule } from '../import';
import { DemoSeedModule } from './demo-seed.module';

/** What `npm run seed` boots: configuration, the database and the seed, on the historical clock; no HTTP. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
    HistoricalClockModule,
    PersonalDataModule,
    DatabaseModule,
    DemoSeedModule,
  ],
})
export class DemoSeedContextModule {}
