import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  EXPERIMENT_EXCLUSIONS,
  EXPERIMENT_STATUSES,
  PROMOTION_TARGETS,
  type ExperimentExclusion,
  type ExperimentReward,
  type ExperimentStatus,
  type MemberStage,
  type PromotionTarget,
  type SegmentAudience,
} from '@memberloop/shared';
import { SchemaTypes, Types } from 'mongoose';

@Schema({ _id: false })
export class ExperimentVariant {
  @Prop({ required: true }) key!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ required: true }) percent!: number;
  @Prop({ type: Object, required: true }) reward!: ExperimentReward;
  @Prop({ required: true }) message!: string;
}
const ExperimentVariantSchema = SchemaFactory.createForClass(ExperimentVariant);

@Schema({ _id: false })
export class ExperimentPromotion {
  @Prop({ required: true }) variant!: string;
  @Prop({ type: String, enum: PROMOTION_TARGETS, required: true }) target!: PromotionTarget;
  @Prop({ required: true }) at!: Date;
  @Prop({ default: 0 }) sent!: number;
  /** Set when every target member was handled; a retried promote finishes one cut short. */
  @Prop() finishedAt?: Date;
}
const ExperimentPromotionSchema = SchemaFactory.createForClass(ExperimentPromotion);

/** An A/B-tested campaign on a segment: its variants, control size, attribution window and state. */
@Schema({ collection: 'campaign_experiments', timestamps: true })
export class CampaignExperiment {
  @Prop({ required: true }) name!: string;
  @Prop({ type: Object, required: true }) audience!: SegmentAudience;
  @Prop({ required: true }) samplePercent!: number;
  @Prop({ type: [ExperimentVariantSchema], required: true }) variants!: ExperimentVariant[];
  @Prop({ required: true }) controlPercent!: number;
  @Prop({ required: true }) attributionDays!: number;
  @Prop({ type: String, enum: EXPERIMENT_STATUSES, required: true }) status!: ExperimentStatus;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) createdBy!: Types.ObjectId;
  @Prop() startedAt?: Date;
  @Prop() windowEndsAt?: Date;
  @Prop({ type: ExperimentPromotionSchema }) promotion?: ExperimentPromotion;
  createdAt!: Date;
}
export const CampaignExperimentSchema = SchemaFactory.createForClass(CampaignExperiment);
CampaignExperimentSchema.index({ createdAt: -1 });

export const ASSIGNMENT_STATUSES = ['control', 'pending', 'sent', 'undelivered', 'excluded'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/**
 * One member's place in an experiment, recorded once (unique per experiment and member): the arm their stable bucket
 * falls in, whether they were eligible when first assigned, and whether their reward went out. Control members are
 * recorded too (`control`): they are the baseline the results compare with.
 */
@Schema({ collection: 'campaign_experiment_assignments', versionKey: false })
export class ExperimentAssignment {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) experimentId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) arm!: string;
  @Prop({ required: true }) bucket!: number;
  /** The member's lifecycle stage when assigned (whose contact policy applies to a later promotion). */
  @Prop({ type: String, required: true }) stage!: MemberStage;
  @Prop({ type: String, enum: ASSIGNMENT_STATUSES, required: true }) status!: AssignmentStatus;
  @Prop({ type: String, enum: EXPERIMENT_EXCLUSIONS }) exclusion?: ExperimentExclusion;
  @Prop({ required: true }) assignedAt!: Date;
  @Prop() sentAt?: Date;
  /** The promoted winner reached this member (control, after the window). */
  @Prop() promotedAt?: Date;
}
export const ExperimentAssignmentSchema = SchemaFactory.createForClass(ExperimentAssignment);
ExperimentAssignmentSchema.index({ experimentId: 1, memberId: 1 }, { unique: true });
ExperimentAssignmentSchema.index({ memberId: 1, sentAt: -1 });

/** One promoted winner's reward to a member outside the experiment (the rest of the segment), once each. */
@Schema({ collection: 'campaign_experiment_promotions', versionKey: false })
export class ExperimentPromotionSend {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) experimentId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) sentAt!: Date;
}
export const ExperimentPromotionSendSchema = SchemaFactory.createForClass(ExperimentPromotionSend);
ExperimentPromotionSendSchema.index({ experimentId: 1, memberId: 1 }, { unique: true });
ExperimentPromotionSendSchema.index({ memberId: 1, sentAt: -1 });
