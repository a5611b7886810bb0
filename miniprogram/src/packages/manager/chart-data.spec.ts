import {
  churnDistribution,
  dashboardPeriod,
  distribution,
  donutBackground,
  gaugeBackground,
  percentText,
  purchaseColumns,
  STAGE_LABEL,
  yuanText,
} from './chart-data';

describe('distribution', () => {
  it('labels each count, and gives its share of the total and its length against the largest', () => {
    const { total, slices } = distribution(
      [
        { key: 'new-repeat', count: 30 },
        { key: 'silent', count: 10 },
        { key: 'mystery', count: 0 },
      ],
      (key) => STAGE_LABEL[key as keyof typeof STAGE_LABEL],
    );
    expect(total).toBe(40);
    expect(slices.map((s) => [s.label, s.share, s.ofMax])).toEqual([
      ['新客复购', 0.75, 1],
      ['沉默', 0.25, 1 / 3],
      ['mystery', 0, 0],
    ]);
    expect(new Set(slices.map((s) => s.color)).size).toBe(3);
  });

  it('draws nothing out of nothing', () => {
    expect(distribution([{ key: 'a', count: 0 }], () => undefined).slices[0]).toMatchObject({ share: 0, ofMax: 0 });
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

describe('donut and gauge', () => {
  it('lays slices around the circle, skipping empty ones and closing at 100%', () => {
    expect(
      donutBackground([
        { share: 0.5, color: '#111' },
        { share: 0, color: '#222' },
        { share: 1 / 3, color: '#333' },
        { share: 1 / 6, color: '#444' },
      ]),
    ).toBe('conic-gradient(#111 0% 50%, #333 50% 83.33%, #444 83.33% 100%)');
    expect(donutBackground([{ share: 0, color: '#111' }])).toBe('#f0ebe6');
  });

  it('fills a gauge to the rate, an unknown rate as empty', () => {
    expect(gaugeBackground(0.5)).toBe('conic-gradient(#b3561e 0% 50%, #f0ebe6 50% 100%)');
    expect(gaugeBackground(null)).toBe('conic-gradient(#b3561e 0% 0%, #f0ebe6 0% 100%)');
    expect(gaugeBackground(1.2)).toBe('conic-gradient(#b3561e 0% 100%, #f0ebe6 100% 100%)');
  });

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

  it('keeps one column per period when they fit, scaled to the best one', () => {
    const columns = purchaseColumns(days(4));
    expect(columns.map((c) => [c.label, c.netFen, c.height])).toEqual([
      ['11/1', 1000, 0.25],
      ['11/2', 2000, 0.5],
      ['11/3', 3000, 0.75],
      ['11/4', 4000, 1],
    ]);
  });

  it('adds neighbouring days together when there are too many for the screen', () => {
    const columns = purchaseColumns(days(30), 15);
    expect(columns).toHaveLength(15);
    expect(columns[0]).toMatchObject({ label: '11/1', orders: 2, netFen: 3000 });
    expect(columns.reduce((sum, c) => sum + c.netFen, 0)).toBe(465_000);
  });

  it('draws flat columns when nothing sold, and no negative ones after refunds', () => {
    expect(purchaseColumns([{ period: '2026-11-01', orders: 0, netFen: 0 }])[0].height).toBe(0);
    const refunded = purchaseColumns([
      { period: '2026-11-01', orders: 1, netFen: -500 },
      { period: '2026-11-02', orders: 1, netFen: 1000 },
    ]);
    expect(refunded.map((c) => c.height)).toEqual([0, 1]);
  });
});

describe('money and periods', () => {
  it('writes chart money in yuan, large sums in 万', () => {
    expect([86_000, 12_345_600, 350_000_000, -50_000].map(yuanText)).toEqual(['¥860', '¥12.3万', '¥350万', '-¥500']);
  });

  it('asks for the last N days, by week beyond a month', () => {
    const today = new Date(2026, 10, 22);
    expect(dashboardPeriod(7, today)).toEqual({ from: '2026-11-16', to: '2026-11-22', granularity: 'day' });
    expect(dashboardPeriod(90, today)).toEqual({ from: '2026-08-25', to: '2026-11-22', granularity: 'week' });
  });
});
