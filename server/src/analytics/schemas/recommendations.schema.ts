import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/** An item's most similar items by co-purchase (`_id` = its SKU), written by the nightly job. */
@Schema({ collection: 'analytics_item_neighbours', versionKey: false })
export class ItemNeighbours {
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ required: true }) generation!: string;
  @Prop({ required: true }) buyers!: number;
  @Prop({ type: [Object], required: true }) items!: Array<{ sku: string; score: number; together: number }>;
}
export const ItemNeighboursSchema = SchemaFactory.createForClass(ItemNeighbours);

/** A member's picks (`_id` = the member), written by the nightly job for members who consented to personalisation. */
@Schema({ collection: 'analytics_member_picks', versionKey: false })
export class MemberPicks {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) _id!: Types.ObjectId;
  @Prop({ required: true }) generation!: string;
  @Prop({ type: [Object], required: true }) items!: Array<{ sku: string; score: number; becauseOf: string }>;
  @Prop({ required: true }) computedAt!: Date;
}
export const MemberPicksSchema = SchemaFactory.createForClass(MemberPicks);
MemberPicksSchema.index({ generation: 1 });
