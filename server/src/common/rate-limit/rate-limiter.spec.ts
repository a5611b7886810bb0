import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('lets a burst up to the limit through, then refills evenly over the window', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 5; i++) expect(limiter.take('k', 5, 60_000).allowed).toBe(true);
    const refused = limiter.take('k', 5, 60_000);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 12_000 });
    now = 11_999;
    expect(limiter.take('k', 5, 60_000).allowed).toBe(false);
    now = 12_000;
    expect(limiter.take('k', 5, 60_000).allowed).toBe(true);
    expect(limiter.take('k', 5, 60_000).allowed).toBe(false);
  });

  it('keeps callers apart', () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take('a', 1, 1000).allowed).toBe(true);
    expect(limiter.take('a', 1, 1000).allowed).toBe(false);
    expect(limiter.take('b', 1, 1000).allowed).toBe(true);
  });

  it('bounds its memory by forgetting buckets that have refilled', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now, 3);
    for (const key of ['a', 'b', 'c']) limiter.take(key, 1, 1000);
    now = 1000;
    limiter.take('d', 1, 1000);
    expect(limiter.size).toBe(1);
  });
});
