import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A nonce a signed request used, kept for as long as its timestamp could still be accepted. The unique index
 * makes the nonce single-use per integration across every server instance; the TTL index drops it afterwards.
 */
@Schema({ collection: 'integration_nonces', versionKey: false })
export class IntegrationNonce {
  @Prop({ required: true }) integrationId!: string;
  @Prop({ required: true }) nonce!: string;
  @Prop({ required: true }) expiresAt!: Date;
}

export const IntegrationNonceSchema = SchemaFactory.createForClass(IntegrationNonce);
IntegrationNonceSchema.index({ integrationId: 1, nonce: 1 }, { unique: true });
IntegrationNonceSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
