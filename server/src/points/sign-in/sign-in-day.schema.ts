import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/** One day a member signed in (brand time zone), with the streak it made and the points it paid. */
@Schema({ collection: 'sign_in_days', timestamps: { createdAt: true, updatedAt: false } })
export class SignInDay {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) day!: string;
  @Prop({ required: true }) streak!: number;
  @Prop({ required: true }) points!: number;
  @Prop({ required: true }) bonusPoints!: number;
}

export const SignInDaySchema = SchemaFactory.createForClass(SignInDay);
// Once per member per day, whatever the concurrency.
SignInDaySchema.index({ memberId: 1, day: -1 }, { unique: true });
