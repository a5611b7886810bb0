import type { ThrottlerStorage } from '@nestjs/throttler';
import { arrive, micros, toThrottlerRecord, type ThrottlerStorageRecord } from './gcra';

/**
 * Rate-limit budgets kept in this process (the default): each server process limits on its own, which bounds what
 * one client can do to any process. One number per caller and endpoint; full buckets (TAT in the past) are forgotten
 * once the map has grown past `sweepAt` entries, and the next sweep waits until it has doubled, so a flood of new
 * callers costs amortised O(1) per request.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly tats = new Map<string, number>();
  private sweepAt: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly minSweepAt = 100_000,
  ) {
    this.sweepAt = minSweepAt;
  }

  // The bucket refills evenly, so a refused caller may try again as soon as one request fits: `blockDuration`
  // (ThrottlerGuard's penalty after a refusal) is not used.
  increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const id = `${throttlerName}|${key}`;
    const now = this.now();
    const arrival = arrive(this.tats.get(id), now, limit, ttl);
    if (arrival.allowed) {
      this.tats.set(id, arrival.tat);
      if (this.tats.size >= this.sweepAt) this.forgetFullBuckets(micros(now));
    }
    return Promise.resolve(toThrottlerRecord(arrival, now, limit, ttl));
  }

  get size(): number {
    return this.tats.size;
  }

  private forgetFullBuckets(nowMicros: number): void {
    for (const [id, tat] of this.tats) if (tat <= nowMicros) this.tats.delete(id);
    this.sweepAt = Math.max(this.minSweepAt, this.tats.size * 2);
  }
}
