import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** The programme's rules as HQ last saved them (see ProgrammeRules); absent until HQ first changes the defaults. */
@Schema({ collection: 'programme_settings', versionKey: false })
export class ProgrammeRulesSetting {
  @Prop({ type: String, default: 'programme-rules' }) _id!: string;
  @Prop({ type: Object, required: true }) rules!: Record<string, unknown>;
  @Prop({ required: true }) version!: number;
  @Prop({ required: true }) updatedAt!: Date;
  @Prop({ required: true }) updatedBy!: string;
}

export const ProgrammeRulesSettingSchema = SchemaFactory.createForClass(ProgrammeRulesSetting);
