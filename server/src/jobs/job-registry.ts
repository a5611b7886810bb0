import { Global, Injectable, Module } from '@nestjs/common';

export interface JobDefinition {
  name: string;
  /** The period the job runs once in: a business day for daily jobs, the minute for frequent ones. */
  period: 'day' | 'minute';
  leaseMs: number;
  work: () => Promise<Record<string, unknown>>;
}

/**
 * Where feature modules put their scheduled work (group-buy deadlines, referral rewards coming due, nightly
 * analytics) so the scheduler runs it without depending on every feature. Register in `onModuleInit`.
 */
@Injectable()
export class JobRegistry {
  private readonly registered = new Map<string, JobDefinition>();

  register(job: JobDefinition): void {
    if (this.registered.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    this.registered.set(job.name, job);
  }

  get jobs(): JobDefinition[] {
    return [...this.registered.values()];
  }
}

@Global()
@Module({ providers: [JobRegistry], exports: [JobRegistry] })
export class JobRegistryModule {}
