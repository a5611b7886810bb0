import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { PAID_MEMBERSHIP_RULES, type MemberPaidMembership, type PaidSubscriptionView } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { CouponStore } from '../coupons';
import { isWithinRenewalWindow } from './domain/subscription-term';
import { termAt, type LeanSubscription } from './paid-membership.store';
import { PaidPlansService, benefitsView } from './paid-plans.service';
import { PaidSubscription } from './schemas/paid-subscription.schema';

/** The member's own paid membership: what they hold, its benefits and status, and the plans on sale. */
@Injectable()
export class MemberPaidMembershipService {
  constructor(
    @InjectModel(PaidSubscription.name) private readonly subscriptions: Model<PaidSubscription>,
    private readonly plans: PaidPlansService,
    private readonly coupons: CouponStore,
    private readonly clock: Clock,
  ) {}

  async mine(memberId: Types.ObjectId): Promise<MemberPaidMembership> {
    const [latest, onSale] = await Promise.all([
      this.subscriptions.findOne({ memberId }).sort({ startedAt: -1, _id: -1 }).lean<LeanSubscription>(),
      this.plans.onSale(),
    ]);
    return {
      ...(latest ? { subscription: await this.view(latest) } : {}),
      plans: onSale.map((p) => ({
        id: p._id.toHexString(),
        name: p.name,
        priceFen: p.priceFen,
        term: p.term,
        benefits: benefitsView(p.benefits),
      })),
    };
  }

  /** One subscription of the member's own; another member's answers as if it did not exist. */
  async one(memberId: Types.ObjectId, subscriptionId: string): Promise<PaidSubscriptionView> {
    const subscription = await this.subscriptions
      .findOne({ _id: new Types.ObjectId(subscriptionId), memberId })
      .lean<LeanSubscription>();
    if (!subscription) throw new AppError('NOT_FOUND', 'No such membership of yours.');
    return this.view(subscription);
  }

  private async view(subscription: LeanSubscription): Promise<PaidSubscriptionView> {
    const now = this.clock.now();
    // The terms shown: the running term's, else the last one paid (an ended membership shows what it was).
    const term =
      termAt(subscription, now) ??
      subscription.terms.filter((t) => t.startsAt < subscription.endsAt).at(-1) ??
      subscription.terms[0];
    const names = await this.coupons.templateNames(term.benefits.couponPack.map((i) => i.templateId));
    const active = subscription.status === 'active' && subscription.endsAt > now;
    return {
      id: subscription._id.toHexString(),
      planId: subscription.planId.toHexString(),
      planName: term.planName,
      term: term.term,
      priceFen: term.priceFen,
      benefits: {
        pointsMultiplier: term.benefits.pointsMultiplier,
        couponPack: term.benefits.couponPack.map((i) => ({ name: names.get(i.templateId.toHexString()) ?? '', count: i.count })),
        freeDelivery: term.benefits.freeDelivery,
        presaleAccess: term.benefits.presaleAccess,
      },
      status: active ? 'active' : subscription.status === 'refunded' ? 'refunded' : 'lapsed',
      startedAt: subscription.startedAt.toISOString(),
      endsAt: subscription.endsAt.toISOString(),
      renewable: active && isWithinRenewalWindow(subscription.endsAt, now, PAID_MEMBERSHIP_RULES.renewalWindowDays),
    };
  }
}
