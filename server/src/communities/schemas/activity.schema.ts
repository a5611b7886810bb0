import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';
import type { ActivityStatus } from '@memberloop/shared';

/**
 * An activity a manager posts in a community. The seat counters and the sign-up sequence live here and change
 * only together with the sign-ups they count, in one transaction (see ActivitySignUpsService).
 */
@Schema({ collection: 'activities', timestamps: true })
export class Activity {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) communityId!: Types.ObjectId;
  @Prop({ required: true }) title!: string;
  /** An uploaded cover (`/api/v1/activity-covers/<id>`, see ActivityCoversService), or an older activity's https link. */
  @Prop({ required: true }) coverImageUrl!: string;
  @Prop({ default: '' }) description!: string;
  @Prop({ required: true }) startsAt!: Date;
  @Prop({ required: true }) endsAt!: Date;
  @Prop() place?: string;
  @Prop() liveUrl?: string;
  @Prop({ required: true, min: 1 }) capacity!: number;
  @Prop() minTierCode?: string;
  @Prop({ required: true }) signUpDeadline!: Date;
  @Prop({ required: true, min: 0 }) pointsReward!: number;
  @Prop({ type: String, required: true, enum: ['draft', 'published', 'cancelled'] }) status!: ActivityStatus;
  /** Sign-ups holding a seat. */
  @Prop({ required: true, default: 0, min: 0 }) confirmedCount!: number;
  @Prop({ required: true, default: 0, min: 0 }) waitlistedCount!: number;
  /** The last sign-up number handed out: sign-ups are numbered in the order they were recorded. */
  @Prop({ required: true, default: 0 }) signUpSeq!: number;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) createdBy!: Types.ObjectId;
  /** `<creator>:<Idempotency-Key>` when the request carried one: a retried "create" makes one activity. */
  @Prop() createKey?: string;
  /** Hash of the community and the body that request sent: the key sent with another request is refused. */
  @Prop() createHash?: string;
  @Prop() publishedAt?: Date;
  @Prop() cancelledAt?: Date;
  @Prop() cancelReason?: string;
  /** Set when everyone signed up has been notified of the cancellation (the outbox fan-out finished). */
  @Prop() cancelNoticesQueuedAt?: Date;
  /** Counts changes of time or place made after publication: each one is told to everyone signed up, once. */
  @Prop({ required: true, default: 0 }) arrangementsVersion!: number;
  /** What the changes not yet told changed; set with the change, cleared once everyone's message is queued. */
  @Prop({ type: [String], enum: ['time', 'place'] }) arrangementsPending?: Array<'time' | 'place'>;
  @Prop() arrangementsChangedAt?: Date;
  createdAt!: Date;
}

export const ActivitySchema = SchemaFactory.createForClass(Activity);
ActivitySchema.index({ status: 1, endsAt: 1, startsAt: 1 });
ActivitySchema.index({ communityId: 1, startsAt: -1 });
ActivitySchema.index({ coverImageUrl: 1 });
ActivitySchema.index({ createKey: 1 }, { unique: true, partialFilterExpression: { createKey: { $type: 'string' } } });
ActivitySchema.index({ status: 1, cancelNoticesQueuedAt: 1 });
ActivitySchema.index({ arrangementsChangedAt: 1 }, { partialFilterExpression: { arrangementsPending: { $exists: true } } });
