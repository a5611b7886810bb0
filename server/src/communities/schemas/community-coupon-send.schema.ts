import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * A manager giving a coupon to every member of a community. Each coupon is issued with the key
 * `community-coupon:<sendId>:<memberId>`, so finishing an interrupted send never gives anyone a second one.
 */
@Schema({ collection: 'community_coupon_sends', timestamps: true })
export class CommunityCouponSend {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) communityId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) templateId!: Types.ObjectId;
  @Prop({ required: true }) templateName!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) sentBy!: Types.ObjectId;
  @Prop({ required: true }) clientKey!: string;
  @Prop({ required: true }) requestedAt!: Date;
  @Prop({ required: true, default: 0 }) recipients!: number;
  @Prop({ required: true, default: 0 }) issued!: number;
  @Prop() sentAt?: Date;
}

export const CommunityCouponSendSchema = SchemaFactory.createForClass(CommunityCouponSend);
CommunityCouponSendSchema.index({ sentBy: 1, clientKey: 1 }, { unique: true });
CommunityCouponSendSchema.index({ sentAt: 1, requestedAt: 1 });
