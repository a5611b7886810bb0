import { TierLadder } from './tiers';

const benefits = { pointsMultiplier: 1, birthdayMultiplier: 2, earlyAccessHours: 0, discountPercent: 0 };

describe('TierLadder', () => {
  it('accepts a ladder ranked 0, 1, 2 … with unique codes, and fills defaults', () => {
    const ladder = TierLadder.parse([
      { code: 'regular', name: '普通', rank: 0, qualification: {}, benefits },
      { code: 'silver', name: '银卡', rank: 1, qualification: { spendFen: 50_000 }, benefits },
    ]);
    expect(ladder[1].qualification.match).toBe('any');
    expect(ladder[0].benefits.highlights).toEqual([]);
  });

  it('rejects gaps in ranks, duplicate codes, an empty ladder and fractional money', () => {
    const tier = (code: string, rank: number) => ({ code, name: code, rank, qualification: {}, benefits });
    expect(TierLadder.safeParse([tier('a', 0), tier('b', 2)]).success).toBe(false);
    expect(TierLadder.safeParse([tier('a', 0), tier('a', 1)]).success).toBe(false);
    expect(TierLadder.safeParse([]).success).toBe(false);
    expect(TierLadder.safeParse([{ ...tier('a', 0), qualification: { spendFen: 10.5 } }]).success).toBe(false);
  });
});
