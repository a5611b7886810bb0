import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { CouponStore, CouponsService } from '../coupons';
import { membershipMonthAt, packIssueKeyPrefix, packIssues } from './domain/coupon-pack';
import { termAt, type LeanSubscription } from './paid-membership.store';
import { PaidSubscription } from './schemas/paid-subscription.schema';

/**
 * The monthly coupon pack of active paid memberships: the coupons of the current month of membership, by the terms
 * of the term the month falls in. Each coupon has its own issue key (unique in the coupons), so reruns, two server
 * instances and the purchase's own issue never give a pack twice.
 */
@Injectable()
export class CouponPackIssuer {
  constructor(
    @InjectModel(PaidSubscription.name) private readonly subscriptions: Model<PaidSubscription>,
    private readonly coupons: CouponsService,
    private readonly couponStore: CouponStore,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** Issues what is due to every active membership (the daily job). */
  async issueAllDue(): Promise<{ issued: number }> {
    let issued = 0;
    const cursor = this.subscriptions.find({ status: 'active' }, { _id: 1 }).sort({ _id: 1 }).lean().cursor();
    for await (const { _id } of cursor) issued += await this.issueDue(_id.toHexString());
    return { issued };
  }

  /** Issues this month's pack of one membership if it is active now; how many coupons were new. */
  async issueDue(subscriptionId: string): Promise<number> {
    const now = this.clock.now();
    const subscription = await this.subscriptions
      .findOne({ _id: new Types.ObjectId(subscriptionId), status: 'active' })
      .lean<LeanSubscription>();
    const term = subscription && termAt(subscription, now);
    if (!subscription || !term) return 0;
    const month = membershipMonthAt(subscription.startedAt, subscription.endsAt, now, this.config.brand.timeZone);
    if (month === undefined) return 0;
    const pack = term.benefits.couponPack.map((i) => ({ templateId: i.templateId.toHexString(), count: i.count }));
    let issued = 0;
    for (const item of packIssues(subscriptionId, month, pack)) {
      if (await this.coupons.issue(subscription.memberId, new Types.ObjectId(item.templateId), item.issueKey)) issued += 1;
    }
    // A refund that ended the membership while this ran voided the packs before these landed: void them too.
    if (issued > 0 && !(await this.subscriptions.exists({ _id: subscription._id, status: 'active' })))
      await this.couponStore.voidUnusedByIssueKeyPrefix(packIssueKeyPrefix(subscriptionId), this.clock.now());
    return issued;
  }
}
