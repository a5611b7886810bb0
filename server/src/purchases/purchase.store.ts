import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types, type mongo } from 'mongoose';
import type { LeanPurchase } from './purchase-hooks';
import { Purchase } from './schemas/purchase.schema';

/** A purchase as the member lists it: which order, when, how much, where. */
export type RecentPurchase = Pick<LeanPurchase, 'orderId' | 'paidAt' | 'totalFen' | 'channel' | 'storeCode'>;

/** A purchase as the order id it came with and the member who made it. */
export type PurchaseBuyer = Pick<LeanPurchase, '_id' | 'orderId' | 'memberId'>;

/** A purchase as the member analytics read it (facts, sales): who, when, how much, where. */
export interface PurchaseSummary {
  memberId: Types.ObjectId;
  paidAt: Date;
  totalFen: number;
  refundedFen: number;
  channel: 'store' | 'online';
  storeCode?: string;
}

/** A purchase as the recommendations read it: who, when, how much, and the items (with what was refunded of them). */
export interface PurchaseBasket {
  memberId: Types.ObjectId;
  paidAt: Date;
  totalFen: number;
  refundedFen: number;
  lines: Array<{ sku: string; quantity: number; refundedQuantity?: number }>;
}

/** A purchase recorded, applied or refunded: whose, and when. */
export type PurchaseChange = { memberId: Types.ObjectId; updatedAt: Date };

/** The items of a purchase. */
export type PurchaseSkus = { _id: Types.ObjectId; lines: Array<{ sku: string }> };

/** Purchases read a batch at a time (or one by one); nothing else of the driver's cursor is offered. */
export type PurchaseBatches<T> = AsyncIterable<T> & Pick<mongo.FindCursor<T>, 'hasNext' | 'readBufferedDocuments' | 'close'>;

const SUMMARY_FIELDS = {
  _id: 0,
  memberId: 1,
  paidAt: 1,
  totalFen: 1,
  refundedFen: 1,
  channel: 1,
  storeCode: 1,
} as const;

/** Member order, each member's newest first, through the { memberId, paidAt } index. */
const IN_MEMBER_ORDER = { sort: { memberId: 1, paidAt: -1 }, hint: { memberId: 1, paidAt: -1 }, batchSize: 5000 } as const;

/**
 * The purchases collection, as other features may use it: the only way into these documents from outside this folder
 * (see docs/architecture.md, "Features own their data"). Each method is named for what its caller needs; there is no
 * generic find or aggregate, so every query another feature runs on this data is listed here.
 */
@Injectable()
export class PurchaseStore implements OnModuleInit {
  constructor(@InjectModel(Purchase.name) private readonly purchases: Model<Purchase>) {}

  /** Collections and indexes exist before another feature's transaction writes to them. */
  async onModuleInit(): Promise<void> {
    await Promise.all([this.purchases.init()]);
  }

  /** Which of these members paid for a purchase between `since` and `until` (inclusive): their ids, once each. */
  buyersAmong(memberIds: Types.ObjectId[], since: Date, until: Date): Promise<Types.ObjectId[]> {
    return this.purchases.distinct('memberId', { memberId: { $in: memberIds }, paidAt: { $gte: since, $lte: until } });
  }

  /** Every purchase of the member, oldest first (their copy of their data). */
  exportMember(memberId: Types.ObjectId): Promise<LeanPurchase[]> {
    return this.purchases.find({ memberId }).sort({ paidAt: 1 }).lean<LeanPurchase[]>();
  }

  /** The purchase with this id, or null. */
  byId(purchaseId: Types.ObjectId): Promise<LeanPurchase | null> {
    return this.purchases.findOne({ _id: purchaseId }).lean<LeanPurchase>();
  }

  /**
   * The member's purchase with this order id, or null (order ids are unique per integration only: the member tells
   * them apart). An `orderId` left undefined is passed on to the query as it is.
   */
  memberOrder(memberId: Types.ObjectId, orderId: string | undefined): Promise<LeanPurchase | null> {
    return this.purchases.findOne({ orderId, memberId }).lean<LeanPurchase>();
  }

  /** The member's latest purchases, newest first (what a member may open a service ticket about). */
  recentOfMember(memberId: Types.ObjectId, limit: number): Promise<RecentPurchase[]> {
    return this.purchases
      .find({ memberId }, { _id: 0, orderId: 1, paidAt: 1, totalFen: 1, channel: 1, storeCode: 1 })
      .sort({ paidAt: -1 })
      .limit(limit)
      .lean<RecentPurchase[]>();
  }

  /** The purchases with these order ids, as order id and member (whatever the integration). */
  buyersOfOrders(orderIds: string[]): Promise<PurchaseBuyer[]> {
    return this.purchases.find({ orderId: { $in: orderIds } }, { orderId: 1, memberId: 1 }).lean<PurchaseBuyer[]>();
  }

  /** How many of the member's purchases paid in [from, to) kept some of their value (a full refund does not count). */
  countUnrefundedPaidIn(memberId: Types.ObjectId, from: Date, to: Date): Promise<number> {
    return this.purchases.countDocuments({
      memberId,
      paidAt: { $gte: from, $lt: to },
      $expr: { $lt: ['$refundedFen', '$totalFen'] },
    });
  }

  /** The applied purchases paid in [from, to) (at these stores, when given), through the paidAt index. */
  appliedPaidBetween(from: Date, to: Date, storeCodes?: string[]): AsyncIterable<PurchaseSummary> {
    const filter: Record<string, unknown> = { paidAt: { $gte: from, $lt: to }, status: 'applied' };
    if (storeCodes) filter.storeCode = { $in: storeCodes };
    return this.purchases.collection.find<PurchaseSummary>(filter, {
      projection: SUMMARY_FIELDS,
      hint: { paidAt: 1 },
      batchSize: 5000,
    });
  }

  /** The member's applied purchases. */
  appliedOfMember(memberId: Types.ObjectId): AsyncIterable<PurchaseSummary> {
    return this.purchases.collection.find<PurchaseSummary>({ memberId, status: 'applied' }, { projection: SUMMARY_FIELDS });
  }

  /** Every applied purchase in member order (each member's newest first). */
  appliedInMemberOrder(): PurchaseBatches<PurchaseSummary> {
    return this.purchases.collection.find<PurchaseSummary>(
      { status: 'applied' },
      { projection: SUMMARY_FIELDS, ...IN_MEMBER_ORDER },
    );
  }

  /** The applied purchases paid since `since`, with their items, in member order (each member's newest first). */
  appliedBasketsInMemberOrder(since: Date): PurchaseBatches<PurchaseBasket> {
    return this.purchases.collection.find<PurchaseBasket>(
      { status: 'applied', paidAt: { $gte: since } },
      {
        projection: {
          _id: 0,
          memberId: 1,
          paidAt: 1,
          totalFen: 1,
          refundedFen: 1,
          'lines.sku': 1,
          'lines.quantity': 1,
          'lines.refundedQuantity': 1,
        },
        ...IN_MEMBER_ORDER,
      },
    );
  }

  /** The purchases recorded, applied or refunded (whatever their status) since `since`, oldest change first. */
  changedSince(since: Date): PurchaseBatches<PurchaseChange> {
    return this.purchases.collection.find<PurchaseChange>(
      { updatedAt: { $gte: since } },
      { projection: { _id: 0, memberId: 1, updatedAt: 1 }, sort: { updatedAt: 1 }, hint: { updatedAt: 1 }, batchSize: 2000 },
    );
  }

  /** The items of the member's applied purchases paid since `since`. */
  appliedSkusOfMemberSince(memberId: Types.ObjectId, since: Date): Promise<PurchaseSkus[]> {
    return this.purchases
      .find({ memberId, paidAt: { $gte: since }, status: 'applied' }, { 'lines.sku': 1 })
      .lean<PurchaseSkus[]>();
  }

  /** Moves every order of `from` to `into` (their tier figures, refunds and analytics follow), when HQ merges accounts. */
  async reassignMember(from: Types.ObjectId, into: Types.ObjectId): Promise<number> {
    const moved = await this.purchases.updateMany({ memberId: from }, { $set: { memberId: into } });
    return moved.modifiedCount;
  }
}
