import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, Model } from 'mongoose';
import { AuditLogService } from '../audit';
import { Clock } from '../common/clock/clock';
import { runInTransaction } from '../database/transactions';
import { JobRegistry } from '../jobs/job-registry';
import { ServiceTicket } from './schemas/service-ticket.schema';

/**
 * Tickets with no first reply by their deadline are escalated to HQ: marked breached and escalated once (the mark is
 * the guard, so two instances or a rerun escalate each ticket once), with an audit entry by the system.
 */
@Injectable()
export class ServiceTicketEscalationJob implements OnModuleInit {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(ServiceTicket.name) private readonly tickets: Model<ServiceTicket>,
    private readonly audit: AuditLogService,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'service-ticket-escalation', period: 'minute', leaseMs: 5 * 60_000, work: () => this.run() });
  }

  async run(limit = 500): Promise<{ escalated: number }> {
    const now = this.clock.now();
    let escalated = 0;
    for (let i = 0; i < limit; i++) {
      const done = await runInTransaction(this.connection, async (session) => {
        const ticket = await this.tickets
          .findOneAndUpdate(
            { status: 'open', firstReplyAt: { $exists: false }, dueAt: { $lt: now }, escalatedAt: { $exists: false } },
            { $set: { breached: true, escalatedAt: now } },
            { sort: { dueAt: 1 }, returnDocument: 'after', projection: { memberNo: 1, storeCode: 1, dueAt: 1 }, session },
          )
          .lean();
        if (!ticket) return false;
        await this.audit.record(
          {
            actor: { id: 'system', role: 'system' },
            action: 'service-ticket.escalate',
            target: { type: 'service-ticket', id: ticket._id.toHexString() },
            details: { memberNo: ticket.memberNo, storeCode: ticket.storeCode ?? null, dueAt: ticket.dueAt.toISOString() },
          },
          session,
        );
        return true;
      });
      if (!done) break;
      escalated += 1;
    }
    return { escalated };
  }
}
