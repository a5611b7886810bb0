import { businessDay, businessPeriod, startOfBusinessDay } from './business-day';

describe('business days in the brand time zone', () => {
  it('puts an instant on its local calendar day', () => {
    expect(businessDay(new Date('2026-03-01T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-01');
    expect(businessDay(new Date('2026-03-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-03-02');
  });

  it('starts a day at local midnight, across daylight saving changes', () => {
    expect(startOfBusinessDay(new Date('2025-03-01T15:59:59Z'), 'Asia/Shanghai').toISOString()).toBe('2025-02-28T16:00:00.000Z');
    // Berlin moved to summer time on 30 March 2025: that day began at 23:00Z the day before, the next at 22:00Z.
    expect(startOfBusinessDay(new Date('2025-03-30T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(startOfBusinessDay(new Date('2025-03-31T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2025-03-30T22:00:00.000Z');
  });

  it('gives the day and the month an instant falls in as half-open ranges', () => {
    const at = new Date('2026-01-31T17:00:00Z'); // 1 February, 01:00 in Shanghai
    expect(businessPeriod(at, 'Asia/Shanghai', 'day')).toEqual({
      from: new Date('2026-01-31T16:00:00Z'),
      to: new Date('2026-02-01T16:00:00Z'),
    });
    expect(businessPeriod(at, 'Asia/Shanghai', 'month')).toEqual({
      from: new Date('2026-01-31T16:00:00Z'),
      to: new Date('2026-02-28T16:00:00Z'),
    });
    expect(businessPeriod(new Date('2026-12-15T00:00:00Z'), 'UTC', 'month')).toEqual({
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
  });
});
