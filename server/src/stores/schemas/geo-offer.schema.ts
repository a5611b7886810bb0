import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * A coupon offer HQ attached to a store: members within `radiusMetres` of it may claim the template's coupon, at
 * most once per `capDays` window, between 00:00 Beijing of `startsOn` and 24:00 of `endsOn`. At most one offer of a
 * store runs at a time.
 */
@Schema({ collection: 'geo_offers', versionKey: false })
export class GeoOffer {
  @Prop({ required: true }) storeCode!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) templateId!: Types.ObjectId;
  /** The coupon's name and benefit when HQ attached it: what members are shown. */
  @Prop({ required: true }) couponName!: string;
  @Prop({ type: Object, required: true }) benefit!: Record<string, unknown> & { kind: string };
  @Prop({ required: true }) radiusMetres!: number;
  @Prop({ required: true }) capDays!: number;
  @Prop({ required: true }) startsOn!: string;
  @Prop({ required: true }) endsOn!: string;
  @Prop({ required: true }) startsAt!: Date;
  @Prop({ required: true }) endsAt!: Date;
  /** Set when HQ ended the offer before its end. */
  @Prop() endedAt?: Date;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) createdBy!: Types.ObjectId;
  @Prop({ required: true }) createdAt!: Date;
}

export const GeoOfferSchema = SchemaFactory.createForClass(GeoOffer);
GeoOfferSchema.index({ storeCode: 1, endsAt: -1 });

/**
 * One grant of an offer to a member in one cap window: unique per offer, member and window, so retries and
 * concurrent claims grant once. `pending` until the coupon is issued (same key as its issue key); a claim that finds
 * its own window pending finishes it. Keeps where the member was only as the offer log needs it: the distance and
 * the position rounded to about 100 m.
 */
@Schema({ collection: 'geo_offer_claims', versionKey: false })
export class GeoOfferClaim {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) offerId!: Types.ObjectId;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) window!: number;
  @Prop({ required: true }) storeCode!: string;
  @Prop({ type: String, required: true, enum: ['pending', 'granted'] }) state!: 'pending' | 'granted';
  @Prop({ required: true }) distanceMetres!: number;
  @Prop({ type: [Number], required: true }) roughPosition!: [number, number];
  @Prop({ required: true }) claimedAt!: Date;
}

export const GeoOfferClaimSchema = SchemaFactory.createForClass(GeoOfferClaim);
GeoOfferClaimSchema.index({ offerId: 1, memberId: 1, window: 1 }, { unique: true });
GeoOfferClaimSchema.index({ memberId: 1, offerId: 1 });
