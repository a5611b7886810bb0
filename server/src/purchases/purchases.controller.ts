import { Controller, UseGuards } from '@nestjs/common';
import { ingestPurchase, type PurchaseIngestRequest, type PurchaseIngestResult } from '@memberloop/shared';
import { ContractBody, Endpoint } from '../common/contract';
import { CallingIntegration, IntegrationSignatureGuard } from '../integrations/integration-signature.guard';
import { PurchaseIngestService } from './purchase-ingest.service';

@Controller()
@UseGuards(IntegrationSignatureGuard)
export class PurchasesController {
  constructor(private readonly ingest: PurchaseIngestService) {}

  @Endpoint(ingestPurchase)
  ingestPurchase(
    @CallingIntegration() integrationId: string,
    @ContractBody() body: PurchaseIngestRequest,
  ): Promise<PurchaseIngestResult> {
    return this.ingest.ingest(integrationId, body);
  }
}
