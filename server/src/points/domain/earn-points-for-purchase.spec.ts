import fc from 'fast-check';
import { DEFAULT_EARNING_RULES, type EarningRules } from './earning-rules';
import { earnPointsForPurchase, type EarningInput } from './earn-points-for-purchase';

const paidAt = new Date('2026-05-20T04:00:00Z'); // 12:00 in Shanghai

function input(over: Partial<EarningInput> = {}, rules: Partial<EarningRules> = {}): EarningInput {
  return {
    rules: { ...DEFAULT_EARNING_RULES, ...rules },
    member: { tierCode: 'regular', tierMultiplier: 1, birthdayMultiplier: 2 },
    channel: 'store',
    paidAt,
    lines: [{ sku: 'LIP-01', category: 'makeup', quantity: 2, unitPriceFen: 19_950 }],
    timeZone: 'Asia/Shanghai',
    earnedToday: 0,
    earnedThisMonth: 0,
    ...over,
  };
}

describe('earnPointsForPurchase', () => {
  it('earns ¥1 = 1 point by default, rounded down once for the whole purchase', () => {
    const earning = earnPointsForPurchase(
      input({
        lines: [
          { sku: 'A', category: 'skincare', quantity: 1, unitPriceFen: 999 },
          { sku: 'B', category: 'skincare', quantity: 1, unitPriceFen: 1001 },
        ],
      }),
    );
    expect(earning.points).toBe(20); // 9.99 + 10.01, not 9 + 10
    expect(earning.basePoints).toBe(20);
    expect(earning.factors).toEqual([]);
  });

  it('applies the tier multiplier', () => {
    const earning = earnPointsForPurchase(input({ member: { tierCode: 'gold', tierMultiplier: 1.5, birthdayMultiplier: 2 } }));
    expect(earning.points).toBe(598); // 399 × 1.5 = 598.5
    expect(earning.factors).toEqual([{ source: 'tier', multiplier: 1.5 }]);
  });

  it('applies a paid membership multiplier on top of the tier and the best promotion', () => {
    const member = { tierCode: 'gold', tierMultiplier: 1.5, birthdayMultiplier: 2, birthday: { month: 5, day: 1 } };
    const earning = earnPointsForPurchase(input({ member: { ...member, paidMembershipMultiplier: 1.5 } }));
    expect(earning.points).toBe(1795); // 399 × 1.5 × 1.5 × 2 = 1795.5
    expect(earning.factors).toEqual([
      { source: 'tier', multiplier: 1.5 },
      { source: 'paid-membership', multiplier: 1.5 },
      { source: 'birthday', multiplier: 2 },
    ]);
    expect(earnPointsForPurchase(input({ member: { ...member, paidMembershipMultiplier: 1 } })).points).toBe(1197);
  });

  it('applies a region benefit pack multiplier on top of the tier, with the paid membership', () => {
    const member = { tierCode: 'gold', tierMultiplier: 1.5, birthdayMultiplier: 2 };
    const earning = earnPointsForPurchase(input({ member: { ...member, regionPackMultiplier: 1.2 } }));
    expect(earning.points).toBe(718); // 399 × 1.5 × 1.2 = 718.2
    expect(earning.factors).toEqual([
      { source: 'tier', multiplier: 1.5 },
      { source: 'region-pack', multiplier: 1.2 },
    ]);
    const both = earnPointsForPurchase(input({ member: { ...member, paidMembershipMultiplier: 2, regionPackMultiplier: 1.2 } }));
    expect(both.points).toBe(1436); // 399 × 1.5 × 2 × 1.2 = 1436.4
    expect(earnPointsForPurchase(input({ member: { ...member, regionPackMultiplier: 1 } })).factors).toEqual([
      { source: 'tier', multiplier: 1.5 },
    ]);
  });

  it('prefers a SKU multiplier over a category multiplier for the same line', () => {
    const rules = {
      lineMultipliers: [
        { match: { category: 'makeup' }, multiplier: 2 },
        { match: { sku: 'LIP-01' }, multiplier: 3 },
      ],
    };
    expect(earnPointsForPurchase(input({}, rules)).points).toBe(1197);
    expect(
      earnPointsForPurchase(input({ lines: [{ sku: 'EYE-02', category: 'makeup', quantity: 1, unitPriceFen: 10_000 }] }, rules))
        .points,
    ).toBe(200);
  });

  it('applies a running campaign only inside its window and to its audience', () => {
    const campaign = {
      id: 'c1',
      name: '双倍积分周',
      multiplier: 2,
      startsAt: new Date('2026-05-18T16:00:00Z'),
      endsAt: new Date('2026-05-25T16:00:00Z'),
    };
    expect(earnPointsForPurchase(input({}, { campaigns: [campaign] })).points).toBe(798);
    expect(earnPointsForPurchase(input({ paidAt: new Date('2026-05-25T16:00:00Z') }, { campaigns: [campaign] })).points).toBe(
      399,
    );
    const southOnly = { ...campaign, regions: ['华南'] };
    expect(earnPointsForPurchase(input({}, { campaigns: [southOnly] })).points).toBe(399);
    const member = { tierCode: 'regular', tierMultiplier: 1, birthdayMultiplier: 2, region: '华南' };
    expect(earnPointsForPurchase(input({ member }, { campaigns: [southOnly] })).points).toBe(798);
    expect(
      earnPointsForPurchase(input({ channel: 'store' }, { campaigns: [{ ...campaign, channels: ['online'] }] })).points,
    ).toBe(399);
  });

  it('gives birthday points in the birthday month counted in the brand time zone', () => {
    const member = { tierCode: 'regular', tierMultiplier: 1, birthdayMultiplier: 2, birthday: { month: 6, day: 1 } };
    // 2026-05-31T16:30Z is already June 1st in Shanghai.
    expect(earnPointsForPurchase(input({ member, paidAt: new Date('2026-05-31T16:30:00Z') })).factors).toEqual([
      { source: 'birthday', multiplier: 2 },
    ]);
    expect(earnPointsForPurchase(input({ member, paidAt: new Date('2026-05-31T15:30:00Z') })).factors).toEqual([]);
  });

  it('takes the best promotion by default, or stacks them when configured', () => {
    const member = { tierCode: 'gold', tierMultiplier: 1.5, birthdayMultiplier: 2, birthday: { month: 5, day: 3 } };
    const campaign = {
      id: 'c3',
      name: '三倍积分日',
      multiplier: 3,
      startsAt: new Date('2026-05-01T00:00:00Z'),
      endsAt: new Date('2026-06-01T00:00:00Z'),
    };
    const best = earnPointsForPurchase(input({ member }, { campaigns: [campaign] }));
    expect(best.factors.map((f) => f.source)).toEqual(['tier', 'campaign']);
    expect(best.points).toBe(1795); // 399 × 1.5 × 3 = 1795.5
    const stacked = earnPointsForPurchase(input({ member }, { campaigns: [campaign], promotionStacking: 'multiply' }));
    expect(stacked.points).toBe(3591); // 399 × 1.5 × 3 × 2
  });

  it('cuts the award at the daily and monthly caps', () => {
    expect(earnPointsForPurchase(input({ earnedToday: 300 }, { dailyCap: 500 }))).toMatchObject({
      points: 200,
      cappedBy: 'daily',
    });
    expect(earnPointsForPurchase(input({ earnedToday: 600 }, { dailyCap: 500 }))).toMatchObject({ points: 0, cappedBy: 'daily' });
    expect(earnPointsForPurchase(input({ earnedThisMonth: 4900 }, { dailyCap: 500, monthlyCap: 5000 }))).toMatchObject({
      points: 100,
      cappedBy: 'monthly',
    });
  });

  it('records per-line points that add up to the award, for exact refunds', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            sku: fc.string({ minLength: 1, maxLength: 4 }),
            category: fc.constantFrom('a', 'b'),
            quantity: fc.integer({ min: 1, max: 5 }),
            unitPriceFen: fc.integer({ min: 0, max: 500_000 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.constantFrom(1, 1.2, 1.5, 2),
        fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
        (lines, tierMultiplier, dailyCap) => {
          const earning = earnPointsForPurchase(
            input({ lines, member: { tierCode: 't', tierMultiplier, birthdayMultiplier: 1 } }, { dailyCap }),
          );
          expect(earning.points).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(earning.points)).toBe(true);
          expect(earning.lines.reduce((s, l) => s + l.points, 0)).toBe(earning.points);
          if (dailyCap !== undefined) expect(earning.points).toBeLessThanOrEqual(dailyCap);
        },
      ),
    );
  });
});
