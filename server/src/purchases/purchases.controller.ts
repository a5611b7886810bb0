import { Controller, UseGuards } from '@nestjs/common';
import {
  ingestPurchase,
  ingestRefund,
  type PurchaseIngestRequest,
  type PurchaseIngestResult,
  type RefundRequest,
  type RefundResult,
} from '@memberloop/shared';
import { ContractBody, Endpoint } from '../common/contract';
import { CallingIntegration, IntegrationSignatureGuard } from '../integrations';
import { PurchaseIngestService } from './purchase-ingest.service';
import { RefundIngestService } from './refund-ingest.service';

@Controller()
@UseGuards(IntegrationSignatureGuard)
export class PurchasesController {
  constructor(
    private readonly ingest: PurchaseIngestService,
    private readonly refunds: RefundIngestService,
  ) {}

  @Endpoint(ingestPurchase)
  ingestPurchase(
    @CallingIntegration() integrationId: string,
    @ContractBody() body: PurchaseIngestRequest,
  ): Promise<PurchaseIngestResult> {
    return this.ingest.ingest(integrationId, body);
  }

  @Endpoint(ingestRefund)
  ingestRefund(@CallingIntegration() integrationId: string, @ContractBody() body: RefundRequest): Promise<RefundResult> {
    return this.refunds.ingest(integrationId, body);
  }
}
