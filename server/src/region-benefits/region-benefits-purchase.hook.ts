import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PURCHASE_HOOK_ORDER, PurchaseHooks, type PurchaseEvent } from '../purchases';
import { RegionPackGrantsService } from './region-pack-grants.service';

/**
 * After the tier hook: the region packs the tier the member now holds is for (the one a purchase just lifted them
 * to, or one they held before a pack was published and the backfill has not reached yet), granted once per tier.
 */
@Injectable()
export class RegionBenefitsPurchaseHook implements OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly grants: RegionPackGrantsService,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      name: 'region-benefits',
      // After the tier (it decides the tier held), before the tasks.
      order: PURCHASE_HOOK_ORDER.tier + 50,
      afterPurchase: (event) => this.afterPurchase(event),
    });
  }

  async afterPurchase(event: PurchaseEvent): Promise<void> {
    await this.grants.afterPurchase(event.member, event.tier?.code ?? event.member.tier.code);
  }
}
