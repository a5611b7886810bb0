import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { QualifyingStats } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import {
  measureAgainst,
  rollingFigures,
  rollingYearStart,
  type OtherPurchase,
  type PurchaseMeasures,
} from './domain/purchase-measures';
import { Purchase } from './schemas/purchase.schema';

/** What the measures read of each purchase. */
const OTHER_PURCHASE_FIELDS = { _id: 0, paidAt: 1, totalFen: 1, refundedFen: 1, status: 1, 'outcome.pointsEarned': 1 };

/** What a member's tier is measured on: spend (net of refunds), purchases and points over a rolling 12 months. */
@Injectable()
export class QualifyingStatsService {
  constructor(@InjectModel(Purchase.name) private readonly purchases: Model<Purchase>) {}

  async rolling12Months(memberId: Types.ObjectId, now: Date, exceptPurchaseId?: Types.ObjectId): Promise<QualifyingStats> {
    const filter: Record<string, unknown> = { memberId, paidAt: { $gt: rollingYearStart(now), $lte: now }, status: 'applied' };
    if (exceptPurchaseId) filter._id = { $ne: exceptPurchaseId };
    // Read through the driver: a plain filter of typed values needs none of mongoose's casting (see aroundPurchase).
    return rollingFigures(
      await this.purchases.collection.find<OtherPurchase>(filter, { projection: OTHER_PURCHASE_FIELDS }).toArray(),
      now,
    );
  }

  /**
   * Everything a new purchase is measured against (see measureAgainst), in one read of the member's other
   * purchases over the rolling year and the purchase's month, the few fields it needs of each. Summed here rather
   * than by an aggregation: a member has few purchases a year, and the database does less work for a plain read.
   */
  async aroundPurchase(
    memberId: Types.ObjectId,
    now: Date,
    currentId: Types.ObjectId,
    day: { from: Date; to: Date },
    month: { from: Date; to: Date },
  ): Promise<PurchaseMeasures> {
    const since = rollingYearStart(now);
    // On the ingest's hot path: read through the driver, the filter built here of typed values, so mongoose's
    // query casting and middleware (about as much CPU again as the driver's own work) are not paid for.
    const others = await this.purchases.collection
      .find<OtherPurchase>(
        {
          memberId,
          _id: { $ne: currentId },
          paidAt: { $gte: since < month.from ? since : month.from, $lte: now > month.to ? now : month.to },
        },
        { projection: OTHER_PURCHASE_FIELDS },
      )
      .toArray();
    return measureAgainst(others, now, day, month);
  }
}
