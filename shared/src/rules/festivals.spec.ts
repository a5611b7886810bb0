import fc from 'fast-check';
import { DEFAULT_BRAND_TIME_ZONE } from './brand-time';
import {
  addMonthsToMonth,
  birthdayMonthOfKey,
  brandDaysOf,
  brandMonthWindow,
  calendarMonth,
  campaignOccurrences,
  festivalDays,
  festivalWindow,
  nextFestivalWindow,
  occurrenceAt,
  SPRING_FESTIVAL_DAYS,
} from './festivals';

const SHANGHAI = DEFAULT_BRAND_TIME_ZONE;

describe('festival presets', () => {
  it('双11 2026 runs 11月1日 to 11月11日, from Beijing midnight to the midnight after', () => {
    const window = festivalWindow('double-11', 2026, SHANGHAI)!;
    expect(window.firstDay).toBe('2026-11-01');
    expect(window.lastDay).toBe('2026-11-11');
    expect(window.startsAt.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(window.endsAt.toISOString()).toBe('2026-11-11T16:00:00.000Z');
  });

  it('618 is 6月1日–6月18日 and 520 one day, at Beijing midnights', () => {
    expect(festivalDays('618', 2027)).toEqual({ firstDay: '2027-06-01', lastDay: '2027-06-18' });
    const love = festivalWindow('520', 2026, SHANGHAI)!;
    expect(love.startsAt.toISOString()).toBe('2026-05-19T16:00:00.000Z');
    expect(love.endsAt.toISOString()).toBe('2026-05-20T16:00:00.000Z');
  });

  it('Spring Festival comes from the 2025–2035 table: a week before 初一 through 初七', () => {
    expect(festivalDays('spring-festival', 2026)).toEqual({ firstDay: '2026-02-10', lastDay: '2026-02-23' });
    expect(festivalDays('spring-festival', 2028)).toEqual({ firstDay: '2028-01-19', lastDay: '2028-02-01' });
    expect(festivalDays('spring-festival', 2024)).toBeNull();
    expect(festivalDays('spring-festival', 2036)).toBeNull();
    expect(Object.keys(SPRING_FESTIVAL_DAYS).map(Number)).toEqual([
      2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035,
    ]);
    // Every 春节 falls between 21 January and 20 February.
    for (const day of Object.values(SPRING_FESTIVAL_DAYS)) expect(day.slice(5) >= '01-21' && day.slice(5) <= '02-20').toBe(true);
  });

  it('the member day is one day of a month, 1–28 only', () => {
    expect(festivalDays('member-day', 2026, { memberDay: 8, month: 12 })).toEqual({
      firstDay: '2026-12-08',
      lastDay: '2026-12-08',
    });
    expect(() => festivalDays('member-day', 2026, { memberDay: 31 })).toThrow(RangeError);
    expect(() => festivalDays('member-day', 2026, { memberDay: 0 })).toThrow(RangeError);
  });

  it('the next window: this year while not over, else next year (member day: this month or the next)', () => {
    // 3 Dec 2026 00:30 Beijing is still 2 Dec in UTC: the brand's day decides.
    const now = '2026-12-02T16:30:00Z';
    expect(nextFestivalWindow('double-11', now, SHANGHAI)!.firstDay).toBe('2027-11-01');
    expect(nextFestivalWindow('spring-festival', now, SHANGHAI)!.firstDay).toBe('2027-01-30');
    expect(nextFestivalWindow('member-day', now, SHANGHAI, { memberDay: 8 })!.firstDay).toBe('2026-12-08');
    expect(nextFestivalWindow('member-day', now, SHANGHAI, { memberDay: 3 })!.firstDay).toBe('2026-12-03');
    expect(nextFestivalWindow('member-day', now, SHANGHAI, { memberDay: 2 })!.firstDay).toBe('2027-01-02');
    expect(nextFestivalWindow('double-11', '2026-11-05T02:00:00Z', SHANGHAI)!.firstDay).toBe('2026-11-01');
    expect(nextFestivalWindow('spring-festival', '2035-03-01T00:00:00Z', SHANGHAI)).toBeNull();
  });
});

describe('campaign occurrences', () => {
  it('a campaign that does not repeat has one occurrence, its window', () => {
    expect(campaignOccurrences({ startsAt: '2026-11-10T16:00:00Z', endsAt: '2026-11-11T16:00:00Z' }, SHANGHAI)).toEqual([
      { key: 'once', startsAt: new Date('2026-11-10T16:00:00Z'), endsAt: new Date('2026-11-11T16:00:00Z') },
    ]);
  });

  it('a monthly member day has one occurrence per month in the window, each a whole Beijing day', () => {
    const occurrences = campaignOccurrences(
      {
        startsAt: '2026-11-30T16:00:00Z', // 12月1日 00:00 Beijing
        endsAt: '2027-03-31T16:00:00Z', // 4月1日 00:00
        recurrence: { kind: 'monthly', dayOfMonth: 8 },
      },
      SHANGHAI,
    );
    expect(occurrences.map((o) => o.key)).toEqual(['2026-12-08', '2027-01-08', '2027-02-08', '2027-03-08']);
    expect(occurrences[0].startsAt.toISOString()).toBe('2026-12-07T16:00:00.000Z');
    expect(occurrences[0].endsAt.toISOString()).toBe('2026-12-08T16:00:00.000Z');
  });

  it('cuts an occurrence to the window and leaves out days outside it', () => {
    const occurrences = campaignOccurrences(
      { startsAt: '2026-12-08T04:00:00Z', endsAt: '2027-01-08T02:00:00Z', recurrence: { kind: 'monthly', dayOfMonth: 8 } },
      SHANGHAI,
    );
    expect(occurrences).toEqual([
      { key: '2026-12-08', startsAt: new Date('2026-12-08T04:00:00Z'), endsAt: new Date('2026-12-08T16:00:00Z') },
      { key: '2027-01-08', startsAt: new Date('2027-01-07T16:00:00Z'), endsAt: new Date('2027-01-08T02:00:00Z') },
    ]);
    expect(
      campaignOccurrences(
        { startsAt: '2026-12-09T00:00:00Z', endsAt: '2026-12-31T00:00:00Z', recurrence: { kind: 'monthly', dayOfMonth: 8 } },
        SHANGHAI,
      ),
    ).toEqual([]);
    expect(campaignOccurrences({ startsAt: '2026-12-09T00:00:00Z', endsAt: '2026-12-09T00:00:00Z' }, SHANGHAI)).toEqual([]);
  });

  it('occurrences never overlap, stay inside the window, and the open one is found at any instant in it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2034, 0, 1) }),
        fc.integer({ min: 1, max: 800 * 86_400_000 }),
        fc.integer({ min: 1, max: 28 }),
        (start, length, dayOfMonth) => {
          const startsAt = new Date(start);
          const endsAt = new Date(start + length);
          const occurrences = campaignOccurrences({ startsAt, endsAt, recurrence: { kind: 'monthly', dayOfMonth } }, SHANGHAI);
          for (const [i, o] of occurrences.entries()) {
            expect(o.startsAt.getTime()).toBeGreaterThanOrEqual(startsAt.getTime());
            expect(o.endsAt.getTime()).toBeLessThanOrEqual(endsAt.getTime());
            expect(o.startsAt.getTime()).toBeLessThan(o.endsAt.getTime());
            expect(Number(o.key.slice(8))).toBe(dayOfMonth);
            if (i > 0) expect(o.startsAt.getTime()).toBeGreaterThanOrEqual(occurrences[i - 1].endsAt.getTime());
            expect(occurrenceAt(occurrences, o.startsAt)).toBe(o);
            expect(occurrenceAt(occurrences, o.endsAt.getTime() - 1)).toBe(o);
          }
        },
      ),
    );
  });

  it('a birthday month: one occurrence per Beijing month of the window, the whole month cut to the window', () => {
    const occurrences = campaignOccurrences(
      // 12月15日 00:00 to 2月10日 00:00 Beijing.
      { startsAt: '2027-12-14T16:00:00Z', endsAt: '2028-02-09T16:00:00Z', recurrence: { kind: 'birthday-month' } },
      SHANGHAI,
    );
    expect(occurrences.map((o) => [o.key, o.startsAt.toISOString(), o.endsAt.toISOString()])).toEqual([
      ['birthday:2027-12', '2027-12-14T16:00:00.000Z', '2027-12-31T16:00:00.000Z'],
      ['birthday:2028-01', '2027-12-31T16:00:00.000Z', '2028-01-31T16:00:00.000Z'],
      ['birthday:2028-02', '2028-01-31T16:00:00.000Z', '2028-02-09T16:00:00.000Z'],
    ]);
    // 12月31日 23:59 Beijing is still December's; 1月1日 00:00 is January's.
    expect(occurrenceAt(occurrences, Date.parse('2027-12-31T15:59:00Z'))?.key).toBe('birthday:2027-12');
    expect(occurrenceAt(occurrences, Date.parse('2027-12-31T16:00:00Z'))?.key).toBe('birthday:2028-01');
    expect(occurrences.map((o) => birthdayMonthOfKey(o.key))).toEqual([12, 1, 2]);
    expect(birthdayMonthOfKey('2027-12-08')).toBeNull();
    expect(birthdayMonthOfKey('once')).toBeNull();
  });
});

describe('the calendar grid', () => {
  it('knows the days of a month and the weekday of the first', () => {
    expect(calendarMonth('2026-11')).toMatchObject({ firstWeekday: 0 });
    expect(calendarMonth('2026-11').days).toHaveLength(30);
    expect(calendarMonth('2028-02').days.at(-1)).toBe('2028-02-29');
    expect(() => calendarMonth('2026-13-01')).toThrow(RangeError);
  });

  it('moves between months across years', () => {
    expect(addMonthsToMonth('2026-12', 1)).toBe('2027-01');
    expect(addMonthsToMonth('2027-01', -1)).toBe('2026-12');
    expect(addMonthsToMonth('2026-11', 14)).toBe('2028-01');
  });

  it('a window covers the Beijing days from its start through the day before its exclusive end', () => {
    const window = festivalWindow('double-11', 2026, SHANGHAI)!;
    const days = brandDaysOf(window.startsAt, window.endsAt, SHANGHAI);
    expect(days[0]).toBe('2026-11-01');
    expect(days.at(-1)).toBe('2026-11-11');
    expect(days).toHaveLength(11);
  });

  it('a brand month spans Beijing midnight to Beijing midnight', () => {
    expect(brandMonthWindow('2026-12', SHANGHAI)).toEqual({
      startsAt: new Date('2026-11-30T16:00:00Z'),
      endsAt: new Date('2026-12-31T16:00:00Z'),
    });
  });
});
