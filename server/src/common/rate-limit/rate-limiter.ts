/**
 * Token buckets per key (an endpoint and a caller): `limit` tokens refilled evenly over `windowMs`, so a caller
 * may burst up to the limit and then goes at the refill rate. Kept in this process: each instance limits on its
 * own, which bounds what one client can do to any instance; idle buckets are dropped to bound memory.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 200_000,
  ) {}

  /** Takes one token; when none is left, the milliseconds until one is. */
  take(key: string, limit: number, windowMs: number): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const now = this.now();
    const ratePerMs = limit / windowMs;
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(limit, bucket.tokens + (now - bucket.at) * ratePerMs) : limit;
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / ratePerMs) };
    }
    if (!bucket && this.buckets.size >= this.maxKeys) this.dropFullBuckets(now, windowMs);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Buckets untouched for a whole window are full again: forgetting them changes nothing. */
  private dropFullBuckets(now: number, windowMs: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= windowMs) this.buckets.delete(key);
  }
}
