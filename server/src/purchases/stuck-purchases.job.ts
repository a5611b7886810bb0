import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { PurchaseIngestService } from './purchase-ingest.service';
import { RefundIngestService } from './refund-ingest.service';

/**
 * Finishes what a crash left half done on the money path: purchases recorded but not applied ('received') and
 * refunds claimed but not applied, a couple of minutes after they were left. Every step they run is idempotent,
 * so two servers running this at once, or a client's retry arriving meanwhile, changes nothing twice.
 */
@Injectable()
export class StuckPurchasesJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly purchases: PurchaseIngestService,
    private readonly refunds: RefundIngestService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'stuck-purchases', period: 'minute', leaseMs: 5 * 60_000, work: () => this.run() });
  }

  async run(): Promise<Record<string, number>> {
    const purchases = await this.purchases.finishStuck();
    const refunds = await this.refunds.finishStuck();
    return {
      purchasesFinished: purchases.finished,
      purchasesFailed: purchases.failed,
      refundsFinished: refunds.finished,
      refundsFailed: refunds.failed,
    };
  }
}
