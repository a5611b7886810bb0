import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { IntegrationsModule } from '../integrations';
import { FxRateStore } from './fx-rate.store';
import { FxRatesController, FxRatesFeedController } from './fx-rates.controller';
import { FxRateRecord, FxRateSchema } from './schemas/fx-rate.schema';

/** Exchange rates for purchases in other currencies (cross-border points). */
@Module({
  imports: [MongooseModule.forFeature([{ name: FxRateRecord.name, schema: FxRateSchema }]), IntegrationsModule],
  controllers: [FxRatesController, FxRatesFeedController],
  providers: [FxRateStore],
  exports: [FxRateStore],
})
export class FxRatesModule {}
