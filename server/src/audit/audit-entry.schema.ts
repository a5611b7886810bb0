import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One staff action, appended and never changed: who (`actor`, a member id or `system`, with the role they acted
 * in), what (`action`, e.g. `activity.publish`), on what (`target`), when, and the particulars.
 */
@Schema({ collection: 'audit_log', versionKey: false })
export class AuditEntry {
  @Prop({ required: true }) actor!: string;
  @Prop({ required: true }) role!: string;
  @Prop({ required: true }) action!: string;
  @Prop({ type: Object, required: true }) target!: { type: string; id: string };
  @Prop({ required: true }) at!: Date;
  @Prop({ type: Object, default: {} }) details!: Record<string, unknown>;
}

export const AuditEntrySchema = SchemaFactory.createForClass(AuditEntry);
AuditEntrySchema.index({ action: 1, _id: -1 });
AuditEntrySchema.index({ actor: 1, _id: -1 });
AuditEntrySchema.index({ 'target.type': 1, 'target.id': 1, _id: -1 });
