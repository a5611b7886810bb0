import { brandClockText, brandDateTimeText, brandDay, brandDayText, brandLastDay, brandWallClock } from '@memberloop/shared';
import { brandTimeZone } from './brand-time-zone';

// Every date a person sees reads on the brand's clock (shared/src/rules/brand-time.ts), never the phone's or UTC's.

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** "11月22日": the brand's day of an instant (a purchase at 00:30 Beijing is on that day, not UTC's day before). */
export function dayText(iso: string): string {
  return brandDayText(iso, brandTimeZone());
}

/** "11月22日 20:30" on the brand's clock. */
export function dateTimeText(iso: string): string {
  return brandDateTimeText(iso, brandTimeZone());
}

/** "20:30" on the brand's clock. */
export function clockText(iso: string): string {
  return brandClockText(iso, brandTimeZone());
}

/** "周六": the brand's weekday of an instant. */
export function weekdayText(iso: string): string {
  return WEEKDAYS[brandWallClock(iso, brandTimeZone()).weekday];
}

/** "2026-11-22": the brand's day of an instant, where the year matters (points history). */
export function fullDayText(iso: string): string {
  return brandDay(iso, brandTimeZone());
}

/** "2026-12-09": the last day something ending at `iso` holds (有效期至, 将于…过期); ends are exclusive. */
export function lastDayText(iso: string): string {
  return brandLastDay(iso, brandTimeZone());
}
