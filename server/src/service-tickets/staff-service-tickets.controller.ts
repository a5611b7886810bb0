import { Controller, Headers } from '@nestjs/common';
import {
  closeServiceTicket,
  getServiceTicketDashboard,
  getStaffServiceTicket,
  listServiceTicketCoupons,
  listStaffServiceTickets,
  replyToServiceTicket,
  resolveServiceTicket,
  type ServiceTicketCouponChoices,
  type ServiceTicketDashboard,
  type ServiceTicketReply,
  type ServiceTicketResolution,
  type StaffServiceTicket,
  type StaffServiceTicketQueue,
} from '@memberloop/shared';
import { Types } from 'mongoose';
import { CurrentPrincipal } from '../common/auth/access.guard';
import type { Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { ServiceTicketDashboardService } from './service-ticket-dashboard.service';
import { StaffServiceTickets, type StaffPrincipal } from './staff-service-tickets.service';

/** Staff's ticket queue (managers their stores, HQ all) and HQ's service dashboard. */
@Controller()
export class StaffServiceTicketsController {
  constructor(
    private readonly tickets: StaffServiceTickets,
    private readonly dashboard: ServiceTicketDashboardService,
  ) {}

  @Endpoint(listStaffServiceTickets)
  queue(
    @CurrentPrincipal() principal: Principal,
    @ContractQuery() query: { view: 'active' | 'done'; limit: number },
  ): Promise<StaffServiceTicketQueue> {
    return this.tickets.queue(staffOf(principal), query.view, query.limit);
  }

  @Endpoint(listServiceTicketCoupons)
  options(@CurrentPrincipal() principal: Principal): Promise<ServiceTicketCouponChoices> {
    return this.tickets.compensationOptions(staffOf(principal));
  }

  @Endpoint(getStaffServiceTicket)
  get(@CurrentPrincipal() principal: Principal, @ContractParams() params: { ticketId: string }): Promise<StaffServiceTicket> {
    return this.tickets.get(staffOf(principal), new Types.ObjectId(params.ticketId));
  }

  @Endpoint(replyToServiceTicket)
  @Idempotent('answers once')
  reply(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { ticketId: string },
    @ContractBody() body: ServiceTicketReply,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<StaffServiceTicket> {
    requireIdempotencyKey(key, 'answers once');
    return this.tickets.reply(staffOf(principal), new Types.ObjectId(params.ticketId), body.text);
  }

  @Endpoint(resolveServiceTicket)
  @Idempotent('resolves and compensates once')
  resolve(
    @CurrentPrincipal() principal: Principal,
    @ContractParams() params: { ticketId: string },
    @ContractBody() body: ServiceTicketResolution,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<StaffServiceTicket> {
    requireIdempotencyKey(key, 'resolves and compensates once');
    return this.tickets.resolve(staffOf(principal), new Types.ObjectId(params.ticketId), body);
  }

  @Endpoint(closeServiceTicket)
  close(@CurrentPrincipal() principal: Principal, @ContractParams() params: { ticketId: string }): Promise<StaffServiceTicket> {
    return this.tickets.close(staffOf(principal), new Types.ObjectId(params.ticketId));
  }

  @Endpoint(getServiceTicketDashboard)
  figures(@ContractQuery() query: { days: number }): Promise<ServiceTicketDashboard> {
    return this.dashboard.figures(query.days);
  }
}

/** Manager and HQ endpoints admit staff only (the access guard, with their current rights from the database). */
function staffOf(principal: Principal): StaffPrincipal {
  if (principal.kind !== 'staff') throw new Error('unreachable: staff endpoints admit staff only');
  return principal;
}
