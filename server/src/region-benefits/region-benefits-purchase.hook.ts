import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PURCHASE_HOOK_ORDER, PurchaseHooks, type PurchaseEvent } from '../purchases';
import { StoreDirectory } from '../stores';
import { TierStandingService } from '../tiers';
import { RegionPackGrantsService } from './region-pack-grants.service';
import { RegionPackMultipliers } from './region-pack-multipliers';

/**
 * After the tier hook: a purchase that lifted the member to a tier grants the region packs of the member's region
 * that tier is for, once per member, pack and tier (like the tier's own upgrade gift bundle). Only an upgrade
 * grants: a member who merely changes the region on their profile gets nothing until they reach a tier there (the
 * members holding a tier when a pack is published get it from the backfill job).
 */
@Injectable()
export class RegionBenefitsPurchaseHook implements OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly grants: RegionPackGrantsService,
    private readonly standing: TierStandingService,
    private readonly multipliers: RegionPackMultipliers,
    private readonly stores: StoreDirectory,
  ) {}

  onModuleInit(): void {
    // Before the earning: the extra points of the packs running when the purchase was paid (from memory, no read).
    this.hooks.register({
      name: 'region-pack-multiplier',
      order: PURCHASE_HOOK_ORDER.regionPackMultiplier,
      afterPurchase: async (event) => {
        // Judged in the store's region when the directory knows the store (a 香港 member's purchase in 上海 earns no
        // 港澳 extra); the member's own region otherwise.
        const { storeCode, paidAt } = event.purchase;
        const storeRegion = storeCode ? this.stores.regionOf(storeCode) : undefined;
        const multiplier = this.multipliers.multiplierAt(event.member, paidAt, storeRegion);
        if (multiplier > 1) event.regionPackMultiplier = multiplier;
      },
    });
    this.hooks.register({
      name: 'region-benefits',
      // After the tier (it decides the upgrade), before the tasks.
      order: PURCHASE_HOOK_ORDER.tier + 50,
      afterPurchase: (event) => this.afterPurchase(event),
    });
  }

  async afterPurchase(event: PurchaseEvent): Promise<void> {
    const { member, purchase, fresh } = event;
    if (!member.region) return;
    // Lifted by this run, or by an earlier run of this purchase that did not finish (a crash, a concurrent retry):
    // the grant is keyed, so finishing it twice grants once. A purchase this call has just recorded had no earlier run.
    const upgradedTo = event.tier?.upgradedFrom
      ? event.tier.code
      : fresh
        ? undefined
        : await this.standing.upgradeCausedBy(member._id, purchase._id);
    if (upgradedTo) await this.grants.afterUpgrade(member, upgradedTo);
  }
}
