import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { ProfileRecomputeService } from './profile-recompute.service';
import { RecommendationsService } from './recommendations.service';
import { RecomputeRunsService } from './recompute-runs.service';
import { WinbackService } from './winback.service';

/**
 * The analytics' scheduled work, in this order within a tick: the nightly full recompute (profiles,
 * snapshot, roll-ups), then recommendations, then the win-back rules on the fresh profiles; and every minute
 * the incremental pass over members whose purchases changed.
 */
@Injectable()
export class AnalyticsJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly profiles: ProfileRecomputeService,
    private readonly recommendations: RecommendationsService,
    private readonly winback: WinbackService,
    private readonly recomputes: RecomputeRunsService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'analytics-full-recompute',
      period: 'day',
      leaseMs: 2 * 60 * 60_000,
      // Through the recompute lock, as HQ's runs: progress shown on the dashboard, never two at once.
      work: () => this.recomputes.runScheduled(),
    });
    this.registry.register({
      name: 'analytics-recommendations',
      period: 'day',
      leaseMs: 2 * 60 * 60_000,
      work: () => this.recommendations.recomputeAll(),
    });
    this.registry.register({
      name: 'analytics-winback',
      period: 'day',
      leaseMs: 60 * 60_000,
      work: () => this.winback.runActiveRules(),
    });
    this.registry.register({
      name: 'analytics-incremental',
      period: 'minute',
      leaseMs: 10 * 60_000,
      work: async () => ({ ...(await this.profiles.recomputeChanged()) }),
    });
  }
}
