import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * What the demo brand in this database was generated from. The history ends at `until`, fixed by the
 * first run, so that a later run generates the very same members and orders (and so adds nothing).
 */
@Schema({ collection: 'demo_seed_runs', timestamps: true })
export class DemoSeedRun {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) seed!: number;
  @Prop({ required: true }) members!: number;
  @Prop({ required: true }) purchases!: number;
  @Prop({ required: true }) months!: number;
  @Prop({ required: true }) until!: Date;
}

export const DemoSeedRunSchema = SchemaFactory.createForClass(DemoSeedRun);
