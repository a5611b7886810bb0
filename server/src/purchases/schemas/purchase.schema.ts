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

/** A refund claimed against this purchase, with what it takes back, fixed when it was claimed. */
@Schema({ _id: false })
export class ClaimedRefund {
  @Prop({ required: true }) refundId!: string;
  @Prop({ required: true }) requestHash!: string;
  @Prop({ required: true }) amountFen!: number;
  @Prop({ required: true }) points!: number;
  @Prop({ required: true }) refundedAt!: Date;
  @Prop({ type: String, required: true, enum: ['claimed', 'applied'] }) status!: 'claimed' | 'applied';
  @Prop() shortfall?: number;
}
const ClaimedRefundSchema = SchemaFactory.createForClass(ClaimedRefund);

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
  @Prop({ required: true, default: 0 }) refundedFen!: number;
  @Prop({ type: String, required: true, enum: ['received', 'applied'] }) status!: 'received' | 'applied';
  @Prop({ type: PurchaseOutcomeSchema }) outcome?: PurchaseOutcome;
  @Prop({ type: [ClaimedRefundSchema], default: [] }) refunds!: ClaimedRefund[];
  /** Bumped by every refund claim, so two refunds of one order are computed one after the other. */
  @Prop({ required: true, default: 0 }) refundVersion!: number;
}

export type PurchaseDocument = HydratedDocument<Purchase>;
export const PurchaseSchema = SchemaFactory.createForClass(Purchase);
PurchaseSchema.index({ orderId: 1 }, { unique: true });
PurchaseSchema.index({ memberId: 1, paidAt: -1 });
/** Analytics: the minute pass finds orders changed since its watermark; period metrics scan by payment time. */
PurchaseSchema.index({ updatedAt: 1 });
PurchaseSchema.index({ paidAt: 1 });
