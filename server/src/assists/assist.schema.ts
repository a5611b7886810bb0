import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

@Schema({ collection: 'assist_campaigns', timestamps: true })
export class AssistCampaign {
  @Prop({ required: true }) title!: string;
  @Prop({ required: true }) helpersNeeded!: number;
  @Prop({ required: true }) hoursToComplete!: number;
  @Prop({ type: Object, required: true }) reward!: { couponTemplateId?: string; points?: number };
  /** The reward coupon's name, shown on the task card. */
  @Prop() couponName?: string;
  @Prop({ required: true }) startsAt!: Date;
  @Prop({ required: true }) endsAt!: Date;
}
export const AssistCampaignSchema = SchemaFactory.createForClass(AssistCampaign);
AssistCampaignSchema.index({ endsAt: 1 });

export class AssistHelper {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) at!: Date;
}

/**
 * One member's task in a campaign. Helpers are pushed onto the task in one guarded update (not full, still open,
 * before the deadline, not already there), so the count never passes `helpersNeeded` however many help at once.
 */
@Schema({ collection: 'assist_tasks', timestamps: true })
export class AssistTask {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) campaignId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) starterId!: Types.ObjectId;
  @Prop({ required: true }) helpersNeeded!: number;
  @Prop({ type: [Object], default: [] }) helpers!: AssistHelper[];
  @Prop({ required: true }) deadline!: Date;
  @Prop({ type: String, enum: ['open', 'completed', 'expired'], default: 'open' }) status!: 'open' | 'completed' | 'expired';
  /** Set once the reward is issued; a completed task without it is finished by the minute job. */
  @Prop({ default: false }) rewarded!: boolean;
  @Prop() completedAt?: Date;
}
export const AssistTaskSchema = SchemaFactory.createForClass(AssistTask);
AssistTaskSchema.index({ campaignId: 1, starterId: 1 }, { unique: true });
AssistTaskSchema.index({ starterId: 1, createdAt: -1 });
AssistTaskSchema.index({ status: 1, deadline: 1 });
AssistTaskSchema.index({ status: 1, rewarded: 1 });
