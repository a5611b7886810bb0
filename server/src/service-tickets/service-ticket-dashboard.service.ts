import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ServiceTicketDashboard } from '@memberloop/shared';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { serviceFigures, type TicketFacts } from './domain/service-figures';
import { ServiceTicket } from './schemas/service-ticket.schema';

const DAY_MS = 86_400_000;

/** HQ's service figures over the tickets opened in the last days. */
@Injectable()
export class ServiceTicketDashboardService {
  constructor(
    @InjectModel(ServiceTicket.name) private readonly tickets: Model<ServiceTicket>,
    private readonly clock: Clock,
  ) {}

  async figures(days: number): Promise<ServiceTicketDashboard> {
    const now = this.clock.now();
    const facts = await this.tickets
      .find(
        { openedAt: { $gte: new Date(now.getTime() - days * DAY_MS) } },
        { _id: 0, storeCode: 1, status: 1, openedAt: 1, dueAt: 1, firstReplyAt: 1, escalatedAt: 1 },
      )
      .lean<TicketFacts[]>();
    return { ...serviceFigures(facts, now), windowDays: days };
  }
}
