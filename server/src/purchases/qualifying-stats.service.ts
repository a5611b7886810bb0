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
}
