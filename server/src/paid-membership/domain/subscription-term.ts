import { brandOffsetMinutes, type PaidPlanTerm } from '@memberloop/shared';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** How many calendar months a plan's term runs. */
export function termMonths(term: PaidPlanTerm): number {
  return term === 'annual' ? 12 : 1;
}

/**
 * The instant `months` calendar months after `from`, on the brand's wall clock: bought at 00:30 Beijing on
 * 31 January, a monthly term ends at 00:30 Beijing on 28 (or 29) February, the month's last day when it is shorter.
 */
export function addBrandMonths(from: Date, months: number, timeZone: string): Date {
  const offsetMs = brandOffsetMinutes(from, timeZone) * MINUTE_MS;
  const wall = new Date(from.getTime() + offsetMs);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    month,
    Math.min(wall.getUTCDate(), lastDay),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
  );
  return new Date(shifted - brandOffsetMinutes(new Date(shifted - offsetMs), timeZone) * MINUTE_MS);
}

/** The end of a term of `term` starting at `startsAt`. */
export function termEnd(startsAt: Date, term: PaidPlanTerm, timeZone: string): Date {
  return addBrandMonths(startsAt, termMonths(term), timeZone);
}

/** Whether the member may pay the next term now: from `windowDays` before the end until the end. */
export function isWithinRenewalWindow(endsAt: Date, now: Date, windowDays: number): boolean {
  return now.getTime() < endsAt.getTime() && endsAt.getTime() - now.getTime() <= windowDays * DAY_MS;
}

/** Whether a payment made at `paidAt` may still be refunded at `at` (the cooling-off period, in days). */
export function isWithinCoolingOff(paidAt: Date, at: Date, coolingOffDays: number): boolean {
  return at.getTime() - paidAt.getTime() <= coolingOffDays * DAY_MS;
}

/** Whether the renewal reminder is due: within `reminderDays` before the end, and the membership not over. */
export function isRenewalReminderDue(endsAt: Date, now: Date, reminderDays: number): boolean {
  return now.getTime() < endsAt.getTime() && endsAt.getTime() - now.getTime() <= reminderDays * DAY_MS;
}
