import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { PaidPlanTerm } from '@memberloop/shared';
import { SchemaTypes, Types } from 'mongoose';

/** What a plan gives, as stored (coupon templates by id). */
export interface StoredPlanBenefits {
  pointsMultiplier: number;
  couponPack: Array<{ templateId: Types.ObjectId; count: number }>;
  freeDelivery: boolean;
  presaleAccess: boolean;
}

/** A paid membership plan HQ sells. */
@Schema({ collection: 'paid_plans', timestamps: true })
export class PaidPlan {
  @Prop({ required: true }) name!: string;
  @Prop({ required: true, min: 1 }) priceFen!: number;
  @Prop({ type: String, enum: ['monthly', 'annual'], required: true }) term!: PaidPlanTerm;
  @Prop({ type: SchemaTypes.Mixed, required: true }) benefits!: StoredPlanBenefits;
  @Prop({ type: String, enum: ['active', 'retired'], default: 'active' }) status!: 'active' | 'retired';
  createdAt!: Date;
  updatedAt!: Date;
}
export const PaidPlanSchema = SchemaFactory.createForClass(PaidPlan);
PaidPlanSchema.index({ status: 1, _id: -1 });
