import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { PAID_MEMBERSHIP_RULES, brandLastDay } from '@memberloop/shared';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { JobRegistry } from '../jobs/job-registry';
import { NotificationsService, thing } from '../notifications';
import { CouponPackIssuer } from './coupon-pack.issuer';
import { termAt, type LeanSubscription } from './paid-membership.store';
import { PaidSubscription } from './schemas/paid-subscription.schema';

const DAY_MS = 86_400_000;
/** The member page the reminder opens. */
export const PAID_MEMBERSHIP_PAGE = '/packages/paid-membership/index';

/**
 * The scheduled work of paid memberships: marking the memberships whose end passed as lapsed, issuing the monthly
 * coupon packs, and reminding members 7 days before the end. Each is idempotent and safe on two instances at once:
 * the lapse is one conditional update, the packs are keyed per coupon, the reminder per membership and end.
 */
@Injectable()
export class PaidMembershipJobs implements OnModuleInit {
  constructor(
    @InjectModel(PaidSubscription.name) private readonly subscriptions: Model<PaidSubscription>,
    private readonly jobs: JobRegistry,
    private readonly packs: CouponPackIssuer,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'paid-membership-lapse', period: 'minute', leaseMs: 60_000, work: () => this.markLapsed() });
    this.jobs.register({
      name: 'paid-membership-coupon-packs',
      period: 'day',
      leaseMs: 10 * 60_000,
      work: () => this.packs.issueAllDue(),
    });
    this.jobs.register({
      name: 'paid-membership-renewal-reminders',
      period: 'day',
      leaseMs: 10 * 60_000,
      work: () => this.remindRenewals(),
    });
  }

  /** Active memberships whose end has passed become lapsed; a rerun finds none left. */
  async markLapsed(): Promise<{ lapsed: number }> {
    const result = await this.subscriptions.updateMany(
      { status: 'active', endsAt: { $lte: this.clock.now() } },
      { $set: { status: 'lapsed' } },
    );
    return { lapsed: result.modifiedCount };
  }

  /**
   * Reminds members whose membership ends within 7 days, once per term end (a renewal moves the end, and the next
   * term gets its own reminder). The notification is queued with a key of the membership and its end before the
   * membership is marked, so a crash between repeats a deduplicated enqueue rather than losing the reminder.
   */
  async remindRenewals(): Promise<{ reminded: number }> {
    const now = this.clock.now();
    const due = await this.subscriptions
      .find({
        status: 'active',
        endsAt: { $gt: now, $lte: new Date(now.getTime() + PAID_MEMBERSHIP_RULES.reminderDays * DAY_MS) },
      })
      .limit(5_000)
      .lean<LeanSubscription[]>();
    let reminded = 0;
    for (const subscription of due) {
      const end = subscription.endsAt.toISOString();
      if (subscription.remindedFor.includes(end)) continue;
      const term = termAt(subscription, now);
      const queued = await this.notifications.enqueue({
        memberId: subscription.memberId,
        kind: 'membership-renewal',
        dedupeKey: `membership-renewal:${subscription._id.toHexString()}:${end}`,
        page: PAID_MEMBERSHIP_PAGE,
        data: {
          thing1: thing(term?.planName ?? '付费会员'),
          date2: { value: brandLastDay(subscription.endsAt, this.config.brand.timeZone) },
          thing3: thing('会员即将到期，续费可继续享受权益'),
        },
      });
      await this.subscriptions.updateOne({ _id: subscription._id }, { $addToSet: { remindedFor: end } });
      if (queued) reminded += 1;
    }
    return { reminded };
  }
}
