import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { CouponsService } from './coupons.service';

/** Reminds members, once a day, of coupons about to expire. */
@Injectable()
export class CouponJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly coupons: CouponsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'coupon-expiry-reminders',
      period: 'day',
      leaseMs: 30 * 60_000,
      work: () => this.coupons.remindExpiring(),
    });
  }
}
