import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** The versioned settings whose every saved version is kept. */
export const VERSIONED_SETTINGS = ['programme-rules', 'tier-ladder'] as const;
export type VersionedSettingId = (typeof VERSIONED_SETTINGS)[number];

/**
 * One saved version of a versioned setting (the programme rules, the tier ladder): the whole value, who saved it
 * and when, and which fields changed from the version before. Written in the same transaction as the setting, so
 * the history has every version the setting had, and only those. Append-only.
 */
@Schema({ collection: 'programme_setting_versions', versionKey: false })
export class SettingVersion {
  @Prop({ type: String, required: true, enum: VERSIONED_SETTINGS }) setting!: VersionedSettingId;
  @Prop({ required: true }) version!: number;
  @Prop({ type: Object, required: true }) value!: unknown;
  @Prop({ required: true }) savedAt!: Date;
  @Prop({ type: Object, required: true }) savedBy!: { id: string; role: string };
  @Prop({ type: [String], required: true }) changes!: string[];
  /** Among `changes`, the array items (campaigns, line rules, tiers) added or removed whole. */
  @Prop({ type: [String], default: [] }) added!: string[];
  @Prop({ type: [String], default: [] }) removed!: string[];
}

export const SettingVersionSchema = SchemaFactory.createForClass(SettingVersion);
SettingVersionSchema.index({ setting: 1, version: -1 }, { unique: true });
