import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A store system or the online shop allowed to call the ingest API, with its signing secret (encrypted). */
@Schema({ collection: 'integrations', timestamps: true })
export class Integration {
  @Prop({ required: true }) _id!: string;
  @Prop({ required: true }) name!: string;
  @Prop({ required: true }) secretEncrypted!: string;
  @Prop({ required: true, default: true }) active!: boolean;
  /** The secret before the last rotation, still verifying until `previousSecretUntil` (a rotation's grace period). */
  @Prop() previousSecretEncrypted?: string;
  @Prop() previousSecretUntil?: Date;
  createdAt!: Date;
}

export const IntegrationSchema = SchemaFactory.createForClass(Integration);
