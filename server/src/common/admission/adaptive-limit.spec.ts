import { AdaptiveLimit } from './adaptive-limit';

/**
 * A model of one Node process serving requests that each need `cpuMs` of its one thread and wait `ioMs` on the
 * database: with n in flight, a request takes the longer of its own time and its share of the thread.
 */
const latencyAt = (n: number, cpuMs = 5, ioMs = 20) => Math.max(cpuMs + ioMs, cpuMs * n);

/** Completions per second and the mean latency of the process over these limits (Little's law). */
function served(limits: number[], latency: (n: number) => number = latencyAt): { perSecond: number; latencyMs: number } {
  const perSecond = (limits.reduce((sum, n) => sum + n / latency(n), 0) / limits.length) * 1000;
  const latencyMs = limits.reduce((sum, n) => sum + latency(n), 0) / limits.length;
  return { perSecond, latencyMs };
}

/** Runs `samples` completions with the process kept full (as many in flight as the limit allows). */
function saturate(limit: AdaptiveLimit, samples: number, latency: (n: number) => number = latencyAt): number[] {
  const seen: number[] = [];
  for (let i = 0; i < samples; i++) {
    const n = limit.value;
    limit.onSample(latency(n), n);
    seen.push(limit.value);
  }
  return seen;
}

describe('AdaptiveLimit', () => {
  it('stays within its bounds and refuses bounds that make no sense', () => {
    expect(() => new AdaptiveLimit({ min: 0, max: 4 })).toThrow();
    expect(() => new AdaptiveLimit({ min: 8, max: 4 })).toThrow();
    const limit = new AdaptiveLimit({ min: 2, max: 6, initial: 100 });
    expect(limit.value).toBe(6);
    saturate(limit, 500, () => 1_000);
    expect(limit.value).toBeGreaterThanOrEqual(2);
  });

  it('grows to the ceiling while latency does not rise with the load (the process is not the bottleneck)', () => {
    const limit = new AdaptiveLimit({ min: 4, max: 64 });
    expect(limit.value).toBe(4);
    saturate(limit, 300, () => 20);
    expect(limit.value).toBe(64);
  });

  it('a CPU-bound process under a flood settles near what keeps its thread busy, far below the ceiling', () => {
    // Past 5 in flight every request only waits longer for the thread (25 ms at 5, 320 ms at the ceiling of 64).
    const limit = new AdaptiveLimit({ min: 4, max: 64 });
    const settled = saturate(limit, 5_000).slice(-2_000);
    // It serves what the thread can (200 a second at 5 ms each) at about twice the unloaded latency, where the
    // ceiling of 64 would serve the same at 13 times it (320 ms).
    const { perSecond, latencyMs } = served(settled);
    expect(perSecond).toBeGreaterThanOrEqual(190);
    expect(latencyMs).toBeLessThanOrEqual(2.5 * latencyAt(1));
    expect(Math.max(...settled)).toBeLessThanOrEqual(16);
  });

  it('does not drift back to the ceiling however long the overload lasts (the baseline ignores its own queueing)', () => {
    const limit = new AdaptiveLimit({ min: 4, max: 64, longWindow: 100 });
    const settled = saturate(limit, 50_000).slice(-10_000);
    expect(Math.max(...settled)).toBeLessThanOrEqual(16);
    expect(served(settled).latencyMs).toBeLessThanOrEqual(2.5 * latencyAt(1));
  });

  it('samples from a process using under half its limit do not move it', () => {
    const limit = new AdaptiveLimit({ min: 4, max: 64, initial: 32 });
    for (let i = 0; i < 1_000; i++) limit.onSample(i % 2 === 0 ? 5 : 500, 3);
    expect(limit.value).toBe(32);
  });

  it('when the work itself becomes slower (the database), a probe at the minimum finds it and the limit grows to fit', () => {
    const limit = new AdaptiveLimit({ min: 4, max: 64, longWindow: 50 });
    saturate(limit, 2_000);
    const before = limit.value;
    // Every request now needs three times the database time: slower at any concurrency, and more of them fit.
    const slower = (n: number) => latencyAt(n, 5, 60);
    const settled = saturate(limit, 8_000, slower).slice(-2_000);
    expect(limit.latency.baseline).toBeGreaterThan(60);
    expect(limit.value).toBeGreaterThan(before);
    // Requests now wait 60 ms on the database: the thread stays busy only with about 13 in flight. Within 7 % of
    // the 200 a second the thread can do: what the probes at the minimum (30 of every 300 congested completions) cost.
    expect(served(settled, slower).perSecond).toBeGreaterThanOrEqual(186);
    expect(served(settled, slower).latencyMs).toBeLessThanOrEqual(2.5 * slower(1));
  });

  it('ignores samples that are not durations', () => {
    const limit = new AdaptiveLimit({ min: 1, max: 10, initial: 5 });
    limit.onSample(Number.NaN, 5);
    limit.onSample(-3, 5);
    limit.onSample(Number.POSITIVE_INFINITY, 5);
    expect(limit.value).toBe(5);
    expect(limit.latency).toEqual({ recent: undefined, baseline: undefined });
  });
});
