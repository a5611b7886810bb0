import fc from 'fast-check';
import { regionPackMultiplier, type RegionPackEarningRule } from './region-pack-multiplier';

const hkGold: RegionPackEarningRule = { regions: ['香港', '澳门'], minTierRank: 2, pointsMultiplier: 1.5 };
const hkDiamond: RegionPackEarningRule = { regions: ['香港'], minTierRank: 3, pointsMultiplier: 2 };
const southCoupons: RegionPackEarningRule = { regions: ['华南'], minTierRank: 1 };

describe('region pack multiplier: the extra points of a region benefit pack on a purchase', () => {
  it('applies to a member of the region holding the lowest tier or above, buying in the region', () => {
    expect(regionPackMultiplier([hkGold], { tierRank: 2, memberRegion: '香港' })).toBe(1.5);
    expect(regionPackMultiplier([hkGold], { tierRank: 3, memberRegion: '澳门', storeRegion: '香港' })).toBe(1.5);
  });

  it('does not apply below the lowest tier, to another region, or without a region', () => {
    expect(regionPackMultiplier([hkGold], { tierRank: 1, memberRegion: '香港' })).toBe(1);
    expect(regionPackMultiplier([hkGold], { tierRank: 3, memberRegion: '华东' })).toBe(1);
    expect(regionPackMultiplier([hkGold], { tierRank: 3 })).toBe(1);
  });

  it('applies only to purchases in the pack’s regions when the store’s region is known', () => {
    expect(regionPackMultiplier([hkGold], { tierRank: 2, memberRegion: '香港', storeRegion: '华东' })).toBe(1);
  });

  it('takes the largest of the packs that apply, never their product', () => {
    expect(regionPackMultiplier([hkGold, hkDiamond], { tierRank: 3, memberRegion: '香港' })).toBe(2);
    expect(regionPackMultiplier([hkDiamond, hkGold], { tierRank: 2, memberRegion: '香港' })).toBe(1.5);
  });

  it('counts a pack of coupons only (no multiplier) as 1', () => {
    expect(regionPackMultiplier([southCoupons], { tierRank: 3, memberRegion: '华南' })).toBe(1);
  });

  it('is never below 1 and always one of the packs’ multipliers', () => {
    const rule = fc.record({
      regions: fc.subarray(['香港', '澳门', '华南'], { minLength: 1 }),
      minTierRank: fc.integer({ min: 0, max: 4 }),
      pointsMultiplier: fc.option(
        fc.integer({ min: 101, max: 300 }).map((n) => n / 100),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom('香港', '澳门', '华南', undefined),
        (rules, tierRank, memberRegion) => {
          const m = regionPackMultiplier(rules, { tierRank, memberRegion });
          expect(m).toBeGreaterThanOrEqual(1);
          expect([1, ...rules.map((r) => r.pointsMultiplier ?? 1)]).toContain(m);
        },
      ),
    );
  });
});
