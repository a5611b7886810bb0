// Making an Intl.DateTimeFormat costs far more than using one (it loads the zone's rules): one per zone, kept.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function formatFor(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  make: () => Intl.DateTimeFormat,
): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) {
    format = make();
    cache.set(timeZone, format);
  }
  return format;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the brand's time zone: sign-ins, caps and reminders count in it. */
export function businessDay(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return formatFor(
    dayFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(at);
}

/** The business month (YYYY-MM) of an instant in the brand's time zone. */
export function businessMonth(at: Date, timeZone: string): string {
  return businessDay(at, timeZone).slice(0, 7);
}

/** Whole days from one business day to another (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function utcOffsetAt(at: number, timeZone: string): number {
  const parts = formatFor(
    wallClockFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  ).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant a business day (YYYY-MM-DD) begins: local midnight in the brand's time zone. */
export function startOfDay(day: string, timeZone: string): Date {
  const midnightAsUtc = Date.parse(`${day}T00:00:00Z`);
  // Twice: the offset at the first guess may differ from the offset at midnight across a DST change.
  const guess = midnightAsUtc - utcOffsetAt(midnightAsUtc, timeZone);
  return new Date(midnightAsUtc - utcOffsetAt(guess, timeZone));
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
