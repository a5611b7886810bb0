import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { CouponScope } from '@memberloop/shared';
import { SchemaTypes, Types } from 'mongoose';

@Schema({ collection: 'coupon_templates', timestamps: true })
export class CouponTemplate {
  @Prop({ required: true }) name!: string;
  @Prop({ type: Object, required: true }) benefit!: Record<string, unknown> & { kind: string };
  @Prop({ type: Object, required: true }) validity!:
    { type: 'window'; from: string; to: string } | { type: 'afterClaim'; days: number };
  @Prop({ required: true }) totalStock!: number;
  @Prop({ required: true, min: 0 }) remainingStock!: number;
  @Prop({ required: true }) perMemberLimit!: number;
  @Prop({ type: [String] }) tiers?: string[];
  @Prop({ type: [String] }) regions?: string[];
  @Prop({ default: false }) newMembersOnly!: boolean;
  @Prop({ type: [String], required: true }) channels!: Array<'store' | 'online'>;
  @Prop({ type: Object, required: true }) stacking!: { mode: 'exclusive' } | { mode: 'stackable'; group: string };
  @Prop({ default: true }) claimable!: boolean;
  /** Exchanged for this many points instead of claimed for free. */
  @Prop() pointsPrice?: number;
  @Prop({ default: true }) active!: boolean;
  /** HQ lets community managers send it; HQ sends any template. */
  @Prop({ default: false }) releasedToManagers!: boolean;
  /** Only these products and categories (absent: the whole order); copied onto each coupon. */
  @Prop({ type: Object }) scope?: CouponScope;
}
export const CouponTemplateSchema = SchemaFactory.createForClass(CouponTemplate);
CouponTemplateSchema.index({ claimable: 1, active: 1 });

/** One coupon in a member's wallet. */
@Schema({ collection: 'coupons', timestamps: true })
export class Coupon {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) templateId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  /** `claim:<member>:<client key>` and the like: the same issue twice gives one coupon. */
  @Prop({ required: true }) issueKey!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ type: Object, required: true }) benefit!: Record<string, unknown> & { kind: string };
  @Prop({ type: [String], required: true }) channels!: Array<'store' | 'online'>;
  /** The template's scope when the coupon was issued: what it may be used on for good. */
  @Prop({ type: Object }) scope?: CouponScope;
  @Prop({ required: true }) validFrom!: Date;
  @Prop({ required: true }) validTo!: Date;
  /** `voided`: taken back unused (a refunded paid membership's pack coupons); no wallet list shows it. */
  @Prop({ type: String, enum: ['available', 'used', 'voided'], default: 'available' }) state!: 'available' | 'used' | 'voided';
  @Prop() voidedAt?: Date;
  @Prop() usedAt?: Date;
  @Prop() orderId?: string;
  @Prop() integrationId?: string;
  @Prop() discountFen?: number;
  /** Points the member paid for it (an exchange). */
  @Prop() pointsSpent?: number;
  /** When the member was reminded that it expires soon. */
  @Prop() remindedAt?: Date;
}
export const CouponSchema = SchemaFactory.createForClass(Coupon);
CouponSchema.index({ issueKey: 1 }, { unique: true });
CouponSchema.index({ memberId: 1, state: 1, validTo: 1 });
/** HQ's list counts each template's coupons, issued and used. */
CouponSchema.index({ templateId: 1, state: 1 });

/** How many coupons of a template a member holds: the per-member limit. */
@Schema({ collection: 'coupon_member_counts' })
export class CouponMemberCount {
  /** `<template>:<member>` */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true, default: 0 }) count!: number;
}
export const CouponMemberCountSchema = SchemaFactory.createForClass(CouponMemberCount);
CouponSchema.index({ orderId: 1 }, { sparse: true });

/**
 * The coupons used on one order. Every redemption for the order writes this document in its transaction, so two
 * coupons redeemed for one order at once conflict and the stacking rules see each other.
 */
@Schema({ collection: 'coupon_orders' })
export class CouponOrder {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: [SchemaTypes.ObjectId], default: [] }) couponIds!: Types.ObjectId[];
}
export const CouponOrderSchema = SchemaFactory.createForClass(CouponOrder);
