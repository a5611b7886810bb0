/**
 * Dates as people read them: in the brand's time zone, whatever the phone's or the server's clock says.
 * Stored times are UTC instants; a purchase at 00:30 Beijing on 2 December is 2026-12-01T16:30Z and must read
 * 12月2日, never the UTC day `iso.slice(0, 10)` gives.
 *
 * Pure and independent of the JavaScript engine's time-zone data for the zones a brand in China uses: WeChat's
 * engines (JavaScriptCore on iOS, V8 on Android) differ in what `Intl` time zones they carry, and libraries such as
 * dayjs's timezone plugin are themselves built on `Intl.DateTimeFormat`, so they would not help. Zones without
 * daylight saving are a fixed offset here; any other zone asks `Intl` and, where the engine cannot answer, falls
 * back to the device's own offset (the behaviour before brand time existed) rather than failing the screen.
 */

export const DEFAULT_BRAND_TIME_ZONE = 'Asia/Shanghai';

/** An instant as the API sends it (ISO 8601), as a Date, or as epoch milliseconds. */
export type Instant = string | number | Date;

/** The wall clock in the brand's zone at an instant. `month` 1–12, `weekday` 0 (Sunday) – 6. */
export interface BrandWallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Minutes ahead of UTC for zones that have kept one offset since before 2000 (none observes daylight saving now):
 * every instant the product stores is later than that, so the fixed offset is exact for it.
 */
const FIXED_OFFSET_MINUTES: Readonly<Record<string, number>> = {
  'Asia/Shanghai': 480,
  'Asia/Chongqing': 480,
  'Asia/Harbin': 480,
  PRC: 480,
  'Asia/Urumqi': 360,
  'Asia/Hong_Kong': 480,
  'Asia/Macau': 480,
  'Asia/Taipei': 480,
  'Asia/Singapore': 480,
  'Asia/Kuala_Lumpur': 480,
  'Asia/Manila': 480,
  'Asia/Tokyo': 540,
  'Asia/Seoul': 540,
  'Asia/Bangkok': 420,
  'Asia/Ho_Chi_Minh': 420,
  'Asia/Jakarta': 420,
  'Asia/Kolkata': 330,
  'Asia/Dubai': 240,
  UTC: 0,
  'Etc/UTC': 0,
};

// Making an Intl.DateTimeFormat costs far more than using one: one per zone, kept (null: the engine refused it).
const intlFormats = new Map<string, Intl.DateTimeFormat | null>();

function intlFormatFor(timeZone: string): Intl.DateTimeFormat | null {
  let format = intlFormats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      format = null;
    }
    intlFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock the format shows at an instant, read as if it were UTC, less the instant (to the second). */
function wallClockOffsetMs(format: Intl.DateTimeFormat, ms: number): number {
  const parts = format.formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return wall - Math.floor(ms / 1000) * 1000;
}

function intlOffsetMinutes(ms: number, timeZone: string): number | undefined {
  const format = typeof Intl === 'undefined' ? null : intlFormatFor(timeZone);
  if (!format || typeof format.formatToParts !== 'function') return undefined;
  const offset = wallClockOffsetMs(format, ms) / MINUTE_MS;
  return Number.isFinite(offset) ? Math.round(offset) : undefined;
}

/**
 * How many milliseconds the zone's wall clock is ahead of UTC at an instant (epoch ms), exactly as the engine's
 * `Intl` time-zone data has it: to the second, past offsets and daylight saving included, no fixed-offset table
 * and no fallback. For the server, whose Node carries every zone; screens use `brandOffsetMinutes`, which never
 * fails. Throws a RangeError for a zone the engine does not know or an instant that is not a number.
 */
export function intlUtcOffsetMs(ms: number, timeZone: string): number {
  const format = intlFormatFor(timeZone);
  if (!format) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
  return wallClockOffsetMs(format, ms);
}

function millisOf(at: Instant): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(at)}`);
  return ms;
}

/** How many minutes the zone's wall clock is ahead of UTC at an instant (Asia/Shanghai: 480). */
export function brandOffsetMinutes(at: Instant, timeZone: string): number {
  const ms = millisOf(at);
  return FIXED_OFFSET_MINUTES[timeZone] ?? intlOffsetMinutes(ms, timeZone) ?? -new Date(ms).getTimezoneOffset();
}

/** The brand's wall clock at an instant. */
export function brandWallClock(at: Instant, timeZone: string): BrandWallClock {
  const ms = millisOf(at);
  const wall = new Date(ms + brandOffsetMinutes(ms, timeZone) * MINUTE_MS);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    weekday: wall.getUTCDay(),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The brand's calendar day of an instant as YYYY-MM-DD: "2026-12-02" for 2026-12-01T16:30Z in Asia/Shanghai. */
export function brandDay(at: Instant, timeZone: string): string {
  const { year, month, day } = brandWallClock(at, timeZone);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** "12月2日": the brand's day of an instant, as a member reads it. */
export function brandDayText(at: Instant, timeZone: string): string {
  const { month, day } = brandWallClock(at, timeZone);
  return `${month}月${day}日`;
}

/** "00:30": the brand's clock at an instant. */
export function brandClockText(at: Instant, timeZone: string): string {
  const { hour, minute } = brandWallClock(at, timeZone);
  return `${pad(hour)}:${pad(minute)}`;
}

/** "12月2日 00:30". */
export function brandDateTimeText(at: Instant, timeZone: string): string {
  return `${brandDayText(at, timeZone)} ${brandClockText(at, timeZone)}`;
}

/** "2026-12-02 00:30": how times read in WeChat template messages and in CSV files a manager downloads. */
export function brandDateTime(at: Instant, timeZone: string): string {
  return `${brandDay(at, timeZone)} ${brandClockText(at, timeZone)}`;
}

/**
 * The last brand day on which something that ends at `endsAt` still holds ("有效期至"): validity ends are
 * exclusive, so a coupon ending at midnight starting 10 December is good through 9 December.
 */
export function brandLastDay(endsAt: Instant, timeZone: string): string {
  return brandDay(millisOf(endsAt) - 1, timeZone);
}

/** "12月9日" for the same last day. */
export function brandLastDayText(endsAt: Instant, timeZone: string): string {
  return brandDayText(millisOf(endsAt) - 1, timeZone);
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_PATTERN = /^(\d{2}):(\d{2})$/;

function utcMidnightOf(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** The calendar day `days` after (or before, when negative) a YYYY-MM-DD day. */
export function addCalendarDays(day: string, days: number): string {
  const shifted = new Date(utcMidnightOf(day) + days * DAY_MS);
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** The instant the brand's wall clock reads `clock` (HH:mm) on `day` (YYYY-MM-DD): what a manager's picker means. */
export function brandMoment(day: string, clock: string, timeZone: string): Date {
  const match = CLOCK_PATTERN.exec(clock);
  if (!match) throw new RangeError(`not a time of day (HH:mm): ${clock}`);
  const wallAsUtc = utcMidnightOf(day) + (Number(match[1]) * 60 + Number(match[2])) * MINUTE_MS;
  // Twice: the offset at the first guess may differ from the offset at the answer across a daylight-saving change.
  const guess = wallAsUtc - brandOffsetMinutes(wallAsUtc, timeZone) * MINUTE_MS;
  return new Date(wallAsUtc - brandOffsetMinutes(guess, timeZone) * MINUTE_MS);
}

/** The instant a brand day (YYYY-MM-DD) begins: midnight on the brand's wall clock. */
export function startOfBrandDay(day: string, timeZone: string): Date {
  return brandMoment(day, '00:00', timeZone);
}
