import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { STORE_STATUSES, type StoreStatus } from '@memberloop/shared';

/** A GeoJSON point: [longitude, latitude] in GCJ-02 degrees (what WeChat's getLocation returns with type 'gcj02'). */
export interface GeoPoint {
  type: 'Point';
  coordinates: [number, number];
}

/**
 * A store of the brand, one per code (unique; purchases, communities and staff scopes name stores by it). Its
 * position is indexed 2dsphere, so the nearby list and an offer's radius are measured by the database on the sphere.
 * Retired stores stay for history but are shown to no member.
 */
@Schema({ collection: 'stores', versionKey: false })
export class StoredStore {
  @Prop({ required: true }) code!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ required: true }) address!: string;
  @Prop({ required: true }) city!: string;
  @Prop({ required: true }) region!: string;
  @Prop({ type: Object, required: true }) location!: GeoPoint;
  @Prop() openingHours?: string;
  @Prop({ type: String, required: true, enum: STORE_STATUSES, default: 'active' }) status!: StoreStatus;
  @Prop({ required: true }) createdAt!: Date;
  @Prop({ required: true }) updatedAt!: Date;
}

export const StoredStoreSchema = SchemaFactory.createForClass(StoredStore);
StoredStoreSchema.index({ code: 1 }, { unique: true });
StoredStoreSchema.index({ location: '2dsphere', status: 1 });
