import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes } from 'mongoose';

/** The answer a keyed request got, replayed to every retry with the same key. */
export type StoredAnswer =
  { kind: 'success'; body: unknown } | { kind: 'error'; code: string; message: string; details?: unknown };

/**
 * One request sent with an Idempotency-Key: unique per caller, endpoint and key, so however many copies arrive at
 * once only one runs. In flight it holds a lease (a crashed holder's lapses and the next copy takes over); done, it
 * keeps the answer for the retries.
 */
@Schema({ collection: 'idempotent_requests' })
export class IdempotentRequest {
  /** The member (or staff member, or integration) who sent it. */
  @Prop({ required: true }) caller!: string;
  /** `METHOD /path/:template` of the endpoint. */
  @Prop({ required: true }) endpoint!: string;
  @Prop({ required: true }) key!: string;
  /** Hash of the request's parameters, query and body: the same key with another request is refused. */
  @Prop({ required: true }) fingerprint!: string;
  @Prop({ type: String, required: true }) state!: 'in-flight' | 'done';
  /** The handler running it now, and until when its hold lasts unless renewed. */
  @Prop() owner?: string;
  @Prop() leaseUntil?: Date;
  @Prop({ type: SchemaTypes.Mixed }) answer?: StoredAnswer;
  @Prop({ required: true }) createdAt!: Date;
  /** Kept a day, as long as a client may reasonably retry; then the key may be used afresh. */
  @Prop({ required: true }) expiresAt!: Date;
}

export const IdempotentRequestSchema = SchemaFactory.createForClass(IdempotentRequest);
IdempotentRequestSchema.index({ caller: 1, endpoint: 1, key: 1 }, { unique: true });
IdempotentRequestSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
