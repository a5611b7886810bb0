import { DEFAULT_PROGRAMME_RULES } from '@memberloop/shared';
import { DEFAULT_EARNING_RULES, earningRulesOf, type EarningRules, type PointsCampaign } from './earning-rules';
import { earnPointsForPurchase, type EarningInput } from './earn-points-for-purchase';

/** A ¥10 purchase by a member without birthday points, paid at `paidAt`. */
function input(paidAt: string, rules: Partial<EarningRules>): EarningInput {
  return {
    rules: { ...DEFAULT_EARNING_RULES, ...rules },
    member: { tierCode: 'regular', tierMultiplier: 1, birthdayMultiplier: 1 },
    channel: 'store',
    paidAt: new Date(paidAt),
    lines: [{ sku: 'TEA-1', category: '茶饮', quantity: 1, unitPriceFen: 1_000 }],
    timeZone: 'Asia/Shanghai',
    earnedToday: 0,
    earnedThisMonth: 0,
  };
}

describe('a monthly member day of double points (recurring earning campaign)', () => {
  const memberDay: PointsCampaign = {
    id: 'member-day',
    name: '会员日双倍积分',
    multiplier: 2,
    startsAt: new Date('2026-11-30T16:00:00Z'), // 12月1日 00:00 Beijing
    endsAt: new Date('2027-12-31T16:00:00Z'),
    recurrence: { kind: 'monthly', dayOfMonth: 8 },
  };
  const points = (paidAt: string, campaigns = [memberDay]) => earnPointsForPurchase(input(paidAt, { campaigns })).points;

  it('applies from 00:00 to 24:00 Beijing on the 8th of each month, not at 23:59 the day before nor on the 9th', () => {
    expect(points('2026-12-07T15:59:00Z')).toBe(10); // 12月7日 23:59
    expect(points('2026-12-07T16:00:00Z')).toBe(20); // 12月8日 00:00
    expect(points('2026-12-08T15:59:59Z')).toBe(20); // 12月8日 23:59:59
    expect(points('2026-12-08T16:00:00Z')).toBe(10); // 12月9日 00:00
    expect(points('2027-01-07T17:00:00Z')).toBe(20); // 1月8日 01:00
    expect(points('2027-01-08T16:00:00Z')).toBe(10); // 1月9日 00:00
  });

  it('stays inside its window', () => {
    expect(points('2026-11-08T04:00:00Z')).toBe(10);
    expect(points('2028-01-08T04:00:00Z')).toBe(10);
  });

  it('keeps its recurrence from the programme’s rules', () => {
    const rules = earningRulesOf({
      ...DEFAULT_PROGRAMME_RULES.earning,
      campaigns: [
        {
          id: 'member-day',
          name: '会员日双倍积分',
          multiplier: 2,
          startsAt: '2026-11-30T16:00:00.000Z',
          endsAt: '2027-12-31T16:00:00.000Z',
          recurrence: { kind: 'monthly', dayOfMonth: 8 },
        },
      ],
    });
    expect(rules.campaigns[0].recurrence).toEqual({ kind: 'monthly', dayOfMonth: 8 });
    expect(earnPointsForPurchase(input('2026-12-08T04:00:00Z', rules)).points).toBe(20);
    expect(earnPointsForPurchase(input('2026-12-09T04:00:00Z', rules)).points).toBe(10);
  });
});
