import { DEFAULT_PROGRAMME_RULES, type ProgrammeRules } from '@memberloop/shared';
import { earnPointsForPurchase } from './earn-points-for-purchase';
import { earningRulesOf } from './earning-rules';

const retiredAt = '2026-12-03T02:00:00.000Z';
const earning = (campaign: ProgrammeRules['earning']['campaigns'][number]): ProgrammeRules['earning'] => ({
  ...DEFAULT_PROGRAMME_RULES.earning,
  campaigns: [campaign],
});

describe('earningRulesOf: campaigns HQ retired', () => {
  const running = { id: 'c-1', name: '双倍', multiplier: 2, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-10T00:00:00Z' };

  it('ends a retired campaign at its retirement', () => {
    const [campaign] = earningRulesOf(earning({ ...running, retiredAt })).campaigns;
    expect(campaign.endsAt.toISOString()).toBe(retiredAt);
    expect(campaign).not.toHaveProperty('retiredAt');
  });

  it('a scheduled campaign retired never applies; one never retired keeps its window', () => {
    const [scheduled] = earningRulesOf(earning({ ...running, startsAt: '2026-12-05T00:00:00Z', retiredAt })).campaigns;
    expect(scheduled.endsAt.getTime()).toBeLessThan(scheduled.startsAt.getTime());
    expect(earningRulesOf(earning(running)).campaigns[0].endsAt.toISOString()).toBe('2026-12-10T00:00:00.000Z');
  });

  it('a purchase paid before the retirement earns the campaign, one paid after does not', () => {
    const rules = earningRulesOf(earning({ ...running, retiredAt }));
    const purchase = (paidAt: string) =>
      earnPointsForPurchase({
        rules,
        member: { tierCode: 'regular', tierMultiplier: 1, birthdayMultiplier: 1, region: undefined, birthday: undefined },
        channel: 'store',
        paidAt: new Date(paidAt),
        lines: [{ sku: 'A', category: 'tea', quantity: 1, unitPriceFen: 10_000 }],
        timeZone: 'Asia/Shanghai',
        earnedToday: 0,
        earnedThisMonth: 0,
      }).points;
    expect(purchase('2026-12-03T01:59:59Z')).toBe(200);
    expect(purchase('2026-12-03T02:00:00Z')).toBe(100);
  });
});
