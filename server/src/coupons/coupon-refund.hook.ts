import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PURCHASE_HOOK_ORDER, PurchaseHooks, type RefundEvent } from '../purchases';
import { CouponsService } from './coupons.service';

/** A fully refunded order gives back the coupons used on it, while they are still valid. */
@Injectable()
export class CouponRefundHook implements OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly coupons: CouponsService,
  ) {}

  onModuleInit(): void {
    this.hooks.register({ name: 'coupons', order: PURCHASE_HOOK_ORDER.coupons, afterRefund: (event) => this.afterRefund(event) });
  }

  async afterRefund({ purchase, fullyRefunded }: RefundEvent): Promise<void> {
    if (fullyRefunded) await this.coupons.returnForOrder(purchase.integrationId, purchase.orderId);
  }
}
