import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/** A badge a member holds, and each month they earned it in. */
@Schema({ collection: 'member_badges', timestamps: true })
export class MemberBadge {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) code!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ type: [String], default: [] }) months!: string[];
  @Prop({ required: true }) firstEarnedAt!: Date;
}

export const MemberBadgeSchema = SchemaFactory.createForClass(MemberBadge);
MemberBadgeSchema.index({ memberId: 1, code: 1 }, { unique: true });
