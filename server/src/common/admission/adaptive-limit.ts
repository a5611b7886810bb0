/** The bounds and pace of an AdaptiveLimit. */
export interface AdaptiveLimitOptions {
  /** Never fewer places than this (a process must always make progress). */
  min: number;
  /** Never more than this: the configured ceiling. */
  max: number;
  /**
   * Where it starts: the minimum when absent, so it learns the unloaded latency before the load can hide it (a
   * process started into a flood at its ceiling would take the flood's latency for normal).
   */
  initial?: number;
  /** Samples over which the unloaded latency may rise to a slower workload's (a few seconds of traffic). */
  longWindow?: number;
  /** How much latency above the long-term figure is still normal (1.5: half as long again). */
  tolerance?: number;
  /** How far one sample moves the limit towards where it points (0..1). */
  smoothing?: number;
  /** Congested this many samples in a row, it probes at the minimum whether the work itself became slower. */
  probeEvery?: number;
}

/**
 * How many requests a process should work on at once, learned from the latency of the ones it completes (a
 * gradient limit, after Netflix's concurrency-limits).
 *
 * A Node process has one thread: past the number of requests it can keep busy, more in flight only makes each
 * wait longer for the CPU. Each completed request's time in the handler (queueing excluded) feeds a short
 * average (`recent`), compared with the process's unloaded latency (`baseline`, the lowest short average seen,
 * moving up only slowly): while requests take no longer than `tolerance` times the baseline, the limit grows by
 * a small headroom (√limit); beyond it, the limit shrinks in proportion (at most halving per step). The admission
 * gate's queue then holds the excess, and past the queue it is refused with Retry-After, so what is admitted keeps
 * close to the latency of an unloaded process instead of the ceiling's.
 *
 * The baseline does not drift up while the process is congested (it would chase its own queueing and let the
 * limit climb back). But the work itself may have become slower (heavier requests, a slower database): after
 * `probeEvery` congested samples the limit drops to its minimum for a few dozen requests; if those are no faster,
 * the slower latency is the new baseline (and the limit may grow again), else the limit returns where it was.
 */
export class AdaptiveLimit {
  private limit: number;
  private recent: number | undefined;
  private baseline: number | undefined;
  private readonly longWindow: number;
  private readonly tolerance: number;
  private readonly smoothing: number;
  private readonly probeEvery: number;
  private congestedSamples = 0;
  private probe: { resumeAt: number; samples: number } | undefined;

  constructor(private readonly options: AdaptiveLimitOptions) {
    if (options.min < 1 || options.max < options.min) throw new Error('AdaptiveLimit: need 1 <= min <= max');
    this.limit = clamp(options.initial ?? options.min, options.min, options.max);
    this.longWindow = options.longWindow ?? 600;
    this.tolerance = options.tolerance ?? 1.5;
    this.smoothing = options.smoothing ?? 0.2;
    this.probeEvery = options.probeEvery ?? 300;
  }

  /** The number of requests to admit at once now (a whole number within the bounds). */
  get value(): number {
    return Math.floor(this.limit);
  }

  /** The latency figures it works from, in ms (for the health report and tests). */
  get latency(): { recent?: number; baseline?: number } {
    return { recent: this.recent, baseline: this.baseline };
  }

  /**
   * One request's time in the handler, in ms, and how many were in flight when it completed. Samples taken while
   * the process used less than half its limit say nothing about the limit (a quiet process is fast at any limit)
   * and only feed the averages.
   */
  onSample(rttMs: number, inFlight: number): void {
    if (!(rttMs > 0) || !Number.isFinite(rttMs)) return;
    const recent = this.recent === undefined ? rttMs : this.recent * 0.9 + rttMs * 0.1;
    this.recent = recent;
    let baseline = this.baseline ?? recent;
    if (recent < baseline) baseline = recent;
    else if (recent <= this.tolerance * baseline) baseline += (recent - baseline) / this.longWindow;
    this.baseline = baseline;
    if (this.probe) {
      // Only requests run at the probe's concurrency say what the minimum gives.
      if (inFlight <= this.options.min && ++this.probe.samples >= PROBE_SAMPLES) {
        if (recent > this.tolerance * baseline) this.baseline = recent;
        this.limit = this.probe.resumeAt;
        this.probe = undefined;
      }
      return;
    }
    if (inFlight < this.limit / 2) return;
    this.congestedSamples = recent > this.tolerance * baseline ? this.congestedSamples + 1 : 0;
    if (this.congestedSamples >= this.probeEvery && this.limit > this.options.min) {
      this.congestedSamples = 0;
      this.probe = { resumeAt: this.limit, samples: 0 };
      this.limit = this.options.min;
      return;
    }
    const gradient = clamp((this.tolerance * baseline) / recent, 0.5, 1);
    const target = this.limit * gradient + Math.sqrt(this.limit);
    this.limit = clamp(this.limit * (1 - this.smoothing) + target * this.smoothing, this.options.min, this.options.max);
  }
}

/** Requests a probe at the minimum runs before it judges (the short average has then mostly forgotten before). */
const PROBE_SAMPLES = 30;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
