import { parseDay } from './calendar';
import {
  addCustomerPurchases,
  addLifetimeValue,
  addPoints,
  addWinbackContact,
  emptyCounters,
  metricSet,
  MetricsBreakdown,
  type MetricsPeriod,
} from './period-metrics';

const d = (day: string) => parseDay(day);
const june: MetricsPeriod = { fromDay: d('2025-06-01'), toDay: d('2025-06-30'), retentionDays: 7, asOfDay: d('2025-08-01') };

describe('period metrics on hand-computed data', () => {
  it('repeat-purchase rate and active-customer ARPU', () => {
    const c = emptyCounters();
    // A: two purchases in June (repeat); B: one in June and one in May (not repeat in June); C: none in June.
    addCustomerPurchases(
      c,
      [
        { day: d('2025-06-02'), netFen: 10_000 },
        { day: d('2025-06-20'), netFen: 5_000 },
      ],
      june,
    );
    addCustomerPurchases(
      c,
      [
        { day: d('2025-05-20'), netFen: 99_999 },
        { day: d('2025-06-10'), netFen: 3_000 },
      ],
      june,
    );
    addCustomerPurchases(c, [{ day: d('2025-07-02'), netFen: 8_000 }], june);
    const m = metricSet(c, 7);
    expect(m).toMatchObject({ customers: 2, repeatCustomers: 1, repeatPurchaseRate: 0.5, revenueFen: 18_000, arpuFen: 9_000 });
  });

  it('N-day retention: of each day’s customers, those who bought again within N days', () => {
    const c = emptyCounters();
    // Day 2 → again on day 9 (7 days later: retained); day 9 → nothing within 7 days (19th is 10 days on).
    addCustomerPurchases(
      c,
      [
        { day: d('2025-06-02'), netFen: 1 },
        { day: d('2025-06-09'), netFen: 1 },
        { day: d('2025-06-19'), netFen: 1 },
      ],
      june,
    );
    // Day 28 → bought again 1 July, after the period but within 7 days: retained.
    addCustomerPurchases(
      c,
      [
        { day: d('2025-06-28'), netFen: 1 },
        { day: d('2025-07-01'), netFen: 1 },
      ],
      june,
    );
    // customer-days: 2, 9, 19 (→ 28 is 9 days later: no) and 28 = 4; retained: 2 and 28.
    expect(metricSet(c, 7).retention).toEqual({ days: 7, customerDays: 4, retained: 2, rate: 0.5 });
  });

  it('leaves out of retention the days whose N days have not passed yet', () => {
    const c = emptyCounters();
    const open = { ...june, asOfDay: d('2025-06-25') };
    addCustomerPurchases(
      c,
      [
        { day: d('2025-06-10'), netFen: 1 },
        { day: d('2025-06-20'), netFen: 1 },
      ],
      open,
    );
    expect(metricSet(c, 7).retention).toMatchObject({ customerDays: 1, retained: 0 });
  });

  it('wake-up and reactivation rates from win-back contacts, points redemption and lifetime value', () => {
    const c = emptyCounters();
    addWinbackContact(c, 'sleeping', true);
    addWinbackContact(c, 'sleeping', false);
    addWinbackContact(c, 'sleeping', false);
    addWinbackContact(c, 'lost', true);
    addWinbackContact(c, 'silent', true); // neither rate
    addPoints(c, 1_000, 250);
    addPoints(c, 500, 125);
    addLifetimeValue(c, 30_000);
    addLifetimeValue(c, 10_001);
    const m = metricSet(c, 30);
    expect(m.wakeUp).toEqual({ contacted: 3, responded: 1, rate: 0.3333 });
    expect(m.reactivation).toEqual({ contacted: 1, responded: 1, rate: 1 });
    expect(m.pointsRedemption).toEqual({ earned: 1_500, redeemed: 375, rate: 0.25 });
    expect(m.lifetimeValue).toEqual({ customers: 2, averageFen: 20_001 });
  });

  it('reports no rate rather than zero when nobody is in the denominator', () => {
    const m = metricSet(emptyCounters(), 30);
    expect(m).toMatchObject({ repeatPurchaseRate: null, arpuFen: null, pointsRedemption: { rate: null } });
    expect(m.retention.rate).toBeNull();
  });

  it('breaks counters down by dimension, sorted by key', () => {
    const b = new MetricsBreakdown();
    for (const counters of b.memberGroups('south', 'gold')) addPoints(counters, 10, 5);
    for (const counters of b.memberGroups(undefined, 'regular')) addPoints(counters, 10, 0);
    expect(metricSet(b.overall, 30).pointsRedemption).toEqual({ earned: 20, redeemed: 5, rate: 0.25 });
    expect(b.view('region', 30).map((g) => [g.key, g.metrics.pointsRedemption.rate])).toEqual([
      ['south', 0.5],
      ['unknown', 0],
    ]);
    expect(b.view('tier', 30).map((g) => g.key)).toEqual(['gold', 'regular']);
  });
});
