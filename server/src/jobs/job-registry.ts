import { Global, Injectable, Module } from '@nestjs/common';

export interface JobDefinition {
  name: string;
  /** The period the job runs once in: a business day for daily jobs, the minute for frequent ones. */
  period: 'day' | 'minute';
  leaseMs: number;
  work: () => Promise<Record<string, unknown>>;
  /**
   * 'delivery' jobs (sending the notifications outbox) run after every 'work' job of the same tick, so what the
   * work enqueued goes out at once rather than a tick later. Default 'work'.
   */
  phase?: 'work' | 'delivery';
}

/**
 * Where feature modules put their scheduled work (points expiry, tier re-qualification, group-buy deadlines,
 * referral rewards coming due, nightly analytics) so the scheduler runs it without knowing any feature.
 * Register in `onModuleInit`.
 */
@Injectable()
export class JobRegistry {
  private readonly registered = new Map<string, JobDefinition>();

  register(job: JobDefinition): void {
    if (this.registered.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    this.registered.set(job.name, job);
  }

  /** In registration order, delivery jobs last. */
  get jobs(): JobDefinition[] {
    const all = [...this.registered.values()];
    return [...all.filter((j) => j.phase !== 'delivery'), ...all.filter((j) => j.phase === 'delivery')];
  }
}

@Global()
@Module({ providers: [JobRegistry], exports: [JobRegistry] })
export class JobRegistryModule {}
