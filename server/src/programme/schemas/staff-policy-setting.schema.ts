import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** HQ's limits on what staff may give away (see StaffPolicy); absent until HQ changes the shipped default. */
@Schema({ collection: 'programme_settings', versionKey: false })
export class StaffPolicySetting {
  @Prop({ type: String, default: 'staff-policy' }) _id!: string;
  @Prop() maxCouponsPerSend?: number;
  @Prop({ type: Object }) groupBuyPriceFloor?: { minPercentOfNormalPrice: number; minFen: number };
}

export const StaffPolicySettingSchema = SchemaFactory.createForClass(StaffPolicySetting);
