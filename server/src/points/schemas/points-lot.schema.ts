import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/**
 * The points one earning granted: how many are left, when they become spendable (after the return window)
 * and when they expire. Spending, expiry and clawbacks take from lots, soonest-expiring first.
 */
@Schema({ collection: 'points_lots' })
export class PointsLot {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) entryId!: Types.ObjectId;
  @Prop({ required: true }) points!: number;
  @Prop({ required: true, min: 0 }) remaining!: number;
  @Prop({ required: true }) earnedAt!: Date;
  @Prop({ required: true }) availableAt!: Date;
  @Prop({ required: true }) expiresAt!: Date;
  /** Set once an expiry reminder went out, so a member is reminded once per lot. */
  @Prop() remindedAt?: Date;
}

export type PointsLotDocument = HydratedDocument<PointsLot>;
export const PointsLotSchema = SchemaFactory.createForClass(PointsLot);
PointsLotSchema.index({ memberId: 1, expiresAt: 1 });
// The expiry job finds lots past expiry with points left, across members.
PointsLotSchema.index({ expiresAt: 1 }, { partialFilterExpression: { remaining: { $gt: 0 } } });
