import fc from 'fast-check';
import type { TierDefinition } from '../tiers';
import { computeTierProgress, meetsQualification, qualifyingTier, type QualifyingStats } from './tier-progress';

const benefits = (highlights: string[]) => ({
  pointsMultiplier: 1,
  birthdayMultiplier: 2,
  earlyAccessHours: 0,
  discountPercent: 0,
  highlights,
});

const ladder: TierDefinition[] = [
  { code: 'regular', name: '普通', rank: 0, qualification: { match: 'any' }, benefits: benefits(['生日双倍积分']) },
  {
    code: 'silver',
    name: '银卡',
    rank: 1,
    qualification: { spendFen: 50_000, match: 'any' },
    benefits: benefits(['生日双倍积分', '积分 1.2 倍']),
  },
  {
    code: 'gold',
    name: '金卡',
    rank: 2,
    qualification: { spendFen: 300_000, purchaseCount: 6, match: 'any' },
    benefits: benefits(['积分 1.5 倍', '95 折']),
  },
  {
    code: 'black_diamond',
    name: '黑钻',
    rank: 3,
    qualification: { spendFen: 800_000, purchaseCount: 12, match: 'all' },
    benefits: benefits(['积分 2 倍', '提前 48 小时购买']),
  },
];

const stats = (spendFen: number, purchaseCount = 0, pointsEarned = 0): QualifyingStats => ({
  spendFen,
  purchaseCount,
  pointsEarned,
});

describe('qualifyingTier', () => {
  it('places a member by the highest tier whose thresholds the stats meet', () => {
    expect(qualifyingTier(ladder, stats(0)).code).toBe('regular');
    expect(qualifyingTier(ladder, stats(49_999)).code).toBe('regular');
    expect(qualifyingTier(ladder, stats(50_000)).code).toBe('silver');
    expect(qualifyingTier(ladder, stats(10_000, 6)).code).toBe('gold'); // any one criterion of gold
    expect(qualifyingTier(ladder, stats(900_000, 11)).code).toBe('gold'); // black diamond needs both
    expect(qualifyingTier(ladder, stats(800_000, 12)).code).toBe('black_diamond');
  });

  it('does not depend on the order the ladder is listed in', () => {
    expect(qualifyingTier([...ladder].reverse(), stats(300_000)).code).toBe('gold');
  });
});

describe('computeTierProgress', () => {
  it('measures each criterion of the next tier and what is left', () => {
    const progress = computeTierProgress(ladder, 'silver', stats(150_000, 2));
    expect(progress.nextTier?.code).toBe('gold');
    expect(progress.criteria).toEqual([
      { criterion: 'spendFen', current: 150_000, target: 300_000, remaining: 150_000, ratio: 0.5 },
      { criterion: 'purchaseCount', current: 2, target: 6, remaining: 4, ratio: 2 / 6 },
    ]);
    expect(progress.ratio).toBe(0.5); // any one criterion qualifies: the best one shows
    expect(progress.lockedHighlights).toEqual(['积分 1.5 倍', '95 折']);
  });

  it('uses the weakest criterion when all are required', () => {
    const progress = computeTierProgress(ladder, 'gold', stats(800_000, 3));
    expect(progress.ratio).toBe(0.25);
  });

  it('only lists benefits the member does not have yet', () => {
    expect(computeTierProgress(ladder, 'regular', stats(0)).lockedHighlights).toEqual(['积分 1.2 倍']);
  });

  it('is full at the top of the ladder', () => {
    const progress = computeTierProgress(ladder, 'black_diamond', stats(0));
    expect(progress.nextTier).toBeUndefined();
    expect(progress).toMatchObject({ criteria: [], ratio: 1, lockedHighlights: [] });
  });

  it('measures from the tier held, even when this year’s stats qualify for less', () => {
    const progress = computeTierProgress(ladder, 'gold', stats(0));
    expect(progress.currentTier.code).toBe('gold');
    expect(progress.nextTier?.code).toBe('black_diamond');
  });

  it('refuses an unknown tier', () => {
    expect(() => computeTierProgress(ladder, 'platinum', stats(0))).toThrow(RangeError);
  });

  it('keeps every ratio in [0, 1] and is full exactly when the next tier is met', () => {
    const anyStats = fc.record({
      spendFen: fc.integer({ min: -10, max: 2_000_000 }),
      purchaseCount: fc.nat(40),
      pointsEarned: fc.nat(50_000),
    });
    fc.assert(
      fc.property(fc.constantFrom('regular', 'silver', 'gold', 'black_diamond'), anyStats, (tier, s) => {
        const progress = computeTierProgress(ladder, tier, s);
        for (const c of progress.criteria) {
          expect(c.ratio).toBeGreaterThanOrEqual(0);
          expect(c.ratio).toBeLessThanOrEqual(1);
          expect(c.remaining).toBe(Math.max(0, c.target - Math.max(0, s[c.criterion])));
        }
        if (progress.nextTier) expect(progress.ratio === 1).toBe(meetsQualification(progress.nextTier, s));
      }),
    );
  });
});
