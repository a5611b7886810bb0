import { addCalendarDays, brandDay, brandLastDay, startOfBrandDay, type Instant } from './brand-time';

/**
 * The festival calendar's presets: the days a Chinese retail brand runs its campaigns on, as brand calendar days
 * (YYYY-MM-DD), turned into instants at midnight on the brand's clock (Beijing for most brands) through the brand-time
 * helpers, so a campaign "on 11月11日" starts at 2026-11-10T16:00Z and a purchase at 23:59 the day before earns
 * nothing extra. A window's end is exclusive: the midnight after its last day.
 */

export const FESTIVAL_PRESETS = ['spring-festival', '520', '618', 'double-11', 'member-day'] as const;
export type FestivalPreset = (typeof FESTIVAL_PRESETS)[number];

/**
 * 春节 (正月初一) by Gregorian year. The lunar calendar has no closed formula worth carrying here, so this is a table
 * of the published dates for 2025–2035; a year outside it has no Spring Festival preset (HQ picks the dates by hand)
 * until the table is extended.
 */
export const SPRING_FESTIVAL_DAYS: Readonly<Record<number, string>> = {
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
};

/** The Spring Festival campaign: the week of 年货 shopping before 初一, through 初七 (the holiday's last day). */
const SPRING_FESTIVAL_DAYS_BEFORE = 7;
const SPRING_FESTIVAL_DAYS_AFTER = 6;

/** The monthly member day (会员日) falls on a day every month has. */
export const MEMBER_DAY_MIN = 1;
export const MEMBER_DAY_MAX = 28;
export const DEFAULT_MEMBER_DAY = 8;

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`;

/** A run of brand calendar days, both inclusive. */
export interface FestivalDays {
  firstDay: string;
  lastDay: string;
}

/** A window as the API stores it: start inclusive, end exclusive, both at brand midnight. */
export interface FestivalWindow extends FestivalDays {
  startsAt: Date;
  endsAt: Date;
}

export interface PresetOptions {
  /** member-day: the day of the month (1–28; DEFAULT_MEMBER_DAY when absent). */
  memberDay?: number;
  /** member-day: the month (1–12) of the occurrence; January when absent. */
  month?: number;
}

/**
 * The days of a preset in a year: 春节 from the table (null outside 2025–2035), 520 on 5月20日, 618 from 6月1日 to
 * 6月18日 (the shopping festival's run), 双11 from 11月1日 to 11月11日, the member day one day of a month.
 */
export function festivalDays(preset: FestivalPreset, year: number, options: PresetOptions = {}): FestivalDays | null {
  switch (preset) {
    case 'spring-festival': {
      const newYear = SPRING_FESTIVAL_DAYS[year];
      if (!newYear) return null;
      return {
        firstDay: addCalendarDays(newYear, -SPRING_FESTIVAL_DAYS_BEFORE),
        lastDay: addCalendarDays(newYear, SPRING_FESTIVAL_DAYS_AFTER),
      };
    }
    case '520':
      return { firstDay: dayOf(year, 5, 20), lastDay: dayOf(year, 5, 20) };
    case '618':
      return { firstDay: dayOf(year, 6, 1), lastDay: dayOf(year, 6, 18) };
    case 'double-11':
      return { firstDay: dayOf(year, 11, 1), lastDay: dayOf(year, 11, 11) };
    case 'member-day': {
      const day = checkedMemberDay(options.memberDay ?? DEFAULT_MEMBER_DAY);
      const month = options.month ?? 1;
      if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`not a month: ${month}`);
      return { firstDay: dayOf(year, month, day), lastDay: dayOf(year, month, day) };
    }
  }
}

function checkedMemberDay(day: number): number {
  if (!Number.isInteger(day) || day < MEMBER_DAY_MIN || day > MEMBER_DAY_MAX)
    throw new RangeError(`a member day is a day ${MEMBER_DAY_MIN}–${MEMBER_DAY_MAX} of the month, not ${day}`);
  return day;
}

/** The instants of a run of brand days: from midnight starting the first to midnight ending the last. */
export function windowOfDays(days: FestivalDays, timeZone: string): FestivalWindow {
  return {
    ...days,
    startsAt: startOfBrandDay(days.firstDay, timeZone),
    endsAt: startOfBrandDay(addCalendarDays(days.lastDay, 1), timeZone),
  };
}

/** A preset's window in a year, at brand midnights; null when the preset has no dates that year. */
export function festivalWindow(
  preset: FestivalPreset,
  year: number,
  timeZone: string,
  options: PresetOptions = {},
): FestivalWindow | null {
  const days = festivalDays(preset, year, options);
  return days ? windowOfDays(days, timeZone) : null;
}

/**
 * The preset's next window that is not over at `now`: this year's (running or to come), else next year's. For the
 * member day, this month's or the next month's. Null when the table has no dates for either year.
 */
export function nextFestivalWindow(
  preset: FestivalPreset,
  now: Instant,
  timeZone: string,
  options: Omit<PresetOptions, 'month'> = {},
): FestivalWindow | null {
  const today = brandDay(now, timeZone);
  const [year, month] = today.split('-').map(Number);
  const candidates: Array<[number, PresetOptions]> =
    preset === 'member-day'
      ? [
          [year, { ...options, month }],
          [month === 12 ? year + 1 : year, { ...options, month: month === 12 ? 1 : month + 1 }],
        ]
      : [
          [year, options],
          [year + 1, options],
        ];
  for (const [y, o] of candidates) {
    const window = festivalWindow(preset, y, timeZone, o);
    if (window && window.lastDay >= today) return window;
  }
  return null;
}

/** One occurrence of a campaign: its key (the brand day it starts, or `once`), and its window. */
export interface CampaignOccurrence {
  key: string;
  startsAt: Date;
  endsAt: Date;
}

/** How a campaign repeats: every month on one day (the member day), within the campaign's own window. */
export interface MonthlyRecurrence {
  kind: 'monthly';
  dayOfMonth: number;
}

/**
 * Each member's birthday month (生日月): one occurrence per brand month of the window, keyed `birthday:YYYY-MM`, sent
 * during that month to the members whose birthday is in it (one send per member and month).
 */
export interface BirthdayMonthRule {
  kind: 'birthday-month';
}

/** The key of the birthday-month occurrence of a brand month (YYYY-MM). */
export const birthdayOccurrenceKey = (month: string) => `birthday:${month}`;

/** The calendar month (1–12) of a birthday-month occurrence key, or null for any other key. */
export function birthdayMonthOfKey(key: string): number | null {
  const match = /^birthday:\d{4}-(\d{2})$/.exec(key);
  return match ? Number(match[1]) : null;
}

/**
 * The occurrences of a campaign: one (`once`) for a campaign that does not repeat; for a monthly one, the given day
 * of each month that falls in its window (each occurrence the whole brand day, cut to the window); for a birthday-
 * month one, each brand month of the window (the whole month, cut to the window). One definition, so a member day set
 * up for a year is twelve occurrences, each sent once.
 */
export function campaignOccurrences(
  campaign: {
    startsAt: Instant;
    endsAt: Instant;
    recurrence?: MonthlyRecurrence | BirthdayMonthRule | { kind: 'monthly' | 'birthday-month'; dayOfMonth?: number };
  },
  timeZone: string,
): CampaignOccurrence[] {
  const startsAt = new Date(campaign.startsAt);
  const endsAt = new Date(campaign.endsAt);
  if (!(startsAt.getTime() < endsAt.getTime())) return [];
  if (!campaign.recurrence) return [{ key: 'once', startsAt, endsAt }];
  if (campaign.recurrence.kind === 'birthday-month') {
    const occurrences: CampaignOccurrence[] = [];
    const lastMonth = brandLastDay(endsAt, timeZone).slice(0, 7);
    for (let month = brandDay(startsAt, timeZone).slice(0, 7); month <= lastMonth && occurrences.length < 240;) {
      const window = brandMonthWindow(month, timeZone);
      occurrences.push({
        key: birthdayOccurrenceKey(month),
        startsAt: new Date(Math.max(window.startsAt.getTime(), startsAt.getTime())),
        endsAt: new Date(Math.min(window.endsAt.getTime(), endsAt.getTime())),
      });
      month = addMonthsToMonth(month, 1);
    }
    return occurrences;
  }
  const dayOfMonth = checkedMemberDay(campaign.recurrence.dayOfMonth ?? Number.NaN);
  const first = brandDay(startsAt, timeZone);
  const last = brandLastDay(endsAt, timeZone);
  const occurrences: CampaignOccurrence[] = [];
  let [year, month] = first.split('-').map(Number);
  for (;;) {
    const day = dayOf(year, month, dayOfMonth);
    if (day > last) break;
    if (day >= first) {
      const window = windowOfDays({ firstDay: day, lastDay: day }, timeZone);
      occurrences.push({
        key: day,
        startsAt: new Date(Math.max(window.startsAt.getTime(), startsAt.getTime())),
        endsAt: new Date(Math.min(window.endsAt.getTime(), endsAt.getTime())),
      });
    }
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return occurrences;
}

/** The occurrence open at `now` (start inclusive, end exclusive), if any. */
export function occurrenceAt(occurrences: readonly CampaignOccurrence[], now: Instant): CampaignOccurrence | undefined {
  const at = new Date(now).getTime();
  return occurrences.find((o) => o.startsAt.getTime() <= at && at < o.endsAt.getTime());
}

/** The brand days a window covers (first to last, inclusive): the calendar grid's cells it shows on. */
export function brandDaysOf(startsAt: Instant, endsAt: Instant, timeZone: string): string[] {
  const first = brandDay(startsAt, timeZone);
  const last = brandLastDay(endsAt, timeZone);
  const days: string[] = [];
  for (let day = first; day <= last && days.length < 400; day = addCalendarDays(day, 1)) days.push(day);
  return days;
}

/** A month of the calendar grid: its days (YYYY-MM-DD) and the weekday (0 Sunday – 6) of the first. */
export function calendarMonth(month: string): { days: string[]; firstWeekday: number } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  const year = Number(match[1]);
  const m = Number(match[2]);
  const length = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return {
    days: Array.from({ length }, (_, i) => dayOf(year, m, i + 1)),
    firstWeekday: new Date(Date.UTC(year, m - 1, 1)).getUTCDay(),
  };
}

/** The month (YYYY-MM) `delta` months after a month. */
export function addMonthsToMonth(month: string, delta: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** The instants a brand month (YYYY-MM) spans: midnight starting its first day to midnight starting the next month. */
export function brandMonthWindow(month: string, timeZone: string): { startsAt: Date; endsAt: Date } {
  return {
    startsAt: startOfBrandDay(`${month}-01`, timeZone),
    endsAt: startOfBrandDay(`${addMonthsToMonth(month, 1)}-01`, timeZone),
  };
}
