import { Controller, Headers, Req, Res } from '@nestjs/common';
import {
  getMyServiceTicket,
  getServiceTicketPhoto,
  listMyServiceTickets,
  listServiceTicketSources,
  NewServiceTicket,
  openServiceTicket,
  SERVICE_TICKET_PHOTO_MAX_BYTES,
  uploadServiceTicketPhoto,
  type MemberServiceTicket,
  type MemberServiceTicketList,
  type ServiceTicketSources,
} from '@memberloop/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Types } from 'mongoose';
import type { z } from 'zod';
import { CurrentPrincipal } from '../common/auth/access.guard';
import { memberIdOf, type Principal } from '../common/auth/principal';
import { ContractBody, ContractParams, ContractQuery, Endpoint } from '../common/contract';
import { Idempotent } from '../common/idempotency';
import { requireIdempotencyKey } from '../common/idempotency-key';
import { readOnePhoto, type MultipartRequest } from '../common/upload/uploaded-photo';
import { ServiceTicketPhotos } from './service-ticket-photos.service';
import { ServiceTicketsService } from './service-tickets.service';

/** The member's service tickets: what to open one about, their photos, opening and reading them. */
@Controller()
export class ServiceTicketsController {
  constructor(
    private readonly tickets: ServiceTicketsService,
    private readonly photos: ServiceTicketPhotos,
  ) {}

  @Endpoint(listServiceTicketSources)
  sources(@CurrentPrincipal() principal: Principal): Promise<ServiceTicketSources> {
    return this.tickets.sources(memberIdOf(principal));
  }

  @Endpoint(uploadServiceTicketPhoto)
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest & MultipartRequest,
  ): Promise<{ photoId: string; bytes: number }> {
    const bytes = await readOnePhoto(request, SERVICE_TICKET_PHOTO_MAX_BYTES);
    return this.photos.store(memberIdOf(principal), bytes);
  }

  @Endpoint(getServiceTicketPhoto)
  async photo(
    @ContractParams() params: { photoId: string },
    @ContractQuery() query: { exp: number; sig: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Uint8Array> {
    const photo = await this.photos.read(params.photoId, query.exp, query.sig);
    reply.header('content-type', photo.contentType);
    reply.header('cache-control', 'private, max-age=3600');
    reply.header('x-content-type-options', 'nosniff');
    return photo.bytes;
  }

  @Endpoint(openServiceTicket)
  @Idempotent('opens one ticket')
  open(
    @CurrentPrincipal() principal: Principal,
    @ContractBody() body: z.output<typeof NewServiceTicket>,
    @Headers('idempotency-key') key: string | undefined,
  ): Promise<MemberServiceTicket> {
    return this.tickets.open(memberIdOf(principal), body, requireIdempotencyKey(key, 'opens one ticket'));
  }

  @Endpoint(listMyServiceTickets)
  list(@CurrentPrincipal() principal: Principal): Promise<MemberServiceTicketList> {
    return this.tickets.list(memberIdOf(principal));
  }

  @Endpoint(getMyServiceTicket)
  get(@CurrentPrincipal() principal: Principal, @ContractParams() params: { ticketId: string }): Promise<MemberServiceTicket> {
    return this.tickets.get(memberIdOf(principal), new Types.ObjectId(params.ticketId));
  }
}
