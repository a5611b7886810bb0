import type { ThrottlerStorage } from '@nestjs/throttler';

/** What ThrottlerStorage.increment answers (the package does not export the record's type by name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The budget of one caller at one endpoint as a token bucket: `limit` requests at once, then one more each
 * `windowMs / limit` as the bucket refills evenly. Kept as the generic cell rate algorithm (GCRA) keeps it, as one
 * number, the theoretical arrival time (TAT): the moment the bucket would be full again. That one number is what
 * lets the database store decide in a single atomic update; both stores share this arithmetic.
 *
 * Times are whole microseconds, so the arithmetic is exact: sums of a fractional interval in milliseconds drift
 * and would refuse the last request of a burst (or let one too many through) at some limits. The interval is
 * rounded down to a whole microsecond and the window taken as `limit` intervals, so a burst is exactly `limit`
 * requests and the refill is faster by less than a microsecond per request.
 */
export interface Arrival {
  allowed: boolean;
  /** The bucket's TAT (µs since the epoch) after this request; unchanged when refused: a refusal costs nothing. */
  tat: number;
  /** When refused, how long until one request fits again. */
  retryAfterMs: number;
}

const MICROS_PER_MS = 1000;

/** A time in milliseconds (Date.now()) as the whole microseconds a TAT is kept in. */
export function micros(ms: number): number {
  return Math.round(ms * MICROS_PER_MS);
}

/** The bucket's numbers in microseconds: now, the window and the time one request takes to refill. */
export function bucketMicros(nowMs: number, limit: number, windowMs: number): { now: number; window: number; interval: number } {
  const interval = Math.max(1, Math.floor((windowMs * MICROS_PER_MS) / limit));
  // The window as `limit` whole intervals (shorter by less than `limit` µs), so a burst is exactly `limit` requests.
  return { now: micros(nowMs), window: limit * interval, interval };
}

export function arrive(storedTat: number | undefined, nowMs: number, limit: number, windowMs: number): Arrival {
  const { now, window, interval } = bucketMicros(nowMs, limit, windowMs);
  const tat = Math.max(storedTat ?? now, now);
  const next = tat + interval;
  if (next - now <= window) return { allowed: true, tat: next, retryAfterMs: 0 };
  return { allowed: false, tat, retryAfterMs: (next - window - now) / MICROS_PER_MS };
}

/**
 * The decision in @nestjs/throttler's terms: the requests the bucket holds (`totalHits`), seconds until it is full
 * again (`timeToExpire`), and, when refused, seconds until the caller may try again (`timeToBlockExpire`, at least 1).
 */
export function toThrottlerRecord(arrival: Arrival, nowMs: number, limit: number, windowMs: number): ThrottlerStorageRecord {
  const { now, interval } = bucketMicros(nowMs, limit, windowMs);
  const held = Math.ceil((arrival.tat - now) / interval);
  return {
    totalHits: arrival.allowed ? Math.min(limit, Math.max(1, held)) : limit + 1,
    timeToExpire: Math.max(0, Math.ceil((arrival.tat - now) / (MICROS_PER_MS * 1000))),
    isBlocked: !arrival.allowed,
    timeToBlockExpire: arrival.allowed ? 0 : Math.max(1, Math.ceil(arrival.retryAfterMs / 1000)),
  };
}
