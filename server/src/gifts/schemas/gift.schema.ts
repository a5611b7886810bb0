import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A gift in the redemption catalogue: its price in points, the stock left and a per-member limit. */
@Schema({ collection: 'gifts', timestamps: true })
export class Gift {
  @Prop({ required: true }) name!: string;
  @Prop({ default: '' }) description!: string;
  @Prop({ required: true }) pointsCost!: number;
  @Prop({ required: true, min: 0 }) stock!: number;
  @Prop({ required: true, default: 1 }) perMemberLimit!: number;
  @Prop({ required: true, default: true }) active!: boolean;
}

export const GiftSchema = SchemaFactory.createForClass(Gift);
