import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PURCHASE_HOOK_ORDER, PurchaseHooks, type PurchaseEvent } from '../purchases';
import { PaidMembershipStore } from './paid-membership.store';

/**
 * Before the earning: the extra multiplier of the paid membership that was active when the purchase was paid. The
 * earning hook applies it with the tier's in the one ledger entry of the purchase, so the extra points share its
 * idempotency key, its caps and its refund clawback.
 */
@Injectable()
export class PaidMembershipEarningHook implements OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly store: PaidMembershipStore,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      name: 'paid-membership',
      order: PURCHASE_HOOK_ORDER.paidMembership,
      afterPurchase: (event) => this.boost(event),
    });
  }

  async boost(event: PurchaseEvent): Promise<void> {
    // A member who never paid, or a purchase paid after every term they bought: no read on the hot path.
    const until = event.member.paidMembershipUntil;
    if (!until || until.getTime() <= event.purchase.paidAt.getTime()) return;
    const multiplier = await this.store.pointsMultiplierAt(event.member._id, event.purchase.paidAt);
    if (multiplier > 1) event.paidMembershipMultiplier = multiplier;
  }
}
