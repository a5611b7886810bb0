import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { PointsExpiryRemindersService } from './points-expiry-reminders.service';
import { PointsLedgerService } from './points-ledger.service';

/** The points ledger's daily work: expiring lots that have come due, then reminding members of what expires soon. */
@Injectable()
export class PointsJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly ledger: PointsLedgerService,
    private readonly reminders: PointsExpiryRemindersService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'points-expiry', period: 'day', leaseMs: 30 * 60_000, work: () => this.expireDue() });
    this.registry.register({
      name: 'points-expiry-reminders',
      period: 'day',
      leaseMs: 30 * 60_000,
      work: () => this.reminders.remindDue(),
    });
  }

  /** Expires due lots batch after batch until none is left. */
  async expireDue(): Promise<{ points: number }> {
    let points = 0;
    for (let expired = await this.ledger.expireDueLots(); expired > 0; expired = await this.ledger.expireDueLots())
      points += expired;
    return { points };
  }
}
