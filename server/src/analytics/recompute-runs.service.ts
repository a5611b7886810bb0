import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnalyticsRecomputeStart, AnalyticsRecomputeView, RecomputeSummary } from '@memberloop/shared';
import { Model, Types } from 'mongoose';
import { Clock } from '../common/clock/clock';
import { ProgressThrottle, type RecomputeProgress } from './domain/progress-throttle';
import { ProfileRecomputeService, type FullRecomputeSummary } from './profile-recompute.service';
import { RecomputeLock, RecomputeRun } from './schemas/recompute-run.schema';

const LOCK_ID = 'full-recompute';
/** A run renews its lease with each progress write (about once a second); one silent this long has crashed. */
export const RECOMPUTE_LEASE_MS = 10 * 60_000;
/** Progress is written at most this often. */
export const PROGRESS_WRITE_MS = 1000;

type Claim = { claimed: true; run: RecomputeRun } | { claimed: false; run: RecomputeRun | null };

/**
 * Full analytics recomputes, one at a time across every instance: HQ's (started from the dashboard, run in the
 * background) and the nightly job's both claim the lock document first; a start while one runs gets that one.
 * Each run's progress (phase, members processed of the total) is written throttled, for the dashboard to poll.
 */
@Injectable()
export class RecomputeRunsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Analytics');
  /** This process, as a lock holder. */
  readonly owner = `${process.pid}:${randomUUID()}`;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectModel(RecomputeRun.name) private readonly runs: Model<RecomputeRun>,
    @InjectModel(RecomputeLock.name) private readonly locks: Model<RecomputeLock>,
    private readonly profiles: ProfileRecomputeService,
    private readonly clock: Clock,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** HQ's start: the run goes on in the background; the answer is the run (or the one already running). */
  async start(startedBy: string): Promise<AnalyticsRecomputeStart> {
    const claim = await this.claim('hq', startedBy);
    if (!claim.claimed) {
      const run = claim.run ?? (await this.latestRun());
      if (!run) throw new Error('the recompute lock is held by no run');
      return { started: false, run: this.view(run, null) };
    }
    const work = this.execute(claim.run).catch((error: unknown) =>
      this.logger.error(`analytics recompute ${claim.run._id.toHexString()} failed: ${describe(error)}`),
    );
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return { started: true, run: this.view(claim.run, null) };
  }

  /** The nightly job's run, awaited; when HQ's runs already, the night joins it (its figures are today's). */
  async runScheduled(): Promise<Record<string, unknown>> {
    const claim = await this.claim('schedule');
    if (!claim.claimed) return { joined: claim.run?._id.toHexString() ?? null };
    return { ...(await this.execute(claim.run)) };
  }

  /** The current or last run; a queued or running one whose lease lapsed (its server stopped) reads failed. */
  async latest(): Promise<AnalyticsRecomputeView | null> {
    const lock = await this.locks.findById(LOCK_ID).lean();
    const run = lock ? await this.runs.findById(lock.runId).lean() : await this.latestRun();
    return run ? this.view(run, lock) : null;
  }

  private async latestRun(): Promise<RecomputeRun | null> {
    return this.runs
      .findOne({ status: { $in: ['running', 'done', 'failed'] } })
      .sort({ startedAt: -1, _id: -1 })
      .lean();
  }

  /**
   * The run's document first (queued), then the lock naming it: so whoever finds the lock held can always read
   * the run that holds it. Losing the claim, the queued document goes and the holder's run is returned.
   */
  private async claim(trigger: 'hq' | 'schedule', startedBy?: string): Promise<Claim> {
    const now = this.clock.now();
    const run: RecomputeRun = {
      _id: new Types.ObjectId(),
      trigger,
      ...(startedBy ? { startedBy } : {}),
      status: 'queued',
      processed: 0,
      total: 0,
      startedAt: now,
      updatedAt: now,
    };
    await this.runs.create(run);
    let previous: RecomputeLock | null;
    let claimed = true;
    try {
      previous = await this.locks
        .findOneAndUpdate(
          { _id: LOCK_ID, $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lte: now } }] },
          { $set: { runId: run._id, owner: this.owner, leaseUntil: new Date(now.getTime() + RECOMPUTE_LEASE_MS) } },
          { upsert: true, returnDocument: 'before' },
        )
        .lean();
    } catch (error) {
      // The upsert met the lock held by another run (the filter left it out, the insert hit its _id).
      if ((error as { code?: number }).code !== 11000) throw error;
      previous = null;
      claimed = false;
    }
    if (!claimed) {
      await this.runs.deleteOne({ _id: run._id, status: 'queued' });
      const lock = await this.locks.findById(LOCK_ID).lean();
      return { claimed: false, run: lock ? await this.runs.findById(lock.runId).lean() : null };
    }
    // A run whose holder stopped without a word (lease lapsed): recorded as interrupted.
    if (previous && !previous.runId.equals(run._id))
      await this.runs.updateOne(
        { _id: previous.runId, status: { $in: ['queued', 'running'] } },
        { $set: { status: 'failed', failure: 'interrupted', finishedAt: now, updatedAt: now } },
      );
    return { claimed: true, run };
  }

  /** Runs the claimed recompute, writing its progress; failed with a short reason when it throws (rethrown). */
  private async execute(run: RecomputeRun): Promise<FullRecomputeSummary> {
    const throttle = new ProgressThrottle((progress) => this.writeProgress(run._id, progress), PROGRESS_WRITE_MS);
    try {
      const summary = await this.profiles.recomputeAll(this.clock.now(), (progress, phaseEnd) =>
        throttle.report(progress, phaseEnd).then(() => undefined),
      );
      const now = this.clock.now();
      const stored: RecomputeSummary = { ...summary, ms: Math.round(summary.ms) };
      await this.runs.updateOne(
        { _id: run._id },
        {
          $set: {
            status: 'done',
            phase: 'rescoring',
            processed: summary.members,
            total: summary.members,
            summary: stored,
            finishedAt: now,
            updatedAt: now,
          },
        },
      );
      this.logger.log(
        { run: run._id.toHexString(), trigger: run.trigger, progressWrites: throttle.writes },
        'recompute run done',
      );
      return summary;
    } catch (error) {
      const now = this.clock.now();
      await this.runs.updateOne(
        { _id: run._id },
        { $set: { status: 'failed', failure: describe(error).slice(0, 200), finishedAt: now, updatedAt: now } },
      );
      throw error;
    } finally {
      await this.locks.updateOne({ _id: LOCK_ID, runId: run._id }, { $unset: { leaseUntil: 1 } });
    }
  }

  /** One throttled progress write, renewing the lease; a run that lost its lock (lease lapsed, taken) stops. */
  private async writeProgress(runId: Types.ObjectId, progress: RecomputeProgress): Promise<void> {
    const now = this.clock.now();
    const lease = await this.locks.updateOne(
      { _id: LOCK_ID, runId, owner: this.owner },
      { $set: { leaseUntil: new Date(now.getTime() + RECOMPUTE_LEASE_MS) } },
    );
    if (lease.matchedCount === 0) throw new Error('lease lost: another run took over');
    await this.runs.updateOne(
      { _id: runId, status: { $in: ['queued', 'running'] } },
      {
        $set: { status: 'running', phase: progress.phase, processed: progress.processed, total: progress.total, updatedAt: now },
      },
    );
  }

  private view(run: RecomputeRun, lock: RecomputeLock | null): AnalyticsRecomputeView {
    const active = run.status === 'queued' || run.status === 'running';
    const lapsed =
      active && lock !== null && lock.runId.equals(run._id) && (!lock.leaseUntil || lock.leaseUntil <= this.clock.now());
    return {
      id: run._id.toHexString(),
      trigger: run.trigger,
      status: lapsed ? 'failed' : run.status,
      phase: run.phase ?? null,
      processed: run.processed,
      total: run.total,
      startedAt: run.startedAt.toISOString(),
      updatedAt: run.updatedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      summary: run.summary ?? null,
      failure: lapsed ? 'interrupted' : (run.failure ?? null),
    };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
