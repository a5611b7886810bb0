import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * A refresh token, stored only as its SHA-256. Each use rotates it; a rotated token used again means it
 * leaked, and the whole family (every token refreshed from the same login) is revoked.
 */
@Schema({ collection: 'refresh_tokens' })
export class RefreshToken {
  @Prop({ required: true }) _id!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ required: true }) familyId!: string;
  @Prop({ required: true }) expiresAt!: Date;
  @Prop() rotatedAt?: Date;
  @Prop() revokedAt?: Date;
}

export const RefreshTokenSchema = SchemaFactory.createForClass(RefreshToken);
RefreshTokenSchema.index({ familyId: 1 });
// Expired tokens disappear by themselves.
RefreshTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
