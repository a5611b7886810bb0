import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PURCHASE_HOOK_ORDER, PurchaseHooks, type PurchaseEvent } from '../purchases';
import { TasksService } from './tasks.service';

/** Pays the monthly tasks a purchase completes (once per member, task and month). */
@Injectable()
export class TasksPurchaseHook implements OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly tasks: TasksService,
  ) {}

  onModuleInit(): void {
    this.hooks.register({ name: 'tasks', order: PURCHASE_HOOK_ORDER.tasks, afterPurchase: (event) => this.afterPurchase(event) });
  }

  async afterPurchase(event: PurchaseEvent): Promise<void> {
    const { purchase, member, around } = event;
    // This purchase counts for its month's tasks unless refunded in full since it was recorded.
    const countsThisMonth = purchase.refundedFen < purchase.totalFen ? 1 : 0;
    const completed = await this.tasks.afterPurchase(member._id, purchase.paidAt, around.othersInMonth + countsThisMonth);
    if (completed.length > 0) event.balanceStale = true;
  }
}
