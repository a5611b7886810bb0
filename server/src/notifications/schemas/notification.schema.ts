import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

export const NOTIFICATION_KINDS = [
  'points-expiring',
  'tier-changed',
  'coupon-expiring',
  /** A group-buy group filled (voucher issued) or failed (nobody charged). */
  'group-buy-result',
  /** An activity the member signed up for changed: cancelled, a waitlisted seat confirmed. */
  'activity-update',
  /** A community's announcement to its members. */
  'community-announcement',
  /** A reward landed: referral, friend assist, approved post. */
  'reward-issued',
  /** Staff answered or resolved the member's service ticket. */
  'service-ticket-reply',
  /** The member's paid membership ends in a few days: renew to keep its benefits. */
  'membership-renewal',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'skipped', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * The outbox: a message to a member, written in the same step as the event that calls for it and sent later
 * by the dispatcher, so a crash or WeChat being down never loses one and a retry never sends one twice.
 */
@Schema({ collection: 'notifications', timestamps: true })
export class Notification {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: String, enum: NOTIFICATION_KINDS, required: true }) kind!: NotificationKind;
  /** One notification per event: e.g. `points-expiring:<member>:<lot>`. */
  @Prop({ required: true }) dedupeKey!: string;
  /** Mini-program page the message opens. */
  @Prop({ required: true }) page!: string;
  /** Template fields (`thing1`, `time2`, …), already within WeChat's length limits. */
  @Prop({ type: Object, required: true }) data!: Record<string, { value: string }>;
  @Prop({ type: String, enum: NOTIFICATION_STATUSES, default: 'pending' }) status!: NotificationStatus;
  @Prop({ default: 0 }) attempts!: number;
  @Prop({ required: true }) nextAttemptAt!: Date;
  /** While `sending`: when the claim lapses and another dispatcher may take it over. */
  @Prop() claimedUntil?: Date;
  @Prop() sentAt?: Date;
  /** Why it was skipped or failed (no consent, no openid, refused by the member, WeChat error). */
  @Prop() outcome?: string;
}

export const NotificationSchema = SchemaFactory.createForClass(Notification);
NotificationSchema.index({ dedupeKey: 1 }, { unique: true });
NotificationSchema.index({ status: 1, nextAttemptAt: 1 });
NotificationSchema.index({ memberId: 1, createdAt: -1 });
