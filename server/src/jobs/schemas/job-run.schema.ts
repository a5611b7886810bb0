import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** One document per job: who holds its lease, and which period it last completed. */
@Schema({ collection: 'job_runs' })
export class JobRun {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop() owner?: string;
  @Prop() leaseUntil?: Date;
  /** The period (a business day for daily jobs) the job last completed: it runs once per period. */
  @Prop() lastRunKey?: string;
  @Prop() lastStartedAt?: Date;
  @Prop() lastFinishedAt?: Date;
  @Prop({ type: Object }) lastResult?: Record<string, unknown>;
  @Prop() lastError?: string;
}

export const JobRunSchema = SchemaFactory.createForClass(JobRun);
