import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';
import type { SignUpState } from '@memberloop/shared';

/** What happened to the points reward of a check-in: paid after the check-in, each step idempotent. */
export type AttendanceReward = 'none' | 'pending' | 'paid';

/**
 * A member's sign-up for an activity: one document per member and activity, reused when they sign up again
 * after cancelling (with a new sequence number, so they queue behind everyone already waiting).
 */
@Schema({ collection: 'activity_sign_ups', timestamps: true })
export class ActivitySignUp {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) activityId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) communityId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  /** The activity's sign-up number for this sign-up: the waitlist is served in this order. */
  @Prop({ required: true }) seq!: number;
  @Prop({ type: String, required: true, enum: ['confirmed', 'waitlisted', 'cancelled'] }) state!: SignUpState;
  @Prop({ required: true }) signedUpAt!: Date;
  @Prop() cancelledAt?: Date;
  /** When a waitlisted sign-up got a freed seat; `promotionNoticeQueued` tells whether the member was told. */
  @Prop() promotedAt?: Date;
  @Prop() promotionNoticeQueued?: boolean;
  @Prop() checkedInAt?: Date;
  @Prop({ type: String, enum: ['staff-scan', 'site-code'] }) checkInMethod?: 'staff-scan' | 'site-code';
  @Prop({ type: SchemaTypes.ObjectId }) checkedInBy?: Types.ObjectId;
  @Prop({ type: String, enum: ['none', 'pending', 'paid'] }) reward?: AttendanceReward;
  /** The activity's reward when the member checked in (what is, or will be, paid). */
  @Prop({ required: true, default: 0 }) pointsAwarded!: number;
}

export const ActivitySignUpSchema = SchemaFactory.createForClass(ActivitySignUp);
ActivitySignUpSchema.index({ activityId: 1, memberId: 1 }, { unique: true });
ActivitySignUpSchema.index({ activityId: 1, state: 1, seq: 1 });
ActivitySignUpSchema.index({ memberId: 1, state: 1 });
ActivitySignUpSchema.index({ communityId: 1, checkedInAt: 1 });
ActivitySignUpSchema.index({ promotionNoticeQueued: 1 }, { partialFilterExpression: { promotionNoticeQueued: false } });
ActivitySignUpSchema.index({ reward: 1, checkedInAt: 1 }, { partialFilterExpression: { reward: 'pending' } });
