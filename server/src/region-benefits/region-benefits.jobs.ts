import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { RegionPackGrantsService } from './region-pack-grants.service';

/**
 * The backfill of newly published region packs, every minute: a pack published is granted to the members already
 * holding its tiers within a minute or so, and later runs skip it (it is marked once walked).
 */
@Injectable()
export class RegionBenefitsJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobRegistry,
    private readonly grants: RegionPackGrantsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'region-pack-backfill',
      period: 'minute',
      leaseMs: 10 * 60_000,
      work: () => this.grants.backfill(),
    });
  }
}
