import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { JobRun } from './schemas/job-run.schema';

export type JobOutcome<T> = { ran: true; result: T } | { ran: false; reason: 'done for this period' | 'running elsewhere' };

/**
 * Runs a job at most once per period across every server instance: the job's document is claimed with a lease
 * (a crashed holder's lease lapses) and marks the period done only when the work succeeded.
 */
@Injectable()
export class JobRunner {
  /** This process, as a lease holder. */
  readonly owner = `${process.pid}:${randomUUID()}`;

  constructor(
    @InjectModel(JobRun.name) private readonly runs: Model<JobRun>,
    private readonly clock: Clock,
  ) {}

  async runOnce<T extends Record<string, unknown>>(
    job: string,
    runKey: string,
    leaseMs: number,
    work: () => Promise<T>,
  ): Promise<JobOutcome<T>> {
    const now = this.clock.now();
    const existing = await this.runs.findById(job).lean();
    if (existing?.lastRunKey === runKey) return { ran: false, reason: 'done for this period' };
    let claimed: JobRun | null;
    try {
      claimed = await this.runs
        .findOneAndUpdate(
          {
            _id: job,
            lastRunKey: { $ne: runKey },
            $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lte: now } }],
          },
          { $set: { owner: this.owner, leaseUntil: new Date(now.getTime() + leaseMs), lastStartedAt: now } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean();
    } catch (error) {
      // The upsert met the job's document held by another instance (or done for the period).
      if ((error as { code?: number }).code === 11000) claimed = null;
      else throw error;
    }
    if (!claimed) {
      const current = await this.runs.findById(job).lean();
      return { ran: false, reason: current?.lastRunKey === runKey ? 'done for this period' : 'running elsewhere' };
    }
    try {
      const result = await work();
      await this.runs.updateOne(
        { _id: job, owner: this.owner },
        {
          $set: { lastRunKey: runKey, lastFinishedAt: this.clock.now(), lastResult: result },
          $unset: { leaseUntil: 1, lastError: 1 },
        },
      );
      return { ran: true, result };
    } catch (error) {
      await this.runs.updateOne(
        { _id: job, owner: this.owner },
        { $set: { lastError: error instanceof Error ? error.message : String(error) }, $unset: { leaseUntil: 1 } },
      );
      throw error;
    }
  }
}
