import fc from 'fast-check';
import { payoutRetryDelayMs, promisedRewards } from './payout-retries';

describe('referral payout retries', () => {
  it('waits a minute after the first failure, doubling after each, never more than six hours', () => {
    expect([1, 2, 3, 4].map(payoutRetryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(payoutRetryDelayMs(9)).toBe(256 * 60_000);
    expect(payoutRetryDelayMs(10)).toBe(6 * 60 * 60_000);
    expect(payoutRetryDelayMs(10_000)).toBe(6 * 60 * 60_000);
  });

  it('never shortens the wait as failures add up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000 }), (attempts) => {
        const delay = payoutRetryDelayMs(attempts);
        expect(delay).toBeGreaterThan(0);
        expect(payoutRetryDelayMs(attempts + 1)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});

describe('the rewards a stored referral promised', () => {
  it('reads an event stored without rewards (its empty object dropped) as no reward', () => {
    expect(promisedRewards({ onFirstPurchase: { referrer: { points: 500 }, minAmountFen: 1 } })).toEqual({
      onRegistration: { referrer: undefined, friend: undefined },
      onFirstPurchase: { referrer: { points: 500 }, friend: undefined, minAmountFen: 1 },
    });
    expect(promisedRewards({ onRegistration: { friend: { points: 100 } } })).toEqual({
      onRegistration: { referrer: undefined, friend: { points: 100 } },
      onFirstPurchase: { referrer: undefined, friend: undefined, minAmountFen: 1 },
    });
    expect(promisedRewards(undefined).onFirstPurchase.minAmountFen).toBe(1);
  });
});
