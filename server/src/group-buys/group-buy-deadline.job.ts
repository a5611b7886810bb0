import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { GroupBuyOutcomesService } from './group-buy-outcomes.service';

/**
 * Every minute: groups whose deadline passed unfilled fail, then every decided group not yet settled is settled
 * (a failed group's seats released and its members told; a filled group's vouchers and messages, should the
 * process have died between filling it and issuing them).
 */
@Injectable()
export class GroupBuyDeadlineJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly outcomes: GroupBuyOutcomesService,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'group-buy-deadlines', period: 'minute', leaseMs: 5 * 60_000, work: () => this.run() });
  }

  async run(): Promise<{ expired: number; settledSucceeded: number; settledFailed: number }> {
    const expired = await this.outcomes.failExpired();
    const settled = await this.outcomes.settleDue();
    return { expired, settledSucceeded: settled.succeeded, settledFailed: settled.failed };
  }
}
