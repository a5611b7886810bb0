import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

export type HoldStatus = 'held' | 'committed' | 'released';

/** Points held for a checkout: spent from the ledger when held, given back if the hold is released. */
@Schema({ collection: 'points_holds', timestamps: true })
export class PointsHold {
  /** `<integration>:<holdId>`: each integration names its own holds. */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) integrationId!: string;
  @Prop({ required: true }) holdId!: string;
  @Prop({ required: true }) requestHash!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) points!: number;
  @Prop({ required: true }) offsetFen!: number;
  @Prop() storeCode?: string;
  @Prop({ type: String, enum: ['held', 'committed', 'released'], required: true }) status!: HoldStatus;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) burnEntryId!: Types.ObjectId;
  @Prop({ required: true }) expiresAt!: Date;
  @Prop() orderId?: string;
  @Prop() closedAt?: Date;
  /** Why it was released: cancelled by the caller, or timed out. */
  @Prop() releaseReason?: string;
}

export const PointsHoldSchema = SchemaFactory.createForClass(PointsHold);
PointsHoldSchema.index({ expiresAt: 1 }, { partialFilterExpression: { status: 'held' } });
PointsHoldSchema.index({ memberId: 1, createdAt: -1 });
/** A refund finds the points that paid for its order. */
PointsHoldSchema.index({ integrationId: 1, orderId: 1 }, { partialFilterExpression: { status: 'committed' } });
