import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { JobRegistry } from '../jobs/job-registry';
import { MemberStore } from '../members';
import { NotificationsService, thing } from '../notifications';
import { businessDay } from '../points';
import { QualifyingStatsService } from '../purchases';
import { TierStandingService } from './tier-standing.service';

/** The yearly re-qualification (保级) of every member whose tier hold has ended, and a message about the outcome. */
@Injectable()
export class TierRequalificationJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly members: MemberStore,
    private readonly standing: TierStandingService,
    private readonly stats: QualifyingStatsService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register({ name: 'tier-requalification', period: 'day', leaseMs: 60 * 60_000, work: () => this.run() });
  }

  async run(batchSize = 500): Promise<{ renewed: number; downgraded: number }> {
    const counts = { renewed: 0, downgraded: 0 };
    for (;;) {
      const now = this.clock.now();
      const due = await this.members.dueForRequalification(now, batchSize);
      if (due.length === 0) return counts;
      let changed = 0;
      for (const member of due) {
        const change = await this.standing.requalify(member, await this.stats.rolling12Months(member._id, now));
        if (change.kind !== 'renewed' && change.kind !== 'downgraded') continue;
        changed += 1;
        counts[change.kind] += 1;
        const tier = this.standing.tierByCode(change.standing.tierCode);
        await this.notifications.enqueue({
          memberId: member._id,
          kind: 'tier-changed',
          dedupeKey: `tier-changed:${member._id.toHexString()}:${change.standing.since.toISOString()}`,
          page: 'pages/index/index',
          data: {
            thing1: thing(change.kind === 'renewed' ? `${tier.name}会籍已续期` : `会籍调整为${tier.name}`),
            date2: { value: businessDay(change.standing.heldUntil, this.config.brand.timeZone) },
            thing3: thing('查看升级进度与专属权益'),
          },
        });
      }
      // Members another run handled meanwhile come back unchanged: stop rather than spin on them.
      if (changed === 0) return counts;
    }
  }
}
