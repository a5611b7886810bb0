import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import {
  brandDateTime,
  type ServiceTicketCouponChoices,
  type ServiceTicketResolution,
  type StaffServiceTicket,
  type StaffServiceTicketQueue,
} from '@memberloop/shared';
import { Connection, Model, Types, type ClientSession } from 'mongoose';
import { AuditLogService, type AuditActor } from '../audit';
import type { Principal } from '../common/auth/principal';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { appConfig, type AppConfig } from '../config/app-config';
import { runInTransaction } from '../database/transactions';
import { CommunitiesService } from '../communities';
import { CouponStore, StaffCouponSendCheck } from '../coupons';
import { NotificationsService, thing } from '../notifications';
import { ProgrammePolicy } from '../programme';
import { compensationRefusal } from './domain/compensation';
import { isBreached } from './domain/sla';
import { acceptsReplies, canClose, canResolve, inStaffScope } from './domain/ticket-flow';
import { ServiceTicket } from './schemas/service-ticket.schema';
import { ServiceTicketCompensations } from './service-ticket-compensations.service';
import { ServiceTicketPhotos } from './service-ticket-photos.service';
import { staffTicketView, type LeanTicket } from './service-ticket-views';

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

const ACTIVE = ['open', 'answered'] as const;

/**
 * The staff side of service tickets: the queue of the caller's stores (HQ: all) by deadline, replies (the member is
 * notified), the resolution with a capped compensation paid once, and closing. A ticket outside the caller's scope
 * looks the same as none. Every change is audited in the transaction that makes it.
 */
@Injectable()
export class StaffServiceTickets {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(ServiceTicket.name) private readonly tickets: Model<ServiceTicket>,
    private readonly audit: AuditLogService,
    private readonly notifications: NotificationsService,
    private readonly policy: ProgrammePolicy,
    private readonly coupons: CouponStore,
    private readonly couponCheck: StaffCouponSendCheck,
    private readonly compensations: ServiceTicketCompensations,
    private readonly photos: ServiceTicketPhotos,
    private readonly communities: CommunitiesService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  async queue(staff: StaffPrincipal, view: 'active' | 'done', limit: number): Promise<StaffServiceTicketQueue> {
    const filter: Record<string, unknown> = { status: view === 'active' ? { $in: ACTIVE } : { $in: ['resolved', 'closed'] } };
    if (staff.role !== 'hq') filter.storeCode = { $in: await this.storesOf(staff) };
    const rows = await this.tickets
      .find(filter, { messages: 0 })
      .sort(view === 'active' ? { dueAt: 1, _id: 1 } : { resolvedAt: -1, _id: -1 })
      .limit(limit)
      .lean<LeanTicket[]>();
    const now = this.clock.now();
    return {
      tickets: rows.map((t) => {
        const { messages: _m, photoUrls: _p, ...summary } = staffTicketView({ ...t, messages: [] }, [], now);
        return summary;
      }),
      pointsCap: this.policy.rules().serviceTickets.pointsCap[staff.role],
    };
  }

  async get(staff: StaffPrincipal, ticketId: Types.ObjectId): Promise<StaffServiceTicket> {
    return this.view(await this.inScope(staff, ticketId));
  }

  async compensationOptions(staff: StaffPrincipal): Promise<ServiceTicketCouponChoices> {
    const templates = await this.coupons.staffGivableTemplates(staff.role);
    return {
      templates: templates.map((t) => ({ id: t._id.toHexString(), name: t.name })),
      pointsCap: this.policy.rules().serviceTickets.pointsCap[staff.role],
    };
  }

  /** Adds the staff member's answer; the first one stops the SLA clock. The member is notified of each. */
  async reply(staff: StaffPrincipal, ticketId: Types.ObjectId, text: string): Promise<StaffServiceTicket> {
    const current = await this.inScope(staff, ticketId);
    if (!acceptsReplies(current.status)) throw closedError(current);
    const now = this.clock.now();
    const updated = await runInTransaction(this.connection, async (session) => {
      const messageId = new Types.ObjectId();
      const first = !current.firstReplyAt;
      const doc = await this.tickets
        .findOneAndUpdate(
          { _id: ticketId, status: { $in: ACTIVE } },
          {
            $push: { messages: { _id: messageId, from: 'staff', staffId: new Types.ObjectId(staff.memberId), text, at: now } },
            $set: {
              status: 'answered',
              ...(first ? { firstReplyAt: now, breached: isBreached({ dueAt: current.dueAt }, now) } : {}),
            },
            $inc: { memberUnread: 1 },
          },
          { session, returnDocument: 'after' },
        )
        .lean<LeanTicket>();
      if (!doc) throw closedError(current);
      await this.record(staff, 'service-ticket.reply', doc, { text, first }, session);
      return doc;
    });
    await this.notifyMember(updated, 'reply', updated.messages.length);
    return this.view(updated);
  }

  /**
   * Resolves the ticket, with a compensation within the caller's cap. The resolution is claimed in one atomic step
   * (two staff resolving at once: one wins, the other is told it is resolved), then the compensation is paid under
   * a key of the ticket, so it is paid once whatever retries or crashes happen.
   */
  async resolve(
    staff: StaffPrincipal,
    ticketId: Types.ObjectId,
    resolution: ServiceTicketResolution,
  ): Promise<StaffServiceTicket> {
    const current = await this.inScope(staff, ticketId);
    if (!canResolve(current.status)) throw closedError(current);
    const asked = resolution.compensation;
    if (asked) {
      const refusal = compensationRefusal({
        actorId: staff.memberId,
        actorRole: staff.role,
        memberId: current.memberId.toHexString(),
        points: asked.kind === 'points' ? asked.points : 0,
        caps: this.policy.rules().serviceTickets.pointsCap,
      });
      if (refusal) {
        await this.audit.record({
          actor: actorOf(staff),
          action: 'service-ticket.compensation-refused',
          target: { type: 'service-ticket', id: ticketId.toHexString() },
          details: { code: refusal.code, asked, ...(refusal.details ?? {}) },
        });
        throw new AppError(refusal.code, refusal.message, refusal.details);
      }
    }
    const coupon =
      asked?.kind === 'coupon' ? await this.couponCheck.check(staff.role, new Types.ObjectId(asked.templateId), 1) : undefined;
    const now = this.clock.now();
    const claimed = await runInTransaction(this.connection, async (session) => {
      const doc = await this.tickets
        .findOneAndUpdate(
          { _id: ticketId, status: { $in: ACTIVE }, compensation: { $exists: false } },
          {
            $push: { messages: { from: 'staff', staffId: new Types.ObjectId(staff.memberId), text: resolution.note, at: now } },
            $set: {
              status: 'resolved',
              resolvedAt: now,
              ...(current.firstReplyAt ? {} : { firstReplyAt: now, breached: isBreached({ dueAt: current.dueAt }, now) }),
              ...(asked
                ? {
                    compensation: {
                      kind: asked.kind,
                      ...(asked.kind === 'points' ? { points: asked.points } : {}),
                      ...(coupon ? { templateId: coupon.templateId, couponName: coupon.name } : {}),
                      byStaffId: new Types.ObjectId(staff.memberId),
                      byRole: staff.role,
                      state: 'pending',
                      decidedAt: now,
                    },
                  }
                : {}),
            },
            $inc: { memberUnread: 1 },
          },
          { session, returnDocument: 'after' },
        )
        .lean<LeanTicket>();
      if (!doc) throw closedError(current);
      await this.record(staff, 'service-ticket.resolve', doc, { note: resolution.note, compensation: asked ?? null }, session);
      return doc;
    });
    const paid = claimed.compensation ? await this.compensations.pay(claimed) : claimed;
    await this.notifyMember(paid, 'resolved', paid.messages.length);
    return this.view(paid);
  }

  async close(staff: StaffPrincipal, ticketId: Types.ObjectId): Promise<StaffServiceTicket> {
    const current = await this.inScope(staff, ticketId);
    if (!canClose(current.status))
      throw new AppError('CONFLICT', 'Resolve the ticket before closing it.', { status: current.status });
    if (current.status === 'closed') return this.view(current);
    const now = this.clock.now();
    const closed = await runInTransaction(this.connection, async (session) => {
      const doc = await this.tickets
        .findOneAndUpdate(
          { _id: ticketId, status: 'resolved' },
          { $set: { status: 'closed', closedAt: now } },
          { session, returnDocument: 'after' },
        )
        .lean<LeanTicket>();
      if (!doc) return null;
      await this.record(staff, 'service-ticket.close', doc, {}, session);
      return doc;
    });
    return this.view(closed ?? (await this.inScope(staff, ticketId)));
  }

  private view(ticket: LeanTicket): StaffServiceTicket {
    return staffTicketView(ticket, this.photos.links(ticket.photoIds), this.clock.now());
  }

  /** The ticket when the caller may handle it; outside their stores it looks the same as absent. */
  private async inScope(staff: StaffPrincipal, ticketId: Types.ObjectId): Promise<LeanTicket> {
    const ticket = await this.tickets.findById(ticketId).lean<LeanTicket>();
    const storeIds = staff.role === 'hq' ? [] : await this.storesOf(staff);
    if (!ticket || !inStaffScope({ role: staff.role, storeIds }, ticket.storeCode))
      throw new AppError('NOT_FOUND', 'No such ticket in your stores.');
    return ticket;
  }

  /**
   * The stores a manager answers for: those of their role (staff_roles.storeIds) and those of the store communities
   * HQ made them manager of (staff_roles.communityIds), both as the database says now.
   */
  private async storesOf(staff: StaffPrincipal): Promise<string[]> {
    const communities = staff.communityIds.length > 0 ? await this.communities.forStaff(staff) : [];
    return [...new Set([...staff.storeIds, ...communities.flatMap((c) => (c.storeCode ? [c.storeCode] : []))])];
  }

  private record(
    staff: StaffPrincipal,
    action: string,
    ticket: LeanTicket,
    details: Record<string, unknown>,
    session: ClientSession,
  ) {
    return this.audit.record(
      {
        actor: actorOf(staff),
        action,
        target: { type: 'service-ticket', id: ticket._id.toHexString() },
        details: { memberNo: ticket.memberNo, storeCode: ticket.storeCode ?? null, ...details },
      },
      session,
    );
  }

  /**
   * The member hears of each answer: a subscribe message (sent only where they consented; the outbox skips the
   * rest) and the unread mark on the ticket, which the app shows whatever WeChat allows.
   */
  private async notifyMember(ticket: LeanTicket, what: 'reply' | 'resolved', messageNo: number): Promise<void> {
    await this.notifications.enqueue({
      memberId: ticket.memberId,
      kind: 'service-ticket-reply',
      dedupeKey: `service-ticket-${what}:${ticket._id.toHexString()}:${messageNo}`,
      page: `packages/service/ticket?id=${ticket._id.toHexString()}`,
      data: {
        thing1: thing(what === 'reply' ? '您的售后工单有新回复' : '您的售后工单已处理完成'),
        thing2: thing(ticket.messages[ticket.messages.length - 1]?.text ?? ''),
        time3: { value: brandDateTime(this.clock.now(), this.config.brand.timeZone) },
      },
    });
  }
}

function actorOf(staff: StaffPrincipal): AuditActor {
  return { id: staff.memberId, role: staff.role };
}

function closedError(ticket: LeanTicket): AppError {
  return new AppError('TICKET_CLOSED', 'This ticket is already resolved or closed.', { status: ticket.status });
}
