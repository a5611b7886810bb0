import {
  addCalendarDays,
  addMonthsToMonth,
  brandDay,
  brandDaysOf,
  calendarMonth,
  DEFAULT_MEMBER_DAY,
  festivalWindow,
  MAX_PACK_TEMPLATES,
  nextFestivalWindow,
  startOfBrandDay,
  type CalendarEntry,
  type FestivalPreset,
  type FestivalWindow,
} from '@memberloop/shared';
import { CALENDAR_TEXT as T } from './calendar-text';

export type CalendarKind = 'multiplier' | 'coupon-pack';

/** What the calendar's form holds: brand days as the pickers give them, text as typed. */
export interface CalendarDraft {
  kind: CalendarKind;
  preset?: FestivalPreset;
  name: string;
  multiplier: string;
  /** First and last brand day (YYYY-MM-DD), both inclusive. */
  firstDay: string;
  lastDay: string;
  /** The member day: on this day of every month between the dates (double points that day, or the pack sent). */
  memberDay?: number;
  /** A coupon pack for each member's birthday month (生日月): sent in each month between the dates to those born in it. */
  birthdayMonth?: boolean;
  templateIds: string[];
  /** Empty = every tier. */
  tierCodes: string[];
  /** Regions as typed, separated by commas, spaces or 、; empty = everywhere. */
  regions: string;
}

/** A new form: tomorrow, double points, everyone. */
export function newCalendarDraft(now: Date, timeZone: string): CalendarDraft {
  const tomorrow = addCalendarDays(brandDay(now, timeZone), 1);
  return {
    kind: 'multiplier',
    name: '',
    multiplier: '2',
    firstDay: tomorrow,
    lastDay: tomorrow,
    templateIds: [],
    tierCodes: [],
    regions: '',
  };
}

/** The month (YYYY-MM) a brand day is in. */
export const monthOf = (day: string) => day.slice(0, 7);

/**
 * The form filled from a preset: the festival of the year the grid shows when it is not over yet, else its next one
 * (双11 tapped in December fills next year's). The member day starts at the next one and repeats monthly for a year.
 * Null when the preset has no dates (春节 beyond the table).
 */
export function applyPreset(
  draft: CalendarDraft,
  preset: FestivalPreset,
  shownMonth: string,
  now: Date,
  timeZone: string,
): CalendarDraft | null {
  const today = brandDay(now, timeZone);
  let window: FestivalWindow | null;
  if (preset === 'member-day') window = nextFestivalWindow(preset, now, timeZone, { memberDay: DEFAULT_MEMBER_DAY });
  else {
    const shown = festivalWindow(preset, Number(shownMonth.slice(0, 4)), timeZone);
    window = shown && shown.lastDay >= today ? shown : nextFestivalWindow(preset, now, timeZone);
  }
  if (!window) return null;
  const firstDay = window.firstDay < today ? today : window.firstDay;
  if (preset === 'member-day')
    return {
      ...draft,
      preset,
      birthdayMonth: undefined,
      name: T.memberDayName(draft.kind),
      firstDay,
      lastDay: `${addMonthsToMonth(monthOf(firstDay), 11)}-${firstDay.slice(8)}`,
      memberDay: DEFAULT_MEMBER_DAY,
    };
  return {
    ...draft,
    preset,
    name: T.defaultName(T.presetLabel[preset], draft.kind, Number(window.firstDay.slice(0, 4))),
    firstDay,
    lastDay: window.lastDay,
    memberDay: undefined,
    birthdayMonth: undefined,
  };
}

/**
 * The form set to each member's birthday month (生日月): a coupon pack from the 1st of next month for twelve months,
 * so the reach preview (next month's birthdays) is its first month's.
 */
export function applyBirthdayMonth(draft: CalendarDraft, now: Date, timeZone: string): CalendarDraft {
  const next = addMonthsToMonth(monthOf(brandDay(now, timeZone)), 1);
  const lastMonth = addMonthsToMonth(next, 11);
  return {
    ...draft,
    kind: 'coupon-pack',
    preset: undefined,
    memberDay: undefined,
    birthdayMonth: true,
    name: T.birthdayMonthName,
    firstDay: `${next}-01`,
    lastDay: addCalendarDays(`${addMonthsToMonth(lastMonth, 1)}-01`, -1),
  };
}

/** The form switched to the other kind; a preset is applied again (its name says the kind). */
export function switchKind(
  draft: CalendarDraft,
  kind: CalendarKind,
  shownMonth: string,
  now: Date,
  timeZone: string,
): CalendarDraft {
  // A birthday month of points is the tiers' birthday multiplier, not a calendar campaign: switching leaves it.
  const switched = { ...draft, kind, ...(kind === 'multiplier' ? { birthdayMonth: undefined } : {}) };
  return (draft.preset && applyPreset(switched, draft.preset, shownMonth, now, timeZone)) || switched;
}

/** Adds or removes a template; null when adding would pass the most a pack holds. */
export function toggleTemplate(draft: CalendarDraft, templateId: string): CalendarDraft | null {
  if (draft.templateIds.includes(templateId)) return { ...draft, templateIds: draft.templateIds.filter((t) => t !== templateId) };
  if (draft.templateIds.length >= MAX_PACK_TEMPLATES) return null;
  return { ...draft, templateIds: [...draft.templateIds, templateId] };
}

export function regionsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，、]+/)
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  ];
}

/** The instants of the form's days: from midnight starting the first to midnight ending the last, on the brand's clock. */
export function windowOfDraft(draft: CalendarDraft, timeZone: string): { startsAt: string; endsAt: string } {
  const valid = (day: string) => /^\d{4}-\d{2}-\d{2}$/.test(day);
  return {
    startsAt: valid(draft.firstDay) ? startOfBrandDay(draft.firstDay, timeZone).toISOString() : '',
    endsAt: valid(draft.lastDay) ? startOfBrandDay(addCalendarDays(draft.lastDay, 1), timeZone).toISOString() : '',
  };
}

/** The request body the form describes, for the multiplier's or the coupon pack's contract to check. */
export function requestBody(draft: CalendarDraft, timeZone: string): Record<string, unknown> {
  const regions = regionsOf(draft.regions);
  const targeting = {
    ...(draft.tierCodes.length > 0 ? { tierCodes: draft.tierCodes } : {}),
    ...(regions.length > 0 ? { regions } : {}),
  };
  const window = windowOfDraft(draft, timeZone);
  const recurrence =
    draft.kind === 'coupon-pack' && draft.birthdayMonth
      ? { recurrence: { kind: 'birthday-month' } }
      : draft.memberDay !== undefined
        ? { recurrence: { kind: 'monthly', dayOfMonth: draft.memberDay } }
        : {};
  if (draft.kind === 'multiplier') {
    const text = draft.multiplier.trim();
    const multiplier = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
    return { name: draft.name, multiplier, ...window, ...recurrence, ...targeting };
  }
  return {
    name: draft.name,
    ...(draft.preset ? { preset: draft.preset } : {}),
    templateIds: draft.templateIds,
    ...window,
    ...recurrence,
    ...targeting,
  };
}

/** The reach preview's query for the form's targeting (a birthday month counts next month's birthdays). */
export function reachQueryOf(draft: CalendarDraft): {
  kind: CalendarKind;
  tierCodes?: string;
  regions?: string;
  recurrence?: 'birthday-month';
} {
  const regions = regionsOf(draft.regions);
  return {
    kind: draft.kind,
    ...(draft.kind === 'coupon-pack' && draft.birthdayMonth ? { recurrence: 'birthday-month' as const } : {}),
    ...(draft.tierCodes.length > 0 ? { tierCodes: draft.tierCodes.join(',') } : {}),
    ...(regions.length > 0 ? { regions: regions.join(',') } : {}),
  };
}

/** One cell of the month grid: a day of the month (or a blank before the first), with the campaigns on it. */
export interface CalendarCell {
  day?: string;
  entries: CalendarEntry[];
}

/** The month grid, Sunday first: blanks before the 1st, then each day with the campaigns covering it (Beijing days). */
export function monthCells(month: string, entries: readonly CalendarEntry[], timeZone: string): CalendarCell[] {
  const { days, firstWeekday } = calendarMonth(month);
  const byDay = new Map<string, CalendarEntry[]>(days.map((d) => [d, []]));
  // A birthday month is a line for the month (birthdayLine), not a campaign on each day.
  for (const entry of entries.filter((e) => !isBirthdayLine(e)))
    for (const day of brandDaysOf(entry.startsAt, entry.endsAt, timeZone)) byDay.get(day)?.push(entry);
  return [
    ...Array.from({ length: firstWeekday }, () => ({ entries: [] })),
    ...days.map((day) => ({ day, entries: byDay.get(day) ?? [] })),
  ];
}

/** Whether an entry is a birthday-month pack's month (shown as one line above the grid). */
export const isBirthdayLine = (entry: CalendarEntry) => entry.kind === 'coupon-pack' && entry.birthdayMonth === true;

/** The names of the birthday-month packs of the month, for the line above the grid; empty when none. */
export function birthdayLine(entries: readonly CalendarEntry[]): string {
  return [...new Set(entries.filter(isBirthdayLine).map((e) => e.name))].join('」「');
}

/**
 * "×2 双11双倍积分" or "券 双11券包" on a grid cell: a leading year is left out (the grid shows it), the cell being
 * a seventh of a phone's width.
 */
export function entryText(entry: CalendarEntry): string {
  const name = entry.name.replace(/^\d{4}\s*/, '') || entry.name;
  return entry.kind === 'multiplier' ? T.entryMultiplier(entry.multiplier, name) : T.entryPack(name);
}

/** "11月1日" from a brand day. */
export function dayLabel(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日`;
}
