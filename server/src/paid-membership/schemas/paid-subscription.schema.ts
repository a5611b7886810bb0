import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { PaidPlanTerm, PaidSubscriptionStatus } from '@memberloop/shared';
import { SchemaTypes, Types } from 'mongoose';
import type { StoredPlanBenefits } from './paid-plan.schema';

/** One paid term of a subscription: what the payment bought, with the plan's terms at that moment. */
export interface PaidTerm {
  /** `<integration>:<payment id>`. */
  paymentKey: string;
  paymentId: string;
  planName: string;
  priceFen: number;
  term: PaidPlanTerm;
  benefits: StoredPlanBenefits;
  paidAt: Date;
  startsAt: Date;
  endsAt: Date;
  refundedAt?: Date;
}

/**
 * A member's paid membership: a run of paid terms of one plan, from the first payment to the end of the last term.
 * At most one is `active` per member (a unique partial index), so two payments racing make one subscription.
 */
@Schema({ collection: 'paid_subscriptions', timestamps: true })
export class PaidSubscription {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) planId!: Types.ObjectId;
  @Prop({ type: String, enum: ['active', 'lapsed', 'refunded'], default: 'active' }) status!: PaidSubscriptionStatus;
  @Prop({ required: true }) startedAt!: Date;
  /** The end of the last unrefunded term (a refund that ends the membership sets it to the refund). */
  @Prop({ required: true }) endsAt!: Date;
  @Prop({ type: [SchemaTypes.Mixed], default: [] }) terms!: PaidTerm[];
  /** The ends (ISO) the renewal reminder was sent for: once per term. */
  @Prop({ type: [String], default: [] }) remindedFor!: string[];
  createdAt!: Date;
  updatedAt!: Date;
}
export const PaidSubscriptionSchema = SchemaFactory.createForClass(PaidSubscription);
PaidSubscriptionSchema.index(
  { memberId: 1 },
  { unique: true, partialFilterExpression: { status: 'active' }, name: 'one_active_per_member' },
);
PaidSubscriptionSchema.index({ memberId: 1, startedAt: -1 });
PaidSubscriptionSchema.index({ status: 1, endsAt: 1 });
PaidSubscriptionSchema.index({ 'terms.paymentKey': 1 });

/**
 * A confirmed payment or refund as the integration sent it, keyed by `<integration>:payment:<id>` or
 * `<integration>:refund:<id>`: a retry answers the stored result, the same id with other content is refused.
 */
@Schema({ collection: 'paid_membership_receipts', timestamps: true })
export class PaidMembershipReceipt {
  @Prop({ type: String, required: true }) _id!: string;
  /** The request's content (a hash): the same id with another content is not a retry. */
  @Prop({ required: true }) fingerprint!: string;
  @Prop({ type: SchemaTypes.Mixed, required: true }) result!: Record<string, unknown>;
}
export const PaidMembershipReceiptSchema = SchemaFactory.createForClass(PaidMembershipReceipt);
