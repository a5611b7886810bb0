import type { MemberServiceTicket, StaffServiceTicket } from '@memberloop/shared';
import type { Types } from 'mongoose';
import type { ServiceTicket } from './schemas/service-ticket.schema';

export type LeanTicket = ServiceTicket & { _id: Types.ObjectId };

const iso = (at: Date | undefined) => (at ? { value: at.toISOString() } : undefined);

function common(ticket: LeanTicket, photoUrls: string[]) {
  const firstReplyAt = iso(ticket.firstReplyAt);
  const resolvedAt = iso(ticket.resolvedAt);
  const closedAt = iso(ticket.closedAt);
  return {
    id: ticket._id.toHexString(),
    type: ticket.type,
    status: ticket.status,
    source: {
      kind: ticket.source.kind,
      ...(ticket.source.orderId ? { orderId: ticket.source.orderId } : {}),
      ...(ticket.source.storeCode ? { storeCode: ticket.source.storeCode } : {}),
    },
    text: ticket.text,
    photoUrls,
    openedAt: ticket.openedAt.toISOString(),
    dueAt: ticket.dueAt.toISOString(),
    slaHours: ticket.slaHours,
    ...(firstReplyAt ? { firstReplyAt: firstReplyAt.value } : {}),
    ...(resolvedAt ? { resolvedAt: resolvedAt.value } : {}),
    ...(closedAt ? { closedAt: closedAt.value } : {}),
    messages: ticket.messages.map((m) => ({ from: m.from, text: m.text, at: m.at.toISOString() })),
  };
}

function compensationOf(ticket: LeanTicket) {
  const c = ticket.compensation;
  if (!c) return undefined;
  return {
    kind: c.kind,
    ...(c.points !== undefined ? { points: c.points } : {}),
    ...(c.couponName ? { couponName: c.couponName } : {}),
    state: c.state,
  };
}

/** The ticket as its member reads it: no staff ids, no breach marks. */
export function memberTicketView(ticket: LeanTicket, photoUrls: string[]): MemberServiceTicket {
  const compensation = compensationOf(ticket);
  return { ...common(ticket, photoUrls), ...(compensation ? { compensation } : {}), unread: ticket.memberUnread };
}

/** The ticket as staff in scope read it. */
export function staffTicketView(ticket: LeanTicket, photoUrls: string[], now: Date): StaffServiceTicket {
  const compensation = compensationOf(ticket);
  const late = ticket.breached || (!ticket.firstReplyAt && now.getTime() > ticket.dueAt.getTime());
  return {
    ...common(ticket, photoUrls),
    member: { memberNo: ticket.memberNo, ...(ticket.nickname ? { nickname: ticket.nickname } : {}), tierCode: ticket.tierCode },
    ...(ticket.storeCode ? { storeCode: ticket.storeCode } : {}),
    breached: late,
    ...(ticket.escalatedAt ? { escalatedAt: ticket.escalatedAt.toISOString() } : {}),
    ...(compensation && ticket.compensation ? { compensation: { ...compensation, byRole: ticket.compensation.byRole } } : {}),
  };
}
