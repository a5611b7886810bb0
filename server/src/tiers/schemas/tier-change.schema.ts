import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/** The member's tier history: every upgrade, renewal and downgrade, with why. */
@Schema({ collection: 'tier_changes', timestamps: { createdAt: true, updatedAt: false } })
export class TierChangeRecord {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: String, required: true, enum: ['upgraded', 'renewed', 'downgraded', 'set'] }) kind!:
    'upgraded' | 'renewed' | 'downgraded' | 'set';
  @Prop({ required: true }) from!: string;
  @Prop({ required: true }) to!: string;
  @Prop({ required: true }) at!: Date;
  @Prop({ required: true }) heldUntil!: Date;
  @Prop({ required: true }) reason!: string;
  /** The purchase that lifted the member (upgrades), or whose refund dropped them (refund downgrades). */
  @Prop({ type: SchemaTypes.ObjectId }) purchaseId?: Types.ObjectId;
}

export const TierChangeRecordSchema = SchemaFactory.createForClass(TierChangeRecord);
// One change per member per instant: a retried evaluation records nothing new.
TierChangeRecordSchema.index({ memberId: 1, at: 1, kind: 1 }, { unique: true });
/** Which tier a purchase lifted the member to: its gift bundle is issued once, keyed by the purchase. */
TierChangeRecordSchema.index({ memberId: 1, purchaseId: 1 }, { partialFilterExpression: { purchaseId: { $exists: true } } });
