import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { JobRegistry } from '../jobs/job-registry';
import { ActivityCheckInService } from './activity-check-in.service';
import { ActivityNotices } from './activity-notices.service';
import { CommunityAnnouncementsService } from './community-announcements.service';
import { CommunityCouponSendsService } from './community-coupon-sends.service';

/** Work a request leaves half done when its process stops is this old before the job takes it over. */
const GRACE_MS = 60_000;

/**
 * Every minute, finishes what requests began and a crash cut short: promotion, cancellation and rearrangement messages,
 * announcement fan-outs, coupon sends and check-in rewards. Each step is keyed (dedupe keys, issue keys, the
 * ledger's idempotency key), so running it alongside a live request or on two instances repeats nothing.
 */
@Injectable()
export class CommunitiesPendingWorkJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly notices: ActivityNotices,
    private readonly announcements: CommunityAnnouncementsService,
    private readonly couponSends: CommunityCouponSendsService,
    private readonly checkIns: ActivityCheckInService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'communities-pending-work', period: 'minute', leaseMs: 5 * 60_000, work: () => this.run() });
  }

  async run(): Promise<{
    promotions: number;
    cancellations: number;
    rearrangements: number;
    announcements: number;
    couponSends: number;
    rewards: number;
  }> {
    const before = new Date(this.clock.now().getTime() - GRACE_MS);
    return {
      promotions: await this.notices.resumePromotions(before),
      cancellations: await this.notices.resumeCancellations(before),
      rearrangements: await this.notices.resumeRearrangements(before),
      announcements: await this.announcements.resume(before),
      couponSends: await this.couponSends.resume(before),
      rewards: await this.checkIns.payPendingRewards(before),
    };
  }
}
