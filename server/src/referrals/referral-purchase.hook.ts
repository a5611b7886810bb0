import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PURCHASE_HOOK_ORDER, PurchaseHooks, type PurchaseEvent } from '../purchases';
import { ReferralPayoutsService } from './referral-payouts.service';

/** A referee's first qualifying purchase makes their inviter's reward come due (paid later by the payouts job). */
@Injectable()
export class ReferralPurchaseHook implements OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly payouts: ReferralPayoutsService,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      name: 'referral',
      order: PURCHASE_HOOK_ORDER.referral,
      afterPurchase: (event) => this.afterPurchase(event),
    });
  }

  async afterPurchase({ member, purchase }: PurchaseEvent): Promise<void> {
    // Only a member who came through an invitation can have a first-purchase reward waiting.
    if (member.referredBy) await this.payouts.notePurchase(member._id, purchase);
  }
}
