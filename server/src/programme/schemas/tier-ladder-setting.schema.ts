import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** The brand's tier ladder as HQ last saved it; absent until HQ first changes the shipped default. */
@Schema({ collection: 'programme_settings' })
export class TierLadderSetting {
  @Prop({ type: String, default: 'tier-ladder' }) _id!: string;
  @Prop({ type: [Object], required: true }) tiers!: Record<string, unknown>[];
  @Prop({ required: true }) version!: number;
  @Prop({ required: true }) updatedAt!: Date;
  @Prop({ required: true }) updatedBy!: string;
}

export const TierLadderSettingSchema = SchemaFactory.createForClass(TierLadderSetting);
