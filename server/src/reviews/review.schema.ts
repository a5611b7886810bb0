import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/** A member's review of a product they bought: one per order line. */
@Schema({ collection: 'reviews', timestamps: true })
export class Review {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) orderId!: string;
  @Prop({ required: true }) sku!: string;
  @Prop({ required: true, min: 1, max: 5 }) rating!: number;
  @Prop({ required: true }) text!: string;
  @Prop({ type: [String], default: [] }) photoUrls!: string[];
  /** `pending` until the points step finished: a retry of the request completes it. */
  @Prop({ type: String, enum: ['pending', 'paid', 'over-limit'], required: true }) reward!: 'pending' | 'paid' | 'over-limit';
  @Prop({ required: true, default: 0 }) pointsEarned!: number;
  createdAt!: Date;
}

export const ReviewSchema = SchemaFactory.createForClass(Review);
ReviewSchema.index({ memberId: 1, orderId: 1, sku: 1 }, { unique: true });
ReviewSchema.index({ memberId: 1, createdAt: -1 });

/** The reviews paid for in one business day of one member: at most REVIEW_POINTS.paidPerDay. */
@Schema({ collection: 'review_quotas' })
export class ReviewQuota {
  /** `<member>:<YYYY-MM-DD>` */
  @Prop({ type: String, required: true }) _id!: string;
  /** The paid reviews, in the order they were paid. */
  @Prop({ type: [SchemaTypes.ObjectId], default: [] }) holders!: Types.ObjectId[];
}

export const ReviewQuotaSchema = SchemaFactory.createForClass(ReviewQuota);
