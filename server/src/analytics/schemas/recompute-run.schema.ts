import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { RecomputePhase, RecomputeStatus, RecomputeSummary } from '@memberloop/shared';
import { Types } from 'mongoose';

/** One full analytics recompute, HQ's or the nightly one: its state and progress as the dashboard shows them. */
@Schema({ collection: 'analytics_recompute_runs', versionKey: false })
export class RecomputeRun {
  @Prop({ type: Types.ObjectId, required: true }) _id!: Types.ObjectId;
  @Prop({ type: String, required: true }) trigger!: 'hq' | 'schedule';
  /** The HQ staff member who started it. */
  @Prop() startedBy?: string;
  @Prop({ type: String, required: true }) status!: RecomputeStatus;
  @Prop({ type: String }) phase?: RecomputePhase;
  @Prop({ required: true }) processed!: number;
  @Prop({ required: true }) total!: number;
  @Prop({ required: true }) startedAt!: Date;
  @Prop({ required: true }) updatedAt!: Date;
  @Prop() finishedAt?: Date;
  @Prop({ type: Object }) summary?: RecomputeSummary;
  @Prop() failure?: string;
}
export const RecomputeRunSchema = SchemaFactory.createForClass(RecomputeRun);
RecomputeRunSchema.index({ startedAt: -1 });

/**
 * The one document that lets a single full recompute run at a time across every server instance: claimed with a
 * lease (renewed with each progress write, so a crashed holder's lapses), it names the current or last run.
 */
@Schema({ collection: 'analytics_recompute_lock', versionKey: false })
export class RecomputeLock {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Types.ObjectId, required: true }) runId!: Types.ObjectId;
  @Prop() owner?: string;
  /** Set while a run holds the lock; unset when it ends. */
  @Prop() leaseUntil?: Date;
}
export const RecomputeLockSchema = SchemaFactory.createForClass(RecomputeLock);
