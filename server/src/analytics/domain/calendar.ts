/**
 * Business days as integers (days since 1970-01-01 on the brand's wall calendar), so the analytics passes
 * can compare and subtract days of millions of purchases cheaply. Month arithmetic is calendar arithmetic:
 * "3 months before 31 May" is 28 (or 29) February, clamped to the month's last day.
 */
import { intlUtcOffsetMs } from '@memberloop/shared';

const DAY_MS = 86_400_000;
/** Offsets change on quarter-hour boundaries in every zone in use. */
const SLOT_MS = 15 * 60_000;
/** Offsets of 2000–2059 are kept in a flat array (minutes, 2 bytes a slot): one array read per purchase. */
const FIRST_SLOT = Date.UTC(2000, 0, 1) / SLOT_MS;
const SLOTS = (Date.UTC(2060, 0, 1) - Date.UTC(2000, 0, 1)) / SLOT_MS;
const UNKNOWN = -32_768;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The calendar date of a day number. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** The same day of the month `months` earlier (negative: later), clamped to the target month's last day. */
export function monthsBefore(day: number, months: number): number {
  const { year, month, day: dom } = civilFromDays(day);
  const index = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return daysFromCivil(targetYear, targetMonth, Math.min(dom, daysInMonth(targetYear, targetMonth)));
}

/** `YYYY-MM-DD` of a day number. */
export function dayString(day: number): string {
  const { year, month, day: dom } = civilFromDays(day);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dom).padStart(2, '0')}`;
}

/** The day number of `YYYY-MM-DD`. */
export function parseDay(value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new RangeError(`not a YYYY-MM-DD day: ${value}`);
  return daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Monday-based ISO week start of a day (1970-01-01 was a Thursday). */
export function weekStart(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

/**
 * Instants to business days in one time zone. The zone's UTC offset is looked up once per quarter hour of
 * time and cached, instead of formatting a date per purchase.
 */
export class BrandCalendar {
  private readonly offsets = new Map<number, number>();
  private readonly offsetMinutes = new Int16Array(SLOTS).fill(UNKNOWN);

  constructor(readonly timeZone: string) {
    // A zone the engine does not know fails here, where the calendar is made, not at the first purchase.
    intlUtcOffsetMs(0, timeZone);
  }

  /** The business day an instant falls on. */
  dayOf(at: Date | number): number {
    const ms = typeof at === 'number' ? at : at.getTime();
    return Math.floor((ms + this.offsetAt(ms)) / DAY_MS);
  }

  /** The instant a business day begins (local midnight). */
  startOf(day: number): Date {
    const midnightAsUtc = day * DAY_MS;
    // Twice: the offset at the first guess may differ from the one at midnight across a DST change.
    const guess = midnightAsUtc - this.offsetAt(midnightAsUtc);
    return new Date(midnightAsUtc - this.offsetAt(guess));
  }

  private offsetAt(ms: number): number {
    const slot = Math.floor(ms / SLOT_MS);
    const index = slot - FIRST_SLOT;
    if (index >= 0 && index < SLOTS) {
      const minutes = this.offsetMinutes[index];
      if (minutes !== UNKNOWN) return minutes * 60_000;
      const offset = this.lookUp(slot);
      this.offsetMinutes[index] = Math.round(offset / 60_000);
      return offset;
    }
    let offset = this.offsets.get(slot);
    if (offset === undefined) {
      offset = this.lookUp(slot);
      this.offsets.set(slot, offset);
    }
    return offset;
  }

  private lookUp(slot: number): number {
    return intlUtcOffsetMs(slot * SLOT_MS, this.timeZone);
  }
}
