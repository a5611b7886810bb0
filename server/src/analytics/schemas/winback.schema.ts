import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';
import {
  INCENTIVE_LEVELS,
  MEMBER_STAGES,
  type IncentiveLevel,
  type MemberStage,
  type WinbackCondition,
} from '@memberloop/shared';

/** An HQ-edited automation rule: when its conditions hold, the member gets a coupon of the template. */
@Schema({ collection: 'analytics_winback_rules', timestamps: true })
export class WinbackRule {
  @Prop({ required: true }) name!: string;
  @Prop({ required: true }) active!: boolean;
  @Prop({ type: [Object], required: true }) conditions!: WinbackCondition[];
  @Prop({ type: SchemaTypes.ObjectId, required: true }) couponTemplateId!: Types.ObjectId;
  @Prop({ type: String, enum: INCENTIVE_LEVELS, required: true }) incentive!: IncentiveLevel;
  @Prop({ required: true }) bigSale!: boolean;
  @Prop({ type: String, enum: ['day', 'month', 'once'], required: true }) repeat!: 'day' | 'month' | 'once';
  updatedAt!: Date;
}
export const WinbackRuleSchema = SchemaFactory.createForClass(WinbackRule);
WinbackRuleSchema.index({ active: 1 });

/**
 * One win-back contact: the coupon issued under `issueKey` (unique), with the member's stage and breakdown
 * keys at the time, so wake-up and reactivation rates can be attributed later through the coupon's use.
 */
@Schema({ collection: 'analytics_winback_contacts', versionKey: false })
export class WinbackContact {
  @Prop({ required: true }) issueKey!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) ruleId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) period!: string;
  @Prop({ type: String, enum: MEMBER_STAGES, required: true }) stage!: MemberStage;
  @Prop({ required: true }) tier!: string;
  @Prop() region?: string;
  @Prop({ type: [String], default: [] }) storeCodes!: string[];
  @Prop({ required: true }) contactedAt!: Date;
  /** Set once the coupon exists (a crash between the two is finished by the next run). */
  @Prop({ required: true, default: false }) issued!: boolean;
}
export const WinbackContactSchema = SchemaFactory.createForClass(WinbackContact);
WinbackContactSchema.index({ issueKey: 1 }, { unique: true });
WinbackContactSchema.index({ memberId: 1, contactedAt: -1 });
WinbackContactSchema.index({ contactedAt: 1 });
