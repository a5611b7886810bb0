import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { QualifyingStats } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Purchase } from './schemas/purchase.schema';

/** What a member's tier is measured on: spend (net of refunds), purchases and points over a rolling 12 months. */
@Injectable()
export class QualifyingStatsService {
  constructor(@InjectModel(Purchase.name) private readonly purchases: Model<Purchase>) {}

  async rolling12Months(memberId: Types.ObjectId, now: Date, exceptPurchaseId?: Types.ObjectId): Promise<QualifyingStats> {
    const since = new Date(now.getTime());
    since.setUTCFullYear(since.getUTCFullYear() - 1);
    const match: Record<string, unknown> = { memberId, paidAt: { $gt: since, $lte: now }, status: 'applied' };
    if (exceptPurchaseId) match._id = { $ne: exceptPurchaseId };
    const [totals] = await this.purchases.aggregate<QualifyingStats>([
      { $match: match },
      {
        $group: {
          _id: null,
          spendFen: { $sum: { $subtract: ['$totalFen', '$refundedFen'] } },
          purchaseCount: { $sum: { $cond: [{ $lt: ['$refundedFen', '$totalFen'] }, 1, 0] } },
          pointsEarned: { $sum: '$outcome.pointsEarned' },
        },
      },
    ]);
    return {
      spendFen: totals?.spendFen ?? 0,
      purchaseCount: totals?.purchaseCount ?? 0,
      pointsEarned: totals?.pointsEarned ?? 0,
    };
  }

  /**
   * Everything a new purchase is measured against, in one read of the member's other purchases: their
   * rolling-12-month figures (the tier), the points they earned in the purchase's business day and month (the
   * earning caps), and how many of them, not refunded in full, fall in that month (the monthly tasks).
   */
  async aroundPurchase(
    memberId: Types.ObjectId,
    now: Date,
    currentId: Types.ObjectId,
    day: { from: Date; to: Date },
    month: { from: Date; to: Date },
  ): Promise<{ others: QualifyingStats; othersInMonth: number; earnedToday: number; earnedThisMonth: number }> {
    const since = new Date(now.getTime());
    since.setUTCFullYear(since.getUTCFullYear() - 1);
    const applied = { $eq: ['$status', 'applied'] };
    const within = (period: { from: Date; to: Date }) => [{ $gte: ['$paidAt', period.from] }, { $lt: ['$paidAt', period.to] }];
    const inRolling = { $and: [{ $gt: ['$paidAt', since] }, { $lte: ['$paidAt', now] }, applied] };
    const notRefunded = { $lt: ['$refundedFen', '$totalFen'] };
    const points = { $ifNull: ['$outcome.pointsEarned', 0] };
    const [totals] = await this.purchases.aggregate<
      QualifyingStats & { othersInMonth: number; earnedToday: number; earnedThisMonth: number }
    >([
      {
        $match: {
          memberId,
          _id: { $ne: currentId },
          paidAt: { $gte: since < month.from ? since : month.from, $lte: now > month.to ? now : month.to },
        },
      },
      {
        $group: {
          _id: null,
          spendFen: { $sum: { $cond: [inRolling, { $subtract: ['$totalFen', '$refundedFen'] }, 0] } },
          purchaseCount: { $sum: { $cond: [{ $and: [inRolling, notRefunded] }, 1, 0] } },
          pointsEarned: { $sum: { $cond: [inRolling, points, 0] } },
          othersInMonth: { $sum: { $cond: [{ $and: [...within(month), notRefunded] }, 1, 0] } },
          earnedToday: { $sum: { $cond: [{ $and: [...within(day), applied] }, points, 0] } },
          earnedThisMonth: { $sum: { $cond: [{ $and: [...within(month), applied] }, points, 0] } },
        },
      },
    ]);
    return {
      others: {
        spendFen: totals?.spendFen ?? 0,
        purchaseCount: totals?.purchaseCount ?? 0,
        pointsEarned: totals?.pointsEarned ?? 0,
      },
      othersInMonth: totals?.othersInMonth ?? 0,
      earnedToday: totals?.earnedToday ?? 0,
      earnedThisMonth: totals?.earnedThisMonth ?? 0,
    };
  }
}
