import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Sequences for human-readable numbers (member numbers), advanced atomically. */
@Schema({ collection: 'counters', versionKey: false })
export class Counter {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true, default: 0 }) value!: number;
}

export const CounterSchema = SchemaFactory.createForClass(Counter);
