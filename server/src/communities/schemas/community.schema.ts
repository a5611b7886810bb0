import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * A member community: a store's or an interest group. Its managers are not stored here: a manager's communities
 * are `staff_roles.communityIds`, the one source the access checks read.
 */
@Schema({ collection: 'communities', timestamps: true })
export class Community {
  @Prop({ required: true }) name!: string;
  @Prop({ type: String, required: true, enum: ['store', 'interest'] }) kind!: 'store' | 'interest';
  @Prop() storeCode?: string;
  @Prop({ default: '' }) description!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) createdBy!: Types.ObjectId;
  createdAt!: Date;
}

export const CommunitySchema = SchemaFactory.createForClass(Community);
CommunitySchema.index({ name: 1 });
