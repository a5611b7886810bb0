import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * A manager's announcement to a community. It goes to the members of the moment it was posted (joined by then),
 * one WeChat message each through the notifications outbox; `sentAt` marks the fan-out finished.
 */
@Schema({ collection: 'community_announcements', timestamps: true })
export class CommunityAnnouncement {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) communityId!: Types.ObjectId;
  @Prop({ required: true }) title!: string;
  @Prop({ required: true }) body!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) postedBy!: Types.ObjectId;
  /** The poster's Idempotency-Key: a retry returns this announcement instead of posting another. */
  @Prop({ required: true }) clientKey!: string;
  @Prop({ required: true }) postedAt!: Date;
  @Prop({ required: true, default: 0 }) recipients!: number;
  @Prop() sentAt?: Date;
}

export const CommunityAnnouncementSchema = SchemaFactory.createForClass(CommunityAnnouncement);
CommunityAnnouncementSchema.index({ postedBy: 1, clientKey: 1 }, { unique: true });
CommunityAnnouncementSchema.index({ communityId: 1, postedAt: -1 });
CommunityAnnouncementSchema.index({ sentAt: 1, postedAt: 1 });
