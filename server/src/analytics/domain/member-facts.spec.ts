import { BrandCalendar, parseDay } from './calendar';
import { DEFAULT_ANALYTICS_SETTINGS } from './default-analytics-settings';
import { analyseMember, factsWindowFor } from './member-analysis';
import { MemberFactsBuilder, countsAsPurchase, rfmRawOf } from './member-facts';
import { fitRfmModel } from './rfm-scoring';

const calendar = new BrandCalendar('UTC');
const today = parseDay('2025-06-15');
const at = (day: string) => new Date(`${day}T10:00:00Z`);

describe('member facts', () => {
  it('folds purchases in any order: totals net of refunds, first/last, window, recent newest first, stores', () => {
    const builder = new MemberFactsBuilder(calendar, factsWindowFor(today, DEFAULT_ANALYTICS_SETTINGS));
    const purchases = [
      { paidAt: at('2025-06-01'), totalFen: 3_000, refundedFen: 1_000, channel: 'store' as const, storeCode: 'A' },
      { paidAt: at('2024-01-01'), totalFen: 10_000, refundedFen: 0, channel: 'online' as const },
      { paidAt: at('2025-04-01'), totalFen: 5_000, refundedFen: 0, channel: 'store' as const, storeCode: 'A' },
      { paidAt: at('2025-02-01'), totalFen: 7_000, refundedFen: 0, channel: 'store' as const, storeCode: 'B' },
      { paidAt: at('2025-05-01'), totalFen: 4_000, refundedFen: 0, channel: 'store' as const, storeCode: 'B' },
    ];
    for (const p of purchases) builder.add(p);
    const facts = builder.result()!;
    expect(facts).toMatchObject({
      orders: 5,
      netFen: 28_000,
      firstDay: parseDay('2024-01-01'),
      lastDay: parseDay('2025-06-01'),
      purchasesInWindow: 3,
      lookbackOrders: 5,
      lookbackNetFen: 28_000,
    });
    expect(facts.recent.map((r) => r.netFen)).toEqual([2_000, 4_000, 5_000, 7_000]);
    expect(facts.stores).toEqual(
      expect.arrayContaining([
        { store: 'A', orders: 2, netFen: 7_000 },
        { store: 'B', orders: 2, netFen: 11_000 },
        { store: 'online', orders: 1, netFen: 10_000 },
      ]),
    );
    expect(rfmRawOf(facts, today)).toEqual({ recencyDays: 14, frequency: 5, monetaryFen: 28_000 });
  });

  it('limits frequency and monetary to the look-back when one is set', () => {
    const settings = { ...DEFAULT_ANALYTICS_SETTINGS, rfm: { ...DEFAULT_ANALYTICS_SETTINGS.rfm, lookbackMonths: 12 } };
    const builder = new MemberFactsBuilder(calendar, factsWindowFor(today, settings));
    builder.add({ paidAt: at('2024-06-14'), totalFen: 1_000, refundedFen: 0, channel: 'online' });
    builder.add({ paidAt: at('2024-06-15'), totalFen: 2_000, refundedFen: 0, channel: 'online' });
    expect(builder.result()).toMatchObject({ orders: 2, lookbackOrders: 1, lookbackNetFen: 2_000 });
  });

  it('counts a free order but not a fully refunded one', () => {
    expect(countsAsPurchase({ totalFen: 0, refundedFen: 0 })).toBe(true);
    expect(countsAsPurchase({ totalFen: 100, refundedFen: 100 })).toBe(false);
    expect(countsAsPurchase({ totalFen: 100, refundedFen: 99 })).toBe(true);
  });

  it('analyses a member: stage, RFM with segment once a model exists, churn', () => {
    const builder = new MemberFactsBuilder(calendar, factsWindowFor(today, DEFAULT_ANALYTICS_SETTINGS));
    builder.add({ paidAt: at('2025-06-10'), totalFen: 50_000, refundedFen: 0, channel: 'online' });
    const facts = builder.result();
    const model = fitRfmModel({ recency: [5, 50, 100, 200, 300], frequency: [1, 1, 2, 3, 4], monetary: [1, 2, 3, 4, 5] }, 5, 5);
    const analysis = analyseMember(facts, today, DEFAULT_ANALYTICS_SETTINGS, model);
    expect(analysis.stage).toBe('new-one-time');
    expect(analysis.rfm).toMatchObject({
      recencyDays: 5,
      frequency: 1,
      monetaryFen: 50_000,
      r: 5,
      f: 1,
      m: 5,
      segment: 'potential-loyalists',
    });
    expect(analysis.churn?.level).toBe('low');
    expect(analyseMember(null, today, DEFAULT_ANALYTICS_SETTINGS, model)).toEqual({ stage: 'prospect', rfm: null, churn: null });
    expect(analyseMember(facts, today, DEFAULT_ANALYTICS_SETTINGS, null).rfm).toBeNull();
  });
});
