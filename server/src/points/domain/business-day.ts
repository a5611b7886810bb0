import { intlUtcOffsetMs } from '@memberloop/shared';

// Making an Intl.DateTimeFormat costs far more than using one (it loads the zone's rules): one per zone, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormatFor(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the brand's time zone: sign-ins, caps and reminders count in it. */
export function businessDay(at: Date, timeZone: string): string {
  return dayFormatFor(timeZone).format(at);
}

/** The business month (YYYY-MM) of an instant in the brand's time zone. */
export function businessMonth(at: Date, timeZone: string): string {
  return businessDay(at, timeZone).slice(0, 7);
}

/** Whole days from one business day to another (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The instant a business day (YYYY-MM-DD) begins: local midnight in the brand's time zone. */
export function startOfDay(day: string, timeZone: string): Date {
  const midnightAsUtc = Date.parse(`${day}T00:00:00Z`);
  // Twice: the offset at the first guess may differ from the offset at midnight across a DST change.
  const guess = midnightAsUtc - intlUtcOffsetMs(midnightAsUtc, timeZone);
  return new Date(midnightAsUtc - intlUtcOffsetMs(guess, timeZone));
}

/** The instant the business day of `at` began. */
export function startOfBusinessDay(at: Date, timeZone: string): Date {
  return startOfDay(businessDay(at, timeZone), timeZone);
}

/** The business day (`[from, to)`) or month an instant falls in, as instants: for counting what happened in it. */
export function businessPeriod(at: Date, timeZone: string, period: 'day' | 'month'): { from: Date; to: Date } {
  const day = businessDay(at, timeZone);
  if (period === 'day') {
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return { from: startOfDay(day, timeZone), to: startOfDay(next, timeZone) };
  }
  const [year, month] = day.split('-').map(Number);
  const first = `${day.slice(0, 7)}-01`;
  const nextFirst = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
  return { from: startOfDay(first, timeZone), to: startOfDay(nextFirst, timeZone) };
}
