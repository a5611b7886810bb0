import fc from 'fast-check';
import {
  allocateBurn,
  allocateClawback,
  expiredGrants,
  grantsExpiringWithin,
  pointsExpiryDate,
  spendableBalance,
  type PointsGrant,
} from './points-grants';

const now = new Date('2026-06-01T00:00:00Z');
const day = 24 * 3600 * 1000;
const grant = (id: string, remaining: number, expiresInDays: number, availableInDays = -1): PointsGrant => ({
  id,
  remaining,
  earnedAt: new Date(now.getTime() - 30 * day),
  expiresAt: new Date(now.getTime() + expiresInDays * day),
  availableAt: new Date(now.getTime() + availableInDays * day),
});

describe('points lots', () => {
  const lots = [grant('late', 100, 300), grant('soon', 50, 10), grant('pending', 70, 200, 5), grant('gone', 40, -1)];

  it('counts only lots that are available and unexpired as spendable', () => {
    expect(spendableBalance(lots, now)).toBe(150);
  });

  it('spends the soonest-expiring points first', () => {
    expect(allocateBurn(lots, 80, now)).toEqual([
      { grantId: 'soon', points: 50 },
      { grantId: 'late', points: 30 },
    ]);
  });

  it('refuses to spend more than is spendable', () => {
    expect(allocateBurn(lots, 151, now)).toBeNull();
    expect(() => allocateBurn(lots, 0, now)).toThrow(RangeError);
    expect(() => allocateBurn(lots, 1.5, now)).toThrow(RangeError);
  });

  it('expires exactly the remaining points of lots past their expiry', () => {
    expect(expiredGrants(lots, now)).toEqual([{ grantId: 'gone', points: 40 }]);
  });

  it('finds the lots to remind about before they expire', () => {
    expect(grantsExpiringWithin(lots, now, 30 * day).map((g) => g.id)).toEqual(['soon']);
  });

  it('claws back from the purchase’s own lot first, then others, and reports the shortfall', () => {
    expect(allocateClawback(lots, 100, 'pending', now)).toEqual({
      allocations: [
        { grantId: 'pending', points: 70 },
        { grantId: 'soon', points: 30 },
      ],
      shortfall: 0,
    });
    expect(allocateClawback(lots, 300, 'pending', now).shortfall).toBe(80);
  });

  it('never lets expiry eat unexpired points, and never burns more than is spendable', () => {
    const lotArb = fc.record({
      id: fc.uuid(),
      remaining: fc.nat(1000),
      expiresInDays: fc.integer({ min: -400, max: 400 }),
      availableInDays: fc.integer({ min: -30, max: 30 }),
    });
    fc.assert(
      fc.property(fc.array(lotArb, { maxLength: 12 }), fc.integer({ min: 1, max: 5000 }), (specs, burn) => {
        const grants = specs.map((s) => grant(s.id, s.remaining, s.expiresInDays, s.availableInDays));
        for (const expired of expiredGrants(grants, now)) {
          const lot = grants.find((g) => g.id === expired.grantId)!;
          expect(lot.expiresAt.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(expired.points).toBe(lot.remaining);
        }
        const allocation = allocateBurn(grants, burn, now);
        const spendable = spendableBalance(grants, now);
        if (allocation === null) expect(spendable).toBeLessThan(burn);
        else {
          expect(allocation.reduce((s, a) => s + a.points, 0)).toBe(burn);
          for (const a of allocation) expect(a.points).toBeLessThanOrEqual(grants.find((g) => g.id === a.grantId)!.remaining);
        }
      }),
    );
  });
});

describe('pointsExpiryDate', () => {
  it('is twelve months after earning', () => {
    expect(pointsExpiryDate(new Date('2026-03-15T08:30:00Z'), 12).toISOString()).toBe('2027-03-15T08:30:00.000Z');
  });

  it('keeps month ends inside the month', () => {
    expect(pointsExpiryDate(new Date('2028-02-29T10:00:00Z'), 12).toISOString()).toBe('2029-02-28T10:00:00.000Z');
    expect(pointsExpiryDate(new Date('2026-08-31T10:00:00Z'), 6).toISOString()).toBe('2027-02-28T10:00:00.000Z');
  });
});
