import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';
import { MemberMergesService } from './member-merges.service';

/** Every minute, finishes member merges a crash or restart interrupted half-way. */
@Injectable()
export class MemberMergesResumeJob implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly merges: MemberMergesService,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      name: 'member-merges-resume',
      period: 'minute',
      leaseMs: 5 * 60_000,
      work: async () => ({ resumed: await this.merges.resumeStalled() }),
    });
  }
}
