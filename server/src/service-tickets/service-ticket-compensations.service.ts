import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { CouponsService } from '../coupons';
import { JobRegistry } from '../jobs/job-registry';
import { PointsLedgerService, pointsExpiryDate } from '../points';
import { ProgrammePolicy } from '../programme';
import { ServiceTicket } from './schemas/service-ticket.schema';
import type { LeanTicket } from './service-ticket-views';

/** A compensation left pending this long (its payer crashed) is paid by the job. */
const PENDING_GRACE_MS = 60_000;
export const SERVICE_TICKET_POINTS_SOURCE = 'service-ticket';

/**
 * Pays a ticket's decided compensation exactly once: points through the ledger and a coupon through the coupons'
 * stock, both under the ticket's own key, so a retry, a second payer or the repair job after a crash changes nothing
 * twice. Points and the ticket's `paid` mark are written in one transaction.
 */
@Injectable()
export class ServiceTicketCompensations implements OnModuleInit {
  constructor(
    @InjectModel(ServiceTicket.name) private readonly tickets: Model<ServiceTicket>,
    private readonly ledger: PointsLedgerService,
    private readonly coupons: CouponsService,
    private readonly policy: ProgrammePolicy,
    private readonly jobs: JobRegistry,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'service-ticket-compensations',
      period: 'minute',
      leaseMs: 5 * 60_000,
      work: () => this.payPending(),
    });
  }

  async pay(ticket: LeanTicket): Promise<LeanTicket> {
    const compensation = ticket.compensation;
    if (!compensation || compensation.state !== 'pending') return ticket;
    const key = `service-ticket-compensation:${ticket._id.toHexString()}`;
    const now = this.clock.now();
    if (compensation.kind === 'points' && compensation.points) {
      await this.ledger.adjust({
        memberId: ticket.memberId,
        points: compensation.points,
        reason: `service ticket ${ticket._id.toHexString()}`,
        source: { type: SERVICE_TICKET_POINTS_SOURCE, id: ticket._id.toHexString() },
        idempotencyKey: key,
        expiresAt: pointsExpiryDate(now, this.policy.rules().points.validMonths),
        alongside: async (session) => {
          await this.tickets.updateOne(
            { _id: ticket._id, 'compensation.state': 'pending' },
            { $set: { 'compensation.state': 'paid', 'compensation.paidAt': now } },
            { session },
          );
        },
      });
      // A replayed key wrote nothing: the first payer marked it; mark it here too if that one crashed in between.
      await this.mark(ticket, 'paid', now);
    } else if (compensation.kind === 'coupon' && compensation.templateId) {
      const outcome = await this.coupons.issueFromStock(ticket.memberId, compensation.templateId, key);
      await this.mark(ticket, outcome === 'issued' || outcome === 'already-issued' ? 'paid' : 'unavailable', now);
    }
    return (await this.tickets.findById(ticket._id).lean<LeanTicket>()) ?? ticket;
  }

  /** The repair job: compensations decided but left unpaid by a crash. */
  async payPending(): Promise<{ paid: number }> {
    const before = new Date(this.clock.now().getTime() - PENDING_GRACE_MS);
    const pending = await this.tickets
      .find({ 'compensation.state': 'pending', 'compensation.decidedAt': { $lt: before } })
      .limit(200)
      .lean<LeanTicket[]>();
    for (const ticket of pending) await this.pay(ticket);
    return { paid: pending.length };
  }

  private async mark(ticket: LeanTicket, state: 'paid' | 'unavailable', at: Date): Promise<void> {
    await this.tickets.updateOne(
      { _id: ticket._id, 'compensation.state': 'pending' },
      { $set: { 'compensation.state': state, ...(state === 'paid' ? { 'compensation.paidAt': at } : {}) } },
    );
  }
}
