import {
  churnDistribution,
  dashboardPeriod,
  distribution,
  percentText,
  purchaseColumns,
  STAGE_LABEL,
  yuanText,
} from './chart-data';

describe('distribution', () => {
  it('labels each count and gives its share of the total', () => {
    const { total, slices } = distribution(
      [
        { key: 'new-repeat', count: 30 },
        { key: 'silent', count: 10 },
        { key: 'mystery', count: 0 },
      ],
      (key) => STAGE_LABEL[key as keyof typeof STAGE_LABEL],
    );
    expect(total).toBe(40);
    expect(slices.map((s) => [s.label, s.count, s.share])).toEqual([
      ['新客复购', 30, 0.75],
      ['沉默', 10, 0.25],
      ['mystery', 0, 0],
    ]);
    expect(new Set(slices.map((s) => s.color)).size).toBe(3);
  });

  it('draws nothing out of nothing', () => {
    expect(distribution([{ key: 'a', count: 0 }], () => undefined).slices[0]).toMatchObject({ share: 0 });
    expect(distribution([], () => undefined)).toEqual({ total: 0, slices: [] });
  });

  it('colours churn risk as a traffic light', () => {
    const { slices } = churnDistribution([
      { key: 'low', count: 5 },
      { key: 'medium', count: 3 },
      { key: 'high', count: 1 },
    ]);
    expect(slices.map((s) => [s.label, s.color])).toEqual([
      ['低风险', '#6b8f71'],
      ['中风险', '#d9a45b'],
      ['高风险', '#b3261e'],
    ]);
  });
});

describe('percentages', () => {
  it('writes rates as percentages, small ones with a decimal, unknown ones as a dash', () => {
    expect([0.5, 0.045, 0, 1, 0.3333, null].map(percentText)).toEqual(['50%', '4.5%', '0%', '100%', '33%', '—']);
  });
});

describe('purchase columns', () => {
  const days = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      period: `2026-11-${String(i + 1).padStart(2, '0')}`,
      orders: 1,
      netFen: (i + 1) * 1000,
    }));

  it('keeps one column per period when they fit', () => {
    const columns = purchaseColumns(days(4));
    expect(columns.map((c) => [c.label, c.orders, c.netFen])).toEqual([
      ['11/1', 1, 1000],
      ['11/2', 1, 2000],
      ['11/3', 1, 3000],
      ['11/4', 1, 4000],
    ]);
  });

  it('adds neighbouring days together when there are too many for the screen', () => {
    const columns = purchaseColumns(days(30), 15);
    expect(columns).toHaveLength(15);
    expect(columns[0]).toMatchObject({ label: '11/1', orders: 2, netFen: 3000 });
    expect(columns.reduce((sum, c) => sum + c.netFen, 0)).toBe(465_000);
  });
});

describe('money and periods', () => {
  it('writes chart money in yuan, large sums in 万', () => {
    expect([86_000, 12_345_600, 350_000_000, -50_000].map(yuanText)).toEqual(['¥860', '¥12.3万', '¥350万', '-¥500']);
  });

  it('asks for the last N days, by week beyond a month', () => {
    const today = new Date('2026-11-22T12:00:00+08:00');
    expect(dashboardPeriod(7, today, 'Asia/Shanghai')).toEqual({ from: '2026-11-16', to: '2026-11-22', granularity: 'day' });
    expect(dashboardPeriod(90, today, 'Asia/Shanghai')).toEqual({ from: '2026-08-25', to: '2026-11-22', granularity: 'week' });
    // At 00:30 Beijing it is already the 22nd there (still the 21st in UTC).
    expect(dashboardPeriod(7, new Date('2026-11-21T16:30:00Z'), 'Asia/Shanghai').to).toBe('2026-11-22');
  });
});
