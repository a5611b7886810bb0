import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SurveyQuestion, SurveyStatus, SurveyTargeting } from '@memberloop/shared';
import { SchemaTypes, Types } from 'mongoose';
import type { StoredAnswer } from '../domain/answers';

/** A survey HQ built: its questions (ids by position), reward, targeting and status. */
@Schema({ collection: 'surveys', timestamps: true })
export class Survey {
  @Prop({ required: true }) title!: string;
  @Prop({ required: true }) npsQuestion!: string;
  @Prop({ type: [SchemaTypes.Mixed], default: [] }) questions!: SurveyQuestion[];
  @Prop({ required: true, min: 0 }) rewardPoints!: number;
  @Prop({ type: SchemaTypes.Mixed, required: true }) targeting!: SurveyTargeting;
  @Prop({ type: String, enum: ['draft', 'active', 'closed'], default: 'draft' }) status!: SurveyStatus;
  @Prop() activatedAt?: Date;
  @Prop() closedAt?: Date;
  /** After-purchase surveys: purchases paid before this were looked at already (the invitations job's mark). */
  @Prop() scannedUntil?: Date;
  createdAt!: Date;
  updatedAt!: Date;
}
export const SurveySchema = SchemaFactory.createForClass(Survey);
SurveySchema.index({ status: 1, _id: -1 });

/** One member asked to answer one survey: at most one per member per survey. */
@Schema({ collection: 'survey_invitations' })
export class SurveyInvitation {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) surveyId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  /** The store of the purchase that called for it, when one did. */
  @Prop() storeCode?: string;
  @Prop({ type: String, enum: ['open', 'answered'], default: 'open' }) status!: 'open' | 'answered';
  @Prop({ required: true }) invitedAt!: Date;
}
export const SurveyInvitationSchema = SchemaFactory.createForClass(SurveyInvitation);
SurveyInvitationSchema.index({ surveyId: 1, memberId: 1 }, { unique: true });
SurveyInvitationSchema.index({ memberId: 1, status: 1, invitedAt: -1 });

/** A member's answer, with their tier, store and lifecycle stage when they answered (the results' splits). */
@Schema({ collection: 'survey_responses' })
export class SurveyResponse {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) surveyId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) invitationId!: Types.ObjectId;
  @Prop({ required: true, min: 0, max: 10 }) nps!: number;
  @Prop({ type: [SchemaTypes.Mixed], default: [] }) answers!: StoredAnswer[];
  @Prop({ required: true }) tier!: string;
  @Prop({ required: true }) storeCode!: string;
  @Prop({ required: true }) stage!: string;
  @Prop({ required: true }) answeredAt!: Date;
  /** The reward: `pending` until the ledger has it (a retry finishes it), `paid`, or `none` (no reward). */
  @Prop({ type: String, enum: ['pending', 'paid', 'none'], required: true }) reward!: 'pending' | 'paid' | 'none';
  @Prop({ default: 0 }) pointsEarned!: number;
  /** A detractor's words: `pending` until the ticket is open, then its id. */
  @Prop({ type: String, enum: ['none', 'pending', 'opened'], default: 'none' }) ticket!: 'none' | 'pending' | 'opened';
  @Prop() ticketId?: string;
}
export const SurveyResponseSchema = SchemaFactory.createForClass(SurveyResponse);
SurveyResponseSchema.index({ surveyId: 1, memberId: 1 }, { unique: true });
SurveyResponseSchema.index({ surveyId: 1, answeredAt: 1 });
