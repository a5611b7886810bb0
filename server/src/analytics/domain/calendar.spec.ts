import { BrandCalendar, civilFromDays, dayString, daysFromCivil, monthsBefore, parseDay, weekStart } from './calendar';

describe('business-day calendar', () => {
  it('round-trips day numbers and calendar dates', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(parseDay('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
    for (const day of [-1000, 0, 19_000, 20_512, 40_000]) expect(parseDay(dayString(day))).toBe(day);
    expect(civilFromDays(parseDay('2000-03-01'))).toEqual({ year: 2000, month: 3, day: 1 });
  });

  it('goes back calendar months, clamping to the shorter month', () => {
    expect(dayString(monthsBefore(parseDay('2025-06-15'), 3))).toBe('2025-03-15');
    expect(dayString(monthsBefore(parseDay('2025-05-31'), 3))).toBe('2025-02-28');
    expect(dayString(monthsBefore(parseDay('2024-05-31'), 3))).toBe('2024-02-29');
    expect(dayString(monthsBefore(parseDay('2025-01-10'), 12))).toBe('2024-01-10');
    expect(dayString(monthsBefore(parseDay('2025-02-10'), 3))).toBe('2024-11-10');
  });

  it('puts instants on the brand’s business day and starts days at local midnight', () => {
    const shanghai = new BrandCalendar('Asia/Shanghai');
    expect(dayString(shanghai.dayOf(new Date('2026-03-01T15:59:59Z')))).toBe('2026-03-01');
    expect(dayString(shanghai.dayOf(new Date('2026-03-01T16:00:00Z')))).toBe('2026-03-02');
    expect(shanghai.startOf(parseDay('2026-03-02')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    const berlin = new BrandCalendar('Europe/Berlin');
    expect(berlin.startOf(parseDay('2025-03-30')).toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect(berlin.startOf(parseDay('2025-03-31')).toISOString()).toBe('2025-03-30T22:00:00.000Z');
    expect(dayString(berlin.dayOf(new Date('2025-03-30T22:30:00Z')))).toBe('2025-03-31');
  });

  it('starts weeks on Monday', () => {
    expect(dayString(weekStart(parseDay('2025-06-15')))).toBe('2025-06-09'); // a Sunday
    expect(dayString(weekStart(parseDay('2025-06-09')))).toBe('2025-06-09');
  });
});
