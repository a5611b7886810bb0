import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';
import { MEMBER_STAGES, RFM_SEGMENTS, type MemberStage, type RfmSegment } from '@memberloop/shared';

@Schema({ _id: false })
export class StoreSpend {
  @Prop({ required: true }) store!: string;
  @Prop({ required: true }) orders!: number;
  @Prop({ required: true }) netFen!: number;
}
const StoreSpendSchema = SchemaFactory.createForClass(StoreSpend);

/**
 * What the analytics last computed for one member (one document per active member, `_id` = the member's
 * id), denormalised with what figures are broken down and filtered by. Nothing that changes by itself every
 * day is stored (recency in days follows from `lastPurchaseAt`; the as-of day is the last recompute's), and
 * `sig` hashes the content, so a recompute rewrites only the members whose figures changed.
 */
@Schema({ collection: 'analytics_member_profiles', versionKey: false })
export class MemberProfile {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) _id!: Types.ObjectId;
  @Prop({ required: true }) memberNo!: string;
  @Prop({ required: true }) tier!: string;
  @Prop() region?: string;
  /** The member's stores (a manager's scope). */
  @Prop({ type: [String], default: [] }) storeCodes!: string[];
  @Prop({ required: true }) marketingConsent!: boolean;
  @Prop({ required: true }) personalisationConsent!: boolean;
  @Prop({ type: String, enum: MEMBER_STAGES, required: true }) stage!: MemberStage;
  @Prop({ required: true }) orders!: number;
  @Prop({ required: true }) netFen!: number;
  @Prop() firstPurchaseAt?: Date;
  @Prop() lastPurchaseAt?: Date;
  /** RFM raw frequency and monetary (within the look-back). */
  @Prop() frequency?: number;
  @Prop() monetaryFen?: number;
  @Prop() r?: number;
  @Prop() f?: number;
  @Prop() m?: number;
  @Prop({ type: String, enum: RFM_SEGMENTS }) segment?: RfmSegment;
  @Prop() churnScore?: number;
  @Prop({ type: String, enum: ['low', 'medium', 'high'] }) churnLevel?: 'low' | 'medium' | 'high';
  @Prop() intervalRatio?: number;
  @Prop({ type: Number }) basketChange?: number | null;
  @Prop({ type: [StoreSpendSchema], default: [] }) stores!: StoreSpend[];
  @Prop({ required: true }) sig!: string;
}

export const MemberProfileSchema = SchemaFactory.createForClass(MemberProfile);
MemberProfileSchema.index({ storeCodes: 1 });
MemberProfileSchema.index({ lastPurchaseAt: 1 });
MemberProfileSchema.index({ firstPurchaseAt: 1 });
MemberProfileSchema.index({ churnScore: -1 });
