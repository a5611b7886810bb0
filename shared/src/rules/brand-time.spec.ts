import fc from 'fast-check';
import {
  addCalendarDays,
  brandClockText,
  brandDateTime,
  brandDateTimeText,
  brandDay,
  brandDayText,
  brandLastDay,
  brandLastDayText,
  brandMoment,
  brandOffsetMinutes,
  brandWallClock,
  DEFAULT_BRAND_TIME_ZONE,
  startOfBrandDay,
} from './brand-time';

const SHANGHAI = DEFAULT_BRAND_TIME_ZONE;

describe('brand time', () => {
  describe('at 00:30 Beijing, still the previous day in UTC', () => {
    // 2 December 00:30 +08:00 is 1 December 16:30 UTC.
    const purchase = '2026-12-01T16:30:00.000Z';

    it('shows the Beijing day, not the UTC one', () => {
      expect(purchase.slice(0, 10)).toBe('2026-12-01');
      expect(brandDay(purchase, SHANGHAI)).toBe('2026-12-02');
      expect(brandDayText(purchase, SHANGHAI)).toBe('12月2日');
      expect(brandDateTimeText(purchase, SHANGHAI)).toBe('12月2日 00:30');
      expect(brandDateTime(purchase, SHANGHAI)).toBe('2026-12-02 00:30');
    });

    it('reads the same from a Date, epoch milliseconds or an ISO string with an offset', () => {
      for (const at of [new Date(purchase), Date.parse(purchase), '2026-12-02T00:30:00+08:00']) {
        expect(brandDateTime(at, SHANGHAI)).toBe('2026-12-02 00:30');
      }
    });
  });

  it('keeps 23:59 Beijing on its own day, and midnight starts the next one', () => {
    expect(brandDateTime('2026-12-02T15:59:00Z', SHANGHAI)).toBe('2026-12-02 23:59');
    expect(brandDateTime('2026-12-02T15:59:59.999Z', SHANGHAI)).toBe('2026-12-02 23:59');
    expect(brandDateTime('2026-12-02T16:00:00Z', SHANGHAI)).toBe('2026-12-03 00:00');
  });

  it('crosses month and year ends at Beijing midnight', () => {
    expect(brandDateTimeText('2026-11-30T16:30:00Z', SHANGHAI)).toBe('12月1日 00:30');
    expect(brandDay('2026-12-31T16:30:00Z', SHANGHAI)).toBe('2027-01-01');
    expect(brandDayText('2026-12-31T16:30:00Z', SHANGHAI)).toBe('1月1日');
    expect(brandDay('2026-12-31T15:59:00Z', SHANGHAI)).toBe('2026-12-31');
    // A leap day.
    expect(brandDay('2028-02-28T16:00:00Z', SHANGHAI)).toBe('2028-02-29');
    expect(brandDay('2028-02-29T16:00:00Z', SHANGHAI)).toBe('2028-03-01');
  });

  it('gives the weekday and clock of the brand’s wall clock', () => {
    // 2026-12-01T16:30Z is Wednesday 2 December in Beijing, still Tuesday in UTC.
    expect(brandWallClock('2026-12-01T16:30:00Z', SHANGHAI)).toEqual({
      year: 2026,
      month: 12,
      day: 2,
      hour: 0,
      minute: 30,
      weekday: 3,
    });
    expect(brandClockText('2026-01-05T01:05:00Z', SHANGHAI)).toBe('09:05');
  });

  it('is the same all year in zones without daylight saving, without asking Intl', () => {
    const intl = globalThis.Intl;
    try {
      // WeChat's engines differ in their Intl time zones: the default zone must not need them.
      (globalThis as { Intl?: typeof Intl }).Intl = undefined;
      for (const month of ['01', '04', '07', '10']) {
        expect(brandOffsetMinutes(`2026-${month}-15T12:00:00Z`, SHANGHAI)).toBe(480);
        expect(brandOffsetMinutes(`2026-${month}-15T12:00:00Z`, 'Asia/Tokyo')).toBe(540);
        expect(brandOffsetMinutes(`2026-${month}-15T12:00:00Z`, 'Asia/Kolkata')).toBe(330);
      }
      expect(brandDateTime('2026-07-01T16:30:00Z', SHANGHAI)).toBe('2026-07-02 00:30');
    } finally {
      globalThis.Intl = intl;
    }
  });

  it('formats in another zone than Shanghai', () => {
    const at = '2026-12-01T16:30:00Z';
    expect(brandDateTime(at, 'Asia/Tokyo')).toBe('2026-12-02 01:30');
    expect(brandDateTime(at, 'Asia/Kolkata')).toBe('2026-12-01 22:00');
    expect(brandDateTime(at, 'UTC')).toBe('2026-12-01 16:30');
  });

  it('follows daylight saving in a zone that has it (through Intl)', () => {
    // Berlin: UTC+1 in winter, UTC+2 from the last Sunday of March (2026-03-29 01:00 UTC).
    expect(brandOffsetMinutes('2026-01-15T12:00:00Z', 'Europe/Berlin')).toBe(60);
    expect(brandOffsetMinutes('2026-07-15T12:00:00Z', 'Europe/Berlin')).toBe(120);
    expect(brandDateTime('2026-03-29T00:59:00Z', 'Europe/Berlin')).toBe('2026-03-29 01:59');
    expect(brandDateTime('2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe('2026-03-29 03:00');
    expect(brandDay('2026-07-14T22:30:00Z', 'Europe/Berlin')).toBe('2026-07-15');
    expect(startOfBrandDay('2026-07-15', 'Europe/Berlin').toISOString()).toBe('2026-07-14T22:00:00.000Z');
    expect(startOfBrandDay('2026-01-15', 'Europe/Berlin').toISOString()).toBe('2026-01-14T23:00:00.000Z');
  });

  it('shows the last day a validity holds, its end being exclusive', () => {
    // Good until midnight starting 10 December Beijing: through 9 December.
    expect(brandLastDay('2026-12-09T16:00:00Z', SHANGHAI)).toBe('2026-12-09');
    expect(brandLastDayText('2026-12-09T16:00:00Z', SHANGHAI)).toBe('12月9日');
    // An end stored as 23:59:59 reads the same day.
    expect(brandLastDay('2027-06-30T15:59:59.000Z', SHANGHAI)).toBe('2027-06-30');
  });

  it('turns a day and a time on the brand’s clock into the instant', () => {
    expect(brandMoment('2026-12-02', '00:30', SHANGHAI).toISOString()).toBe('2026-12-01T16:30:00.000Z');
    expect(startOfBrandDay('2027-01-01', SHANGHAI).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(() => brandMoment('2026-12-02', '0:30', SHANGHAI)).toThrow(RangeError);
    expect(() => startOfBrandDay('2026-12-2', SHANGHAI)).toThrow(RangeError);
    expect(() => brandDay('yesterday', SHANGHAI)).toThrow(RangeError);
  });

  it('counts calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-12-25', 7)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('round-trips every minute: the moment of an instant’s day and clock is the instant', () => {
    const zones = [SHANGHAI, 'Asia/Tokyo', 'Asia/Kolkata', 'UTC', 'Europe/Berlin', 'America/New_York'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        const back = brandMoment(brandDay(minute, zone), brandClockText(minute, zone), zone).getTime();
        // Only the hour repeated when clocks go back may name the other of its two instants.
        expect(back === minute || Math.abs(back - minute) === 3_600_000).toBe(true);
      }),
    );
  });
});
