import { BrandCalendar, dayString, parseDay, weekStart } from './calendar';
import { DistributionRollup, sumCombinations } from './distribution-rollup';
import { SalesRollup, salesSeries } from './sales-rollup';

describe('dashboard roll-ups', () => {
  it('counts each member once in a scope of several stores, and everyone for HQ', () => {
    const rollup = new DistributionRollup();
    const a = rollup.add(['S1'], { tier: 'gold', stage: 'new-one-time', churnLevel: 'low' });
    const b = rollup.add(['S2', 'S1'], { tier: 'regular', stage: 'silent', churnLevel: 'high' });
    rollup.add([], { tier: 'regular', stage: 'prospect' });
    rollup.addSegment(a, 'new');
    rollup.addSegment(b, 'at-risk');
    const combos = rollup.result();
    expect(combos.map((c) => c.stores)).toEqual([['S1'], ['S1', 'S2'], []]);
    const manager = sumCombinations(combos, (stores) => stores.some((s) => ['S1', 'S2'].includes(s)));
    expect(manager).toEqual({
      members: 2,
      tier: { gold: 1, regular: 1 },
      stage: { 'new-one-time': 1, silent: 1 },
      segment: { new: 1, 'at-risk': 1 },
      churn: { low: 1, high: 1 },
    });
    expect(sumCombinations(combos, (stores) => stores.includes('S2')).members).toBe(1);
    expect(sumCombinations(combos, () => true)).toMatchObject({ members: 3, stage: { prospect: 1 } });
  });

  it('rolls purchases up per store and business day, net of refunds, and reads day and week series back', () => {
    const calendar = new BrandCalendar('Asia/Shanghai');
    const sales = new SalesRollup(calendar);
    // 31 May 17:00Z is 1 June in Shanghai.
    sales.add({ paidAt: new Date('2025-05-31T17:00:00Z'), totalFen: 1_000, refundedFen: 200, channel: 'store', storeCode: 'S1' });
    sales.add({ paidAt: new Date('2025-06-01T03:00:00Z'), totalFen: 500, refundedFen: 0, channel: 'online' });
    sales.add({ paidAt: new Date('2025-06-03T03:00:00Z'), totalFen: 700, refundedFen: 700, channel: 'store', storeCode: 'S1' });
    sales.add({ paidAt: new Date('2025-06-09T03:00:00Z'), totalFen: 300, refundedFen: 0, channel: 'store', storeCode: 'S1' });
    const rows = sales.result();
    expect(rows.find((r) => r._id === '2025-06|S1')?.days).toEqual({ '01': [1, 800], '09': [1, 300] });
    const days = salesSeries(
      rows,
      parseDay('2025-06-01'),
      parseDay('2025-06-03'),
      (d) => d,
      () => true,
    );
    expect(days.map((p) => [dayString(p.period), p.orders, p.netFen])).toEqual([
      ['2025-06-01', 2, 1_300],
      ['2025-06-02', 0, 0],
      ['2025-06-03', 0, 0],
    ]);
    const weeks = salesSeries(rows, parseDay('2025-06-01'), parseDay('2025-06-10'), weekStart, (s) => s === 'S1');
    expect(weeks.map((p) => [dayString(p.period), p.orders, p.netFen])).toEqual([
      ['2025-05-26', 1, 800],
      ['2025-06-02', 0, 0],
      ['2025-06-09', 1, 300],
    ]);
  });
});
