import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { PointsHoldsService } from './points-holds.service';

/** Every minute, gives back the points of checkout holds the till never committed or released. */
@Injectable()
export class PointsHoldsExpiryJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly holds: PointsHoldsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'points-holds-expiry',
      period: 'minute',
      leaseMs: 5 * 60_000,
      work: () => this.holds.releaseExpired(),
    });
  }
}
