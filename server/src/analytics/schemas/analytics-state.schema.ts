import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * Small documents the analytics keep between runs, by key: `settings` (HQ's configuration), `rfm-model`
 * (the fitted quantile cut points), `watermark` (the incremental pass's position), `recompute` (the last
 * full run: when, and which distribution generation is current), `best-sellers`.
 */
@Schema({ collection: 'analytics_state', versionKey: false, timestamps: { createdAt: false, updatedAt: true } })
export class AnalyticsState {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: Object, required: true }) value!: Record<string, unknown>;
  updatedAt?: Date;
}
export const AnalyticsStateSchema = SchemaFactory.createForClass(AnalyticsState);

/**
 * Members counted by tier, stage, segment and churn level, per combination of stores the members shop at
 * (`stores` sorted; empty for members who never bought in a store). A manager's figures are the sum over
 * combinations that share a store with theirs: each member counted once. Written per full recompute under
 * its `generation`; `analytics_state.recompute` names the current one.
 */
@Schema({ collection: 'analytics_distributions', versionKey: false })
export class MemberDistribution {
  @Prop({ required: true }) generation!: string;
  @Prop({ type: [String], required: true }) stores!: string[];
  @Prop({ required: true }) members!: number;
  @Prop({ type: Object, required: true }) tier!: Record<string, number>;
  @Prop({ type: Object, required: true }) stage!: Record<string, number>;
  @Prop({ type: Object, required: true }) segment!: Record<string, number>;
  @Prop({ type: Object, required: true }) churn!: Record<string, number>;
}
export const MemberDistributionSchema = SchemaFactory.createForClass(MemberDistribution);
MemberDistributionSchema.index({ generation: 1, stores: 1 });

/** Orders and net sales per store and business day, one document per store and month (`_id` `YYYY-MM|store`). */
@Schema({ collection: 'analytics_monthly_sales', versionKey: false })
export class MonthlySales {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) month!: string;
  @Prop({ required: true }) store!: string;
  /** Day of month → [orders, net fen]. */
  @Prop({ type: Object, required: true }) days!: Record<string, [number, number]>;
}
export const MonthlySalesSchema = SchemaFactory.createForClass(MonthlySales);
MonthlySalesSchema.index({ month: 1 });

/** One chunk of a dated stage snapshot (see domain/stage-snapshot.ts). */
@Schema({ collection: 'analytics_stage_snapshots', versionKey: false })
export class StageSnapshotChunk {
  @Prop({ required: true }) day!: string;
  @Prop({ required: true }) generation!: string;
  @Prop({ required: true }) chunk!: number;
  @Prop({ type: Buffer, required: true }) ids!: Buffer;
  @Prop({ type: Buffer, required: true }) stages!: Buffer;
}
export const StageSnapshotChunkSchema = SchemaFactory.createForClass(StageSnapshotChunk);
StageSnapshotChunkSchema.index({ day: 1, generation: 1, chunk: 1 });

/** A complete snapshot: written after all its chunks, so a crashed run's chunks are never read. */
@Schema({ collection: 'analytics_stage_snapshot_days', versionKey: false })
export class StageSnapshotDay {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) generation!: string;
  @Prop({ required: true }) members!: number;
  @Prop({ required: true }) takenAt!: Date;
}
export const StageSnapshotDaySchema = SchemaFactory.createForClass(StageSnapshotDay);

export type LeanId = { _id: Types.ObjectId };
