import { churnRisk } from './churn-risk';
import { DEFAULT_ANALYTICS_SETTINGS } from './default-analytics-settings';
import type { MemberFacts } from './member-facts';

const settings = DEFAULT_ANALYTICS_SETTINGS.churn;

/** Facts of purchases on the given days (ascending) with the given net amounts. */
function facts(purchases: Array<[number, number]>): MemberFacts {
  const sorted = [...purchases].sort((a, b) => a[0] - b[0]);
  return {
    orders: sorted.length,
    netFen: sorted.reduce((s, p) => s + p[1], 0),
    firstAt: 0,
    lastAt: 0,
    firstDay: sorted[0][0],
    lastDay: sorted[sorted.length - 1][0],
    purchasesInWindow: 0,
    lookbackOrders: sorted.length,
    lookbackNetFen: 0,
    recent: sorted
      .slice(-4)
      .reverse()
      .map(([day, netFen]) => ({ day, netFen })),
    stores: [],
  };
}

describe('churn risk', () => {
  it('is low for a member buying on their usual rhythm at their usual basket', () => {
    const f = facts([
      [0, 10_000],
      [30, 10_000],
      [60, 10_000],
      [90, 10_000],
    ]);
    expect(churnRisk(f, 100, settings)).toEqual({ score: 0, level: 'low', intervalRatio: 1, basketChange: 0 });
  });

  it('rises as the time since the last purchase stretches past the usual interval', () => {
    const f = facts([
      [0, 10_000],
      [30, 10_000],
      [60, 10_000],
    ]);
    // Usual interval 30 days; 60 days since → ratio 2 → half the interval signal → 0.7 × 0.5 = 35.
    expect(churnRisk(f, 120, settings)).toMatchObject({ score: 35, level: 'medium', intervalRatio: 2 });
    // 90 days since → ratio 3 → full interval signal.
    expect(churnRisk(f, 150, settings)).toMatchObject({ score: 70, level: 'high', intervalRatio: 3 });
  });

  it('sees a lengthening last interval even right after a purchase', () => {
    const f = facts([
      [0, 10_000],
      [10, 10_000],
      [20, 10_000],
      [50, 10_000],
    ]);
    expect(churnRisk(f, 50, settings)).toMatchObject({ intervalRatio: 3, score: 70 });
  });

  it('rises as recent baskets fall below earlier ones', () => {
    const f = facts([
      [0, 20_000],
      [10, 20_000],
      [20, 10_000],
      [30, 10_000],
    ]);
    // Recent two average 10,000 against earlier 20,000: −50 % → full basket signal = 30.
    expect(churnRisk(f, 31, settings)).toMatchObject({ basketChange: -0.5, score: 30, level: 'medium' });
  });

  it('uses the default interval for a one-time buyer and has no basket trend', () => {
    const f = facts([[0, 10_000]]);
    expect(churnRisk(f, 60, settings)).toMatchObject({ intervalRatio: 1, basketChange: null, score: 0 });
    expect(churnRisk(f, 180, settings)).toMatchObject({ intervalRatio: 3, score: 70, level: 'high' });
  });
});
