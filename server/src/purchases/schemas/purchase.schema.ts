import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

@Schema({ _id: false })
export class PurchaseLine {
  @Prop({ required: true }) sku!: string;
  @Prop({ required: true }) category!: string;
  @Prop({ required: true }) quantity!: number;
  @Prop({ required: true }) unitPriceFen!: number;
  /** Points this line earned, so a refund takes back exactly them. */
  @Prop({ required: true, default: 0 }) points!: number;
  @Prop({ required: true, default: 0 }) refundedQuantity!: number;
  /** Money and points of this line that refunds took (by units or by amount): never more than paid and earned. */
  @Prop({ required: true, default: 0 }) refundedFen!: number;
  @Prop({ required: true, default: 0 }) clawedPoints!: number;
}
const PurchaseLineSchema = SchemaFactory.createForClass(PurchaseLine);

@Schema({ _id: false })
export class PurchaseOutcome {
  @Prop({ required: true }) pointsEarned!: number;
  @Prop({ required: true }) tierCode!: string;
  @Prop() upgradedFrom?: string;
  @Prop({ type: SchemaTypes.ObjectId }) earnEntryId?: Types.ObjectId;
}
const PurchaseOutcomeSchema = SchemaFactory.createForClass(PurchaseOutcome);

/** Part of a checkout hold's points a refund gives back, in proportion to the money refunded. */
@Schema({ _id: false })
export class HoldReturn {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) burnEntryId!: Types.ObjectId;
  @Prop({ required: true }) holdId!: string;
  @Prop({ required: true }) points!: number;
}
const HoldReturnSchema = SchemaFactory.createForClass(HoldReturn);

/** A refund claimed against this purchase, with what it takes back, fixed when it was claimed. */
@Schema({ _id: false })
export class ClaimedRefund {
  @Prop({ required: true }) refundId!: string;
  @Prop({ required: true }) requestHash!: string;
  @Prop({ required: true }) amountFen!: number;
  /** For a purchase in another currency: the refund in that currency's smallest unit. */
  @Prop() amountMinor?: number;
  @Prop({ required: true }) points!: number;
  @Prop({ required: true }) refundedAt!: Date;
  @Prop({ type: String, required: true, enum: ['claimed', 'applied'] }) status!: 'claimed' | 'applied';
  @Prop() shortfall?: number;
  /** Points that paid for this order (its committed checkout holds) this refund gives back, fixed when claimed. */
  @Prop({ type: [HoldReturnSchema], default: undefined }) holdReturns?: HoldReturn[];
  /** When it was claimed: a claim left unapplied (a crash) is finished by the recovery job after a while. */
  @Prop() claimedAt?: Date;
}
const ClaimedRefundSchema = SchemaFactory.createForClass(ClaimedRefund);

/**
 * A purchase paid in another currency: the rate it was converted at, and what the till sent in that currency (the
 * purchase's own amounts are the converted fen). Refunds convert at this rate.
 */
@Schema({ _id: false })
export class PurchaseFx {
  @Prop({ required: true }) currency!: string;
  @Prop({ required: true }) rateMicros!: number;
  @Prop({ required: true }) rateValidFrom!: Date;
  @Prop({ required: true }) totalMinor!: number;
  @Prop({ type: [Number], required: true }) unitPricesMinor!: number[];
  /** What refunds gave back so far, in the currency's smallest unit (the last refund then gives back exactly the rest). */
  @Prop({ required: true, default: 0 }) refundedMinor!: number;
}
const PurchaseFxSchema = SchemaFactory.createForClass(PurchaseFx);

/**
 * A purchase a store or the shop reported. It is recorded first ('received') and marked 'applied' once
 * its points and tier effects are written; every step is idempotent, so a retry after a crash finishes it.
 */
@Schema({ collection: 'purchases', timestamps: true })
export class Purchase {
  @Prop({ required: true }) orderId!: string;
  @Prop({ required: true }) integrationId!: string;
  /** Hash of the request as first received: the same orderId with other content is refused. */
  @Prop({ required: true }) requestHash!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: String, required: true, enum: ['store', 'online'] }) channel!: 'store' | 'online';
  @Prop() storeCode?: string;
  @Prop({ required: true }) paidAt!: Date;
  @Prop({ type: [PurchaseLineSchema], required: true }) lines!: PurchaseLine[];
  @Prop({ required: true }) totalFen!: number;
  @Prop({ type: PurchaseFxSchema }) fx?: PurchaseFx;
  @Prop({ required: true, default: 0 }) refundedFen!: number;
  @Prop({ type: String, required: true, enum: ['received', 'applied'] }) status!: 'received' | 'applied';
  @Prop({ type: PurchaseOutcomeSchema }) outcome?: PurchaseOutcome;
  @Prop({ type: [ClaimedRefundSchema], default: [] }) refunds!: ClaimedRefund[];
  /** Bumped by every refund claim, so two refunds of one order are computed one after the other. */
  @Prop({ required: true, default: 0 }) refundVersion!: number;
}

export type PurchaseDocument = HydratedDocument<Purchase>;
export const PurchaseSchema = SchemaFactory.createForClass(Purchase);
/** Each integration names its own orders: a till can neither collide with nor touch another's. */
PurchaseSchema.index({ integrationId: 1, orderId: 1 }, { unique: true });
/** The recovery job finds purchases left 'received' by a crash. */
PurchaseSchema.index({ status: 1, createdAt: 1 }, { partialFilterExpression: { status: 'received' } });
/** ...and refunds left 'claimed'. */
PurchaseSchema.index({ 'refunds.status': 1 });
PurchaseSchema.index({ memberId: 1, paidAt: -1 });
/** Analytics: the minute pass finds orders changed since its watermark; period metrics scan by payment time. */
PurchaseSchema.index({ updatedAt: 1 });
PurchaseSchema.index({ paidAt: 1 });

/**
 * A refund id taken: each integration's refund ids are unique, kept by this collection's primary key
 * (`<integrationId>:<refundId>`) written in the same transaction as the refund's claim, never by a read first.
 */
@Schema({ collection: 'refund_ids', timestamps: { createdAt: true, updatedAt: false } })
export class RefundIdRecord {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) purchaseId!: Types.ObjectId;
}
export const RefundIdRecordSchema = SchemaFactory.createForClass(RefundIdRecord);
