import { calendarDay, instant } from './dates';

describe('dates that come in', () => {
  it('takes real calendar days only', () => {
    for (const day of ['2024-02-29', '2025-12-31', '2026-01-01']) expect(calendarDay.safeParse(day).success).toBe(true);
    for (const day of [
      '2024-02-30',
      '2023-02-29',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-1-05',
      '20240105',
      '2024-01-05T00:00:00Z',
      '',
    ])
      expect(calendarDay.safeParse(day).success).toBe(false);
  });

  it('takes real instants, with Z or an offset', () => {
    for (const at of ['2024-02-29T23:59:59Z', '2026-03-01T09:30:00+08:00', '2026-03-01T09:30:00.123Z'])
      expect(instant.safeParse(at).success).toBe(true);
    for (const at of [
      '2024-02-30T10:00:00Z',
      '2024-02-29T24:00:00Z',
      '2024-01-01T10:61:00Z',
      '2026-02-30T25:61:00+99:00',
      '2024-01-01',
      '2024-01-01T10:00:00',
    ])
      expect(instant.safeParse(at).success).toBe(false);
  });
});
