import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

export type MembershipStatus = 'active' | 'left' | 'removed';

/**
 * A member's place in a community, one document per pair. `removed` (by a manager) keeps them from joining
 * again on their own; `left` is their own choice and joining again starts a new `joinedAt`.
 */
@Schema({ collection: 'community_memberships', timestamps: true })
export class CommunityMembership {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) communityId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: String, required: true, enum: ['active', 'left', 'removed'] }) status!: MembershipStatus;
  @Prop({ required: true }) joinedAt!: Date;
  @Prop() leftAt?: Date;
  @Prop() removedAt?: Date;
  @Prop({ type: SchemaTypes.ObjectId }) removedBy?: Types.ObjectId;
}

export const CommunityMembershipSchema = SchemaFactory.createForClass(CommunityMembership);
CommunityMembershipSchema.index({ communityId: 1, memberId: 1 }, { unique: true });
CommunityMembershipSchema.index({ communityId: 1, status: 1, _id: 1 });
CommunityMembershipSchema.index({ memberId: 1, status: 1 });
