import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  NewServiceTicket,
  type MemberServiceTicket,
  type MemberServiceTicketList,
  type ServiceTicketSource,
  type ServiceTicketSources,
  type ServiceTicketType,
} from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import type { z } from 'zod';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { MembersService, type LeanMember } from '../members';
import { ProgrammePolicy, rankOf } from '../programme';
import { PurchaseStore } from '../purchases';
import { firstReplyDueAt, slaHoursFor } from './domain/sla';
import { ServiceTicket } from './schemas/service-ticket.schema';
import { ServiceTicketPhotos } from './service-ticket-photos.service';
import { memberTicketView, type LeanTicket } from './service-ticket-views';

/** A ticket a survey opens for a detractor (see `openForDetractor`). */
export interface DetractorTicket {
  memberId: Types.ObjectId;
  /** The survey answer that calls for it: a second call with the same id opens nothing more. */
  surveyResponseId: string;
  /** The member's own words (or the survey's summary of the answer), 5 to 500 characters. */
  text: string;
  /** The order or store the survey was about, when it was about one. */
  orderId?: string;
  storeCode?: string;
}

/** A ticket staff closed, as a survey sent after the close reads it. */
export interface ClosedServiceTicket {
  memberId: Types.ObjectId;
  storeCode?: string;
  closedAt: Date;
}

const SOURCE_ORDERS = 20;

/**
 * The member's side of service tickets: what they may open one about, opening it (the SLA fixed from their tier at
 * that moment), and reading their tickets. Also the one entry other features use to open a ticket for a member.
 */
@Injectable()
export class ServiceTicketsService implements OnModuleInit {
  constructor(
    @InjectModel(ServiceTicket.name) private readonly tickets: Model<ServiceTicket>,
    private readonly members: MembersService,
    private readonly purchases: PurchaseStore,
    private readonly policy: ProgrammePolicy,
    private readonly photos: ServiceTicketPhotos,
    private readonly clock: Clock,
  ) {}

  /** The collection and its indexes exist before a transaction (a reply, a payment) writes there. */
  async onModuleInit(): Promise<void> {
    await this.tickets.init();
  }

  async sources(memberId: Types.ObjectId): Promise<ServiceTicketSources> {
    const member = await this.member(memberId);
    const orders = await this.purchases.recentOfMember(memberId, SOURCE_ORDERS);
    return {
      orders: orders.map((o) => ({
        orderId: o.orderId,
        paidAt: o.paidAt.toISOString(),
        totalFen: o.totalFen,
        channel: o.channel,
        ...(o.storeCode ? { storeCode: o.storeCode } : {}),
      })),
      storeCodes: member.storeCodes ?? [],
    };
  }

  /** The member opens a ticket; the same Idempotency-Key again returns the ticket it opened. */
  async open(
    memberId: Types.ObjectId,
    input: z.output<typeof NewServiceTicket>,
    idempotencyKey: string,
  ): Promise<MemberServiceTicket> {
    const openKey = `member:${memberId.toHexString()}:${idempotencyKey}`;
    const existing = await this.tickets.findOne({ openKey }).lean<LeanTicket>();
    if (existing) return memberTicketView(existing, this.photos.links(existing.photoIds));
    const member = await this.member(memberId);
    const storeCode = await this.storeOf(member, input.source);
    const ticketId = new Types.ObjectId();
    await this.photos.checkAttachable(memberId, input.photoIds);
    const ticket = await this.insert(member, {
      _id: ticketId,
      openKey,
      origin: 'member',
      source: input.source,
      storeCode,
      type: input.type,
      text: input.text,
      photoIds: input.photoIds,
    });
    try {
      await this.photos.attach(memberId, input.photoIds, ticketId);
    } catch (error) {
      // Another ticket took a photo in between: this one is not opened.
      await this.tickets.deleteOne({ _id: ticketId });
      throw error;
    }
    return memberTicketView(ticket, this.photos.links(ticket.photoIds));
  }

  /**
   * Opens a complaint ticket for a member a survey found a detractor, once per survey answer (calling again returns
   * the same ticket id). The SLA comes from the member's tier, as for a ticket they open themselves.
   */
  async openForDetractor(request: DetractorTicket): Promise<{ ticketId: string; opened: boolean }> {
    const openKey = `survey:${request.surveyResponseId}`;
    const existing = await this.tickets.findOne({ openKey }, { _id: 1 }).lean();
    if (existing) return { ticketId: existing._id.toHexString(), opened: false };
    const text = NewServiceTicket.shape.text.parse(request.text);
    const member = await this.member(request.memberId);
    const order = request.orderId ? await this.purchases.memberOrder(member._id, request.orderId) : null;
    const source: ServiceTicketSource = order
      ? { kind: 'order', orderId: order.orderId }
      : { kind: 'visit', storeCode: request.storeCode ?? '' };
    const storeCode = order ? order.storeCode : request.storeCode;
    try {
      const ticket = await this.insert(member, {
        _id: new Types.ObjectId(),
        openKey,
        origin: 'survey',
        source,
        storeCode,
        type: 'complaint',
        text,
        photoIds: [],
      });
      return { ticketId: ticket._id.toHexString(), opened: true };
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      const again = await this.tickets.findOne({ openKey }, { _id: 1 }).lean();
      return { ticketId: again!._id.toHexString(), opened: false };
    }
  }

  /**
   * The tickets staff closed in [from, to): whose, at which store, when (a survey invites the member a delay after).
   */
  async closedBetween(from: Date, to: Date, limit = 5_000): Promise<ClosedServiceTicket[]> {
    const rows = await this.tickets
      .find({ status: 'closed', closedAt: { $gte: from, $lt: to } }, { memberId: 1, storeCode: 1, closedAt: 1 })
      .sort({ closedAt: 1 })
      .limit(limit)
      .lean<Array<{ memberId: Types.ObjectId; storeCode?: string; closedAt: Date }>>();
    return rows.map((r) => ({ memberId: r.memberId, closedAt: r.closedAt, ...(r.storeCode ? { storeCode: r.storeCode } : {}) }));
  }

  async list(memberId: Types.ObjectId): Promise<MemberServiceTicketList> {
    const tickets = await this.tickets.find({ memberId }).sort({ openedAt: -1 }).limit(100).lean<LeanTicket[]>();
    return {
      tickets: tickets.map((t) => {
        const { messages: _m, photoUrls: _p, ...summary } = memberTicketView(t, []);
        return summary;
      }),
      unread: tickets.reduce((sum, t) => sum + t.memberUnread, 0),
    };
  }

  /** One of the member's tickets; someone else's looks the same as none. Reading it clears its unread mark. */
  async get(memberId: Types.ObjectId, ticketId: Types.ObjectId): Promise<MemberServiceTicket> {
    const ticket = await this.tickets
      .findOneAndUpdate({ _id: ticketId, memberId }, { $set: { memberUnread: 0 } }, { returnDocument: 'before' })
      .lean<LeanTicket>();
    if (!ticket) throw new AppError('NOT_FOUND', 'No such ticket of yours.');
    return memberTicketView({ ...ticket, memberUnread: 0 }, this.photos.links(ticket.photoIds));
  }

  private async insert(
    member: LeanMember,
    fields: {
      _id: Types.ObjectId;
      openKey: string;
      origin: 'member' | 'survey';
      source: ServiceTicketSource;
      storeCode: string | undefined;
      type: ServiceTicketType;
      text: string;
      photoIds: string[];
    },
  ): Promise<LeanTicket> {
    const now = this.clock.now();
    const ladder = this.policy.tierLadder();
    const slaHours = slaHoursFor(
      { rank: rankOf(ladder, this.policy.tierByCode(member.tier.code).code), ladderRanks: ladder.map((t) => t.rank) },
      this.policy.rules().serviceTickets,
    );
    const doc = {
      ...fields,
      ...(fields.storeCode ? {} : { storeCode: undefined }),
      memberId: member._id,
      memberNo: member.memberNo,
      ...(member.nickname ? { nickname: member.nickname } : {}),
      tierCode: member.tier.code,
      slaHours,
      openedAt: now,
      dueAt: firstReplyDueAt(now, slaHours),
      status: 'open' as const,
      breached: false,
      messages: [],
      memberUnread: 0,
    };
    const [created] = await this.tickets.create([doc]);
    return created.toObject() as LeanTicket;
  }

  /** The store a ticket is filed under: the order's store (none for online orders), or a store the member shops at. */
  private async storeOf(member: LeanMember, source: ServiceTicketSource): Promise<string | undefined> {
    if (source.kind === 'order') {
      // Another member's order looks the same as no order: nothing is learnt about it.
      const order = await this.purchases.memberOrder(member._id, source.orderId);
      if (!order) throw new AppError('NOT_FOUND', 'No order of yours has this number.', { field: 'source.orderId' });
      return order.storeCode;
    }
    if (!(member.storeCodes ?? []).includes(source.storeCode))
      throw new AppError('NOT_FOUND', 'You have not shopped at this store.', { field: 'source.storeCode' });
    return source.storeCode;
  }

  private async member(memberId: Types.ObjectId): Promise<LeanMember> {
    const member = await this.members.findById(memberId);
    if (!member) throw new AppError('NOT_FOUND', 'No such member.');
    return member;
  }
}
