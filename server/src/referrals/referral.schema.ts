import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';
import type { ReferralProgramme as ReferralProgrammeRules, ReferralReward } from '@memberloop/shared';

/** A member's invitation code, made the first time they open "invite friends". */
@Schema({ collection: 'referral_codes', timestamps: true })
export class ReferralCode {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) code!: string;
  /** The mini-program code image from WeChat, kept: it never expires and WeChat limits how often it is asked. */
  @Prop({ type: Buffer }) qrImage?: Buffer;
  @Prop() qrContentType?: string;
}
export const ReferralCodeSchema = SchemaFactory.createForClass(ReferralCode);
ReferralCodeSchema.index({ memberId: 1 }, { unique: true });
ReferralCodeSchema.index({ code: 1 }, { unique: true });

export type RewardStatus = 'pending' | 'paid' | 'none';
export type FirstPurchaseStatus = 'awaiting' | 'waiting' | 'paid' | 'void' | 'none';

/** What a reward actually paid, per side. */
export class PaidReward {
  @Prop({ default: 0 }) points!: number;
  @Prop({ default: 0 }) coupons!: number;
}

/**
 * One friend bound to the member who invited them, once and for all (unique by friend), with the rules in force
 * when they joined and where each of the two rewards stands.
 */
// Not minimized: the rules are kept as promised, an event without rewards included.
@Schema({ collection: 'referrals', timestamps: true, minimize: false })
export class Referral {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) referrerId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) refereeId!: Types.ObjectId;
  @Prop({ required: true }) code!: string;
  @Prop({ required: true }) boundAt!: Date;
  /** False when the referrer was over their daily or monthly cap: bound, but nothing is paid. */
  @Prop({ required: true }) rewardable!: boolean;
  /** The programme's rewards when the friend joined; later changes do not alter what was promised. */
  @Prop({ type: Object, required: true }) rules!: Pick<
    ReferralProgrammeRules,
    'onRegistration' | 'onFirstPurchase' | 'refundWindowDays'
  >;
  @Prop({ type: String, required: true }) registrationReward!: RewardStatus;
  @Prop({ type: String, required: true }) firstPurchaseReward!: FirstPurchaseStatus;
  /** The qualifying purchase, once there is one. */
  @Prop() orderId?: string;
  @Prop({ type: SchemaTypes.ObjectId }) purchaseId?: Types.ObjectId;
  @Prop() purchasedAt?: Date;
  /** When the purchase can no longer be returned and its reward falls due. */
  @Prop() eligibleAt?: Date;
  @Prop({ type: Object, default: {} }) paidToReferrer!: PaidReward;
  @Prop({ type: Object, default: {} }) paidToFriend!: PaidReward;
  /** Payout runs that failed in a row on this referral; the job leaves it until `payoutRetryAt`. */
  @Prop() payoutAttempts?: number;
  @Prop() payoutLastError?: string;
  @Prop() payoutRetryAt?: Date;
  /** Held by the job run paying it now (a crashed run's hold lapses). */
  @Prop() payoutLeaseUntil?: Date;
}
export const ReferralSchema = SchemaFactory.createForClass(Referral);
ReferralSchema.index({ refereeId: 1 }, { unique: true });
ReferralSchema.index({ referrerId: 1, boundAt: -1 });
ReferralSchema.index({ registrationReward: 1 });
ReferralSchema.index({ firstPurchaseReward: 1, eligibleAt: 1 });

/** The HQ-edited programme (one document). */
@Schema({ collection: 'referral_programme', timestamps: true })
export class ReferralProgrammeSettings {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Object, required: true }) rules!: ReferralProgrammeRules;
}
export const ReferralProgrammeSettingsSchema = SchemaFactory.createForClass(ReferralProgrammeSettings);

/** Referrals a referrer made in one business day or month, each holding a slot: the caps. */
@Schema({ collection: 'referral_quotas' })
export class ReferralQuota {
  /** `<referrer>:day:<YYYY-MM-DD>` or `<referrer>:month:<YYYY-MM>` */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: [SchemaTypes.ObjectId], default: [] }) holders!: Types.ObjectId[];
}
export const ReferralQuotaSchema = SchemaFactory.createForClass(ReferralQuota);

export type { ReferralReward };
