import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';
import { REGION_PACK_STATUSES, type RegionPackStatus } from '@memberloop/shared';

/**
 * A region benefit pack (地区会员礼包): benefits HQ attaches to the tiers from `minTierCode` up, for members whose
 * region is one of `regions`. Drafts are edited; once published its terms are fixed (members were granted by them).
 */
@Schema({ collection: 'region_packs', versionKey: false, timestamps: true })
export class RegionPack {
  @Prop({ required: true }) name!: string;
  @Prop({ type: [String], required: true }) regions!: string[];
  @Prop({ required: true }) minTierCode!: string;
  @Prop({ type: [SchemaTypes.ObjectId], default: [] }) couponTemplateIds!: Types.ObjectId[];
  @Prop() pointsMultiplier?: number;
  @Prop({ type: [String], required: true }) highlights!: string[];
  @Prop({ type: String, required: true, enum: REGION_PACK_STATUSES }) status!: RegionPackStatus;
  @Prop() publishedAt?: Date;
  @Prop() withdrawnAt?: Date;
  /** When the backfill had granted every member holding one of its tiers at publication (the job then skips it). */
  @Prop() backfilledAt?: Date;
  createdAt!: Date;
  updatedAt!: Date;
}

export const RegionPackSchema = SchemaFactory.createForClass(RegionPack);
// The member card and the purchase hook look up the published packs of one region.
RegionPackSchema.index({ status: 1, regions: 1 });

/**
 * A pack granted to a member for one tier they reached: its coupons are issued under keys of the member, pack, tier
 * and template, and this record (unique per member, pack and tier) says it is done, so reruns and concurrent runs
 * grant once.
 */
@Schema({ collection: 'region_pack_grants', versionKey: false })
export class RegionPackGrant {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) packId!: Types.ObjectId;
  @Prop({ required: true }) tierCode!: string;
  /** How: at an upgrade (a purchase) or by the backfill of members holding the tier at publication. */
  @Prop({ type: String, required: true, enum: ['upgrade', 'backfill'] }) via!: 'upgrade' | 'backfill';
  @Prop({ required: true }) grantedAt!: Date;
}

export const RegionPackGrantSchema = SchemaFactory.createForClass(RegionPackGrant);
RegionPackGrantSchema.index({ memberId: 1, packId: 1, tierCode: 1 }, { unique: true });
RegionPackGrantSchema.index({ packId: 1 });
