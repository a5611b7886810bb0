import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { PaidMembershipCard } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { PaidMembershipReceipt, PaidSubscription, type PaidTerm } from './schemas/paid-subscription.schema';
import { PaidPlan } from './schemas/paid-plan.schema';

export type LeanSubscription = PaidSubscription & { _id: Types.ObjectId };

/**
 * The term of a subscription covering `at`, if any. The subscription's end bounds every term: a refund that ended
 * the membership cut it there, and a renewal taken off starts at or after it.
 */
export function termAt(subscription: LeanSubscription, at: Date): PaidTerm | undefined {
  if (at.getTime() >= subscription.endsAt.getTime()) return undefined;
  return subscription.terms.find((t) => t.startsAt.getTime() <= at.getTime() && at.getTime() < t.endsAt.getTime());
}

/**
 * The paid membership collections as other features may use them (the member card, the earning): every query
 * another feature runs on this data is listed here.
 */
@Injectable()
export class PaidMembershipStore implements OnModuleInit {
  constructor(
    @InjectModel(PaidSubscription.name) private readonly subscriptions: Model<PaidSubscription>,
    @InjectModel(PaidPlan.name) private readonly plans: Model<PaidPlan>,
    @InjectModel(PaidMembershipReceipt.name) private readonly receipts: Model<PaidMembershipReceipt>,
  ) {}

  /** Collections and indexes exist before a transaction writes to them (the one-active-per-member index). */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.subscriptions.init(), this.plans.init(), this.receipts.init()]);
  }

  /** What the member card shows of the member's paid membership active at `now`, if any. */
  async cardOf(memberId: Types.ObjectId, now: Date): Promise<PaidMembershipCard | undefined> {
    const subscription = await this.subscriptions.findOne({ memberId, status: 'active' }).lean<LeanSubscription>();
    const term = subscription && termAt(subscription, now);
    if (!subscription || !term) return undefined;
    return {
      planName: term.planName,
      endsAt: subscription.endsAt.toISOString(),
      pointsMultiplier: term.benefits.pointsMultiplier,
      freeDelivery: term.benefits.freeDelivery,
      presaleAccess: term.benefits.presaleAccess,
    };
  }

  /**
   * The extra points multiplier of the member's paid membership at `paidAt` (1 when none was active then): the
   * terms at purchase of the term that covered the payment, whatever the subscription's status is now.
   */
  async pointsMultiplierAt(memberId: Types.ObjectId, paidAt: Date): Promise<number> {
    const candidates = await this.subscriptions
      .find({ memberId, startedAt: { $lte: paidAt }, endsAt: { $gt: paidAt } })
      .lean<LeanSubscription[]>();
    for (const subscription of candidates) {
      const term = termAt(subscription, paidAt);
      if (term) return term.benefits.pointsMultiplier;
    }
    return 1;
  }
}
