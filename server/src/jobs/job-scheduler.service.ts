import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { appConfig, type AppConfig } from '../config/app-config';
import { brandDay } from '@memberloop/shared';
import { type JobDefinition, JobRegistry } from './job-registry';
import { JobRunner } from './job-runner.service';

/**
 * Runs the background jobs on a timer in every server instance; the JobRunner makes each run happen once per
 * period whichever instance gets there first. `tick()` is what the timer calls (and what tests call, with a
 * moved clock).
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly runner: JobRunner,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  /** The jobs feature modules registered. */
  get jobs(): JobDefinition[] {
    return this.registry.jobs;
  }

  onApplicationBootstrap(): void {
    if (!this.config.jobs.enabled) return;
    this.timer = setInterval(() => void this.tick(), this.config.jobs.tickMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs every job that is due now; a job that fails is logged and retried on the next tick. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        for (const job of this.jobs) {
          try {
            const outcome = await this.runner.runOnce(job.name, this.periodKey(job.period), job.leaseMs, job.work);
            if (outcome.ran) this.logger.log({ job: job.name, result: outcome.result }, `job ${job.name} done`);
          } catch (error) {
            this.logger.error(`job ${job.name} failed: ${error instanceof Error ? error.stack : String(error)}`);
          }
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private periodKey(period: JobDefinition['period']): string {
    const now = this.clock.now();
    return period === 'day' ? brandDay(now, this.config.brand.timeZone) : now.toISOString().slice(0, 16);
  }
}
