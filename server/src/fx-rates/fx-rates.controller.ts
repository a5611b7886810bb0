import { Controller, UseGuards } from '@nestjs/common';
import {
  listFxRates,
  pushFxRates,
  uploadFxRates,
  type FxRate,
  type FxRatesUpload,
  type FxRatesUploadResult,
} from '@memberloop/shared';
import { ContractBody, ContractQuery, Endpoint } from '../common/contract';
import { CallingIntegration, IntegrationSignatureGuard } from '../integrations';
import { FxRateStore } from './fx-rate.store';

/** HQ's exchange-rate table. */
@Controller()
export class FxRatesController {
  constructor(private readonly rates: FxRateStore) {}

  @Endpoint(uploadFxRates)
  upload(@ContractBody() body: FxRatesUpload): Promise<FxRatesUploadResult> {
    return this.rates.upload('hq', body);
  }

  @Endpoint(listFxRates)
  async list(@ContractQuery() query: { currency?: string }): Promise<{ rates: FxRate[] }> {
    return { rates: await this.rates.list(query.currency) };
  }
}

/** A rates feed pushing the table, signed like purchases. */
@Controller()
@UseGuards(IntegrationSignatureGuard)
export class FxRatesFeedController {
  constructor(private readonly rates: FxRateStore) {}

  @Endpoint(pushFxRates)
  push(@CallingIntegration() integrationId: string, @ContractBody() body: FxRatesUpload): Promise<FxRatesUploadResult> {
    return this.rates.upload(`integration:${integrationId}`, body);
  }
}
