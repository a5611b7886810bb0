import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  SERVICE_TICKET_STATUSES,
  SERVICE_TICKET_TYPES,
  type ServiceTicketStatus,
  type ServiceTicketType,
} from '@memberloop/shared';
import { SchemaTypes, Types } from 'mongoose';

@Schema({ _id: false })
export class TicketSource {
  @Prop({ type: String, required: true, enum: ['order', 'visit'] }) kind!: 'order' | 'visit';
  @Prop() orderId?: string;
  @Prop() storeCode?: string;
}
const TicketSourceSchema = SchemaFactory.createForClass(TicketSource);

@Schema({ _id: true })
export class TicketMessage {
  @Prop({ type: String, required: true, enum: ['member', 'staff'] }) from!: 'member' | 'staff';
  /** The staff member who wrote it (never shown to the member). */
  @Prop({ type: SchemaTypes.ObjectId }) staffId?: Types.ObjectId;
  @Prop({ required: true }) text!: string;
  @Prop({ required: true }) at!: Date;
}
const TicketMessageSchema = SchemaFactory.createForClass(TicketMessage);

@Schema({ _id: false })
export class TicketCompensation {
  @Prop({ type: String, required: true, enum: ['points', 'coupon'] }) kind!: 'points' | 'coupon';
  @Prop() points?: number;
  @Prop({ type: SchemaTypes.ObjectId }) templateId?: Types.ObjectId;
  @Prop() couponName?: string;
  @Prop({ type: SchemaTypes.ObjectId, required: true }) byStaffId!: Types.ObjectId;
  @Prop({ type: String, required: true, enum: ['manager', 'hq'] }) byRole!: 'manager' | 'hq';
  /** `pending` between the decision and the payment; the repair job pays what a crash left pending. */
  @Prop({ type: String, required: true, enum: ['pending', 'paid', 'unavailable'] }) state!: 'pending' | 'paid' | 'unavailable';
  @Prop({ required: true }) decidedAt!: Date;
  @Prop() paidAt?: Date;
}
const TicketCompensationSchema = SchemaFactory.createForClass(TicketCompensation);

/**
 * A member's service ticket: what it is about, the conversation, its SLA deadline (fixed at opening from the
 * member's tier), and how it was resolved. `storeCode` is the scope staff see it under (none: HQ's queue only).
 */
@Schema({ collection: 'service_tickets', timestamps: true })
export class ServiceTicket {
  @Prop({ type: SchemaTypes.ObjectId, required: true }) memberId!: Types.ObjectId;
  /** The member as staff see them on the queue (number and nickname when the ticket was opened). */
  @Prop({ required: true }) memberNo!: string;
  @Prop() nickname?: string;
  /** Where it was opened: the member's Idempotency-Key, or the survey answer that opened it. Unique. */
  @Prop({ required: true }) openKey!: string;
  @Prop({ type: String, required: true, enum: ['member', 'survey'] }) origin!: 'member' | 'survey';
  @Prop({ type: TicketSourceSchema, required: true }) source!: TicketSource;
  @Prop() storeCode?: string;
  @Prop({ type: String, required: true, enum: SERVICE_TICKET_TYPES }) type!: ServiceTicketType;
  @Prop({ required: true }) text!: string;
  @Prop({ type: [String], default: [] }) photoIds!: string[];
  @Prop({ required: true }) tierCode!: string;
  @Prop({ required: true }) slaHours!: number;
  @Prop({ required: true }) openedAt!: Date;
  @Prop({ required: true }) dueAt!: Date;
  @Prop({ type: String, required: true, enum: SERVICE_TICKET_STATUSES }) status!: ServiceTicketStatus;
  @Prop() firstReplyAt?: Date;
  /** Set when the first reply came late, or by the escalation job when none came by the deadline. */
  @Prop({ default: false }) breached!: boolean;
  @Prop() escalatedAt?: Date;
  @Prop() resolvedAt?: Date;
  @Prop() closedAt?: Date;
  @Prop({ type: [TicketMessageSchema], default: [] }) messages!: TicketMessage[];
  /** Staff messages the member has not read (the in-app mark). */
  @Prop({ default: 0 }) memberUnread!: number;
  @Prop({ type: TicketCompensationSchema }) compensation?: TicketCompensation;
}

export const ServiceTicketSchema = SchemaFactory.createForClass(ServiceTicket);
ServiceTicketSchema.index({ openKey: 1 }, { unique: true });
ServiceTicketSchema.index({ memberId: 1, openedAt: -1 });
/** The staff queue (by store, soonest deadline first) and the escalation job's scan. */
ServiceTicketSchema.index({ status: 1, storeCode: 1, dueAt: 1 });
ServiceTicketSchema.index({ status: 1, dueAt: 1 });
ServiceTicketSchema.index({ openedAt: -1 });
ServiceTicketSchema.index({ 'compensation.state': 1 });
