import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, SchemaTypes, Types } from 'mongoose';

/**
 * A member's running totals, kept equal to their ledger by changing them only in the same transaction
 * as the entry that explains the change.
 */
@Schema({ collection: 'points_accounts', timestamps: true })
export class PointsAccount {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) _id!: Types.ObjectId;
  /** Sum of every ledger entry: spendable + pending (+ negative when the debt policy allows it). */
  @Prop({ required: true, default: 0 }) balance!: number;
  @Prop({ required: true, default: 0 }) lifetimeEarned!: number;
  /** Clawed-back points no lot could cover, repaid from future earnings (debt policy). */
  @Prop({ required: true, default: 0 }) debt!: number;
  /**
   * Purchase points earned per business day and month (`2026-12-02`, `2026-12`), the earning caps' counters: kept
   * on the account so a capped earning reads and moves them in the same atomic update as the balance, and two
   * purchases earning at once can never both pass a cap.
   */
  @Prop({ type: SchemaTypes.Mixed }) capDays?: Record<string, number>;
  @Prop({ type: SchemaTypes.Mixed }) capMonths?: Record<string, number>;
  /**
   * Set when HQ merged this member into another: the balance, debt and lots moved there, and every later write that
   * still names this member (a refund's give-back, a referral's delayed extra) lands on that account instead.
   */
  @Prop({ type: SchemaTypes.ObjectId }) mergedInto?: Types.ObjectId;
}

export type PointsAccountDocument = HydratedDocument<PointsAccount>;
export const PointsAccountSchema = SchemaFactory.createForClass(PointsAccount);
