import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { PersonalDataModule } from '../common/crypto/personal-data.module';
import { appConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { HistoricalClockModule } from './historical-clock';
import { OrderImportModule } from './order-import.module';

/** What `npm run import:orders` boots: configuration, the database and the import, on the historical clock; no HTTP. */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [appConfig] }),
    HistoricalClockModule,
    PersonalDataModule,
    DatabaseModule,
    OrderImportModule,
  ],
})
export class OrderImportContextModule {}
