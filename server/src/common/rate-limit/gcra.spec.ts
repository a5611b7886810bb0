import fc from 'fast-check';
import { arrive, toThrottlerRecord } from './gcra';

/** Requests at the given times through one bucket; the times at which they were let through. */
function run(times: number[], limit: number, windowMs: number): number[] {
  let tat: number | undefined;
  const allowed: number[] = [];
  for (const now of times) {
    const arrival = arrive(tat, now, limit, windowMs);
    if (arrival.allowed) {
      tat = arrival.tat;
      allowed.push(now);
    }
  }
  return allowed;
}

describe('GCRA (token bucket) arithmetic', () => {
  it('lets a burst of exactly the limit through, then one more each window / limit', () => {
    let tat: number | undefined;
    for (let i = 0; i < 5; i++) {
      const arrival = arrive(tat, 0, 5, 60_000);
      expect(arrival.allowed).toBe(true);
      tat = arrival.tat;
    }
    expect(arrive(tat, 0, 5, 60_000)).toEqual({ allowed: false, tat: 60_000_000, retryAfterMs: 12_000 });
    expect(arrive(tat, 11_999, 5, 60_000).allowed).toBe(false);
    expect(arrive(tat, 12_000, 5, 60_000)).toEqual({ allowed: true, tat: 72_000_000, retryAfterMs: 0 });
  });

  it('lets the whole burst through whatever the limit, the window and the clock (no floating-point shortfall)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1000, max: 86_400_000 }),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (limit, windowMs, now) => {
          expect(
            run(
              Array.from({ length: limit + 3 }, () => now),
              limit,
              windowMs,
            ),
          ).toHaveLength(limit);
        },
      ),
    );
  });

  it('never lets more through than the limit plus what the bucket refilled since the first request', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1000, max: 600_000 }),
        fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 300 }),
        (limit, windowMs, offsets) => {
          const times = offsets.sort((a, b) => a - b).map((t) => 1_800_000_000_000 + t);
          const allowed = run(times, limit, windowMs);
          for (let i = 0; i < allowed.length; i++) {
            expect(i + 1).toBeLessThanOrEqual(limit + Math.floor(((allowed[i] - allowed[0]) * limit) / windowMs) + 1);
          }
        },
      ),
    );
  });

  it('reports in @nestjs/throttler terms: hits held, seconds until full, at least a second of Retry-After', () => {
    expect(toThrottlerRecord({ allowed: true, tat: 24_000_000, retryAfterMs: 0 }, 0, 5, 60_000)).toEqual({
      totalHits: 2,
      timeToExpire: 24,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(toThrottlerRecord({ allowed: false, tat: 60_000_000, retryAfterMs: 12_000 }, 0, 5, 60_000)).toEqual({
      totalHits: 6,
      timeToExpire: 60,
      isBlocked: true,
      timeToBlockExpire: 12,
    });
    expect(toThrottlerRecord({ allowed: false, tat: 60_000_000, retryAfterMs: 0.4 }, 0, 5, 60_000).timeToBlockExpire).toBe(1);
  });
});
