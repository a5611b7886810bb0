/**
 * Time zones and calendar arithmetic for the date expression operators, as mongod's timelib does them:
 * zones by Olson identifier (`Asia/Shanghai`, `America/New_York`, `UTC`, `GMT`; the rules come from Node's
 * ICU time-zone data) or by UTC offset (`+08`, `+0800`, `+08:00`, `-05:30`), the proleptic Gregorian
 * calendar, ISO 8601 weeks. All instants are milliseconds since the epoch; "wall" times are the local
 * calendar fields of an instant encoded as if they were UTC milliseconds.
 */
import { MongoCommandError } from '../errors';

const MS_PER_DAY = 86400000;

export interface TimeZone {
  /** `UTC` for the UTC zone, the identifier or the offset text otherwise. */
  readonly name: string;
  /** True for UTC itself (mongod's "UTC zone": `$dateToString` then ends its default format with `Z`). */
  readonly isUtc: boolean;
  /** True for a fixed UTC offset (`+08:00`). */
  readonly isOffset: boolean;
  /** The zone's offset from UTC at the instant, in milliseconds (east positive). */
  offsetAt(ms: number): number;
}

const UTC_ZONE: TimeZone = { name: 'UTC', isUtc: true, isOffset: false, offsetAt: () => 0 };

function fixedZone(name: string, offsetMs: number): TimeZone {
  return { name, isUtc: false, isOffset: true, offsetAt: () => offsetMs };
}

/** `±HH`, `±HHMM`, `±HH:MM` as mongod's parseUtcOffset reads them. */
function parseUtcOffset(spec: string): number | undefined {
  const m = /^([+-])(\d\d)(?::?(\d\d))?$/.exec(spec);
  if (!m) return undefined;
  if (spec.length === 5 && spec[3] === ':') return undefined;
  const sign = m[1] === '+' ? 1 : -1;
  return sign * (Number(m[2]) * 3600000 + Number(m[3] ?? '0') * 60000);
}

/**
 * A zone backed by ICU. Offsets are read with Intl and memoised: per UTC day when the offset is the same at
 * both ends of the day (no zone changes offset twice in a day), else per quarter hour (transitions fall on them).
 */
class OlsonZone implements TimeZone {
  readonly isUtc = false;
  readonly isOffset = false;
  private readonly format: Intl.DateTimeFormat;
  /** Per UTC day: the day's offset, or null when it changes during the day. */
  private readonly days = new Map<number, number | null>();
  private readonly quarters = new Map<number, number>();

  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  offsetAt(ms: number): number {
    const day = Math.floor(ms / MS_PER_DAY);
    let daily = this.days.get(day);
    if (daily === undefined) {
      const start = this.read(day * MS_PER_DAY);
      daily = this.read(day * MS_PER_DAY + MS_PER_DAY - 1000) === start ? start : null;
      if (this.days.size > 100000) this.days.clear();
      this.days.set(day, daily);
    }
    if (daily !== null) return daily;
    const quarter = Math.floor(ms / 900000);
    let offset = this.quarters.get(quarter);
    if (offset === undefined) {
      offset = this.read(quarter * 900000);
      if (this.quarters.size > 10000) this.quarters.clear();
      this.quarters.set(quarter, offset);
    }
    return offset;
  }

  /** The offset at a whole-second instant, from the local fields ICU formats. */
  private read(at: number): number {
    const parts: Record<string, string> = {};
    for (const p of this.format.formatToParts(new Date(at))) parts[p.type] = p.value;
    let year = Number(parts.year);
    if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
    const wall = civilToMs(
      year,
      Number(parts.month),
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
      0,
    );
    return wall - at;
  }
}

const zones = new Map<string, TimeZone>([
  ['UTC', UTC_ZONE],
  ['GMT', fixedZone('GMT', 0)],
]);

/** The zone of a `timezone` argument; 40485 for an unknown identifier, as mongod. */
export function timeZoneNamed(id: string): TimeZone {
  const known = zones.get(id);
  if (known) return known;
  const offset = parseUtcOffset(id);
  let zone: TimeZone | undefined;
  if (offset !== undefined) zone = fixedZone(id, offset);
  else if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(id)) {
    try {
      const resolved = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
      // ICU matches identifiers case-insensitively; timelib does not.
      if (resolved === id || resolved.toLowerCase() !== id.toLowerCase()) zone = new OlsonZone(id);
    } catch {
      zone = undefined;
    }
  }
  if (!zone) throw new MongoCommandError(40485, `unrecognized time zone identifier: "${id}"`);
  if (zones.size > 1000) zones.clear();
  zones.set(id, zone);
  return zone;
}

export function utcZone(): TimeZone {
  return UTC_ZONE;
}

// ---------------------------------------------------------------- the proleptic Gregorian calendar

/** Days since 1970-01-01 of a civil date (month 1–12); any year. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function civilToMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  return daysFromCivil(year, month, day) * MS_PER_DAY + hour * 3600000 + minute * 60000 + second * 1000 + ms;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** The calendar fields of an instant in a zone. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 (Sunday) – 7 (Saturday), as `$dayOfWeek`. */
  dayOfWeek: number;
  /** 1 (Monday) – 7 (Sunday), as `$isoDayOfWeek`. */
  isoDayOfWeek: number;
  /** 1 – 366. */
  dayOfYear: number;
  /** Days since 1970-01-01 of the local date. */
  days: number;
  /** The zone's offset at the instant, in milliseconds. */
  offset: number;
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

export function partsOf(ms: number, zone: TimeZone): DateParts {
  const offset = zone.offsetAt(ms);
  const wall = ms + offset;
  const days = Math.floor(wall / MS_PER_DAY);
  const inDay = wall - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const weekday = mod(days + 4, 7); // 1970-01-01 was a Thursday; 0 = Sunday
  return {
    year,
    month,
    day,
    hour: Math.floor(inDay / 3600000),
    minute: Math.floor(inDay / 60000) % 60,
    second: Math.floor(inDay / 1000) % 60,
    millisecond: inDay % 1000,
    dayOfWeek: weekday + 1,
    isoDayOfWeek: weekday === 0 ? 7 : weekday,
    dayOfYear: days - daysFromCivil(year, 1, 1) + 1,
    days,
    offset,
  };
}

/** `$week`: weeks begin on Sunday; the days before the year's first Sunday are week 0 (strftime's %U). */
export function weekOf(p: DateParts): number {
  return Math.floor((p.dayOfYear - p.dayOfWeek + 7) / 7);
}

/** ISO 8601 week-numbering year and week (weeks begin on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOf(p: DateParts): { isoWeekYear: number; isoWeek: number } {
  const thursday = p.days + (4 - p.isoDayOfWeek);
  const { year } = civilFromDays(thursday);
  return { isoWeekYear: year, isoWeek: Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1 };
}

/** Days since the epoch of the Monday of ISO week `week` (day `isoDayOfWeek`) of `isoWeekYear`; both may overflow. */
export function daysFromIsoWeek(isoWeekYear: number, week: number, isoDayOfWeek: number): number {
  const jan4 = daysFromCivil(isoWeekYear, 1, 4);
  const jan4Weekday = mod(jan4 + 3, 7) + 1; // ISO 1..7
  const week1Monday = jan4 - (jan4Weekday - 1);
  return week1Monday + (week - 1) * 7 + (isoDayOfWeek - 1);
}

/** The instant whose local wall time in the zone is `wall` (timelib's resolution of gaps and overlaps: the earlier offset first). */
export function fromWall(wall: number, zone: TimeZone): number {
  if (zone.isUtc || zone.isOffset) return wall - zone.offsetAt(0);
  const first = wall - zone.offsetAt(wall);
  const second = wall - zone.offsetAt(first);
  if (second + zone.offsetAt(second) === wall) return second;
  return first + zone.offsetAt(first) === wall ? first : second;
}

// ---------------------------------------------------------------- $dateAdd / $dateDiff / $dateTrunc

export type TimeUnit = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second' | 'millisecond';
export const TIME_UNITS: readonly TimeUnit[] = [
  'year',
  'quarter',
  'month',
  'week',
  'day',
  'hour',
  'minute',
  'second',
  'millisecond',
];
const UNIT_MS: Partial<Record<TimeUnit, number>> = { hour: 3600000, minute: 60000, second: 1000, millisecond: 1 };

/** Monday = 1 … Sunday = 7, as mongod's DayOfWeek. */
export const DAYS_OF_WEEK: Record<string, number> = {
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
  sunday: 7,
  sun: 7,
};

/** mongod's dateAdd: units of a day and more move the local calendar (months clamp to their last day); smaller ones move the instant. */
export function dateAdd(ms: number, unit: TimeUnit, amount: number, zone: TimeZone): number {
  const fixed = UNIT_MS[unit];
  if (fixed !== undefined) return ms + amount * fixed;
  const p = partsOf(ms, zone);
  const wall = ms + p.offset;
  let days: number;
  if (unit === 'day') days = amount;
  else if (unit === 'week') days = amount * 7;
  else {
    const months = amount * (unit === 'year' ? 12 : unit === 'quarter' ? 3 : 1);
    const total = p.year * 12 + (p.month - 1) + months;
    const year = Math.floor(total / 12);
    const month = total - year * 12 + 1;
    days = daysFromCivil(year, month, Math.min(p.day, daysInMonth(year, month))) - p.days;
  }
  return fromWall(wall + days * MS_PER_DAY, zone);
}

function dayOfWeekFrom(p: DateParts, startOfWeek: number): number {
  return mod(p.isoDayOfWeek - startOfWeek, 7);
}

/** mongod's dateDiff: the number of unit boundaries crossed between the local times of the two instants. */
export function dateDiff(start: number, end: number, unit: TimeUnit, zone: TimeZone, startOfWeek = 7): number {
  if (unit === 'millisecond') return end - start;
  const s = partsOf(start, zone);
  const e = partsOf(end, zone);
  const days = e.days - s.days;
  const offsetSeconds = (s.offset - e.offset) / 1000;
  const hours = e.hour - s.hour + days * 24;
  const minutes = e.minute - s.minute + hours * 60;
  switch (unit) {
    case 'year':
      return e.year - s.year;
    case 'quarter':
      return Math.floor((e.month - 1) / 3) - Math.floor((s.month - 1) / 3) + (e.year - s.year) * 4;
    case 'month':
      return e.month - s.month + (e.year - s.year) * 12;
    case 'week':
      return Math.trunc((days + dayOfWeekFrom(s, startOfWeek) - dayOfWeekFrom(e, startOfWeek)) / 7);
    case 'day':
      return days;
    case 'hour':
      return hours + Math.trunc(offsetSeconds / 3600);
    case 'minute':
      return minutes + Math.trunc(offsetSeconds / 60);
    default:
      return e.second - s.second + minutes * 60 + offsetSeconds;
  }
}

/** mongod's dateTrunc: bins of `binSize` units counted from 2000-01-01T00:00 local (weeks: the first `startOfWeek` from then). */
export function dateTrunc(ms: number, unit: TimeUnit, binSize: number, zone: TimeZone, startOfWeek = 7): number {
  const reference2000 = 946684800000;
  let reference = reference2000 - zone.offsetAt(reference2000);
  const fixed = UNIT_MS[unit];
  if (fixed !== undefined) {
    const size = binSize * fixed;
    return ms - mod(ms - reference, size);
  }
  let referenceDay = 1;
  if (unit === 'week') {
    const adjust = (7 - mod(6 - startOfWeek, 7)) % 7; // 2000-01-01 was a Saturday (6)
    reference += adjust * MS_PER_DAY;
    referenceDay += adjust;
  }
  const p = partsOf(ms, zone);
  const refDays = daysFromCivil(2000, 1, referenceDay);
  let distance: number;
  switch (unit) {
    case 'day':
      distance = p.days - refDays;
      break;
    case 'week': {
      const refIso = mod(refDays + 3, 7) + 1;
      distance = Math.trunc((p.days - refDays + mod(refIso - startOfWeek, 7) - dayOfWeekFrom(p, startOfWeek)) / 7);
      break;
    }
    case 'month':
      distance = p.month - 1 + (p.year - 2000) * 12;
      break;
    case 'quarter':
      distance = Math.floor((p.month - 1) / 3) + (p.year - 2000) * 4;
      break;
    default:
      distance = p.year - 2000;
  }
  return dateAdd(reference, unit, distance - mod(distance, binSize), zone);
}
