import { BrandCalendar, parseDay } from './calendar';
import { DEFAULT_ANALYTICS_SETTINGS } from './default-analytics-settings';
import { lifecycleBoundaries, lifecycleStage } from './lifecycle';
import { analyseMember, factsWindowFor } from './member-analysis';
import { MemberFactsBuilder } from './member-facts';

const today = parseDay('2025-06-15');
const d = (day: string) => parseDay(day);

describe('lifecycle stages (3-month window)', () => {
  it('computes the window boundaries as calendar months back, that day included', () => {
    const b = lifecycleBoundaries(today, 3);
    expect(b).toEqual({ activeFrom: d('2025-03-15'), silentFrom: d('2024-12-15'), sleepingFrom: d('2024-06-15') });
  });

  it('new one-time and new repeat buyers: first purchase within the window', () => {
    expect(lifecycleStage([d('2025-06-01')], today, 3)).toBe('new-one-time');
    expect(lifecycleStage([d('2025-04-01'), d('2025-06-01')], today, 3)).toBe('new-repeat');
  });

  it('a first purchase on the window’s first day is new; the day before is not', () => {
    expect(lifecycleStage([d('2025-03-15')], today, 3)).toBe('new-one-time');
    expect(lifecycleStage([d('2025-03-15'), d('2025-05-01')], today, 3)).toBe('new-repeat');
    expect(lifecycleStage([d('2025-03-14'), d('2025-05-01')], today, 3)).toBe('old-one-time');
  });

  it('old one-time and old repeat buyers: first purchase before the window', () => {
    expect(lifecycleStage([d('2024-01-01'), d('2025-05-01')], today, 3)).toBe('old-one-time');
    expect(lifecycleStage([d('2024-01-01'), d('2025-04-01'), d('2025-06-14')], today, 3)).toBe('old-repeat');
    // Purchases before the window do not make a repeat buyer.
    expect(lifecycleStage([d('2024-01-01'), d('2025-02-01'), d('2025-06-14')], today, 3)).toBe('old-one-time');
  });

  it('a purchase exactly 3 months ago is inside the window; a day earlier makes the member silent', () => {
    expect(lifecycleStage([d('2025-03-15')], today, 3)).toBe('new-one-time');
    expect(lifecycleStage([d('2024-10-01'), d('2025-03-15')], today, 3)).toBe('old-one-time');
    expect(lifecycleStage([d('2025-03-14')], today, 3)).toBe('silent');
  });

  it('silent up to 6 months ago, sleeping up to 12, lost beyond', () => {
    expect(lifecycleStage([d('2024-12-15')], today, 3)).toBe('silent');
    expect(lifecycleStage([d('2024-12-14')], today, 3)).toBe('sleeping');
    expect(lifecycleStage([d('2024-06-15')], today, 3)).toBe('sleeping');
    expect(lifecycleStage([d('2024-06-14')], today, 3)).toBe('lost');
    expect(lifecycleStage([d('2020-01-01'), d('2024-06-14')], today, 3)).toBe('lost');
  });

  it('scales with a 6- or 12-month window', () => {
    expect(lifecycleBoundaries(today, 6)).toEqual({
      activeFrom: d('2024-12-15'),
      silentFrom: d('2024-06-15'),
      sleepingFrom: d('2023-06-15'),
    });
    expect(lifecycleStage([d('2025-01-01')], today, 6)).toBe('new-one-time');
    expect(lifecycleStage([d('2024-10-01')], today, 6)).toBe('silent');
    expect(lifecycleStage([d('2024-10-01')], today, 12)).toBe('new-one-time');
    expect(lifecycleStage([d('2023-08-01')], today, 12)).toBe('silent');
    expect(lifecycleStage([d('2023-01-01')], today, 12)).toBe('sleeping');
  });

  it('members who never bought are prospects; future-dated purchases are ignored', () => {
    expect(lifecycleStage([], today, 3)).toBe('prospect');
    expect(lifecycleStage([d('2025-07-01')], today, 3)).toBe('prospect');
  });

  it('agrees with the streaming facts builder, refunds and brand days included', () => {
    const calendar = new BrandCalendar('Asia/Shanghai');
    const builder = new MemberFactsBuilder(calendar, factsWindowFor(today, DEFAULT_ANALYTICS_SETTINGS));
    // 2025-03-14 16:30Z is 15 March 00:30 in Shanghai: inside the window.
    builder.add({
      paidAt: new Date('2025-03-14T16:30:00Z'),
      totalFen: 10_000,
      refundedFen: 0,
      channel: 'store',
      storeCode: 'SH01',
    });
    // Fully refunded: did not happen.
    builder.add({ paidAt: new Date('2025-05-01T04:00:00Z'), totalFen: 5_000, refundedFen: 5_000, channel: 'online' });
    const facts = builder.result();
    expect(facts).toMatchObject({ orders: 1, netFen: 10_000, purchasesInWindow: 1 });
    expect(analyseMember(facts, today, DEFAULT_ANALYTICS_SETTINGS, null).stage).toBe('new-one-time');
  });
});
