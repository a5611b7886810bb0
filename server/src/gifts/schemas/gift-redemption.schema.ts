import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/** One redemption; `idempotencyKey` (member-scoped, unique) makes a retried tap redeem once. */
@Schema({ collection: 'gift_redemptions', timestamps: { createdAt: true, updatedAt: false } })
export class GiftRedemption {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) giftId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) idempotencyKey!: string;
  @Prop({ required: true }) points!: number;
}

export const GiftRedemptionSchema = SchemaFactory.createForClass(GiftRedemption);
GiftRedemptionSchema.index({ idempotencyKey: 1 }, { unique: true });
GiftRedemptionSchema.index({ memberId: 1, giftId: 1 });
/** HQ's list counts each gift's redemptions. */
GiftRedemptionSchema.index({ giftId: 1 });

/**
 * How many of a gift a member has redeemed. Raised with a guard in the redemption's transaction, so two
 * concurrent redemptions of one member conflict on it and the per-member limit cannot be overrun.
 */
@Schema({ collection: 'gift_member_counts', versionKey: false })
export class GiftMemberCount {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true, default: 0 }) count!: number;
}

export const GiftMemberCountSchema = SchemaFactory.createForClass(GiftMemberCount);
