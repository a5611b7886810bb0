import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/** A member's review or show-off post, waiting for, or past, a manager's decision. */
@Schema({ collection: 'posts', timestamps: true })
export class Post {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  /** The Idempotency-Key it was submitted with: a retried submit finds this post. */
  @Prop({ required: true }) clientKey!: string;
  @Prop({ type: String, enum: ['review', 'show'], required: true }) kind!: 'review' | 'show';
  @Prop({ required: true }) text!: string;
  @Prop({ type: [String], default: [] }) imageIds!: string[];
  @Prop({ type: SchemaTypes.ObjectId }) communityId?: Types.ObjectId;
  @Prop({ type: String, enum: ['pending', 'approved', 'rejected'], default: 'pending' }) status!:
    'pending' | 'approved' | 'rejected';
  @Prop({ type: SchemaTypes.ObjectId }) reviewedBy?: Types.ObjectId;
  @Prop() reviewedAt?: Date;
  @Prop() rejectReason?: string;
  /** none until approved; pending between approval and the points landing (a crash there is finished by the job). */
  @Prop({ type: String, enum: ['none', 'pending', 'paid'], default: 'none' }) reward!: 'none' | 'pending' | 'paid';
  @Prop({ default: 0 }) pointsEarned!: number;
  createdAt!: Date;
}
export const PostSchema = SchemaFactory.createForClass(Post);
PostSchema.index({ memberId: 1, clientKey: 1 }, { unique: true });
PostSchema.index({ status: 1, _id: -1 });
PostSchema.index({ communityId: 1, status: 1, _id: -1 });
PostSchema.index({ memberId: 1, _id: -1 });
PostSchema.index({ status: 1, reward: 1 });
