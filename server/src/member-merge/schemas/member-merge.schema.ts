import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

@Schema({ _id: false })
export class MergeMoved {
  @Prop({ required: true, default: 0 }) points!: number;
  @Prop({ required: true, default: 0 }) debt!: number;
  @Prop({ required: true, default: 0 }) coupons!: number;
  @Prop({ required: true, default: 0 }) orders!: number;
}
const MergeMovedSchema = SchemaFactory.createForClass(MergeMoved);

/**
 * One merge of two accounts of a person, written with the member's `merged` mark and its audit entry in one
 * transaction; its steps (points, coupons, orders, tier) each land once, so a merge a crash interrupted is finished
 * by running them again (the `member-merges-resume` job). A member is merged away once: `fromId` is unique.
 */
@Schema({ collection: 'member_merges' })
export class MemberMerge {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) fromId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) intoId!: Types.ObjectId;
  @Prop({ required: true }) fromMemberNo!: string;
  @Prop({ required: true }) intoMemberNo!: string;
  @Prop({ required: true }) reason!: string;
  @Prop({ required: true }) byMemberNo!: string;
  @Prop({ type: String, enum: ['moving', 'done'], required: true }) state!: 'moving' | 'done';
  @Prop({ type: MergeMovedSchema, required: true, default: () => ({}) }) moved!: MergeMoved;
  @Prop({ required: true }) startedAt!: Date;
  @Prop() finishedAt?: Date;
}

export const MemberMergeSchema = SchemaFactory.createForClass(MemberMerge);
MemberMergeSchema.index({ fromId: 1 }, { unique: true });
MemberMergeSchema.index({ state: 1, startedAt: 1 }, { partialFilterExpression: { state: 'moving' } });
