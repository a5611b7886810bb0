import type { RecomputePhase } from '@memberloop/shared';

/** How far a full recompute is: members passed in the current phase, of the total. */
export interface RecomputeProgress {
  phase: RecomputePhase;
  processed: number;
  total: number;
}

/**
 * Passes a full recompute's progress on to a (slow) writer at most once per `minIntervalMs`, so a run over a
 * million members writes its progress a few hundred times, not a million. The first report of a phase and a
 * forced one (the end) always go through. Reports are awaited in turn by the run, so writes never overlap.
 */
export class ProgressThrottle {
  private lastAt = Number.NEGATIVE_INFINITY;
  private lastPhase: RecomputePhase | undefined;
  /** Writes made (for the log and the tests). */
  writes = 0;

  constructor(
    private readonly write: (progress: RecomputeProgress) => Promise<void>,
    private readonly minIntervalMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Writes the progress when it is due; true when it did. */
  async report(progress: RecomputeProgress, force = false): Promise<boolean> {
    const at = this.now();
    if (!force && progress.phase === this.lastPhase && at - this.lastAt < this.minIntervalMs) return false;
    this.lastAt = at;
    this.lastPhase = progress.phase;
    this.writes += 1;
    await this.write(progress);
    return true;
  }
}
