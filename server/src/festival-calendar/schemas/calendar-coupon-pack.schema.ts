import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { FESTIVAL_PRESETS, type FestivalPreset } from '@memberloop/shared';
import { SchemaTypes, Types } from 'mongoose';

@Schema({ _id: false })
export class PackRecurrenceDoc {
  @Prop({ type: String, enum: ['monthly', 'birthday-month'], required: true }) kind!: 'monthly' | 'birthday-month';
  /** monthly: the member day; absent for a birthday month. */
  @Prop() dayOfMonth?: number;
}
const PackRecurrenceSchema = SchemaFactory.createForClass(PackRecurrenceDoc);

/** A coupon pack on HQ's festival calendar: what it gives, to whom, and when (once, monthly on a member day, or each member's birthday month). */
@Schema({ collection: 'calendar_coupon_packs', timestamps: true })
export class CalendarCouponPack {
  @Prop({ required: true }) name!: string;
  @Prop({ type: String, enum: FESTIVAL_PRESETS }) preset?: FestivalPreset;
  @Prop({ type: [SchemaTypes.ObjectId], required: true }) templateIds!: Types.ObjectId[];
  @Prop({ required: true }) startsAt!: Date;
  @Prop({ required: true }) endsAt!: Date;
  @Prop({ type: PackRecurrenceSchema }) recurrence?: PackRecurrenceDoc;
  @Prop({ type: [String], default: undefined }) tierCodes?: string[];
  @Prop({ type: [String], default: undefined }) regions?: string[];
  @Prop() retiredAt?: Date;
  /** The staff member who scheduled it (`hq:<id>`). */
  @Prop({ required: true }) createdBy!: string;
  /**
   * Occurrences whose send went through every targeted member with nothing left pending: the job skips them. A
   * birthday month is never swept (a member may set their birthday later in the month): each run sends to those new.
   */
  @Prop({ type: [String], default: [] }) sweptOccurrences!: string[];
  /** A birthday month's latest read of its audience (the job reads it again at most every ten minutes). */
  @Prop({ type: Object }) birthdayScan?: { occurrence: string; at: Date };
}
export const CalendarCouponPackSchema = SchemaFactory.createForClass(CalendarCouponPack);
CalendarCouponPackSchema.index({ endsAt: 1 });

export const PACK_SEND_STATUSES = ['pending', 'sent', 'excluded', 'undelivered'] as const;
export type PackSendStatus = (typeof PACK_SEND_STATUSES)[number];

/**
 * One member's send of one occurrence of a pack: recorded (claimed) before any coupon is issued, unique per pack,
 * occurrence and member, so two runs of the job, or a rerun after a crash, decide and pay each member once.
 */
@Schema({ collection: 'calendar_pack_sends' })
export class CalendarPackSend {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) packId!: Types.ObjectId;
  @Prop({ required: true }) occurrence!: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  @Prop({ type: String, enum: PACK_SEND_STATUSES, required: true }) status!: PackSendStatus;
  @Prop({ type: String, enum: ['no-consent', 'contacted-recently'] }) exclusion?: 'no-consent' | 'contacted-recently';
  @Prop({ required: true }) decidedAt!: Date;
  @Prop() sentAt?: Date;
}
export const CalendarPackSendSchema = SchemaFactory.createForClass(CalendarPackSend);
CalendarPackSendSchema.index({ packId: 1, occurrence: 1, memberId: 1 }, { unique: true });
CalendarPackSendSchema.index({ memberId: 1, decidedAt: -1 });
CalendarPackSendSchema.index({ packId: 1, occurrence: 1, status: 1 });
