import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/** A group-buy offer: a SKU at a group price for groups of a set size, within a time window. */
@Schema({ collection: 'group_buy_deals', timestamps: true })
export class GroupBuyDeal {
  @Prop({ required: true }) skuCode!: string;
  @Prop({ required: true }) skuName!: string;
  @Prop() imageUrl?: string;
  @Prop({ required: true }) normalPriceFen!: number;
  @Prop({ required: true }) groupPriceFen!: number;
  @Prop({ required: true }) groupSize!: number;
  @Prop({ required: true }) timeLimitMinutes!: number;
  @Prop({ required: true }) maxGroups!: number;
  @Prop({ required: true }) perMemberLimit!: number;
  @Prop({ required: true }) startsAt!: Date;
  @Prop({ required: true }) endsAt!: Date;
  @Prop({ required: true }) voucherValidDays!: number;
  /** The coupon template (gift: the SKU at the group price) every member of a filled group is issued. */
  @Prop({ type: SchemaTypes.ObjectId, required: true }) voucherTemplateId!: Types.ObjectId;
  /** Groups open or succeeded: raised with a guard when a group opens, lowered once when one fails. */
  @Prop({ required: true, default: 0, min: 0 }) groupsTaken!: number;
  @Prop({ type: String, enum: ['active', 'closed'], default: 'active' }) status!: 'active' | 'closed';
  @Prop() closedAt?: Date;
  /** The stores it is for; absent for a brand-wide deal (HQ's). */
  @Prop({ type: [String], default: undefined }) storeCodes?: string[];
  @Prop({ type: Object, required: true }) createdBy!: { memberId: Types.ObjectId; role: 'manager' | 'hq' };
  @Prop({ type: Object }) closedBy?: { memberId: Types.ObjectId; role: 'manager' | 'hq' };
  createdAt!: Date;
}
export const GroupBuyDealSchema = SchemaFactory.createForClass(GroupBuyDeal);
GroupBuyDealSchema.index({ status: 1, endsAt: 1 });
GroupBuyDealSchema.index({ createdAt: -1 });

@Schema({ _id: false })
export class GroupBuySeat {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) joinedAt!: Date;
}
const GroupBuySeatSchema = SchemaFactory.createForClass(GroupBuySeat);

export type GroupStatus = 'open' | 'succeeded' | 'failed';

/**
 * One group: its members in joining order (the leader first). A seat is taken by one guarded update
 * (open, before the deadline, a seat left, not a member yet), so the group never holds more than `size`.
 */
@Schema({ collection: 'group_buy_groups', timestamps: true })
export class GroupBuyGroup {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) dealId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) leaderId!: Types.ObjectId;
  @Prop({ type: [GroupBuySeatSchema], default: [] }) members!: GroupBuySeat[];
  /** The deal's group size when the group opened. */
  @Prop({ required: true }) size!: number;
  @Prop({ required: true, min: 0 }) seatsLeft!: number;
  @Prop({ required: true }) deadline!: Date;
  @Prop({ type: String, enum: ['open', 'succeeded', 'failed'], default: 'open' }) status!: GroupStatus;
  /** `open:<leader>:<client key>`: a retried open makes one group. */
  @Prop({ required: true }) openKey!: string;
  @Prop() succeededAt?: Date;
  @Prop() failedAt?: Date;
  @Prop({ type: String, enum: ['expired', 'deal-closed'] }) failReason?: 'expired' | 'deal-closed';
  /**
   * The outcome's side effects are done: vouchers issued and members told (succeeded), or seats given back and
   * members told (failed). False until then, so the minute job finishes what a crashed process left half done.
   */
  @Prop({ required: true, default: false }) settled!: boolean;
  @Prop() settledAt?: Date;
  createdAt!: Date;
}
export const GroupBuyGroupSchema = SchemaFactory.createForClass(GroupBuyGroup);
GroupBuyGroupSchema.index({ openKey: 1 }, { unique: true });
GroupBuyGroupSchema.index({ status: 1, deadline: 1 });
GroupBuyGroupSchema.index({ settled: 1, status: 1 });
GroupBuyGroupSchema.index({ 'members.memberId': 1, createdAt: -1 });
GroupBuyGroupSchema.index({ dealId: 1, status: 1 });

/**
 * The groups of one deal a member is in (opened or joined, not failed): the per-member limit. Taken with a guard
 * in the same transaction as the seat; a failed group's id is pulled again.
 */
@Schema({ collection: 'group_buy_member_quotas', versionKey: false })
export class GroupBuyMemberQuota {
  /** `<deal>:<member>` */
  @Prop({ type: String, required: true }) _id!: string;
  @Prop({ type: [SchemaTypes.ObjectId], default: [] }) groupIds!: Types.ObjectId[];
}
export const GroupBuyMemberQuotaSchema = SchemaFactory.createForClass(GroupBuyMemberQuota);

export type LeanDeal = GroupBuyDeal & { _id: Types.ObjectId };
export type LeanGroup = GroupBuyGroup & { _id: Types.ObjectId };

export function quotaId(dealId: Types.ObjectId, memberId: Types.ObjectId): string {
  return `${dealId.toHexString()}:${memberId.toHexString()}`;
}
