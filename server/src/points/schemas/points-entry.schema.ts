import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

export type PointsEntryKind = 'earn' | 'burn' | 'expire' | 'adjust' | 'clawback';

/** Where points came from or went to: a purchase, a refund, a sign-in, a redemption… */
@Schema({ _id: false })
export class PointsSource {
  @Prop({ required: true }) type!: string;
  @Prop({ required: true }) id!: string;
}
const PointsSourceSchema = SchemaFactory.createForClass(PointsSource);

/** A purchase paid in another currency, as its earning recorded it (the statement shows it beside the points). */
@Schema({ _id: false })
export class PointsEntryFx {
  /** ISO 4217 code. */
  @Prop({ required: true }) currency!: string;
  /** The order's amount in the currency's smallest unit, as the till sent it. */
  @Prop({ required: true }) amountMinor!: number;
  /** Micro-yuan per unit of the currency (HKD 0.9123 → 912300). */
  @Prop({ required: true }) rateMicros!: number;
}
const PointsEntryFxSchema = SchemaFactory.createForClass(PointsEntryFx);

/**
 * What the member may read about the entry besides its code (see PointsReasonParams in the shared contract): names
 * of things as the member saw them then, never ids or store codes. Entries written before it have none.
 */
@Schema({ _id: false })
export class PointsEntryParams {
  @Prop({ type: String, enum: ['store', 'online'] }) channel?: 'store' | 'online';
  @Prop() orderNo?: string;
  @Prop() name?: string;
  @Prop() streakDays?: number;
  @Prop({ type: String, enum: ['review', 'show'] }) postKind?: 'review' | 'show';
  /** A purchase paid in another currency: what the till sent and the rate it was converted at. */
  @Prop({ type: PointsEntryFxSchema }) fx?: PointsEntryFx;
}
const PointsEntryParamsSchema = SchemaFactory.createForClass(PointsEntryParams);

@Schema({ _id: false })
export class LotAllocation {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) lotId!: Types.ObjectId;
  @Prop({ required: true }) points!: number;
}
const LotAllocationSchema = SchemaFactory.createForClass(LotAllocation);

/**
 * One line of the append-only points ledger. A member's balance is the sum of their entries' `points`;
 * `idempotencyKey` (unique) makes every retried write land once.
 */
@Schema({ collection: 'points_entries', timestamps: { createdAt: true, updatedAt: false } })
export class PointsEntry {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: String, required: true, enum: ['earn', 'burn', 'expire', 'adjust', 'clawback'] }) kind!: PointsEntryKind;
  /** Signed: positive for earn (and positive adjustments), negative for everything that takes points away. */
  @Prop({ required: true }) points!: number;
  /**
   * Why, in the words of whoever wrote it, for staff: never sent to the member, who sees a code derived from the
   * source and kind (domain/points-reason.ts) with `params`.
   */
  @Prop({ required: true }) reason!: string;
  @Prop({ type: PointsEntryParamsSchema }) params?: PointsEntryParams;
  @Prop({ type: PointsSourceSchema, required: true }) source!: PointsSource;
  @Prop({ required: true }) idempotencyKey!: string;
  @Prop({ required: true }) occurredAt!: Date;
  /** The member's balance right after this entry (a running total, for statements). */
  @Prop({ required: true }) balanceAfter!: number;
  /** For burns, expiries and clawbacks: which lots gave how many points. */
  @Prop({ type: [LotAllocationSchema], default: undefined }) allocations?: LotAllocation[];
  /** Clawed-back points that no lot could cover (recorded debt or negative balance, by policy). */
  @Prop() shortfall?: number;
  createdAt!: Date;
}

export type PointsEntryDocument = HydratedDocument<PointsEntry>;
export const PointsEntrySchema = SchemaFactory.createForClass(PointsEntry);
PointsEntrySchema.index({ idempotencyKey: 1 }, { unique: true });
PointsEntrySchema.index({ memberId: 1, occurredAt: -1, _id: -1 });
